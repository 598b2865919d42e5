/**
 * Polygon rasterisation as pycocotools' `frPoly` does it (formats.md §5), so that COCO `area`
 * values match CVAT's: vertices are scaled ×5 and rounded, every edge (the polygon closed) is
 * walked with a DDA giving integer boundary points, the points where x changes are kept (x is
 * the smaller of the pair, minus one when x increases), mapped back with `(v + 0.5) / 5 − 0.5`,
 * kept only when x is integral and inside `[0, width − 1]`, y (the smaller of the pair, mapped
 * back) clamped to `[0, height]` and ceiled; `x * height + y` are then the run boundaries of the
 * column-major RLE. The polygon is therefore clipped to the image.
 *
 * @module
 */

import { countsToIntervals, type Intervals } from "./coco_rle.ts";

const SCALE = 5;

function boundary(xy: readonly number[]): { u: number[]; v: number[] } {
  const k = xy.length >> 1;
  const x: number[] = [];
  const y: number[] = [];
  for (let j = 0; j < k; j++) {
    x.push(Math.trunc(SCALE * xy[2 * j] + 0.5));
    y.push(Math.trunc(SCALE * xy[2 * j + 1] + 0.5));
  }
  x.push(x[0]);
  y.push(y[0]);
  const u: number[] = [];
  const v: number[] = [];
  for (let j = 0; j < k; j++) {
    let [xs, xe, ys, ye] = [x[j], x[j + 1], y[j], y[j + 1]];
    const dx = Math.abs(xe - xs);
    const dy = Math.abs(ys - ye);
    const flip = (dx >= dy && xs > xe) || (dx < dy && ys > ye);
    if (flip) [xs, xe, ys, ye] = [xe, xs, ye, ys];
    const s = dx >= dy ? (ye - ys) / dx : (xe - xs) / dy;
    if (dx >= dy) {
      for (let d = 0; d <= dx; d++) {
        const t = flip ? dx - d : d;
        u.push(t + xs);
        v.push(Math.trunc(ys + s * t + 0.5));
      }
    } else {
      for (let d = 0; d <= dy; d++) {
        const t = flip ? dy - d : d;
        v.push(t + ys);
        u.push(Math.trunc(xs + s * t + 0.5));
      }
    }
  }
  return { u, v };
}

/**
 * The column-major RLE counts of a polygon (flat `[x1, y1, x2, y2, ...]`) on a `width` ×
 * `height` image.
 *
 * @example
 * ```ts
 * import { deepEqual } from "node:assert/strict";
 * import { polygonCounts } from "./polygon_raster.ts";
 * deepEqual(polygonCounts([0, 0, 2, 0, 2, 2, 0, 2], 3, 3), [0, 2, 1, 2, 4]);
 * ```
 */
export function polygonCounts(xy: readonly number[], width: number, height: number): number[] {
  const { u, v } = boundary(xy);
  const starts: number[] = [];
  for (let j = 1; j < u.length; j++) {
    if (u[j] === u[j - 1]) continue;
    let xd = u[j] < u[j - 1] ? u[j] : u[j] - 1;
    xd = (xd + 0.5) / SCALE - 0.5;
    if (Math.floor(xd) !== xd || xd < 0 || xd > width - 1) continue;
    let yd = v[j] < v[j - 1] ? v[j] : v[j - 1];
    yd = (yd + 0.5) / SCALE - 0.5;
    yd = Math.ceil(Math.min(Math.max(yd, 0), height));
    starts.push(xd * height + yd);
  }
  starts.push(width * height);
  starts.sort((a, b) => a - b);
  const diffs: number[] = [];
  let previous = 0;
  for (const start of starts) {
    diffs.push(start - previous);
    previous = start;
  }
  const counts: number[] = [diffs[0]];
  for (let j = 1; j < diffs.length;) {
    if (diffs[j] > 0) counts.push(diffs[j++]);
    else {
      j++;
      if (j < diffs.length) counts[counts.length - 1] += diffs[j++];
    }
  }
  return counts;
}

/**
 * The foreground intervals of a polygon on a `width` × `height` image.
 *
 * @example
 * ```ts
 * import { deepEqual } from "node:assert/strict";
 * import { polygonIntervals } from "./polygon_raster.ts";
 * deepEqual(polygonIntervals([0, 0, 2, 0, 2, 2, 0, 2], 3, 3), [0, 2, 3, 5]);
 * ```
 */
export function polygonIntervals(xy: readonly number[], width: number, height: number): Intervals {
  return countsToIntervals(polygonCounts(xy, width, height), width * height);
}
