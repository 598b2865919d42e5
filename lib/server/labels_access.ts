/**
 * Who may see and change labels: a label belongs to a project or a task; whoever sees that owner
 * sees the label, and so does an assignee of one of its jobs (read only). Changing a label needs
 * the rights to change its owner (owner, assignee, admin).
 *
 * @module
 */

import type { ServerContext } from "./context.ts";
import { canSeeProject, canSeeTask, isAdmin } from "./access.ts";
import { forbidden, notFound } from "./errors.ts";
import type { LabelRecord, UserRecord } from "../store/types.ts";

/** The owners whose labels a user may read; `all` for admins. */
export interface VisibleOwners {
  all: boolean;
  projects: Set<number>;
  tasks: Set<number>;
}

/**
 * The projects and tasks whose labels a user may read: involved projects and tasks (as owner or
 * assignee, directly or through the project) and the owners of the jobs assigned to the user.
 *
 * @example
 * ```ts
 * // const owners = await visibleOwners(ctx, user); labelVisible(owners, label)
 * ```
 */
export async function visibleOwners(ctx: ServerContext, user: UserRecord): Promise<VisibleOwners> {
  const owners: VisibleOwners = { all: isAdmin(user), projects: new Set(), tasks: new Set() };
  if (owners.all) return owners;
  for (const field of ["ownerId", "assigneeId"]) {
    for (const p of await ctx.store.projects.listBy(field, user.id)) owners.projects.add(p.id);
    for (const t of await ctx.store.tasks.listBy(field, user.id)) {
      owners.tasks.add(t.id);
      if (t.projectId !== null) owners.projects.add(t.projectId);
    }
  }
  const jobs = await ctx.store.jobs.listBy("assigneeId", user.id);
  const tasks = await ctx.store.tasks.getMany([...new Set(jobs.map((j) => j.taskId))]);
  for (const task of tasks) {
    if (!task) continue;
    owners.tasks.add(task.id);
    if (task.projectId !== null) owners.projects.add(task.projectId);
  }
  return owners;
}

/**
 * Whether a label's owner is among `owners`.
 *
 * @example
 * ```ts
 * // labelVisible(owners, label)
 * ```
 */
export function labelVisible(owners: VisibleOwners, label: LabelRecord): boolean {
  if (owners.all) return true;
  return label.projectId !== null
    ? owners.projects.has(label.projectId)
    : owners.tasks.has(label.taskId ?? -1);
}

async function mayChange(ctx: ServerContext, user: UserRecord, label: LabelRecord) {
  if (label.projectId !== null) {
    const project = await ctx.store.projects.get(label.projectId);
    return project !== null && canSeeProject(user, project);
  }
  const task = await ctx.store.tasks.get(label.taskId ?? -1);
  if (!task) return false;
  const project = task.projectId === null ? null : await ctx.store.projects.get(task.projectId);
  return canSeeTask(user, task, project);
}

/**
 * A label that exists (else 404) and that the user may read, or with `write` change (else 403).
 *
 * @example
 * ```ts
 * // const label = await labelFor(ctx, user, 5, { write: true });
 * ```
 */
export async function labelFor(
  ctx: ServerContext,
  user: UserRecord,
  id: number,
  options: { write?: boolean } = {},
): Promise<LabelRecord> {
  const label = await ctx.store.labels.get(id);
  if (!label) throw notFound();
  if (await mayChange(ctx, user, label)) return label;
  if (!options.write && labelVisible(await visibleOwners(ctx, user), label)) return label;
  throw forbidden();
}
