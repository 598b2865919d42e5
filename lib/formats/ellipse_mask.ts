/**
 * Ellipses as masks (formats.md §3.1): Datumaro-based exporters write a CVAT ellipse as a mask,
 * rasterised with the centre and the semi-axes rounded to whole pixels and the rotation in
 * degrees (clockwise on screen, as CVAT's), filled, clipped to the image.
 *
 * @module
 */

import { cropMask, EMPTY_MASK_POINTS, maskToRle } from "../core/mask.ts";

/**
 * The CVAT mask (`[counts..., left, top, right, bottom]`) of an ellipse `[cx, cy, rightX, topY]`
 * rotated by `rotation` degrees on a `width` × `height` image; `EMPTY_MASK_POINTS` when
 * nothing of it is on the image.
 *
 * @example
 * ```ts
 * import { deepEqual } from "node:assert/strict";
 * import { ellipseMask } from "./ellipse_mask.ts";
 * // a circle of radius 1 around (2, 2): a plus sign of 5 pixels
 * deepEqual(ellipseMask([2, 2, 3, 1], 0, 10, 10), [1, 1, 1, 3, 1, 1, 1, 1, 1, 3, 3]);
 * ```
 */
export function ellipseMask(
  points: readonly number[],
  rotation: number,
  width: number,
  height: number,
): number[] {
  const cx = Math.round(points[0]);
  const cy = Math.round(points[1]);
  const rx = Math.max(Math.round(Math.abs(points[2] - points[0])), 0);
  const ry = Math.max(Math.round(Math.abs(points[1] - points[3])), 0);
  const angle = (rotation * Math.PI) / 180;
  const cos = Math.cos(angle);
  const sin = Math.sin(angle);
  const hx = Math.ceil(Math.hypot(rx * cos, ry * sin));
  const hy = Math.ceil(Math.hypot(rx * sin, ry * cos));
  const left = Math.max(cx - hx, 0);
  const top = Math.max(cy - hy, 0);
  const right = Math.min(cx + hx, width - 1);
  const bottom = Math.min(cy + hy, height - 1);
  if (right < left || bottom < top) return [...EMPTY_MASK_POINTS];
  const w = right - left + 1;
  const bits = new Uint8Array(w * (bottom - top + 1));
  for (let y = top; y <= bottom; y++) {
    for (let x = left; x <= right; x++) {
      const dx = x - cx;
      const dy = y - cy;
      const lx = dx * cos + dy * sin;
      const ly = -dx * sin + dy * cos;
      const inside = (rx === 0 ? (lx === 0 ? 0 : 2) : (lx / rx) ** 2) +
          (ry === 0 ? (ly === 0 ? 0 : 2) : (ly / ry) ** 2) <= 1 + 1e-9;
      if (inside) bits[(y - top) * w + (x - left)] = 1;
    }
  }
  return cropMask([...maskToRle(bits), left, top, right, bottom]);
}
