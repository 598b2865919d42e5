/**
 * "COCO 1.0" (instances): categories for every label including skeleton sublabels (id = 1 +
 * index over all labels, `supercategory` = the parent's name or ""), and per frame the
 * instances of {@linkcode cocoInstances} with their attributes (formats.md §6.2).
 *
 * @module
 */

import { type CocoInstance, cocoInstances } from "./coco_instances.ts";
import type { CocoAnnotation, CocoFlavour } from "./coco_export.ts";
import { typedAttributes } from "./item_attributes.ts";
import type { ItemShape } from "./items.ts";
import { type LabelLookup, labelLookup } from "./label_lookup.ts";
import type { FormatTask } from "./types.ts";

/**
 * The category id of every label id (1 + index over all labels, sublabels included).
 *
 * @example
 * ```ts
 * import { equal } from "node:assert/strict";
 * import { categoryIds } from "./coco_instances_flavour.ts";
 * import { labelLookup } from "./label_lookup.ts";
 * const ids = categoryIds(labelLookup([{ id: 7, name: "a" }, { id: 3, name: "b" }]));
 * equal(ids.get(3), 2);
 * ```
 */
export function categoryIds(lookup: LabelLookup): Map<number, number> {
  return new Map(lookup.ordered.map((label, i) => [label.id, i + 1]));
}

/**
 * The fields of a COCO annotation from a leader shape: category, its attributes (typed, with
 * `occluded`, `rotation`, `track_id`, `keyframe`; `is_crowd` and `score` taken out) and the
 * top-level `score` when the label has that attribute.
 *
 * @example
 * ```ts
 * import { deepEqual } from "node:assert/strict";
 * import { annotationFields } from "./coco_instances_flavour.ts";
 * import { labelLookup } from "./label_lookup.ts";
 * const lookup = labelLookup([{ id: 1, name: "a", attributes: [{ id: 2, name: "score",
 *   mutable: false, input_type: "number", default_value: "0.5", values: [] }] }]);
 * const shape = { type: "polygon" as const, label_id: 1, group: 0, source: "manual",
 *   occluded: false, outside: false, z_order: 0, rotation: 0, points: [], attributes: [],
 *   elements: [] };
 * deepEqual(annotationFields(shape, lookup, new Map([[1, 1]])),
 *   { category_id: 1, score: 0.5, attributes: { occluded: false } });
 * ```
 */
export function annotationFields(
  shape: ItemShape,
  lookup: LabelLookup,
  ids: Map<number, number>,
): CocoAnnotation {
  const label = lookup.byId.get(shape.label_id);
  const attributes = label ? typedAttributes(label, shape.attributes, shape) : {};
  const out: CocoAnnotation = { category_id: ids.get(shape.label_id) ?? 0 };
  if ("score" in attributes) out.score = Number(attributes.score);
  delete attributes.score;
  delete attributes.is_crowd;
  out.attributes = attributes;
  return out;
}

/**
 * The COCO annotation of an instance (without `id` and `image_id`).
 *
 * @example
 * ```ts
 * // instanceAnnotation(instance, lookup, ids) → { category_id, segmentation, area, bbox, ... }
 * ```
 */
export function instanceAnnotation(
  instance: CocoInstance,
  lookup: LabelLookup,
  ids: Map<number, number>,
): CocoAnnotation {
  const { attributes, ...fields } = annotationFields(instance.leader, lookup, ids);
  return {
    category_id: fields.category_id,
    segmentation: instance.segmentation,
    area: instance.area,
    bbox: instance.bbox,
    iscrowd: instance.iscrowd,
    ...("score" in fields ? { score: fields.score } : {}),
    attributes,
  };
}

/**
 * The "COCO 1.0" flavour for a task.
 *
 * @example
 * ```ts
 * import { deepEqual } from "node:assert/strict";
 * import { instancesFlavour } from "./coco_instances_flavour.ts";
 * const task = { name: "t", mode: "annotation", size: 0, startFrame: 0, stopFrame: 0, frames: [],
 *   labels: [{ id: 1, name: "p", type: "skeleton", sublabels: [{ id: 2, name: "n" }] }] };
 * deepEqual(instancesFlavour(task).categories, [
 *   { id: 1, name: "p", supercategory: "" }, { id: 2, name: "n", supercategory: "p" }]);
 * ```
 */
export function instancesFlavour(task: Pick<FormatTask, "labels">): CocoFlavour {
  const lookup = labelLookup(task.labels);
  const ids = categoryIds(lookup);
  return {
    categories: lookup.ordered.map((label, i) => ({
      id: i + 1,
      name: label.name,
      supercategory: label.parent?.name ?? "",
    })),
    *annotations(item) {
      for (const instance of cocoInstances(item, lookup)) {
        yield instanceAnnotation(instance, lookup, ids);
      }
    },
  };
}
