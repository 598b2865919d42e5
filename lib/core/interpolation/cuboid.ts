/**
 * Interpolation of cuboids (reference notes §3).
 *
 * A 2D cuboid is eight points (16 numbers) that all move linearly. A 3D cuboid keeps the
 * same 16 numbers as position `[0..2]`, rotation in radians `[3..5]`, scale `[6..8]` and
 * zeros: everything moves linearly except the three angles, which turn along the
 * shortest arc.
 *
 * @module
 */

import { lerpCoordinates, shortestArcRotation } from "./rectangle.ts";

/** The indices of a 3D cuboid's rotation angles (radians) in its points. */
const ANGLE_INDICES: readonly number[] = [3, 4, 5];

const FULL_TURN = 2 * Math.PI;

/**
 * Turns one angle (radians) along the shortest arc: negative angles are shifted by a full
 * turn, the arc is taken in degrees, and the result is brought back into (-π, π].
 *
 * @example
 * ```ts
 * interpolateRadians(3.0, -3.0, 0.5); // ≈ π (through π, not through 0)
 * ```
 */
export function interpolateRadians(from: number, to: number, offset: number): number {
  const fromDegrees = ((from < 0 ? from + FULL_TURN : from) * 180) / Math.PI;
  const toDegrees = ((to < 0 ? to + FULL_TURN : to) * 180) / Math.PI;
  const radians = (shortestArcRotation(fromDegrees, toDegrees, offset) * Math.PI) / 180;
  return radians > Math.PI ? radians - FULL_TURN : radians;
}

/**
 * Interpolates the points of a cuboid. In 2D all 16 numbers move linearly; in 3D the
 * angles at indices 3–5 turn along the shortest arc. The caller has checked that both
 * arrays hold 16 numbers. The rotation of a cuboid is taken from the left keyframe.
 *
 * @example
 * ```ts
 * const left = [0, 0, 0, 3.0, 0, 0, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0];
 * const right = [10, 0, 0, -3.0, 0, 0, 3, 1, 1, 0, 0, 0, 0, 0, 0, 0];
 * interpolateCuboid(left, right, 0.5, "3d");
 * // [5, 0, 0, ≈π, 0, 0, 2, 1, 1, 0, 0, 0, 0, 0, 0, 0]
 * ```
 */
export function interpolateCuboid(
  left: readonly number[],
  right: readonly number[],
  offset: number,
  dimension: "2d" | "3d" = "2d",
): number[] {
  const points = lerpCoordinates(left, right, offset);
  if (dimension === "3d") {
    for (const index of ANGLE_INDICES) {
      points[index] = interpolateRadians(left[index], right[index], offset);
    }
  }
  return points;
}
