/**
 * Interpolation of `points` shapes (reference notes §3): a single point moves linearly; any
 * other pair of keyframes keeps the left keyframe's points unchanged.
 *
 * @module
 */

import { lerpCoordinates } from "./rectangle.ts";

/**
 * Interpolates the points of a `points` shape. Only when both keyframes hold exactly one
 * point (two numbers) does it move; otherwise a copy of the left points is returned.
 *
 * @example
 * ```ts
 * interpolatePoints([0, 0], [10, 20], 0.5); // [5, 10]
 * interpolatePoints([0, 0, 5, 5], [10, 20, 30, 40], 0.5); // [0, 0, 5, 5]
 * ```
 */
export function interpolatePoints(
  left: readonly number[],
  right: readonly number[],
  offset: number,
): number[] {
  if (left.length === 2 && right.length === 2) {
    return lerpCoordinates(left, right, offset);
  }
  return [...left];
}
