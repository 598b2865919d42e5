/**
 * What a label change does beyond the labels: annotations of deleted labels go away (as CVAT's
 * database cascade does), and the owner's tasks and jobs get a new `updated_date`.
 *
 * @module
 */

import { now, type ServerContext } from "./context.ts";
import type { AnnotationChange, JobRecord, StoredObject } from "../store/types.ts";
import type { WireShape, WireTrack } from "../core/wire_types.ts";

/** Whose labels (the same shape as `LabelOwner` in labels_write.ts). */
interface Owner {
  taskId: number | null;
  projectId: number | null;
}

/**
 * The jobs a label owner's labels apply to: a task's jobs, or the jobs of a project's tasks.
 *
 * @example
 * ```ts
 * // const jobs = await ownerJobs(ctx, { taskId: null, projectId: 2 });
 * ```
 */
export async function ownerJobs(ctx: ServerContext, owner: Owner): Promise<JobRecord[]> {
  const taskIds = owner.projectId !== null
    ? (await ctx.store.tasks.listBy("projectId", owner.projectId)).map((t) => t.id)
    : owner.taskId !== null
    ? [owner.taskId]
    : [];
  const jobs: JobRecord[] = [];
  for (const id of taskIds) jobs.push(...await ctx.store.jobs.listBy("taskId", id));
  return jobs;
}

function withoutElements<T extends WireShape | WireTrack>(object: T, gone: Set<number>): T | null {
  const elements = object.elements as { label_id: number }[] | undefined;
  if (!elements?.some((e) => gone.has(e.label_id))) return null;
  return { ...object, elements: elements.filter((e) => !gone.has(e.label_id)) };
}

/**
 * Removes the annotations (and skeleton elements) that use any of `labelIds` from the owner's
 * jobs.
 *
 * @example
 * ```ts
 * // await purgeLabelAnnotations(ctx, { taskId: 4, projectId: null }, [12, 13]);
 * ```
 */
export async function purgeLabelAnnotations(
  ctx: ServerContext,
  owner: Owner,
  labelIds: readonly number[],
): Promise<void> {
  const gone = new Set(labelIds);
  for (const job of await ownerJobs(ctx, owner)) {
    const data = await ctx.store.annotations.read(job.id);
    const change: AnnotationChange = { upsert: [], remove: [] };
    for (const kind of ["tags", "shapes", "tracks"] as const) {
      for (const object of data[kind] as StoredObject[]) {
        if (object.id === undefined || object.id === null) continue;
        if (gone.has(object.label_id)) {
          change.remove.push({ kind, id: object.id });
          continue;
        }
        const trimmed = kind === "tags" ? null : withoutElements(object as WireShape, gone);
        if (trimmed) change.upsert.push({ kind, object: trimmed });
      }
    }
    if (change.remove.length || change.upsert.length) {
      await ctx.store.annotations.apply(job.id, change);
    }
  }
}

/**
 * Gives the owner (project or task), its tasks and their jobs a new `updated_date`.
 *
 * @example
 * ```ts
 * // await touchLabelOwner(ctx, { taskId: null, projectId: 2 });
 * ```
 */
export async function touchLabelOwner(ctx: ServerContext, owner: Owner): Promise<void> {
  const date = now();
  if (owner.projectId !== null) {
    const project = await ctx.store.projects.get(owner.projectId);
    if (project) await ctx.store.projects.update({ ...project, updatedDate: date });
  }
  const tasks = owner.projectId !== null
    ? await ctx.store.tasks.listBy("projectId", owner.projectId)
    : (await ctx.store.tasks.getMany([owner.taskId ?? -1])).flatMap((t) => t ? [t] : []);
  for (const task of tasks) {
    await ctx.store.tasks.update({ ...task, updatedDate: date });
    for (const job of await ctx.store.jobs.listBy("taskId", task.id)) {
      await ctx.store.jobs.update({ ...job, updatedDate: date });
    }
  }
}
