/**
 * Painting area shapes into the class and instance index images of VOC-style segmentation
 * (formats.md §8, §9): each shape is rasterised as pycocotools would (masks as stored,
 * ellipses as CVAT rasterises them, polygons and boxes by `frPoly`, rotated boxes as their
 * rotated corner polygon), then painted in the given order, later ones on top.
 *
 * @module
 */

import { ellipseMask } from "./ellipse_mask.ts";
import { cvatMaskIntervals } from "./coco_mask.ts";
import type { Intervals } from "./coco_rle.ts";
import type { ItemShape } from "./items.ts";
import { polygonIntervals } from "./polygon_raster.ts";

/** One instance to paint: its pixels (column-major intervals) and class index. */
export interface PaintedInstance {
  intervals: Intervals;
  classIndex: number;
}

/** The two index images of one frame. */
export interface IndexImages {
  classes: Uint16Array | Uint32Array;
  instances: Uint16Array | Uint32Array;
}

/**
 * A box's corners turned by `rotation` degrees around its centre (CVAT's rotated box to
 * polygon conversion); unturned corners for 0.
 *
 * @example
 * ```ts
 * import { deepEqual } from "node:assert/strict";
 * import { boxPolygon } from "./voc_paint.ts";
 * deepEqual(boxPolygon([0, 0, 2, 4], 0), [0, 0, 2, 0, 2, 4, 0, 4]);
 * deepEqual(boxPolygon([0, 0, 2, 4], 180).map(Math.round), [2, 4, 0, 4, 0, 0, 2, 0]);
 * ```
 */
export function boxPolygon(points: readonly number[], rotation: number): number[] {
  const [x0, y0, x1, y1] = points;
  const corners = [x0, y0, x1, y0, x1, y1, x0, y1];
  if (!rotation) return corners;
  const angle = (rotation * Math.PI) / 180;
  const [cx, cy] = [x0 + (x1 - x0) / 2, y0 + (y1 - y0) / 2];
  const [cos, sin] = [Math.cos(angle), Math.sin(angle)];
  const out: number[] = [];
  for (let i = 0; i < 8; i += 2) {
    const [dx, dy] = [corners[i] - cx, corners[i + 1] - cy];
    out.push(cx + cos * dx - sin * dy, cy + sin * dx + cos * dy);
  }
  return out;
}

/**
 * The pixels of an area shape (mask, ellipse, polygon, rectangle) on a `width` × `height`
 * frame, or null for other shape types.
 *
 * @example
 * ```ts
 * import { deepEqual } from "node:assert/strict";
 * import { shapeIntervals } from "./voc_paint.ts";
 * const box = { type: "rectangle" as const, points: [0, 0, 2, 2], rotation: 0 };
 * deepEqual(shapeIntervals(box, 4, 4), [0, 2, 4, 6]);
 * ```
 */
export function shapeIntervals(
  shape: Pick<ItemShape, "type" | "points" | "rotation">,
  width: number,
  height: number,
): Intervals | null {
  switch (shape.type) {
    case "mask":
      return cvatMaskIntervals(shape.points, width, height);
    case "ellipse": {
      const points = ellipseMask(shape.points, shape.rotation, width, height);
      return points.length > 5 || points[0] === 0 ? cvatMaskIntervals(points, width, height) : [];
    }
    case "polygon":
      return polygonIntervals(shape.points, width, height);
    case "rectangle":
      return polygonIntervals(boxPolygon(shape.points, shape.rotation), width, height);
  }
  return null;
}

/**
 * Paints instances in order: the class image starts as `background`, the instance image as
 * 0; instance `i` (0-based) gets index `i + 1`.
 *
 * @example
 * ```ts
 * import { deepEqual } from "node:assert/strict";
 * import { paintInstances } from "./voc_paint.ts";
 * const images = paintInstances([{ intervals: [0, 1], classIndex: 5 }], 2, 1, 0);
 * deepEqual([...images.classes], [5, 0]);
 * deepEqual([...images.instances], [1, 0]);
 * ```
 */
export function paintInstances(
  instances: readonly PaintedInstance[],
  width: number,
  height: number,
  background: number,
): IndexImages {
  const wide = instances.length > 0xfffe || instances.some((i) => i.classIndex > 0xffff);
  const make = (n: number) => wide ? new Uint32Array(n) : new Uint16Array(n);
  const classes = make(width * height).fill(background);
  const ids = make(width * height);
  instances.forEach((instance, i) => {
    const list = instance.intervals;
    for (let k = 0; k < list.length; k += 2) {
      for (let p = list[k]; p < list[k + 1]; p++) {
        const x = Math.floor(p / height);
        const at = (p - x * height) * width + x;
        classes[at] = instance.classIndex;
        ids[at] = i + 1;
      }
    }
  });
  return { classes, instances: ids };
}
