/**
 * Annotation guides as stored and shown: one JSON blob per guide (`guide/<id>`), the task or
 * project it belongs to, who may read and change it (CVAT's rules: the admin; the target's
 * owner or assignee, who also need the "user" privilege to change it; readers also include
 * whoever sees the target and the assignees of its jobs), and the JSON CVAT answers.
 *
 * @module
 */

import type { ServerContext } from "./context.ts";
import { canCreate, canSeeProject, canSeeTask, isAdmin } from "./access.ts";
import { forbidden, notFound } from "./errors.ts";
import type { ProjectRecord, TaskRecord, UserRecord } from "../store/types.ts";

/** A stored guide. */
export interface GuideRecord {
  id: number;
  taskId: number | null;
  projectId: number | null;
  markdown: string;
  createdDate: string;
  updatedDate: string;
}

/** What a guide belongs to: a task (with its project, if any) or a project. */
export type GuideTarget =
  | { kind: "task"; task: TaskRecord; project: ProjectRecord | null }
  | { kind: "project"; project: ProjectRecord };

/**
 * The blob key of a guide.
 *
 * @example
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import { guideKey } from "./guides_view.ts";
 * strictEqual(guideKey(7), "guide/7");
 * ```
 */
export function guideKey(id: number): string {
  return `guide/${id}`;
}

/**
 * A stored guide, or null when there is none (or its blob is unreadable).
 *
 * @example
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import { memoryStore } from "../store/memory.ts";
 * import { loadGuide } from "./guides_view.ts";
 * const ctx = { store: memoryStore(), options: {}, ready: () => Promise.resolve() };
 * strictEqual(await loadGuide(ctx, 1), null);
 * ```
 */
export async function loadGuide(ctx: ServerContext, id: number): Promise<GuideRecord | null> {
  const bytes = await ctx.store.blobs.get(guideKey(id));
  if (!bytes) return null;
  try {
    const value = JSON.parse(new TextDecoder().decode(bytes));
    return value && typeof value === "object" && value.id === id ? value as GuideRecord : null;
  } catch {
    return null;
  }
}

/**
 * Stores a guide (replacing any earlier version).
 *
 * @example
 * ```ts
 * // await saveGuide(ctx, { id: 1, taskId: 2, projectId: null, markdown: "# Hi", ... });
 * ```
 */
export async function saveGuide(ctx: ServerContext, guide: GuideRecord): Promise<void> {
  await ctx.store.blobs.put(guideKey(guide.id), new TextEncoder().encode(JSON.stringify(guide)));
}

/**
 * The JSON CVAT answers for a guide.
 *
 * @example
 * ```ts
 * import { deepStrictEqual } from "node:assert/strict";
 * import { guideJson } from "./guides_view.ts";
 * const date = "2024-05-06T10:00:00.000000Z";
 * deepStrictEqual(
 *   guideJson({ id: 1, taskId: 2, projectId: null, markdown: "x", createdDate: date, updatedDate: date }),
 *   { id: 1, task_id: 2, project_id: null, created_date: date, updated_date: date, markdown: "x" },
 * );
 * ```
 */
export function guideJson(guide: GuideRecord): Record<string, unknown> {
  return {
    id: guide.id,
    task_id: guide.taskId,
    project_id: guide.projectId,
    created_date: guide.createdDate,
    updated_date: guide.updatedDate,
    markdown: guide.markdown,
  };
}

/**
 * The task or project a guide belongs to; 404 when it is gone.
 *
 * @example
 * ```ts
 * // const target = await guideTarget(ctx, guide);
 * ```
 */
export async function guideTarget(ctx: ServerContext, guide: GuideRecord): Promise<GuideTarget> {
  if (guide.taskId !== null) {
    const task = await ctx.store.tasks.get(guide.taskId);
    if (!task) throw notFound();
    const project = task.projectId === null ? null : await ctx.store.projects.get(task.projectId);
    return { kind: "task", task, project };
  }
  const project = guide.projectId === null ? null : await ctx.store.projects.get(guide.projectId);
  if (!project) throw notFound();
  return { kind: "project", project };
}

/** The task or project record itself. */
export const targetRecord = (target: GuideTarget): TaskRecord | ProjectRecord =>
  target.kind === "task" ? target.task : target.project;

/**
 * Whether the user may create, change or delete the target's guide: the admin, or its owner or
 * assignee with the "user" privilege.
 *
 * @example
 * ```ts
 * // if (!canChangeGuide(user, target)) throw forbidden();
 * ```
 */
export function canChangeGuide(user: UserRecord, target: GuideTarget): boolean {
  const record = targetRecord(target);
  if (isAdmin(user)) return true;
  return canCreate(user) && (record.ownerId === user.id || record.assigneeId === user.id);
}

/** Whether the user owns, is assigned or has a job in a task of the project. */
async function worksInProject(ctx: ServerContext, user: UserRecord, projectId: number) {
  const owned = await ctx.store.tasks.listBy("ownerId", user.id);
  const assigned = await ctx.store.tasks.listBy("assigneeId", user.id);
  if ([...owned, ...assigned].some((task) => task.projectId === projectId)) return true;
  for (const job of await ctx.store.jobs.listBy("assigneeId", user.id)) {
    if ((await ctx.store.tasks.get(job.taskId))?.projectId === projectId) return true;
  }
  return false;
}

/**
 * Whether the user may read the target's guide: whoever sees the task or project, and the
 * assignees of its jobs (for a project: the staff of its tasks and jobs).
 *
 * @example
 * ```ts
 * // if (!(await canReadGuide(ctx, user, target))) throw forbidden();
 * ```
 */
export async function canReadGuide(
  ctx: ServerContext,
  user: UserRecord,
  target: GuideTarget,
): Promise<boolean> {
  if (target.kind === "project") {
    return canSeeProject(user, target.project) ||
      await worksInProject(ctx, user, target.project.id);
  }
  if (canSeeTask(user, target.task, target.project)) return true;
  const jobs = await ctx.store.jobs.listBy("assigneeId", user.id);
  return jobs.some((job) => job.taskId === target.task.id);
}

/**
 * A guide the user may read, with its target; 404 when missing, 403 when not readable.
 *
 * @example
 * ```ts
 * // const { guide, target } = await guideFor(ctx, user, 3);
 * ```
 */
export async function guideFor(
  ctx: ServerContext,
  user: UserRecord,
  id: number,
): Promise<{ guide: GuideRecord; target: GuideTarget }> {
  const guide = await loadGuide(ctx, id);
  if (!guide) throw notFound();
  const target = await guideTarget(ctx, guide);
  if (!(await canReadGuide(ctx, user, target))) throw forbidden();
  return { guide, target };
}
