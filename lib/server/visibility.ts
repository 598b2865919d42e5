/**
 * What a non-admin can see, read through the store's indexes (owner, assignee, project) so that
 * a user's lists cost what the user sees, not what the server holds.
 *
 * @module
 */

import type { ServerContext } from "./context.ts";
import type { JobRecord, ProjectRecord, TaskRecord, UserRecord } from "../store/types.ts";

/**
 * The projects a user owns or is assigned to, by id.
 *
 * @example
 * ```ts
 * // const mine = await involvedProjects(ctx, user);
 * ```
 */
export async function involvedProjects(
  ctx: ServerContext,
  user: UserRecord,
): Promise<Map<number, ProjectRecord>> {
  const projects = new Map<number, ProjectRecord>();
  for (const field of ["ownerId", "assigneeId"]) {
    for (const p of await ctx.store.projects.listBy(field, user.id)) projects.set(p.id, p);
  }
  return projects;
}

/**
 * The tasks a user may see: owned, assigned, or in a project of `mine`.
 *
 * @example
 * ```ts
 * // const tasks = await visibleTasks(ctx, user, await involvedProjects(ctx, user));
 * ```
 */
export async function visibleTasks(
  ctx: ServerContext,
  user: UserRecord,
  mine: Map<number, ProjectRecord>,
): Promise<TaskRecord[]> {
  const lists = await Promise.all([
    ctx.store.tasks.listBy("ownerId", user.id),
    ctx.store.tasks.listBy("assigneeId", user.id),
    ...[...mine.keys()].map((id) => ctx.store.tasks.listBy("projectId", id)),
  ]);
  const found = new Map<number, TaskRecord>();
  for (const task of lists.flat()) found.set(task.id, task);
  return [...found.values()];
}

/**
 * The jobs a user may see: assigned to them, or of a task they may see.
 *
 * @example
 * ```ts
 * // const jobs = await visibleJobs(ctx, user);
 * ```
 */
export async function visibleJobs(ctx: ServerContext, user: UserRecord): Promise<JobRecord[]> {
  const tasks = await visibleTasks(ctx, user, await involvedProjects(ctx, user));
  const lists = await Promise.all([
    ctx.store.jobs.listBy("assigneeId", user.id),
    ...tasks.map((task) => ctx.store.jobs.listBy("taskId", task.id)),
  ]);
  const found = new Map<number, JobRecord>();
  for (const job of lists.flat()) found.set(job.id, job);
  return [...found.values()].sort((a, b) => a.id - b.id);
}
