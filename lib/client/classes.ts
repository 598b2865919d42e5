/**
 * The per-instance classes `Task`, `Job`, `Project` and `User` (STUB).
 *
 * @module
 */

import type { ClientContext } from "./context.ts";

/** The classes of one `cvat` instance. */
export interface ClientClasses {
  // deno-lint-ignore no-explicit-any
  Task: new (fields?: Record<string, unknown>) => any;
  // deno-lint-ignore no-explicit-any
  Job: new (fields: Record<string, unknown>) => any;
  // deno-lint-ignore no-explicit-any
  Project: new (fields?: Record<string, unknown>) => any;
  // deno-lint-ignore no-explicit-any
  User: new (fields: Record<string, unknown>) => any;
}

/**
 * Makes the classes of a `cvat` instance (each instance has its own).
 *
 * @example
 * ```ts
 * // const { Task } = createClasses(ctx); const task = new Task({ name: "t" });
 * ```
 */
export function createClasses(ctx: ClientContext): ClientClasses {
  class Task {
    constructor(readonly fields: Record<string, unknown> = {}) {}
  }
  class Job {
    constructor(readonly fields: Record<string, unknown>) {}
  }
  class Project {
    constructor(readonly fields: Record<string, unknown> = {}) {}
  }
  class User {
    constructor(readonly fields: Record<string, unknown>) {}
  }
  void ctx;
  return { Task, Job, Project, User };
}
