/**
 * List helpers for jobs, issues and comments: a read-only table view that joins each record
 * with what its search and filter fields need (task, project, user names), and can be narrowed
 * to the records of one parent (`?task_id=`, `?job_id=`, `?issue_id=`) through an index, so a
 * list of one task's jobs never reads every job.
 *
 * @module
 */

import type { ServerContext } from "./context.ts";
import type {
  JobRecord,
  ListOptions,
  ProjectRecord,
  Row,
  Table,
  TaskRecord,
  UserRecord,
} from "../store/types.ts";

/**
 * A loader that remembers what it loaded (one per request).
 *
 * @example
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import { memo } from "./jobs_lists.ts";
 * let calls = 0;
 * const twice = memo((n: number) => Promise.resolve((calls++, n * 2)));
 * await twice(2);
 * strictEqual(await twice(2), 4);
 * strictEqual(calls, 1);
 * ```
 */
export function memo<K, V>(load: (key: K) => Promise<V>): (key: K) => Promise<V> {
  const cache = new Map<K, Promise<V>>();
  return (key) => {
    let value = cache.get(key);
    if (!value) cache.set(key, value = load(key));
    return value;
  };
}

/** Per-request loaders of users, tasks, projects and jobs. */
export interface Loaders {
  user(id: number | null): Promise<UserRecord | null>;
  task(id: number): Promise<TaskRecord | null>;
  project(id: number | null): Promise<ProjectRecord | null>;
  job(id: number): Promise<JobRecord | null>;
}

/**
 * Fresh loaders over the store (null ids give null).
 *
 * @example
 * ```ts
 * // const load = loaders(ctx); const task = await load.task(5);
 * ```
 */
export function loaders(ctx: ServerContext): Loaders {
  const user = memo((id: number) => ctx.store.users.get(id));
  const project = memo((id: number) => ctx.store.projects.get(id));
  return {
    user: (id) => id === null ? Promise.resolve(null) : user(id),
    task: memo((id: number) => ctx.store.tasks.get(id)),
    project: (id) => id === null ? Promise.resolve(null) : project(id),
    job: memo((id: number) => ctx.store.jobs.get(id)),
  };
}

function readOnly(): never {
  throw new Error("A joined list view is read-only");
}

function slice<R extends Row>(rows: R[], options: ListOptions): R[] {
  const sorted = [...rows].sort((a, b) => options.reverse ? b.id - a.id : a.id - b.id);
  const after = options.after;
  const rest = after === undefined
    ? sorted
    : sorted.filter((r) => options.reverse ? r.id < after : r.id > after);
  return options.limit === undefined ? rest : rest.slice(0, options.limit);
}

/**
 * A read-only `Table<T>` over `table` whose records are joined by `join`. With `only`, the view
 * holds just the records that function returns (a parent's children, read through an index).
 *
 * @example
 * ```ts
 * // joinedTable(ctx.store.jobs, (job) => joinJob(load, job), () => ctx.store.jobs.listBy("taskId", 5))
 * ```
 */
export function joinedTable<R extends Row, T extends Row>(
  table: Table<R>,
  join: (row: R) => Promise<T>,
  only?: () => Promise<R[]>,
): Table<T> {
  let cached: Promise<R[]> | null = null;
  const rows = only ? () => cached ??= only() : null;
  const joinOrNull = (row: R | null) => row ? join(row) : Promise.resolve(null);
  return {
    get: async (id) => {
      const row = rows ? (await rows()).find((r) => r.id === id) ?? null : await table.get(id);
      return await joinOrNull(row);
    },
    getMany: async (ids) => {
      const found = await Promise.all(ids.map((id) => table.get(id)));
      const allowed = rows ? new Set((await rows()).map((r) => r.id)) : null;
      return await Promise.all(
        found.map((row) => joinOrNull(row && (!allowed || allowed.has(row.id)) ? row : null)),
      );
    },
    create: readOnly,
    update: readOnly,
    delete: readOnly,
    async *list(options: ListOptions = {}) {
      if (rows) {
        for (const row of slice(await rows(), options)) yield await join(row);
        return;
      }
      for await (const row of table.list(options)) yield await join(row);
    },
    listBy: async (field, value) => {
      const found = await table.listBy(field, value);
      const allowed = rows ? new Set((await rows()).map((r) => r.id)) : null;
      return await Promise.all(found.filter((r) => !allowed || allowed.has(r.id)).map(join));
    },
    count: async () => rows ? (await rows()).length : await table.count(),
  };
}

/** A job with what its list fields need. */
export interface JobItem extends Row {
  job: JobRecord;
  task: TaskRecord | null;
  project: ProjectRecord | null;
  assignee: UserRecord | null;
}

/**
 * Joins a job with its task, project and assignee.
 *
 * @example
 * ```ts
 * // const item = await joinJob(loaders(ctx), job);
 * ```
 */
export async function joinJob(load: Loaders, job: JobRecord): Promise<JobItem> {
  const [task, assignee] = await Promise.all([load.task(job.taskId), load.user(job.assigneeId)]);
  const project = task ? await load.project(task.projectId) : null;
  return { id: job.id, job, task, project, assignee };
}

/**
 * A query parameter as a path-like id (digits only), or null when absent or not a number (the
 * list's own simple filter then answers the type error).
 *
 * @example
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import { queryId } from "./jobs_lists.ts";
 * strictEqual(queryId("12"), 12);
 * strictEqual(queryId("x"), null);
 * ```
 */
export function queryId(value: string | undefined): number | null {
  if (value === undefined || !/^\d{1,10}$/.test(value)) return null;
  const id = Number(value);
  return id > 2147483647 ? null : id;
}
