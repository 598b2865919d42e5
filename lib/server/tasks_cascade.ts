/**
 * Deleting a task or a project and everything under it: jobs, their annotations, issues and
 * comments, labels, and (for a project) its tasks.
 *
 * @module
 */

import type { ServerContext } from "./context.ts";
import { deleteProjectExchanges, deleteTaskExchanges } from "./exchange_cascade.ts";
import type { ProjectRecord, TaskRecord } from "../store/types.ts";

/**
 * Deletes one job's annotations, issues and comments, then the job.
 *
 * @example
 * ```ts
 * // await deleteJobCascade(ctx, 9);
 * ```
 */
export async function deleteJobCascade(ctx: ServerContext, jobId: number): Promise<void> {
  await ctx.store.annotations.deleteJob(jobId);
  for (const issue of await ctx.store.issues.listBy("jobId", jobId)) {
    for (const comment of await ctx.store.comments.listBy("issueId", issue.id)) {
      await ctx.store.comments.delete(comment.id);
    }
    await ctx.store.issues.delete(issue.id);
  }
  await ctx.store.jobs.delete(jobId);
}

/**
 * Deletes a task with its jobs (annotations, issues, comments) and its own labels. Media blobs
 * are left to the media module.
 *
 * @example
 * ```ts
 * // await deleteTaskCascade(ctx, task);
 * ```
 */
export async function deleteTaskCascade(ctx: ServerContext, task: TaskRecord): Promise<void> {
  const jobs = await ctx.store.jobs.listBy("taskId", task.id);
  // Exports and imports first: they are found through the jobs.
  await deleteTaskExchanges(ctx, task.id, jobs.map((job) => job.id));
  for (const job of jobs) {
    await deleteJobCascade(ctx, job.id);
  }
  for (const label of await ctx.store.labels.listBy("taskId", task.id)) {
    await ctx.store.labels.delete(label.id);
  }
  // Originals, cached chunks, previews and staged uploads.
  await ctx.store.blobs.deletePrefix(`media/task/${task.id}/`);
  if (task.guideId !== null) await ctx.store.blobs.delete(`guide/${task.guideId}`);
  await ctx.store.tasks.delete(task.id);
}

/**
 * Deletes a project with its tasks (and all under them) and its labels.
 *
 * @example
 * ```ts
 * // await deleteProjectCascade(ctx, project);
 * ```
 */
export async function deleteProjectCascade(
  ctx: ServerContext,
  project: ProjectRecord,
): Promise<void> {
  for (const task of await ctx.store.tasks.listBy("projectId", project.id)) {
    await deleteTaskCascade(ctx, task);
  }
  await deleteProjectExchanges(ctx, project.id);
  for (const label of await ctx.store.labels.listBy("projectId", project.id)) {
    await ctx.store.labels.delete(label.id);
  }
  if (project.guideId !== null) await ctx.store.blobs.delete(`guide/${project.guideId}`);
  await ctx.store.projects.delete(project.id);
}
