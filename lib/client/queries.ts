/**
 * `cvat.tasks.get`, `cvat.jobs.get`, `cvat.projects.get`, `cvat.users.get`: filters validated as
 * cvat-core does, results as arrays with a `count` (STUB).
 *
 * @module
 */

import type { ClientContext } from "./context.ts";

/** An array of results with the server's total `count`. */
export type Paged<T> = T[] & { count: number };

/** The query namespaces of a `cvat` instance. */
export interface Queries {
  // deno-lint-ignore no-explicit-any
  tasks: { get(filter?: Record<string, unknown>): Promise<Paged<any>> };
  // deno-lint-ignore no-explicit-any
  jobs: { get(filter?: Record<string, unknown>): Promise<Paged<any>> };
  // deno-lint-ignore no-explicit-any
  projects: { get(filter?: Record<string, unknown>): Promise<Paged<any>> };
  // deno-lint-ignore no-explicit-any
  users: { get(filter?: Record<string, unknown>): Promise<Paged<any>> };
}

/**
 * Builds the query namespaces.
 *
 * @example
 * ```ts
 * // const { tasks } = createQueries(ctx); const [task] = await tasks.get({ id: 1 });
 * ```
 */
export function createQueries(ctx: ClientContext): Queries {
  const missing = () =>
    Promise.reject(new Error(`queries not implemented (${ctx.config.backendAPI})`));
  return {
    tasks: { get: missing },
    jobs: { get: missing },
    projects: { get: missing },
    users: { get: missing },
  };
}
