/**
 * "COCO Keypoints 1.0" (formats.md §6.4): categories for top-level labels only (ids still 1 +
 * index over all labels, so they may skip numbers), skeletons with `keypoints` (point names in
 * svg order) and `skeleton` (1-based joints). Each skeleton is one annotation: `keypoints` is
 * `[x, y, v]` per point (v = 0 outside or missing, 1 occluded, 2 visible), `num_keypoints` the
 * non-zero count. A skeleton grouped with boxes, polygons or masks takes its `bbox`,
 * `segmentation`, `area` and `iscrowd` from that instance; a solitary one gets the box of its
 * visible points, `segmentation: []` and `area = w * h`. Solitary skeletons come first.
 *
 * @module
 */

import type { CocoAnnotation, CocoFlavour } from "./coco_export.ts";
import { type CocoInstance, cocoInstances } from "./coco_instances.ts";
import { annotationFields, categoryIds } from "./coco_instances_flavour.ts";
import type { FrameItem, ItemShape } from "./items.ts";
import { type LabelLookup, labelLookup } from "./label_lookup.ts";
import { type SkeletonStructure, skeletonStructure } from "./skeleton_svg.ts";
import type { FormatTask } from "./types.ts";

const round2 = (value: number) => Math.round(value * 100) / 100;

/**
 * The `keypoints` triplets of a skeleton shape and the count of non-absent points.
 *
 * @example
 * ```ts
 * import { deepEqual } from "node:assert/strict";
 * import { keypointsOf } from "./coco_keypoints.ts";
 * const element = (label_id: number, occluded: boolean, outside: boolean) => ({
 *   type: "points" as const, label_id, group: 0, source: "manual", occluded, outside,
 *   z_order: 0, rotation: 0, points: [label_id, 1], attributes: [], elements: [] });
 * const structure = { points: [{ id: 2 }, { id: 3 }, { id: 4 }] as never, joints: [] };
 * const skeleton = { ...element(1, false, false), type: "skeleton" as const,
 *   elements: [element(3, true, false), element(2, false, false)] };
 * deepEqual(keypointsOf(skeleton, structure), {
 *   keypoints: [2, 1, 2, 3, 1, 1, 0, 0, 0], num_keypoints: 2 });
 * ```
 */
export function keypointsOf(skeleton: ItemShape, structure: SkeletonStructure) {
  const keypoints: number[] = [];
  let count = 0;
  for (const point of structure.points) {
    const element = skeleton.elements.find((e) => e.label_id === point.id);
    const v = !element || element.outside ? 0 : element.occluded ? 1 : 2;
    if (v) count++;
    keypoints.push(element?.points[0] ?? 0, element?.points[1] ?? 0, v);
  }
  return { keypoints, num_keypoints: count };
}

function visibleBox(keypoints: number[]): number[] {
  let [x0, y0, x1, y1] = [Infinity, Infinity, -Infinity, -Infinity];
  for (let i = 0; i < keypoints.length; i += 3) {
    if (!keypoints[i + 2]) continue;
    x0 = Math.min(x0, keypoints[i]);
    x1 = Math.max(x1, keypoints[i]);
    y0 = Math.min(y0, keypoints[i + 1]);
    y1 = Math.max(y1, keypoints[i + 1]);
  }
  return x0 === Infinity ? [0, 0, 0, 0] : [x0, y0, x1 - x0, y1 - y0].map(round2);
}

interface Context {
  lookup: LabelLookup;
  ids: Map<number, number>;
  structures: Map<number, SkeletonStructure>;
}

function skeletonAnnotation(
  skeleton: ItemShape,
  instance: CocoInstance | undefined,
  context: Context,
): CocoAnnotation {
  const label = context.lookup.byId.get(skeleton.label_id)!;
  let structure = context.structures.get(label.id);
  if (!structure) context.structures.set(label.id, structure = skeletonStructure(label));
  const points = keypointsOf(skeleton, structure);
  const { attributes, ...fields } = annotationFields(skeleton, context.lookup, context.ids);
  const bbox = instance?.bbox ?? visibleBox(points.keypoints);
  return {
    category_id: fields.category_id,
    segmentation: instance?.segmentation ?? [],
    area: instance?.area ?? bbox[2] * bbox[3],
    bbox,
    iscrowd: instance?.iscrowd ?? 0,
    ...("score" in fields ? { score: fields.score } : {}),
    attributes,
    ...points,
  };
}

function frameAnnotations(item: FrameItem, context: Context): CocoAnnotation[] {
  const skeletons = item.shapes.filter((shape) => shape.type === "skeleton");
  if (skeletons.length === 0) return [];
  const instances = cocoInstances(
    { ...item, shapes: item.shapes.filter((shape) => shape.type !== "skeleton") },
    context.lookup,
  ).filter((instance) => instance.leader.group !== 0);
  const byGroup = new Map(instances.map((instance) => [instance.leader.group, instance]));
  const solitary = skeletons.filter((s) => !s.group || !byGroup.has(s.group));
  const grouped = instances.flatMap((instance) => {
    const skeleton = skeletons.find((s) => s.group === instance.leader.group);
    return skeleton ? [skeletonAnnotation(skeleton, instance, context)] : [];
  });
  return solitary.map((s) => skeletonAnnotation(s, undefined, context)).concat(grouped);
}

/**
 * The "COCO Keypoints 1.0" flavour for a task.
 *
 * @example
 * ```ts
 * import { deepEqual } from "node:assert/strict";
 * import { keypointsFlavour } from "./coco_keypoints.ts";
 * const task = { name: "t", mode: "annotation", size: 0, startFrame: 0, stopFrame: 0, frames: [],
 *   labels: [{ id: 1, name: "p", type: "skeleton", sublabels: [{ id: 2, name: "n" }] },
 *     { id: 3, name: "car" }] };
 * deepEqual(keypointsFlavour(task).categories.map((c) => [c.id, c.name, c.keypoints]),
 *   [[1, "p", ["n"]], [3, "car", []]]);
 * ```
 */
export function keypointsFlavour(task: Pick<FormatTask, "labels">): CocoFlavour {
  const lookup = labelLookup(task.labels);
  const context: Context = { lookup, ids: categoryIds(lookup), structures: new Map() };
  const categories = lookup.ordered.filter((label) => !label.parent).map((label) => {
    const structure = skeletonStructure(label);
    return {
      id: context.ids.get(label.id),
      name: label.name,
      supercategory: "",
      keypoints: structure.points.map((point) => point.name),
      skeleton: structure.joints,
    };
  });
  return { categories, annotations: (item) => frameAnnotations(item, context) };
}
