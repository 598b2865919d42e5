/**
 * One line of an Ultralytics YOLO label file read back (formats.md §7.3), scaled by the frame's
 * size: Detection `cls cx cy w h` → rectangle; Oriented boxes `cls x1 y1 ... x4 y4` → the
 * minimum-area rectangle with its rotation; Segmentation `cls x1 y1 ... xn yn` (n ≥ 3) →
 * polygon; Pose `cls cx cy w h` + K points (`x y v`, or `x y` when `kpt_shape` says 2) →
 * skeleton, the points given to the skeleton's elements in its point order (v 0 outside,
 * 1 occluded, 2 visible; the box is not kept). An integer after a line's fields is a track id
 * (CVAT 2.25's track exports): such shapes become keyframes of that track.
 *
 * @module
 */

import { DataError } from "../core/errors.ts";
import type { ImportedElement, ImportedShape, RawAttributes } from "./dataset_import.ts";
import type { LabelInfo } from "./label_lookup.ts";
import { skeletonStructure } from "./skeleton_svg.ts";
import { isSkeleton, type UltralyticsKind } from "./ultralytics_lines.ts";
import { minAreaBox } from "./ultralytics_obb.ts";
import { boxFromCenter, intField, pixelPoints, type YoloLine } from "./yolo_line.ts";

/** What the lines of a file are read against. */
export interface UltralyticsParseContext {
  kind: UltralyticsKind;
  /** Class id → label name (from `data.yaml`). */
  names: Map<number, string>;
  /** Top-level task labels by name. */
  byName: Map<string, LabelInfo>;
  /** `[K, 2 | 3]` (Pose). */
  kptShape?: [number, number];
  /** The frame's size. */
  size: { width: number; height: number };
}

function classLabel(field: string, context: UltralyticsParseContext, what: string): LabelInfo {
  const cls = intField(field, what, "class");
  const name = context.names.get(cls);
  if (name === undefined) throw new DataError(`${what}: unknown class ${cls}`);
  const label = context.byName.get(name);
  if (!label) throw new DataError(`${what}: unknown label "${name}"`);
  return label;
}

/** The field count without a track id, or an error for a count the variant never has. */
function baseCount(kind: UltralyticsKind, count: number, kpt: number, what: string): number {
  const fixed = { detection: 5, obb: 9, segmentation: 0, pose: 5 + kpt }[kind];
  if (kind === "segmentation") {
    if (count >= 7) return count % 2 ? count : count - 1;
    throw new DataError(`${what}: a polygon needs a class and at least 3 points`);
  }
  if (count === fixed || count === fixed + 1) return fixed;
  throw new DataError(`${what}: expected ${fixed} fields, got ${count}`);
}

function poseElements(
  label: LabelInfo,
  fields: string[],
  context: UltralyticsParseContext,
  what: string,
): ImportedElement[] {
  if (!isSkeleton(label)) throw new DataError(`${what}: label "${label.name}" is not a skeleton`);
  const [k, per] = context.kptShape!;
  const order = skeletonStructure(label).points;
  if (order.length > k) {
    throw new DataError(`${what}: "${label.name}" has ${order.length} points, kpt_shape ${k}`);
  }
  return order.map((sub, i) => {
    const at = 5 + i * per;
    const points = pixelPoints(fields.slice(at, at + 2), context.size, what);
    const v = per === 3 ? intField(fields[at + 2], what, `point ${i} visibility`) : 2;
    if (v < 0 || v > 2) throw new DataError(`${what}: point ${i} visibility ${v} is not 0, 1, 2`);
    return { label: sub, points, occluded: v === 1, outside: v === 0, attributes: {} };
  });
}

/**
 * The shape of one line.
 *
 * @throws {DataError} For a wrong field count, a bad number, an unknown class or label.
 * @example
 * ```ts
 * import { deepEqual } from "node:assert/strict";
 * import { ultralyticsShape } from "./ultralytics_parse.ts";
 * import { labelLookup } from "./label_lookup.ts";
 * const context = { kind: "segmentation" as const, names: new Map([[0, "car"]]),
 *   byName: labelLookup([{ id: 1, name: "car" }]).byName, size: { width: 10, height: 10 } };
 * const shape = ultralyticsShape({ fields: "0 0 0 0.5 0 0.5 0.5 7".split(" "), what: "a" },
 *   context);
 * deepEqual([shape.type, shape.points, shape.attributes],
 *   ["polygon", [0, 0, 5, 0, 5, 5], { track_id: 7, keyframe: true }]);
 * ```
 */
export function ultralyticsShape(line: YoloLine, context: UltralyticsParseContext): ImportedShape {
  const { fields, what } = line;
  const { kind, size } = context;
  if (kind === "pose" && !context.kptShape) {
    throw new DataError(`${what}: data.yaml gives no kpt_shape`);
  }
  const kpt = context.kptShape ? context.kptShape[0] * context.kptShape[1] : 0;
  const count = baseCount(kind, fields.length, kpt, what);
  const label = classLabel(fields[0], context, what);
  const attributes: RawAttributes = {};
  if (count < fields.length) {
    attributes.track_id = intField(fields[count], what, "track id");
    attributes.keyframe = true;
  }
  const base = { label, group: 0, z_order: 0, attributes };
  const values = fields.slice(1, count);
  if (kind === "detection") {
    return { ...base, type: "rectangle", points: boxFromCenter(values, size, what) };
  }
  if (kind === "obb") {
    const box = minAreaBox(pixelPoints(values, size, what));
    if (box.rotation) attributes.rotation = box.rotation;
    return { ...base, type: "rectangle", points: box.points };
  }
  if (kind === "segmentation") {
    return { ...base, type: "polygon", points: pixelPoints(values, size, what) };
  }
  boxFromCenter(values, size, what); // validated, not kept
  const elements = poseElements(label, fields, context, what);
  return { ...base, type: "skeleton", points: [], elements };
}
