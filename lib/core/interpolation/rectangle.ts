/**
 * Interpolation of rectangles and ellipses: every coordinate moves linearly and the
 * rotation turns along the shortest arc (reference notes §3).
 *
 * The linear and shortest-arc helpers here are shared by the other shape types.
 *
 * @module
 */

import type { Position } from "../model.ts";

/**
 * Brings an angle in degrees into [0, 360); an angle already in that range is returned as is.
 *
 * @example
 * ```ts
 * normalizeDegrees(-90); // 270
 * normalizeDegrees(725); // 5
 * ```
 */
export function normalizeDegrees(degrees: number): number {
  if (degrees >= 0 && degrees < 360) return degrees;
  return ((degrees % 360) + 360) % 360;
}

/**
 * Turns `from` towards `to` (both in degrees) along the shortest arc by the fraction
 * `offset`, and returns the result normalised to [0, 360).
 *
 * The signed arc is `((to - from + 180) % 360) - 180` (JavaScript remainder), moved by a
 * full turn when its magnitude reaches 180.
 *
 * @example
 * ```ts
 * shortestArcRotation(10, 300, 0.5); // 335 (turns -35 through 0)
 * shortestArcRotation(300, 170, 0.5); // 235
 * shortestArcRotation(0, 350, 0.5); // 355
 * ```
 */
export function shortestArcRotation(from: number, to: number, offset: number): number {
  let arc = ((to - from + 180) % 360) - 180;
  if (Math.abs(arc) >= 180) arc = 360 + arc;
  return normalizeDegrees(from + arc * offset);
}

/**
 * Moves every number of `left` linearly towards the number at the same index of `right`.
 * Both arrays must have the same length; a fresh array is returned.
 *
 * @example
 * ```ts
 * lerpCoordinates([0, 0, 10, 10], [10, 20, 30, 50], 0.5); // [5, 10, 20, 30]
 * ```
 */
export function lerpCoordinates(
  left: readonly number[],
  right: readonly number[],
  offset: number,
): number[] {
  const result = new Array<number>(left.length);
  for (let index = 0; index < left.length; index++) {
    result[index] = left[index] + (right[index] - left[index]) * offset;
  }
  return result;
}

/**
 * Interpolates a rectangle or an ellipse between two keyframes: linear coordinates and a
 * shortest-arc rotation. The caller has checked that both have four numbers.
 *
 * @example
 * ```ts
 * const left = { points: [100, 100, 150, 50], rotation: 10 };
 * const right = { points: [200, 200, 300, 100], rotation: 300 };
 * interpolateRectangle(left, right, 0.5);
 * // { points: [150, 150, 225, 75], rotation: 335 }
 * ```
 */
export function interpolateRectangle(
  left: Pick<Position, "points" | "rotation">,
  right: Pick<Position, "points" | "rotation">,
  offset: number,
): Pick<Position, "points" | "rotation"> {
  return {
    points: lerpCoordinates(left.points, right.points, offset),
    rotation: shortestArcRotation(left.rotation, right.rotation, offset),
  };
}
