/**
 * Oriented boxes of "Ultralytics YOLO Oriented Bounding Boxes 1.0" (formats.md §7.3): a CVAT
 * rectangle with `rotation` (degrees, clockwise on screen) as its four corners TL, TR, BR, BL
 * rotated around the centre; and back, the minimum-area rectangle around four points, its width
 * along the first side it finds (so a box written here comes back with its own width, height
 * and rotation, the rotation taken modulo 180).
 *
 * @module
 */

/**
 * The corners `[x1, y1, ..., x4, y4]` of the rectangle `[x1, y1, x2, y2]` rotated by
 * `rotation` degrees around its centre.
 *
 * @example
 * ```ts
 * import { deepEqual } from "node:assert/strict";
 * import { boxCorners } from "./ultralytics_obb.ts";
 * deepEqual(boxCorners([0, 0, 4, 2], 0), [0, 0, 4, 0, 4, 2, 0, 2]);
 * deepEqual(boxCorners([0, 0, 4, 2], 90).map(Math.round), [3, -1, 3, 3, 1, 3, 1, -1]);
 * ```
 */
export function boxCorners(points: readonly number[], rotation: number): number[] {
  const [x1, y1, x2, y2] = points;
  const corners = [x1, y1, x2, y1, x2, y2, x1, y2];
  const angle = (rotation * Math.PI) / 180;
  if (angle === 0) return corners;
  const cx = (x1 + x2) / 2;
  const cy = (y1 + y2) / 2;
  const cos = Math.cos(angle);
  const sin = Math.sin(angle);
  const out: number[] = [];
  for (let i = 0; i < 8; i += 2) {
    const dx = corners[i] - cx;
    const dy = corners[i + 1] - cy;
    out.push(cx + cos * dx - sin * dy, cy + sin * dx + cos * dy);
  }
  return out;
}

/** A rectangle with its rotation, as CVAT stores it. */
export interface RotatedBox {
  /** `[x1, y1, x2, y2]` of the unrotated box. */
  points: number[];
  /** Degrees in [0, 180). */
  rotation: number;
}

const PAIRS = [[0, 1], [1, 2], [2, 3], [3, 0], [0, 2], [1, 3]];

/**
 * The minimum-area rectangle around four points `[x1, y1, ..., x4, y4]`. The candidate sides
 * are tried in the order 1-2, 2-3, 3-4, 4-1 (then the diagonals, for points not in order); the
 * first of equal areas (within 0.1%) wins. A rotation within 1e-5° of 0 or 180 is 0.
 *
 * @example
 * ```ts
 * import { deepEqual } from "node:assert/strict";
 * import { boxCorners, minAreaBox } from "./ultralytics_obb.ts";
 * const box = minAreaBox(boxCorners([10, 20, 50, 40], 30));
 * deepEqual(box.points.map((v) => Math.round(v * 1e6) / 1e6), [10, 20, 50, 40]);
 * deepEqual(Math.round(box.rotation * 1e6) / 1e6, 30);
 * deepEqual(minAreaBox([0, 0, 4, 0, 4, 2, 0, 2]), { points: [0, 0, 4, 2], rotation: 0 });
 * ```
 */
export function minAreaBox(corners: readonly number[]): RotatedBox {
  let best: { area: number; angle: number; u: number[]; v: number[] } | null = null;
  for (const [a, b] of PAIRS) {
    const dx = corners[2 * b] - corners[2 * a];
    const dy = corners[2 * b + 1] - corners[2 * a + 1];
    if (dx === 0 && dy === 0) continue;
    const angle = Math.atan2(dy, dx);
    const cos = Math.cos(angle);
    const sin = Math.sin(angle);
    const u: number[] = [];
    const v: number[] = [];
    for (let i = 0; i < 8; i += 2) {
      u.push(corners[i] * cos + corners[i + 1] * sin);
      v.push(-corners[i] * sin + corners[i + 1] * cos);
    }
    const area = (Math.max(...u) - Math.min(...u)) * (Math.max(...v) - Math.min(...v));
    // Ties within 0.1%: the %.6f corners of a box are a rectangle only up to rounding.
    if (!best || area < best.area * (1 - 1e-3)) best = { area, angle, u, v };
  }
  if (!best) {
    return { points: [corners[0], corners[1], corners[0], corners[1]], rotation: 0 };
  }
  const { angle, u, v } = best;
  const [u0, u1, v0, v1] = [Math.min(...u), Math.max(...u), Math.min(...v), Math.max(...v)];
  const cu = (u0 + u1) / 2;
  const cv = (v0 + v1) / 2;
  const cx = cu * Math.cos(angle) - cv * Math.sin(angle);
  const cy = cu * Math.sin(angle) + cv * Math.cos(angle);
  const w = u1 - u0;
  const h = v1 - v0;
  let rotation = ((angle * 180) / Math.PI) % 180;
  if (rotation < 0) rotation += 180;
  if (rotation < 0.00001 || 180 - rotation < 0.00001) rotation = 0;
  return { points: [cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2], rotation };
}
