/**
 * Deleting a task's or a project's exports and imports with it: the files under its blob
 * prefix and the `export:*` / `import:*` request records of it and its jobs.
 *
 * @module
 */

import type { ServerContext } from "./context.ts";
import { projectFilesPrefix, taskFilesPrefix } from "./export_subject.ts";

type Target = { type: "task" | "job" | "project"; id: number };

async function dropRecords(ctx: ServerContext, matches: (target: Target) => boolean) {
  const doomed: string[] = [];
  for (const prefix of ["export:", "import:"]) {
    for await (const [key, record] of ctx.store.requests.list(prefix)) {
      if (record.target && matches(record.target)) doomed.push(key);
    }
  }
  for (const key of doomed) await ctx.store.requests.delete(key);
}

/**
 * Deletes the exports and imports of a task and its jobs (call before the jobs go).
 *
 * @example
 * ```ts
 * // await deleteTaskExchanges(ctx, task.id, jobs.map((job) => job.id));
 * ```
 */
export async function deleteTaskExchanges(
  ctx: ServerContext,
  taskId: number,
  jobIds: readonly number[],
): Promise<void> {
  const jobs = new Set(jobIds);
  await dropRecords(
    ctx,
    (t) => (t.type === "task" && t.id === taskId) || (t.type === "job" && jobs.has(t.id)),
  );
  await ctx.store.blobs.deletePrefix(taskFilesPrefix(taskId));
}

/**
 * Deletes a project's own exports (its tasks' go with the tasks).
 *
 * @example
 * ```ts
 * // await deleteProjectExchanges(ctx, project.id);
 * ```
 */
export async function deleteProjectExchanges(ctx: ServerContext, projectId: number): Promise<void> {
  await dropRecords(ctx, (t) => t.type === "project" && t.id === projectId);
  await ctx.store.blobs.deletePrefix(projectFilesPrefix(projectId));
}
