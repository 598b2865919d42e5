/**
 * The label lines of the Ultralytics YOLO variants (formats.md §7.3), all coordinates
 * normalised with `%.6f`:
 * - Detection: `cls cx cy w h` per unrotated rectangle (rotated ones are skipped);
 * - Oriented boxes: `cls x1 y1 ... x4 y4`, every rectangle's corners (rotation applied);
 * - Segmentation: `cls x1 y1 ... xn yn` per polygon; masks, and ellipses rasterised as masks,
 *   become one line per outer contour (mask_contours.ts);
 * - Pose: `cls cx cy w h` (the box around the points that are not outside) then `x y v` for the
 *   K slots of `kpt_shape` in the skeleton's point order (v 0 outside, 1 occluded, 2 visible;
 *   slots without an element `0.0 0.0 0`).
 * Classes index `names`: every top-level label (Pose: the skeleton labels only, as Datumaro
 * writes them).
 *
 * @module
 */

import { ellipseMask } from "./ellipse_mask.ts";
import type { FrameItem, ItemShape } from "./items.ts";
import type { LabelInfo, LabelLookup } from "./label_lookup.ts";
import { cvatMaskToPolygons } from "./mask_contours.ts";
import { skeletonStructure } from "./skeleton_svg.ts";
import { boxCorners } from "./ultralytics_obb.ts";
import { isUnrotated, yoloBox } from "./yolo_export.ts";
import { fixed6 } from "./yolo_fixed.ts";

/** The Ultralytics variants. */
export type UltralyticsKind = "detection" | "obb" | "segmentation" | "pose";

/** The classes of an export. */
export interface UltralyticsClasses {
  /** The `names` of `data.yaml`, by class index. */
  names: string[];
  /** Label id → class index. */
  classOf: Map<number, number>;
  /** Pose: the number of keypoints (`kpt_shape[0]`). */
  keypoints?: number;
  /** Pose: each skeleton's points in order, by label id. */
  structures: Map<number, LabelInfo[]>;
}

/**
 * Whether a label is a skeleton.
 *
 * @example
 * ```ts
 * import { ok } from "node:assert/strict";
 * import { isSkeleton } from "./ultralytics_lines.ts";
 * ok(isSkeleton({ type: "skeleton", sublabels: new Map() } as never));
 * ```
 */
export function isSkeleton(label: LabelInfo): boolean {
  return label.type === "skeleton" || label.sublabels.size > 0;
}

/**
 * The classes of an export of `kind`.
 *
 * @example
 * ```ts
 * import { deepEqual } from "node:assert/strict";
 * import { ultralyticsClasses } from "./ultralytics_lines.ts";
 * import { labelLookup } from "./label_lookup.ts";
 * const lookup = labelLookup([{ id: 1, name: "car" }, { id: 2, name: "p", type: "skeleton",
 *   sublabels: [{ id: 3, name: "a" }] }]);
 * deepEqual(ultralyticsClasses("detection", lookup).names, ["car", "p"]);
 * deepEqual(ultralyticsClasses("pose", lookup).names, ["p"]);
 * ```
 */
export function ultralyticsClasses(kind: UltralyticsKind, lookup: LabelLookup): UltralyticsClasses {
  const labels = lookup.ordered.filter((label) =>
    !label.parent && (kind !== "pose" || isSkeleton(label))
  );
  const structures = new Map<number, LabelInfo[]>();
  if (kind === "pose") {
    for (const label of labels) structures.set(label.id, skeletonStructure(label).points);
  }
  return {
    names: labels.map((label) => label.name),
    classOf: new Map(labels.map((label, i) => [label.id, i])),
    keypoints: kind === "pose"
      ? Math.max(0, ...[...structures.values()].map((points) => points.length))
      : undefined,
    structures,
  };
}

function normalised(points: readonly number[], item: FrameItem): string {
  return points.map((v, i) => fixed6(v / (i % 2 ? item.height : item.width))).join(" ");
}

function segments(shape: ItemShape, item: FrameItem): number[][] {
  if (shape.type === "polygon") return [shape.points];
  if (shape.type === "mask") return cvatMaskToPolygons(shape.points);
  if (shape.type === "ellipse") {
    return cvatMaskToPolygons(ellipseMask(shape.points, shape.rotation, item.width, item.height));
  }
  return [];
}

function poseLine(shape: ItemShape, item: FrameItem, classes: UltralyticsClasses): string {
  const order = classes.structures.get(shape.label_id) ?? [];
  const slots = new Array<string>(classes.keypoints ?? 0).fill("0.0 0.0 0");
  const xs: number[] = [];
  const ys: number[] = [];
  for (const element of shape.elements) {
    const slot = order.findIndex((point) => point.id === element.label_id);
    if (slot < 0 || slot >= slots.length) continue;
    const [x, y] = element.points;
    const v = element.outside ? 0 : element.occluded ? 1 : 2;
    if (v) xs.push(x), ys.push(y);
    slots[slot] = `${normalised([x, y], item)} ${v}`;
  }
  const box = xs.length
    ? [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)]
    : [0, 0, 0, 0];
  const head = `${classes.classOf.get(shape.label_id)} ${yoloBox(box, item.width, item.height)}`;
  return slots.length ? `${head} ${slots.join(" ")}` : head;
}

/**
 * The label lines of one frame for `kind`.
 *
 * @example
 * ```ts
 * import { deepEqual } from "node:assert/strict";
 * import { ultralyticsLines } from "./ultralytics_lines.ts";
 * const box = { type: "rectangle", label_id: 1, rotation: 0, points: [0, 0, 5, 5] };
 * const item = { width: 10, height: 10, shapes: [box] } as never;
 * const classes = { names: ["car"], classOf: new Map([[1, 0]]), structures: new Map() };
 * deepEqual(ultralyticsLines("obb", item, classes),
 *   ["0 0.000000 0.000000 0.500000 0.000000 0.500000 0.500000 0.000000 0.500000"]);
 * ```
 */
export function ultralyticsLines(
  kind: UltralyticsKind,
  item: FrameItem,
  classes: UltralyticsClasses,
): string[] {
  const lines: string[] = [];
  for (const shape of item.shapes) {
    const cls = classes.classOf.get(shape.label_id);
    if (cls === undefined) continue;
    if (kind === "detection" && shape.type === "rectangle" && isUnrotated(shape.rotation)) {
      lines.push(`${cls} ${yoloBox(shape.points, item.width, item.height)}`);
    } else if (kind === "obb" && shape.type === "rectangle") {
      lines.push(`${cls} ${normalised(boxCorners(shape.points, shape.rotation), item)}`);
    } else if (kind === "segmentation") {
      for (const polygon of segments(shape, item)) {
        if (polygon.length >= 6) lines.push(`${cls} ${normalised(polygon, item)}`);
      }
    } else if (kind === "pose" && shape.type === "skeleton") {
      lines.push(poseLine(shape, item, classes));
    }
  }
  return lines;
}
