/**
 * The per-instance classes `Task`, `Job`, `Project` and `User` of a `cvat` instance. Task, Job
 * and Project are made per instance (their methods use its HTTP session and plugins); `User` is
 * a plain value class shared by all instances.
 *
 * @module
 */

import type { ClientContext } from "./context.ts";
import { createJobClass } from "./job.ts";
import { createTaskClass } from "./task.ts";
import { createProjectClass } from "./project.ts";
import { User } from "./user.ts";

/** The classes of one `cvat` instance. */
export interface ClientClasses {
  /**
   * A task: `new cvat.Task({ name, labels })` makes a new one that `save()` creates; server JSON
   * (with an id) gives one with its session namespaces.
   */
  // deno-lint-ignore no-explicit-any
  Task: new (fields?: Record<string, unknown>) => any;
  /** A job, from the server's JSON, with its session namespaces and `save()`. */
  // deno-lint-ignore no-explicit-any
  Job: new (fields: Record<string, unknown>) => any;
  /** A project: new from its fields, or from the server's JSON. */
  // deno-lint-ignore no-explicit-any
  Project: new (fields?: Record<string, unknown>) => any;
  /** A user as the server describes it (read-only). */
  User: typeof User;
}

/**
 * Makes the classes of a `cvat` instance (each instance has its own Task, Job and Project).
 *
 * @example
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import { createCvat } from "./cvat.ts";
 * const cvat = createCvat({ backendAPI: "http://cvat.local/api", fetch: () => Promise.reject() });
 * const task = new cvat.Task({ name: "cars", labels: [{ name: "car", attributes: [] }] });
 * strictEqual(task.labels[0].name, "car");
 * strictEqual(task.id, undefined);
 * ```
 */
export function createClasses(ctx: ClientContext): ClientClasses {
  const Job = createJobClass(ctx);
  return {
    Task: createTaskClass(ctx, Job),
    Job,
    Project: createProjectClass(ctx),
    User,
  };
}
