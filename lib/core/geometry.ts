/**
 * Shape geometry: point-count validation, bounding boxes, clamping to the frame and the
 * "too small" rule. The select metric lives in `select_distance.ts` and is re-exported here.
 *
 * Point formats (reference/cvat-core.md §2.2): rectangle `[xtl, ytl, xbr, ybr]`, ellipse
 * `[cx, cy, rightX, topY]`, polygon/polyline/points flat `[x0, y0, x1, y1, ...]`, cuboid 8 points,
 * mask RLE + `[left, top, right, bottom]`, skeleton `[]` (or its elements' points, concatenated).
 * Rotation is in degrees, clockwise on screen (y grows downwards).
 *
 * @module
 */

import { ShapeType } from "./enums.ts";
import { DataError } from "./errors.ts";
import { checkMask, maskArea, maskBox } from "./mask.ts";

export { distanceToShape, pointInPolygon, pointToSegmentDistance } from "./select_distance.ts";

/** An axis-aligned box: top-left (`xtl`, `ytl`) and bottom-right (`xbr`, `ybr`). */
export interface BoundingBox {
  xtl: number;
  ytl: number;
  xbr: number;
  ybr: number;
}

/** How many numbers each shape type takes. */
interface CountRule {
  min: number;
  /** Exact count when equal to min; Infinity for no limit. */
  max: number;
  even: boolean;
}

const COUNT_RULES: ReadonlyMap<string, CountRule> = new Map([
  [ShapeType.RECTANGLE, { min: 4, max: 4, even: true }],
  [ShapeType.ELLIPSE, { min: 4, max: 4, even: true }],
  [ShapeType.CUBOID, { min: 16, max: 16, even: true }],
  [ShapeType.POLYGON, { min: 6, max: Infinity, even: true }],
  [ShapeType.POLYLINE, { min: 4, max: Infinity, even: true }],
  [ShapeType.POINTS, { min: 2, max: Infinity, even: true }],
  [ShapeType.MASK, { min: 6, max: Infinity, even: false }],
  [ShapeType.SKELETON, { min: 0, max: Infinity, even: false }],
]);

function article(word: string): string {
  return /^[aeiou]/.test(word) ? `an ${word}` : `a ${word}`;
}

function describeRule(rule: CountRule): string {
  if (rule.min === rule.max) return `${rule.min}`;
  return rule.even ? `an even number, at least ${rule.min}` : `at least ${rule.min}`;
}

/**
 * Checks that `points` suit the shape type: every value a finite number, rectangle and ellipse
 * exactly 4 numbers, cuboid exactly 16, polygon ≥ 6, polyline ≥ 4, points ≥ 2 (all even), mask ≥ 6
 * with a valid box and counts covering it, skeleton any.
 *
 * @throws {DataError} e.g. `Cannot use 3 numbers as points of a rectangle: expected 4`.
 *
 * @example
 * ```ts
 * import { checkPointCount } from "./geometry.ts";
 * checkPointCount("polygon", [0, 0, 10, 0, 10, 10]); // fine
 * // checkPointCount("rectangle", [0, 0, 1]) throws DataError
 * ```
 */
export function checkPointCount(shapeType: ShapeType, points: number[]): void {
  const rule = COUNT_RULES.get(shapeType);
  if (rule === undefined) throw new DataError(`Unknown shape type ${JSON.stringify(shapeType)}`);
  if (!Array.isArray(points)) {
    throw new DataError(`Points of ${article(shapeType)} must be an array, got ${points}`);
  }
  points.forEach((value, index) => {
    if (typeof value !== "number" || !Number.isFinite(value)) {
      throw new DataError(
        `Point ${index} of ${article(shapeType)} must be a finite number, got ` +
          `${typeof value === "number" ? value : JSON.stringify(value)}`,
      );
    }
  });
  const count = points.length;
  if (count < rule.min || count > rule.max || (rule.even && count % 2 !== 0)) {
    throw new DataError(
      `Cannot use ${count} numbers as points of ${article(shapeType)}: expected ${
        describeRule(rule)
      }`,
    );
  }
  if (shapeType === ShapeType.MASK) checkMask(points);
}

/**
 * The box of a flat `[x, y, ...]` list (all zeros for fewer than one point).
 *
 * @example
 * ```ts
 * import { ok } from "node:assert/strict";
 * import { pointsBox } from "./geometry.ts";
 * ok(pointsBox([3, 4, 1, 9]).xbr === 3);
 * ```
 */
