/**
 * The `select` metric: how far a click is from a shape, or null when the shape is not hit.
 * A smaller distance wins. cvat-core's quirks are fixed here (DESIGN.md): the polygon distance is
 * the true distance to the nearest edge, and polylines and points are hit only within 10 px.
 *
 * @module
 */

import { ShapeType } from "./enums.ts";
import { maskPixel } from "./mask.ts";

/** Polylines and points are hit only this close (px). */
const HIT_RADIUS = 10;
/** A click this close to a polygon edge counts as on it. */
const EDGE_EPSILON = 1e-9;

type Point = [number, number];

/**
 * The distance from point P to the segment AB (to A when A and B coincide).
 *
 * @example
 * ```ts
 * import { ok } from "node:assert/strict";
 * import { pointToSegmentDistance } from "./select_distance.ts";
 * ok(pointToSegmentDistance(5, 3, 0, 0, 10, 0) === 3);
 * ok(pointToSegmentDistance(13, 4, 0, 0, 10, 0) === 5);
 * ```
 */
export function pointToSegmentDistance(
  px: number,
  py: number,
  ax: number,
  ay: number,
  bx: number,
  by: number,
): number {
  const dx = bx - ax;
  const dy = by - ay;
  const lengthSquared = dx * dx + dy * dy;
  let t = lengthSquared === 0 ? 0 : ((px - ax) * dx + (py - ay) * dy) / lengthSquared;
  t = Math.max(0, Math.min(1, t));
  return Math.hypot(px - (ax + t * dx), py - (ay + t * dy));
}

/** The distance from (x, y) to the nearest edge of a closed polygon given as flat points. */
function distanceToEdges(points: number[], x: number, y: number): number {
  const n = Math.floor(points.length / 2);
  let best = Infinity;
  for (let i = 0; i < n; i++) {
    const j = (i + 1) % n;
    const d = pointToSegmentDistance(
      x,
      y,
      points[2 * i],
      points[2 * i + 1],
      points[2 * j],
      points[2 * j + 1],
    );
    best = Math.min(best, d);
  }
  return best;
}

/** > 0 when (x, y) is left of A→B (counter-clockwise in y-up terms), < 0 right, 0 on the line. */
function side(ax: number, ay: number, bx: number, by: number, x: number, y: number): number {
  return (bx - ax) * (y - ay) - (x - ax) * (by - ay);
}

/**
 * Whether (x, y) lies inside a polygon (flat points, implicitly closed), by winding number, so
 * self-overlapping parts count as inside. Points on an edge are inside. Fewer than 3 points → false.
 *
 * @example
 * ```ts
 * import { ok } from "node:assert/strict";
 * import { pointInPolygon } from "./select_distance.ts";
 * const square = [0, 0, 40, 0, 40, 40, 0, 40];
 * ok(pointInPolygon(square, 20, 5) && !pointInPolygon(square, 50, 5));
 * ```
 */
export function pointInPolygon(points: number[], x: number, y: number): boolean {
  const n = Math.floor(points.length / 2);
  if (n < 3) return false;
  if (distanceToEdges(points, x, y) <= EDGE_EPSILON) return true;
  let winding = 0;
  for (let i = 0; i < n; i++) {
    const j = (i + 1) % n;
    const [ax, ay, bx, by] = [points[2 * i], points[2 * i + 1], points[2 * j], points[2 * j + 1]];
    if (ay <= y) {
      if (by > y && side(ax, ay, bx, by, x, y) > 0) winding++;
    } else if (by <= y && side(ax, ay, bx, by, x, y) < 0) {
      winding--;
    }
  }
  return winding !== 0;
}

/** Rotates (x, y) by `degrees` around (cx, cy), clockwise on screen (y down). */
function rotate(x: number, y: number, cx: number, cy: number, degrees: number): Point {
  if (degrees === 0) return [x, y];
  const radians = (degrees * Math.PI) / 180;
  const cos = Math.cos(radians);
  const sin = Math.sin(radians);
  const dx = x - cx;
  const dy = y - cy;
  return [cx + dx * cos - dy * sin, cy + dx * sin + dy * cos];
}

function rectangleDistance(
  points: number[],
  rotation: number,
  x: number,
  y: number,
): number | null {
  const [x1, y1, x2, y2] = points;
  const [xtl, xbr] = [Math.min(x1, x2), Math.max(x1, x2)];
  const [ytl, ybr] = [Math.min(y1, y2), Math.max(y1, y2)];
  const [px, py] = rotate(x, y, (xtl + xbr) / 2, (ytl + ybr) / 2, -rotation);
  if (px < xtl || px > xbr || py < ytl || py > ybr) return null;
  return Math.min(px - xtl, xbr - px, py - ytl, ybr - py);
}

