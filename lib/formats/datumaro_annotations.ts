/**
 * Datumaro 1.0 annotations of one frame (formats.md §10): tags → `label`, rectangles → `bbox`
 * (`[x, y, w, h]`), polygons, polylines, points (with `visibility`), masks and ellipses (as
 * masks) → `mask` with a compressed, whole-image RLE, skeletons → `skeleton` (`points` as
 * `[x, y, v]` in category order, v 0 outside/missing, 1 occluded, 2 visible, and per-point
 * `points_attributes`); 2D cuboids are dropped. Common keys: `id` (0, as CVAT writes),
 * `type`, `attributes` (typed, with the built-ins), `group`; shapes add `label_id` (index in
 * the label categories) and `z_order`.
 *
 * @module
 */

import { cvatMaskIntervals } from "./coco_mask.ts";
import { encodeRleString, intervalsToCounts } from "./coco_rle.ts";
import { ellipseMask } from "./ellipse_mask.ts";
import { typedAttributes } from "./item_attributes.ts";
import type { FrameItem, ItemShape } from "./items.ts";
import type { LabelLookup } from "./label_lookup.ts";
import type { SkeletonStructure } from "./skeleton_svg.ts";
import type { WireTag } from "../core/wire_types.ts";

/** What the conversion needs about the task's labels. */
export interface DatumaroContext {
  lookup: LabelLookup;
  /** Label id → index in the label categories. */
  index: Map<number, number>;
  structure(labelId: number): SkeletonStructure;
}

type Json = Record<string, unknown>;

function maskJson(points: number[], item: FrameItem) {
  const total = item.width * item.height;
  const counts = intervalsToCounts(cvatMaskIntervals(points, item.width, item.height), total);
  return { counts: encodeRleString(counts), size: [item.height, item.width] };
}

function skeletonJson(shape: ItemShape, context: DatumaroContext): Json {
  const points: number[] = [];
  const pointsAttributes: Json[] = [];
  for (const point of context.structure(shape.label_id).points) {
    const element = shape.elements.find((e) => e.label_id === point.id);
    const v = !element || element.outside ? 0 : element.occluded ? 1 : 2;
    points.push(element?.points[0] ?? 0, element?.points[1] ?? 0, v);
    pointsAttributes.push(element ? typedAttributes(point, element.attributes) : {});
  }
  return { points, points_attributes: pointsAttributes };
}

function geometry(shape: ItemShape, item: FrameItem, context: DatumaroContext): Json | null {
  const p = shape.points;
  switch (shape.type) {
    case "rectangle":
      return { type: "bbox", bbox: [p[0], p[1], p[2] - p[0], p[3] - p[1]] };
    case "polygon":
    case "polyline":
      return { type: shape.type, points: p };
    case "points":
      return {
        type: "points",
        points: p,
        visibility: p.filter((_, i) => i % 2 === 0).map(() => 2),
      };
    case "mask":
      return { type: "mask", rle: maskJson(p, item) };
    case "ellipse": {
      const mask = ellipseMask(p, shape.rotation, item.width, item.height);
      return mask.length < 6 ? null : { type: "mask", rle: maskJson(mask, item) };
    }
    case "skeleton":
      return { type: "skeleton", ...skeletonJson(shape, context) };
    default:
      return null; // cuboids
  }
}

/**
 * The Datumaro annotation of a shape, or null when the format drops it.
 *
 * @example
 * ```ts
 * import { deepEqual } from "node:assert/strict";
 * import { shapeAnnotation } from "./datumaro_annotations.ts";
 * import { labelLookup } from "./label_lookup.ts";
 * const context = { lookup: labelLookup([{ id: 1, name: "car" }]), index: new Map([[1, 0]]),
 *   structure: () => ({ points: [], joints: [] }) };
 * const box = { type: "rectangle" as const, label_id: 1, group: 0, source: "manual",
 *   occluded: false, outside: false, z_order: 1, rotation: 0, points: [1, 2, 4, 6],
 *   attributes: [], elements: [] };
 * const item = { frame: 0, absoluteFrame: 0, name: "a.jpg", id: "a", width: 9, height: 9,
 *   shapes: [], tags: [] };
 * deepEqual(shapeAnnotation(box, item, context), { id: 0, type: "bbox",
 *   attributes: { occluded: false, rotation: 0 }, group: 0, label_id: 0, z_order: 1,
 *   bbox: [1, 2, 3, 4] });
 * ```
 */
export function shapeAnnotation(
  shape: ItemShape,
  item: FrameItem,
  context: DatumaroContext,
): Json | null {
  const { type, ...rest } = geometry(shape, item, context) ?? {};
  if (!type) return null;
  const label = context.lookup.byId.get(shape.label_id);
  return {
    id: 0,
    type,
    attributes: label ? typedAttributes(label, shape.attributes, shape) : {},
    group: shape.group,
    label_id: context.index.get(shape.label_id),
    z_order: shape.z_order,
    ...rest,
  };
}

/**
 * The Datumaro `label` annotation of a tag.
 *
 * @example
 * ```ts
 * import { deepEqual } from "node:assert/strict";
 * import { tagAnnotation } from "./datumaro_annotations.ts";
 * import { labelLookup } from "./label_lookup.ts";
 * const context = { lookup: labelLookup([{ id: 1, name: "sun" }]), index: new Map([[1, 0]]),
 *   structure: () => ({ points: [], joints: [] }) };
 * const tag = { frame: 0, label_id: 1, group: 0, source: "manual", attributes: [] };
 * deepEqual(tagAnnotation(tag, context),
 *   { id: 0, type: "label", attributes: {}, group: 0, label_id: 0 });
 * ```
 */
export function tagAnnotation(tag: WireTag, context: DatumaroContext): Json {
  const label = context.lookup.byId.get(tag.label_id);
  return {
    id: 0,
    type: "label",
    attributes: label ? typedAttributes(label, tag.attributes) : {},
    group: tag.group ?? 0,
    label_id: context.index.get(tag.label_id),
  };
}
