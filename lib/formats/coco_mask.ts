/**
 * Converting masks between CVAT's tight-box, row-major RLE (`[counts..., left, top, right,
 * bottom]`) and COCO's whole-image, column-major foreground intervals (formats.md §5). Pixels
 * outside the image are dropped on the way to COCO; the way back takes the tight box of the
 * foreground (pycocotools `toBbox`).
 *
 * @module
 */

import { DataError } from "../core/errors.ts";
import { maskBox, maskToRle, rleToMask } from "../core/mask.ts";
import { type Intervals, intervalsBox } from "./coco_rle.ts";

/**
 * Column-major foreground intervals of a CVAT mask on a `width` × `height` image.
 *
 * @example
 * ```ts
 * import { deepEqual } from "node:assert/strict";
 * import { cvatMaskIntervals } from "./coco_mask.ts";
 * // columns 0-1 fully set on a 2 wide, 10 tall box at the origin
 * deepEqual(cvatMaskIntervals([0, 20, 0, 0, 1, 9], 5, 10), [0, 20]);
 * ```
 */
export function cvatMaskIntervals(points: number[], width: number, height: number): Intervals {
  const box = maskBox(points);
  const bits = rleToMask(points.slice(0, -4), box.width, box.height);
  const out: Intervals = [];
  for (let column = 0; column < box.width; column++) {
    const x = box.left + column;
    if (x < 0 || x >= width) continue;
    let start = -1;
    for (let row = 0; row <= box.height; row++) {
      const y = box.top + row;
      const set = row < box.height && y >= 0 && y < height && bits[row * box.width + column] === 1;
      if (set && start < 0) start = x * height + y;
      if (!set && start >= 0) {
        out.push(start, x * height + y);
        start = -1;
      }
    }
  }
  return mergeTouching(out);
}

function mergeTouching(intervals: Intervals): Intervals {
  const out: Intervals = [];
  for (let i = 0; i < intervals.length; i += 2) {
    if (out.length && out[out.length - 1] === intervals[i]) out[out.length - 1] = intervals[i + 1];
    else out.push(intervals[i], intervals[i + 1]);
  }
  return out;
}

/**
 * A CVAT mask from column-major foreground intervals on an image `height` tall.
 *
 * @throws {DataError} When the mask is empty (`what` names the object).
 * @example
 * ```ts
 * import { deepEqual } from "node:assert/strict";
 * import { intervalsToCvatMask } from "./coco_mask.ts";
 * deepEqual(intervalsToCvatMask([0, 20], 10, "mask"), [0, 20, 0, 0, 1, 9]);
 * ```
 */
export function intervalsToCvatMask(intervals: Intervals, height: number, what: string): number[] {
  const [left, top, w, h] = intervalsBox(intervals, height);
  if (w === 0 || h === 0) throw new DataError(`${what}: the mask is empty`);
  const bits = new Uint8Array(w * h);
  for (let i = 0; i < intervals.length; i += 2) {
    for (let p = intervals[i]; p < intervals[i + 1]; p++) {
      const x = Math.floor(p / height);
      const y = p - x * height;
      bits[(y - top) * w + (x - left)] = 1;
    }
  }
  return [...maskToRle(bits), left, top, left + w - 1, top + h - 1];
}
