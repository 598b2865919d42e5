/**
 * Who may see and change what (DESIGN.md "Permissions"; CVAT's sandbox rules): admins see
 * everything; a user sees the projects and tasks they own or are assigned, the tasks of projects
 * they own or are assigned, and the jobs of those tasks or assigned to them. Detail routes answer
 * 404 for what does not exist and 403 for what the caller may not touch.
 *
 * @module
 */

import { forbidden, notFound, unauthorized } from "./errors.ts";
import type { Ctx, ServerContext } from "./context.ts";
import type { JobRecord, ProjectRecord, TaskRecord, UserRecord } from "../store/types.ts";

/** The authenticated user, or a 401. */
export function requireUser(c: Ctx): UserRecord {
  const user = c.get("user");
  if (!user) throw unauthorized();
  return user;
}

/** Whether a user has admin rights. */
export function isAdmin(user: UserRecord): boolean {
  return user.isSuperuser || user.groups.includes("admin");
}

/** Whether a user may create projects and tasks (privilege ≥ "user"; a "worker" may not). */
export function canCreate(user: UserRecord): boolean {
  return isAdmin(user) || user.groups.some((g) => g === "user" || g === "business");
}

const involves = (user: UserRecord, r: { ownerId: number | null; assigneeId: number | null }) =>
  r.ownerId === user.id || r.assigneeId === user.id;

/** Project: admin, owner or assignee. */
export function canSeeProject(user: UserRecord, project: ProjectRecord): boolean {
  return isAdmin(user) || involves(user, project);
}

/** Task: admin, task owner/assignee, or owner/assignee of its project. */
export function canSeeTask(
  user: UserRecord,
  task: TaskRecord,
  project: ProjectRecord | null,
): boolean {
  return isAdmin(user) || involves(user, task) || (project !== null && involves(user, project));
}

/** Job: whoever sees its task, or the job's assignee. */
export function canSeeJob(
  user: UserRecord,
  job: JobRecord,
  task: TaskRecord,
  project: ProjectRecord | null,
): boolean {
  return job.assigneeId === user.id || canSeeTask(user, task, project);
}

/** Deleting a task or project: admin, or the owner (of the task or its project). */
export function canDeleteTask(
  user: UserRecord,
  task: TaskRecord,
  project: ProjectRecord | null,
): boolean {
  return isAdmin(user) || task.ownerId === user.id || project?.ownerId === user.id;
}

/** A task that exists and that the user may see, with its project; else 404 / 403. */
export async function taskFor(
  ctx: ServerContext,
  user: UserRecord,
  id: number,
): Promise<{ task: TaskRecord; project: ProjectRecord | null }> {
  const task = await ctx.store.tasks.get(id);
  if (!task) throw notFound();
  const project = task.projectId === null ? null : await ctx.store.projects.get(task.projectId);
  if (!canSeeTask(user, task, project)) throw forbidden();
  return { task, project };
}

/** A job that exists and that the user may see, with its task and project; else 404 / 403. */
export async function jobFor(
  ctx: ServerContext,
  user: UserRecord,
  id: number,
): Promise<{ job: JobRecord; task: TaskRecord; project: ProjectRecord | null }> {
  const job = await ctx.store.jobs.get(id);
  if (!job) throw notFound();
  const task = await ctx.store.tasks.get(job.taskId);
  if (!task) throw notFound();
  const project = task.projectId === null ? null : await ctx.store.projects.get(task.projectId);
  if (!canSeeJob(user, job, task, project)) throw forbidden();
  return { job, task, project };
}

/** A project that exists and that the user may see; else 404 / 403. */
export async function projectFor(
  ctx: ServerContext,
  user: UserRecord,
  id: number,
): Promise<ProjectRecord> {
  const project = await ctx.store.projects.get(id);
  if (!project) throw notFound();
  if (!canSeeProject(user, project)) throw forbidden();
  return project;
}

/** A path id: digits only (CVAT's `[^/.]+` with an integer lookup), else 404. */
export function pathId(value: string | undefined): number {
  if (!value || !/^\d{1,10}$/.test(value) || Number(value) > 2147483647) throw notFound();
  return Number(value);
}
