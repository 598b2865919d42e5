/**
 * The `Label` JSON (notes §5) and the label set of a task, project or job.
 *
 * @module
 */

import type { ServerContext } from "./context.ts";
import type { AttributeRecord, LabelRecord, TaskRecord } from "../store/types.ts";
import { type LabelOwner, ownerLabels } from "./labels_write.ts";

/**
 * An attribute as CVAT prints it.
 *
 * @example
 * ```ts
 * // attributeJson(attr) → { id, name, mutable, input_type, default_value, values }
 * ```
 */
export function attributeJson(attr: AttributeRecord): Record<string, unknown> {
  return {
    id: attr.id,
    name: attr.name,
    mutable: attr.mutable,
    input_type: attr.input_type,
    default_value: attr.default_value,
    values: [...attr.values],
  };
}

/**
 * A label with its sublabels nested: `{id, name, color, attributes, type, svg (skeletons only),
 * sublabels, project_id | task_id, parent_id, has_parent}`.
 *
 * @example
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import { labelJson } from "./labels_view.ts";
 * const label = {
 *   id: 1, name: "car", color: "#ff0000", type: "any", attributes: [], parentId: null,
 *   taskId: 3, projectId: null,
 * };
 * strictEqual(labelJson(label, []).task_id, 3);
 * ```
 */
export function labelJson(
  label: LabelRecord,
  sublabels: readonly LabelRecord[],
): Record<string, unknown> {
  const json: Record<string, unknown> = {
    id: label.id,
    name: label.name,
    color: label.color,
    attributes: label.attributes.map(attributeJson),
    type: label.type,
  };
  if (label.type === "skeleton" && label.parentId === null) json.svg = label.svg ?? "";
  json.sublabels = sublabels.map((s) => ({
    id: s.id,
    name: s.name,
    color: s.color,
    attributes: s.attributes.map(attributeJson),
    type: s.type,
    has_parent: true,
  }));
  if (label.projectId !== null) json.project_id = label.projectId;
  else json.task_id = label.taskId;
  json.parent_id = label.parentId;
  json.has_parent = label.parentId !== null;
  return json;
}

/**
 * Splits a label set into top-level labels and each label's sublabels.
 *
 * @example
 * ```ts
 * // const { top, children } = groupLabels(all); children.get(top[0].id) ?? []
 * ```
 */
export function groupLabels(
  labels: readonly LabelRecord[],
): { top: LabelRecord[]; children: Map<number, LabelRecord[]> } {
  const top: LabelRecord[] = [];
  const children = new Map<number, LabelRecord[]>();
  for (const label of labels) {
    if (label.parentId === null) top.push(label);
    else children.set(label.parentId, [...children.get(label.parentId) ?? [], label]);
  }
  return { top, children };
}

/**
 * Whose labels a task uses: its project's when it is in one, else its own.
 *
 * @example
 * ```ts
 * // taskLabelOwner(task) → { taskId: null, projectId: 2 }
 * ```
 */
export function taskLabelOwner(task: TaskRecord): LabelOwner {
  return task.projectId !== null
    ? { taskId: null, projectId: task.projectId }
    : { taskId: task.id, projectId: null };
}

/**
 * Every label a task's annotations may use (its project's or its own, sublabels included), in
 * id order: what annotation checks (`label_id`, `spec_id`) need.
 *
 * @example
 * ```ts
 * // const labels = await taskLabels(ctx, task);
 * ```
 */
export function taskLabels(ctx: ServerContext, task: TaskRecord): Promise<LabelRecord[]> {
  return ownerLabels(ctx, taskLabelOwner(task));
}
