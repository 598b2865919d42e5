/**
 * Restoring a checked project backup (backup_project_read.ts) as a new project owned by the
 * importer: the project, its labels, then every task in folder order (backup_restore.ts), each
 * in the project and using its labels. Whatever fails, the project and every task made so far
 * are deleted: a failed restore leaves nothing behind.
 *
 * @module
 */

import { now, type ServerContext } from "./context.ts";
import { applyLabelPlan } from "./labels_write.ts";
import { deleteProjectCascade } from "./tasks_cascade.ts";
import { restoreBackup } from "./backup_restore.ts";
import { inTaskFolder, type ProjectRestorePlan } from "./backup_project_read.ts";
import type { ProjectRecord, RequestRecord, UserRecord } from "../store/types.ts";

async function createProjectRecord(
  ctx: ServerContext,
  plan: ProjectRestorePlan,
  user: UserRecord,
): Promise<ProjectRecord> {
  const date = now();
  return await ctx.store.projects.create({
    name: plan.project.name,
    ownerId: user.id,
    assigneeId: null,
    bugTracker: plan.project.bugTracker,
    status: plan.project.status,
    organizationId: null,
    guideId: null,
    targetStorage: null,
    sourceStorage: null,
    createdDate: date,
    updatedDate: date,
  });
}

async function fill(
  ctx: ServerContext,
  project: ProjectRecord,
  plan: ProjectRestorePlan,
  user: UserRecord,
  report?: (fields: Partial<RequestRecord>) => Promise<void>,
): Promise<void> {
  const owner = { taskId: null, projectId: project.id };
  await applyLabelPlan(ctx, owner, plan.labels, { touch: false });
  for (const [i, { folder, plan: task }] of plan.tasks.entries()) {
    await report?.({
      progress: 0.1 + 0.9 * i / plan.tasks.length,
      message: `Restoring task ${i + 1} of ${plan.tasks.length}`,
    });
    try {
      await restoreBackup(ctx, task, user, project.id);
    } catch (error) {
      throw inTaskFolder(error, folder);
    }
  }
}

/**
 * Creates the project a plan describes with all its tasks, owned by `user`; returns its id.
 * `report` hears the progress. On any failure the project and everything under it is deleted
 * and the error rethrown.
 *
 * @example
 * ```ts
 * // const projectId = await restoreProjectBackup(ctx, await readProjectBackup(archive), user);
 * ```
 */
export async function restoreProjectBackup(
  ctx: ServerContext,
  plan: ProjectRestorePlan,
  user: UserRecord,
  report?: (fields: Partial<RequestRecord>) => Promise<void>,
): Promise<number> {
  const project = await createProjectRecord(ctx, plan, user);
  try {
    await fill(ctx, project, plan, user, report);
  } catch (error) {
    const current = await ctx.store.projects.get(project.id).catch(() => null) ?? project;
    await deleteProjectCascade(ctx, current).catch(() => {});
    throw error;
  }
  return project.id;
}
