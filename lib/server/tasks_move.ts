/**
 * Moving a task into a project (`PATCH /api/tasks/{id}` with `project_id`): the task's labels
 * and attributes are matched by name to the project's, its annotations are rewritten to the new
 * ids (attribute values without a match are dropped), and its own labels go away.
 *
 * @module
 */

import type { ServerContext } from "./context.ts";
import { badRequest } from "./errors.ts";
import { groupLabels, taskLabels } from "./labels_view.ts";
import type { LabelRecord, TaskRecord } from "../store/types.ts";
import type { WireAttribute } from "../core/wire_types.ts";

/** Old label id → new label id, old attribute id → new attribute id. */
export interface TaskMove {
  labels: Map<number, number>;
  attributes: Map<number, number>;
}

function matchLabel(
  move: TaskMove,
  from: LabelRecord,
  candidates: readonly LabelRecord[],
): LabelRecord {
  const to = candidates.find((l) => l.name === from.name);
  if (!to) throw badRequest([`Target project does not have label with name "${from.name}"`]);
  move.labels.set(from.id, to.id);
  for (const attr of from.attributes) {
    const match = to.attributes.find((a) => a.name === attr.name);
    if (match) move.attributes.set(attr.id, match.id);
  }
  return to;
}

/**
 * Matches a task's labels (and sublabels, and attributes) to a project's by name; a label
 * without a match is a 400. Nothing is written.
 *
 * @example
 * ```ts
 * // const move = await planTaskMove(ctx, task, 3);
 * ```
 */
export async function planTaskMove(
  ctx: ServerContext,
  task: TaskRecord,
  projectId: number,
): Promise<TaskMove> {
  const source = groupLabels(await taskLabels(ctx, task));
  const target = groupLabels(await ctx.store.labels.listBy("projectId", projectId));
  const move: TaskMove = { labels: new Map(), attributes: new Map() };
  for (const label of source.top) {
    const to = matchLabel(move, label, target.top);
    for (const sub of source.children.get(label.id) ?? []) {
      matchLabel(move, sub, target.children.get(to.id) ?? []);
    }
  }
  return move;
}

type Remappable = {
  label_id?: number;
  attributes?: WireAttribute[];
  elements?: Remappable[];
  shapes?: Remappable[];
};

function remap<T extends Remappable>(object: T, move: TaskMove): T {
  const out: Remappable = { ...object };
  if (out.label_id !== undefined) out.label_id = move.labels.get(out.label_id) ?? out.label_id;
  if (out.attributes) {
    out.attributes = out.attributes.flatMap((a) => {
      const id = move.attributes.get(a.spec_id);
      return id === undefined ? [] : [{ ...a, spec_id: id }];
    });
  }
  if (out.elements) out.elements = out.elements.map((e) => remap(e, move));
  if (out.shapes) out.shapes = out.shapes.map((s) => remap(s, move));
  return out as T;
}

/**
 * Rewrites the task's annotations to the project's label and attribute ids, deletes the task's
 * own labels and stores the task with its new `project_id`.
 *
 * @example
 * ```ts
 * // await applyTaskMove(ctx, task, 3, move);
 * ```
 */
export async function applyTaskMove(
  ctx: ServerContext,
  task: TaskRecord,
  projectId: number,
  move: TaskMove,
): Promise<void> {
  for (const job of await ctx.store.jobs.listBy("taskId", task.id)) {
    const data = await ctx.store.annotations.read(job.id);
    await ctx.store.annotations.replace(job.id, {
      version: data.version,
      tags: data.tags.map((t) => remap(t, move)),
      shapes: data.shapes.map((s) => remap(s, move)),
      tracks: data.tracks.map((t) => remap(t, move)),
    });
  }
  for (const label of await ctx.store.labels.listBy("taskId", task.id)) {
    await ctx.store.labels.delete(label.id);
  }
  const fresh = await ctx.store.tasks.get(task.id) ?? task;
  await ctx.store.tasks.update({ ...fresh, projectId });
}
