/**
 * Track interpolation: the position of a track between two keyframes (reference notes §3).
 *
 * {@linkcode interpolatePosition} checks its input, then hands the geometry to the function
 * of the shape type; the per-frame flags (`occluded`, `outside`, `zOrder`) always come from
 * the left keyframe. Everything here is pure: inputs are never mutated and every result
 * holds fresh arrays.
 *
 * @module
 */

import type { ShapeType } from "../enums.ts";
import { ArgumentError, DataError } from "../errors.ts";
import type { Position } from "../model.ts";
import { interpolateCuboid } from "./cuboid.ts";
import { interpolatePoints } from "./points.ts";
import { interpolatePolygon, interpolatePolyline } from "./polyline.ts";
import { interpolateRectangle, shortestArcRotation } from "./rectangle.ts";

export { shortestArcRotation };

/**
 * Options of {@linkcode interpolatePosition}. `dimension` only matters for cuboids: a 3D
 * cuboid's angles (indices 3–5 of its points) turn along the shortest arc.
 *
 * @example
 * ```ts
 * const options: InterpolationOptions = { dimension: "3d" };
 * ```
 */
export interface InterpolationOptions {
  dimension?: "2d" | "3d";
}

/** How many numbers each interpolable shape type needs: exactly, or at least. */
const POINT_COUNTS: Readonly<Record<string, { count: number; exact: boolean }>> = {
  rectangle: { count: 4, exact: true },
  ellipse: { count: 4, exact: true },
  cuboid: { count: 16, exact: true },
  polygon: { count: 6, exact: false },
  polyline: { count: 4, exact: false },
  points: { count: 2, exact: false },
};

function checkShapeType(shapeType: ShapeType): void {
  if (shapeType === "mask") {
    throw new DataError(`Cannot interpolate masks: shapeType "mask" is never interpolated`);
  }
  if (shapeType === "skeleton") {
    throw new DataError(
      `Cannot interpolate skeletons: shapeType "skeleton" has no points of its own; ` +
        `interpolate each element as "points"`,
    );
  }
  if (!Object.hasOwn(POINT_COUNTS, shapeType)) {
    throw new DataError(`Cannot interpolate shapeType ${JSON.stringify(shapeType)}: unknown type`);
  }
}

function checkArguments(offset: number, options: InterpolationOptions): void {
  if (typeof offset !== "number" || !(offset >= 0 && offset <= 1)) {
    throw new ArgumentError(`Cannot interpolate: offset must be a number in [0, 1], got ${offset}`);
  }
  const { dimension } = options;
  if (dimension !== undefined && dimension !== "2d" && dimension !== "3d") {
    throw new ArgumentError(
      `Cannot interpolate: dimension must be "2d" or "3d", got ${JSON.stringify(dimension)}`,
    );
  }
}

function checkPosition(shapeType: ShapeType, side: "left" | "right", position: Position): void {
  const prefix = `Cannot interpolate ${shapeType}`;
  if (!Number.isFinite(position.rotation)) {
    throw new DataError(
      `${prefix}: ${side}.rotation must be a finite number, got ${position.rotation}`,
    );
  }
  const { points } = position;
  const { count, exact } = POINT_COUNTS[shapeType];
  const length = Array.isArray(points) ? points.length : NaN;
  if (exact ? length !== count : !(length >= count && length % 2 === 0)) {
    const expected = exact ? `exactly ${count}` : `an even number of at least ${count}`;
    throw new DataError(`${prefix}: expected ${expected} numbers in ${side}.points, got ${length}`);
  }
  const bad = points.findIndex((value) => !Number.isFinite(value));
  if (bad >= 0) {
    throw new DataError(
      `${prefix}: ${side}.points[${bad}] must be a finite number, got ${points[bad]}`,
    );
  }
}

function interpolateGeometry(
  shapeType: ShapeType,
  left: Position,
  right: Position,
  offset: number,
  dimension: "2d" | "3d",
): Pick<Position, "points" | "rotation"> {
  const rotation = left.rotation;
  switch (shapeType) {
    case "rectangle":
    case "ellipse":
      return interpolateRectangle(left, right, offset);
    case "cuboid":
      return { points: interpolateCuboid(left.points, right.points, offset, dimension), rotation };
    case "points":
      return { points: interpolatePoints(left.points, right.points, offset), rotation };
    case "polyline":
      return { points: interpolatePolyline(left.points, right.points, offset), rotation };
    case "polygon":
    default:
      return { points: interpolatePolygon(left.points, right.points, offset), rotation };
  }
}

/**
 * The position of a track at fraction `offset` (0 ≤ offset < 1) of the way from the `left`
 * keyframe to the `right` one. `occluded`, `outside` and `zOrder` come from `left`; points
 * and rotation follow the rules of the shape type. Offset 0 returns a copy of `left`.
 *
 * Throws `DataError` for masks (never interpolated), skeletons (their elements are
 * interpolated one by one as `points`), unknown types and malformed points, and
 * `ArgumentError` for an offset outside [0, 1].
 *
 * @example
 * ```ts
 * const left = { points: [0, 0, 10, 10], rotation: 10, occluded: false, outside: false, zOrder: 1 };
 * const right = { points: [10, 20, 30, 50], rotation: 300, occluded: true, outside: true, zOrder: 4 };
 * interpolatePosition("rectangle", left, right, 0.5);
 * // { points: [5, 10, 20, 30], rotation: 335, occluded: false, outside: false, zOrder: 1 }
 * ```
 */
export function interpolatePosition(
  shapeType: ShapeType,
  left: Position,
  right: Position,
  offset: number,
  options: InterpolationOptions = {},
): Position {
  checkShapeType(shapeType);
  checkArguments(offset, options);
  checkPosition(shapeType, "left", left);
  checkPosition(shapeType, "right", right);
  const geometry = offset === 0
    ? { points: [...left.points], rotation: left.rotation }
    : interpolateGeometry(shapeType, left, right, offset, options.dimension ?? "2d");
  return { ...geometry, occluded: left.occluded, outside: left.outside, zOrder: left.zOrder };
}
