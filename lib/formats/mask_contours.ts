/**
 * Masks to polygons, as CVAT's VOC, LabelMe, Segmentation mask and YOLO Segmentation paths need
 * them (`conv_mask_to_poly`): the outer boundary of every 8-connected region of a binary mask,
 * traced along pixel edges (so rasterising a polygon back by pixel centres gives the region's
 * pixels, holes filled), with collinear vertices removed. Holes are dropped, as OpenCV's
 * `RETR_EXTERNAL` does.
 *
 * @module
 */

import { rleToMask } from "../core/mask.ts";

/** A polygon as a flat `[x1, y1, x2, y2, ...]` list in pixel-corner coordinates. */
export type FlatPolygon = number[];

// Directions: 0 right (+x), 1 down (+y), 2 left (-x), 3 up (-y).
const DX = [1, 0, -1, 0];
const DY = [0, 1, 0, -1];

/**
 * Boundary edges with the region on their right (clockwise in image coordinates, y down): an
 * edge from corner (x, y) in direction d. Stored per start corner as a bit set of directions.
 */
function boundaryEdges(bits: ArrayLike<number>, width: number, height: number): Uint8Array {
  const corners = new Uint8Array((width + 1) * (height + 1));
  const at = (x: number, y: number) => y * (width + 1) + x;
  const on = (x: number, y: number) =>
    x >= 0 && y >= 0 && x < width && y < height && bits[y * width + x] !== 0;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      if (!on(x, y)) continue;
      if (!on(x, y - 1)) corners[at(x, y)] |= 1 << 0; // top edge, going right
      if (!on(x + 1, y)) corners[at(x + 1, y)] |= 1 << 1; // right edge, going down
      if (!on(x, y + 1)) corners[at(x + 1, y + 1)] |= 1 << 2; // bottom edge, going left
      if (!on(x - 1, y)) corners[at(x, y + 1)] |= 1 << 3; // left edge, going up
    }
  }
  return corners;
}

/**
 * The next direction at a corner: with the region on the right, prefer turning left (around the
 * outside), then straight, then right, so regions touching at a corner (the only corners with
 * two ways out) become one 8-connected outline.
 */
function nextDirection(edges: number, heading: number): number {
  for (const turn of [3, 0, 1]) {
    const d = (heading + turn) % 4;
    if (edges & (1 << d)) return d;
  }
  return -1;
}

function traceLoop(
  corners: Uint8Array,
  stride: number,
  start: { x: number; y: number; d: number },
): FlatPolygon {
  const out: FlatPolygon = [];
  let { x, y, d } = start;
  for (;;) {
    corners[y * stride + x] &= ~(1 << d);
    out.push(x, y);
    x += DX[d];
    y += DY[d];
    const next = nextDirection(corners[y * stride + x], d);
    if (next < 0) break;
    d = next;
  }
  return out;
}

/** Twice the signed area (positive for clockwise loops in image coordinates). */
function signedArea2(p: FlatPolygon): number {
  let sum = 0;
  for (let i = 0; i < p.length; i += 2) {
    const j = (i + 2) % p.length;
    sum += p[i] * p[j + 1] - p[j] * p[i + 1];
  }
  return sum;
}

/** Drops vertices that lie on the line through their neighbours. */
function simplify(p: FlatPolygon): FlatPolygon {
  const n = p.length / 2;
  const out: FlatPolygon = [];
  for (let i = 0; i < n; i++) {
    const [ax, ay] = [p[((i + n - 1) % n) * 2], p[((i + n - 1) % n) * 2 + 1]];
    const [bx, by] = [p[i * 2], p[i * 2 + 1]];
    const [cx, cy] = [p[((i + 1) % n) * 2], p[((i + 1) % n) * 2 + 1]];
    if ((bx - ax) * (cy - by) - (by - ay) * (cx - bx) !== 0) out.push(bx, by);
  }
  return out;
}

/**
 * The outer outlines of a binary mask's regions (row-major bits, `width` × `height`), offset by
 * `left`/`top`, largest first.
 *
 * @example
 * ```ts
 * import { deepStrictEqual } from "node:assert/strict";
 * import { maskToPolygons } from "./mask_contours.ts";
 * // A 2×2 square in a 3×3 mask.
 * deepStrictEqual(maskToPolygons([1, 1, 0, 1, 1, 0, 0, 0, 0], 3, 3), [[0, 0, 2, 0, 2, 2, 0, 2]]);
 * ```
 */
export function maskToPolygons(
  bits: ArrayLike<number>,
  width: number,
  height: number,
  offset: { left?: number; top?: number } = {},
): FlatPolygon[] {
  const corners = boundaryEdges(bits, width, height);
  const stride = width + 1;
  const loops: FlatPolygon[] = [];
  for (let i = 0; i < corners.length; i++) {
    while (corners[i]) {
      const d = [0, 1, 2, 3].find((k) => corners[i] & (1 << k))!;
      const loop = simplify(
        traceLoop(corners, stride, { x: i % stride, y: Math.floor(i / stride), d }),
      );
      // Outer boundaries run clockwise (region on the right); holes run the other way.
      if (loop.length >= 6 && signedArea2(loop) > 0) loops.push(loop);
    }
  }
  loops.sort((a, b) => signedArea2(b) - signedArea2(a));
  const { left = 0, top = 0 } = offset;
  return loops.map((loop) => loop.map((v, k) => v + (k % 2 === 0 ? left : top)));
}

/**
 * The polygons of a CVAT mask (`[runs..., left, top, right, bottom]`), in image coordinates.
 *
 * @example
 * ```ts
 * import { deepStrictEqual } from "node:assert/strict";
 * import { cvatMaskToPolygons } from "./mask_contours.ts";
 * // A 2×2 mask at (3, 4), all set.
 * deepStrictEqual(cvatMaskToPolygons([0, 4, 3, 4, 4, 5]), [[3, 4, 5, 4, 5, 6, 3, 6]]);
 * ```
 */
export function cvatMaskToPolygons(points: readonly number[]): FlatPolygon[] {
  const [left, top, right, bottom] = points.slice(-4);
  const width = right - left + 1;
  const height = bottom - top + 1;
  const bits = rleToMask(points.slice(0, -4), width, height);
  return maskToPolygons(bits, width, height, { left, top });
}
