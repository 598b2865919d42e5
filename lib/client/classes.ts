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
  // deno-lint-ignore no-explicit-any
  Task: new (fields?: Record<string, unknown>) => any;
  // deno-lint-ignore no-explicit-any
  Job: new (fields: Record<string, unknown>) => any;
  // deno-lint-ignore no-explicit-any
  Project: new (fields?: Record<string, unknown>) => any;
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