function ellipseDistance(
  points: number[],
  rotation: number,
  x: number,
  y: number,
): number | null {
  const [cx, cy, rightX, topY] = points;
  const rx = Math.abs(rightX - cx);
  const ry = Math.abs(cy - topY);
  if (rx === 0 || ry === 0) return null;
  const [px, py] = rotate(x, y, cx, cy, -rotation);
  const u = (px - cx) / rx;
  const v = (py - cy) / ry;
  if (u * u + v * v > 1) return null;
  const horizontal = rx * Math.sqrt(Math.max(0, 1 - v * v)) - Math.abs(px - cx);
  const vertical = ry * Math.sqrt(Math.max(0, 1 - u * u)) - Math.abs(py - cy);
  return Math.max(0, Math.min(horizontal, vertical));
}

function polylineDistance(points: number[], x: number, y: number): number {
  if (points.length < 4) return Math.hypot(x - points[0], y - points[1]);
  let best = Infinity;
  for (let i = 0; i + 3 < points.length; i += 2) {
    const d = pointToSegmentDistance(x, y, points[i], points[i + 1], points[i + 2], points[i + 3]);
    best = Math.min(best, d);
  }
  return best;
}

function pointsDistance(points: number[], x: number, y: number): number {
  let best = Infinity;
  for (let i = 0; i + 1 < points.length; i += 2) {
    best = Math.min(best, Math.hypot(x - points[i], y - points[i + 1]));
  }
  return best;
}

/** The convex hull (Andrew's monotone chain), counter-clockwise in y-up terms, as flat points. */
function convexHull(points: number[]): number[] {
  const pairs: Point[] = [];
  for (let i = 0; i + 1 < points.length; i += 2) pairs.push([points[i], points[i + 1]]);
  pairs.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  if (pairs.length < 3) return pairs.flat();
  const chain = (ordered: Point[]): Point[] => {
    const result: Point[] = [];
    for (const p of ordered) {
      while (result.length >= 2) {
        const [a, b] = [result[result.length - 2], result[result.length - 1]];
        if (side(a[0], a[1], b[0], b[1], p[0], p[1]) > 0) break;
        result.pop();
      }
      result.push(p);
    }
    result.pop();
    return result;
  };
  return [...chain(pairs), ...chain([...pairs].reverse())].flat();
}

function insideDistance(polygon: number[], x: number, y: number): number | null {
  return pointInPolygon(polygon, x, y) ? distanceToEdges(polygon, x, y) : null;
}

function within(distance: number): number | null {
  return distance <= HIT_RADIUS ? distance : null;
}

/**
 * The select metric of one shape for a click at (x, y); null when the shape is not hit.
 * - rectangle: the point rotated by −rotation around the centre; inside → distance to the nearest
 *   edge;
 * - ellipse: inside (with rotation) → min of the horizontal and vertical distance to the boundary;
 * - polygon: inside (winding number) → true distance to the nearest edge;
 * - polyline: distance to the nearest segment, hit within 10 px;
 * - points: distance to the nearest point, hit within 10 px;
 * - cuboid: inside the convex hull of its 8 points → distance to the nearest hull edge;
 * - mask: the pixel under (floor x, floor y) is set → 1;
 * - skeleton: null (the caller measures its elements).
 *
 * @example
 * ```ts
 * import { ok } from "node:assert/strict";
 * import { distanceToShape } from "./select_distance.ts";
 * const square = [0, 0, 40, 0, 40, 40, 0, 40];
 * ok(distanceToShape("polygon", square, 0, 20, 5) === 5);
 * ok(distanceToShape("polyline", [0, 0, 100, 0], 0, 50, 30) === null);
 * ```
 */
export function distanceToShape(
  shapeType: ShapeType,
  points: number[],
  rotation: number,
  x: number,
  y: number,
): number | null {
  switch (shapeType) {
    case ShapeType.RECTANGLE:
      return rectangleDistance(points, rotation, x, y);
    case ShapeType.ELLIPSE:
      return ellipseDistance(points, rotation, x, y);
    case ShapeType.POLYGON:
      return insideDistance(points, x, y);
    case ShapeType.POLYLINE:
      return points.length < 2 ? null : within(polylineDistance(points, x, y));
    case ShapeType.POINTS:
      return points.length < 2 ? null : within(pointsDistance(points, x, y));
    case ShapeType.CUBOID:
      return insideDistance(convexHull(points), x, y);
    case ShapeType.MASK:
      return maskPixel(points, x, y) ? 1 : null;
    default:
      return null;
  }
}