export function pointsBox(points: readonly number[]): BoundingBox {
  if (points.length < 2) return { xtl: 0, ytl: 0, xbr: 0, ybr: 0 };
  let xtl = Infinity, ytl = Infinity, xbr = -Infinity, ybr = -Infinity;
  for (let i = 0; i + 1 < points.length; i += 2) {
    xtl = Math.min(xtl, points[i]);
    xbr = Math.max(xbr, points[i]);
    ytl = Math.min(ytl, points[i + 1]);
    ybr = Math.max(ybr, points[i + 1]);
  }
  return { xtl, ytl, xbr, ybr };
}

/**
 * The axis-aligned box of a shape, ignoring rotation.
 * - mask: pixel extents, `xbr = right + 1` and `ybr = bottom + 1`, so `xbr − xtl` is the mask's
 *   width `right − left + 1` (what filters call `width`);
 * - ellipse: `cx ± rx`, `cy ± ry` (the full ellipse, unlike cvat-core, whose box spans the raw
 *   four numbers, i.e. only one quadrant);
 * - every other type: the box of its points; no points (e.g. a bare skeleton) → all zeros.
 *
 * @example
 * ```ts
 * import { ok } from "node:assert/strict";
 * import { boundingBox } from "./geometry.ts";
 * const box = boundingBox("ellipse", [50, 50, 70, 40]);
 * ok(box.xtl === 30 && box.xbr === 70 && box.ytl === 40 && box.ybr === 60);
 * ```
 */
export function boundingBox(shapeType: ShapeType, points: number[]): BoundingBox {
  if (shapeType === ShapeType.MASK) {
    const box = maskBox(points);
    return { xtl: box.left, ytl: box.top, xbr: box.right + 1, ybr: box.bottom + 1 };
  }
  if (shapeType === ShapeType.ELLIPSE) {
    const [cx, cy, rightX, topY] = points;
    const rx = Math.abs(rightX - cx);
    const ry = Math.abs(cy - topY);
    return { xtl: cx - rx, ytl: cy - ry, xbr: cx + rx, ybr: cy + ry };
  }
  return pointsBox(points);
}

/**
 * Clamps x to [0, frame.width] and y to [0, frame.height] for rectangles (unrotated), polygons,
 * polylines and points. Rotated rectangles, ellipses, cuboids, masks (see `cropMask`) and skeletons
 * (their elements are clamped as points) are returned unchanged. Always returns a new array.
 *
 * @example
 * ```ts
 * import { ok } from "node:assert/strict";
 * import { clampPoints } from "./geometry.ts";
 * const clamped = clampPoints("polygon", [-5, 10, 120, 10, 50, 90], 0, { width: 100, height: 80 });
 * ok(clamped.join() === "0,10,100,10,50,80");
 * ```
 */
export function clampPoints(
  shapeType: ShapeType,
  points: number[],
  rotation: number,
  frame: { width: number; height: number },
): number[] {
  const clampable = shapeType === ShapeType.POLYGON || shapeType === ShapeType.POLYLINE ||
    shapeType === ShapeType.POINTS || (shapeType === ShapeType.RECTANGLE && rotation === 0);
  if (!clampable) return [...points];
  return points.map((value, index) => {
    const limit = index % 2 === 0 ? frame.width : frame.height;
    return Math.min(Math.max(value, 0), limit);
  });
}

/**
 * Whether a geometry is too small to keep: rectangle, polygon and cuboid when the box area is
 * below 9; polyline when its longer box side is below 3; ellipse when π·rx·ry ≤ 9; mask when it has
 * no set pixel. Points and skeletons never are. Rotation does not change any of these areas; the
 * parameter is accepted so that every shape helper takes the same arguments.
 *
 * @example
 * ```ts
 * import { ok } from "node:assert/strict";
 * import { isTooSmall } from "./geometry.ts";
 * ok(isTooSmall("rectangle", [0, 0, 2, 4], 0) === true); // area 8
 * ok(isTooSmall("rectangle", [0, 0, 3, 3], 0) === false); // area 9
 * ```
 */
export function isTooSmall(shapeType: ShapeType, points: number[], _rotation: number): boolean {
  switch (shapeType) {
    case ShapeType.RECTANGLE:
    case ShapeType.POLYGON:
    case ShapeType.CUBOID: {
      const box = pointsBox(points);
      return (box.xbr - box.xtl) * (box.ybr - box.ytl) < 9;
    }
    case ShapeType.POLYLINE: {
      const box = pointsBox(points);
      return Math.max(box.xbr - box.xtl, box.ybr - box.ytl) < 3;
    }
    case ShapeType.ELLIPSE: {
      const [cx, cy, rightX, topY] = points;
      return Math.PI * Math.abs(rightX - cx) * Math.abs(cy - topY) <= 9;
    }
    case ShapeType.MASK:
      return maskArea(points) === 0;
    default:
      return false;
  }
}
