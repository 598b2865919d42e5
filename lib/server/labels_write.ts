/**
 * Writing labels from write payloads, shared by projects, tasks and `/api/labels/{id}`: plan
 * (every check, nothing written) and then apply (ids, colours, skeleton svg, cascades).
 *
 * @module
 */

import type { ServerContext } from "./context.ts";
import { PALETTE } from "../core/palette.ts";
import type { LabelInput } from "./labels_parse.ts";
import {
  type LabelPlan,
  planLabels,
  type PlannedAttribute,
  type PlannedLabel,
} from "./labels_plan.ts";
import { purgeLabelAnnotations, touchLabelOwner } from "./labels_cascade.ts";
import type { AttributeRecord, LabelRecord } from "../store/types.ts";

/** Whose labels: a project's, or a task's own (a task in a project has none of its own). */
export interface LabelOwner {
  taskId: number | null;
  projectId: number | null;
}

/**
 * Every label of a project or task, sublabels included, in id order.
 *
 * @example
 * ```ts
 * // const all = await ownerLabels(ctx, { taskId: null, projectId: 3 });
 * ```
 */
export function ownerLabels(ctx: ServerContext, owner: LabelOwner): Promise<LabelRecord[]> {
  return owner.projectId !== null
    ? ctx.store.labels.listBy("projectId", owner.projectId)
    : ctx.store.labels.listBy("taskId", owner.taskId);
}

/**
 * Checks a label change against the owner's current labels; throws its 400/404 before anything
 * is written. Pass the result to `applyLabelPlan`.
 *
 * @example
 * ```ts
 * // const plan = await planLabelChange(ctx, owner, inputs, "patch");
 * // ...other checks...
 * // await applyLabelPlan(ctx, owner, plan);
 * ```
 */
export async function planLabelChange(
  ctx: ServerContext,
  owner: LabelOwner,
  inputs: readonly LabelInput[],
  mode: "create" | "patch",
  pathOf?: (index: number) => (string | number)[],
): Promise<LabelPlan> {
  const existing = mode === "create" ? [] : await ownerLabels(ctx, owner);
  return planLabels(existing, inputs, mode, pathOf);
}

/**
 * The first palette colour no sibling uses (cycling when all are taken).
 *
 * @example
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import { pickColor } from "./labels_write.ts";
 * import { PALETTE } from "../core/palette.ts";
 * strictEqual(pickColor(new Set([PALETTE[0]])), PALETTE[1]);
 * ```
 */
export function pickColor(used: ReadonlySet<string>): string {
  const lower = new Set([...used].map((c) => c.toLowerCase()));
  return PALETTE.find((c) => !lower.has(c.toLowerCase())) ?? PALETTE[used.size % PALETTE.length];
}

async function withIds(
  ctx: ServerContext,
  attributes: readonly PlannedAttribute[],
): Promise<AttributeRecord[]> {
  const out: AttributeRecord[] = [];
  for (const { at: _at, ...attr } of attributes) {
    out.push({ ...attr, id: attr.id || await ctx.store.nextId("attribute") });
  }
  return out;
}

function rewriteSvg(svg: string, children: readonly LabelRecord[]): string {
  const ids = new Map(children.map((c) => [c.name, c.id]));
  const unescape = (s: string) =>
    s.replaceAll("&quot;", '"').replaceAll("&lt;", "<").replaceAll("&gt;", ">")
      .replaceAll("&amp;", "&");
  return svg.replace(/data-label-name="([^"]*)"/g, (match, name: string) => {
    const id = ids.get(name) ?? ids.get(unescape(name));
    return id === undefined ? match : `data-label-id="${id}"`;
  });
}

async function writeLabel(
  ctx: ServerContext,
  owner: LabelOwner,
  planned: PlannedLabel,
  parentId: number | null,
  used: Set<string>,
  deleted: number[],
): Promise<LabelRecord> {
  const color = planned.color || pickColor(used);
  used.add(color);
  const previous = planned.id ? await ctx.store.labels.get(planned.id) : null;
  const skeleton = planned.type === "skeleton" && parentId === null;
  const fields: Omit<LabelRecord, "id"> = {
    name: planned.name,
    color,
    type: planned.type,
    attributes: await withIds(ctx, planned.attributes),
    parentId,
    taskId: owner.taskId,
    projectId: owner.projectId,
  };
  if (skeleton) fields.svg = planned.svg ?? previous?.svg ?? "";
  let record = previous ? { ...fields, id: previous.id } : await ctx.store.labels.create(fields);
  if (previous) await ctx.store.labels.update(record);
  if (!skeleton) return record;
  for (const id of planned.deletedSublabels) {
    if (await ctx.store.labels.delete(id)) deleted.push(id);
  }
  const siblings = new Set<string>([color]);
  for (const sub of planned.sublabels) if (sub.color) siblings.add(sub.color);
  const children: LabelRecord[] = [];
  for (const sub of planned.sublabels) {
    children.push(await writeLabel(ctx, owner, sub, record.id, siblings, deleted));
  }
  if (planned.svg !== undefined) {
    record = { ...record, svg: rewriteSvg(planned.svg, children) };
    await ctx.store.labels.update(record);
  }
  return record;
}

/**
 * Deletes a label and its sublabels; returns the deleted ids.
 *
 * @example
 * ```ts
 * // const ids = await deleteLabelTree(ctx, 7);
 * ```
 */
export async function deleteLabelTree(ctx: ServerContext, id: number): Promise<number[]> {
  const ids: number[] = [];
  for (const child of await ctx.store.labels.listBy("parentId", id)) {
    if (await ctx.store.labels.delete(child.id)) ids.push(child.id);
  }
  if (await ctx.store.labels.delete(id)) ids.push(id);
  return ids;
}

/**
 * Writes a planned change: deletes (with sublabels and their annotations), updates, creates
 * (colours picked, attribute ids allocated, skeleton svg names rewritten to `data-label-id`).
 * With `touch` (the default) the owner's tasks and jobs get a new `updated_date`.
 *
 * @example
 * ```ts
 * // const written = await applyLabelPlan(ctx, { taskId: 4, projectId: null }, plan);
 * ```
 */
export async function applyLabelPlan(
  ctx: ServerContext,
  owner: LabelOwner,
  plan: LabelPlan,
  options: { touch?: boolean } = {},
): Promise<LabelRecord[]> {
  const deleted: number[] = [];
  for (const id of plan.deletes) deleted.push(...await deleteLabelTree(ctx, id));
  const used = new Set(plan.colors);
  const written: LabelRecord[] = [];
  for (const label of plan.labels) {
    written.push(await writeLabel(ctx, owner, label, null, used, deleted));
  }
  if (deleted.length) await purgeLabelAnnotations(ctx, owner, deleted);
  if (options.touch !== false && (deleted.length || written.length)) {
    await touchLabelOwner(ctx, owner);
  }
  return written;
}
