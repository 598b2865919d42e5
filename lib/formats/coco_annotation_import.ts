/**
 * One COCO annotation read back (formats.md §6.3). Instances: a non-empty `segmentation`
 * (other than `[[]]`) gives polygons (one per list, all in the annotation's group) or an RLE
 * mask (list counts, or a compressed string; `size` must be the image's), and the `bbox` is
 * then ignored; otherwise a rectangle from `bbox`. `iscrowd` becomes the `is_crowd` attribute,
 * `score` the `score` attribute, `attributes` are kept. Keypoints: a skeleton from `keypoints`
 * (v 0 → outside, 1 → occluded, 2 → visible), points named by the category's `keypoints`.
 * Every part gets the annotation's id as group, as Datumaro does (lone parts end up ungrouped).
 *
 * @module
 */

import { DataError } from "../core/errors.ts";
import { intervalsToCvatMask } from "./coco_mask.ts";
import { countsToIntervals, decodeRleString } from "./coco_rle.ts";
import type { ImportedElement, ImportedShape, RawAttributes } from "./dataset_import.ts";
import type { LabelInfo } from "./label_lookup.ts";
import { skeletonStructure } from "./skeleton_svg.ts";

/** A COCO category as read. */
export interface CocoCategory {
  name: string;
  keypoints: string[];
}

/** What one annotation is read against. */
export interface CocoAnnotationContext {
  label: LabelInfo;
  category: CocoCategory;
  image: { width: number; height: number };
  what: string;
}

type Json = Record<string, unknown>;

function numbers(value: unknown, what: string, field: string): number[] {
  if (!Array.isArray(value) || value.some((v) => typeof v !== "number" || !Number.isFinite(v))) {
    throw new DataError(`${what}: "${field}" must be a list of numbers`);
  }
  return value as number[];
}

function attributesOf(annotation: Json): RawAttributes {
  const given = annotation.attributes;
  const out: RawAttributes = given && typeof given === "object" && !Array.isArray(given)
    ? { ...(given as RawAttributes) }
    : {};
  if ("iscrowd" in annotation) out.is_crowd = Boolean(annotation.iscrowd);
  if (typeof annotation.score === "number") out.score = annotation.score;
  return out;
}

function rleMask(segmentation: Json, context: CocoAnnotationContext): number[] {
  const { image, what } = context;
  const size = numbers(segmentation.size, what, "segmentation.size");
  const [height, width] = size;
  if (
    size.length !== 2 || (Array.isArray(segmentation.counts) &&
      (height !== image.height || width !== image.width))
  ) {
    throw new DataError(
      `${what}: RLE size ${JSON.stringify(size)} differs from the image's ` +
        `[${image.height}, ${image.width}]`,
    );
  }
  const counts = typeof segmentation.counts === "string"
    ? decodeRleString(segmentation.counts)
    : numbers(segmentation.counts, what, "segmentation.counts");
  try {
    return intervalsToCvatMask(countsToIntervals(counts, height * width), height, what);
  } catch (error) {
    if (error instanceof DataError && !error.message.startsWith(what)) {
      throw new DataError(`${what}: ${error.message}`, { cause: error });
    }
    throw error;
  }
}

function base(annotation: Json, context: CocoAnnotationContext) {
  const group = Number.isInteger(annotation.id) ? annotation.id as number : 0;
  return { label: context.label, group, z_order: 0, attributes: attributesOf(annotation) };
}

/**
 * The shapes of one instances annotation.
 *
 * @throws {DataError} For a bad polygon, RLE or bbox (naming the annotation).
 * @example
 * ```ts
 * import { deepEqual } from "node:assert/strict";
 * import { instanceShapes } from "./coco_annotation_import.ts";
 * import { labelLookup } from "./label_lookup.ts";
 * const label = labelLookup([{ id: 1, name: "car" }]).byId.get(1)!;
 * const context = { label, category: { name: "car", keypoints: [] },
 *   image: { width: 5, height: 10 }, what: "a" };
 * const [mask] = instanceShapes(
 *   { id: 3, segmentation: { size: [10, 5], counts: [0, 20, 30] }, iscrowd: 1 }, context);
 * deepEqual(mask.points, [0, 20, 0, 0, 1, 9]);
 * ```
 */
export function instanceShapes(annotation: Json, context: CocoAnnotationContext): ImportedShape[] {
  const { what } = context;
  const segmentation = annotation.segmentation;
  const common = base(annotation, context);
  if (segmentation && typeof segmentation === "object" && !Array.isArray(segmentation)) {
    return [{ ...common, type: "mask", points: rleMask(segmentation as Json, context) }];
  }
  const polygons = Array.isArray(segmentation) ? segmentation : [];
  if (
    polygons.length > 0 && !(polygons.length === 1 && Array.isArray(polygons[0]) &&
      polygons[0].length === 0)
  ) {
    return polygons.map((polygon) => {
      const points = numbers(polygon, what, "segmentation");
      if (points.length < 6 || points.length % 2) {
        throw new DataError(`${what}: a polygon needs at least 3 points (x, y pairs)`);
      }
      return { ...common, type: "polygon", points };
    });
  }
  const bbox = numbers(annotation.bbox, what, "bbox");
  if (bbox.length !== 4) throw new DataError(`${what}: "bbox" must be [x, y, w, h]`);
  const [x, y, w, h] = bbox;
  return [{ ...common, type: "rectangle", points: [x, y, x + w, y + h] }];
}

/**
 * The skeleton of one keypoints annotation.
 *
 * @throws {DataError} When the label is not a skeleton or a point name is not its element.
 * @example
 * ```ts
 * import { deepEqual } from "node:assert/strict";
 * import { keypointsSkeleton } from "./coco_annotation_import.ts";
 * import { labelLookup } from "./label_lookup.ts";
 * const label = labelLookup([{ id: 1, name: "p", type: "skeleton",
 *   sublabels: [{ id: 2, name: "a" }, { id: 3, name: "b" }] }]).byId.get(1)!;
 * const skeleton = keypointsSkeleton({ id: 1, keypoints: [1, 2, 2, 0, 0, 0] }, { label,
 *   category: { name: "p", keypoints: ["a", "b"] }, image: { width: 9, height: 9 }, what: "x" });
 * deepEqual(skeleton.elements!.map((e) => [e.label.name, e.points, e.outside]),
 *   [["a", [1, 2], false], ["b", [0, 0], true]]);
 * ```
 */
export function keypointsSkeleton(annotation: Json, context: CocoAnnotationContext): ImportedShape {
  const { label, category, what } = context;
  if (label.type !== "skeleton" && label.sublabels.size === 0) {
    throw new DataError(`${what}: label "${label.name}" is not a skeleton`);
  }
  const keypoints = numbers(annotation.keypoints ?? [], what, "keypoints");
  const names = category.keypoints.length
    ? category.keypoints
    : skeletonStructure(label).points.map((point) => point.name);
  const elements: ImportedElement[] = [];
  names.forEach((name, i) => {
    const sub = label.sublabels.get(name);
    if (!sub) throw new DataError(`${what}: "${label.name}" has no element "${name}"`);
    const v = keypoints[3 * i + 2] ?? 0;
    const points = [keypoints[3 * i] ?? 0, keypoints[3 * i + 1] ?? 0];
    elements.push({ label: sub, points, occluded: v === 1, outside: v === 0, attributes: {} });
  });
  for (const sub of label.sublabels.values()) {
    if (!names.includes(sub.name)) {
      elements.push({ label: sub, points: [0, 0], occluded: false, outside: true, attributes: {} });
    }
  }
  return { ...base(annotation, context), type: "skeleton", points: [], elements };
}
