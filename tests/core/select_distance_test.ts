import { deepStrictEqual, ok } from "node:assert/strict";
import {
  distanceToShape,
  pointInPolygon,
  pointToSegmentDistance,
} from "../../lib/core/select_distance.ts";

const SQUARE = [0, 0, 40, 0, 40, 40, 0, 40];
/** Front face 0..40, back face shifted by (+20, −20): hull (0,0) (0,40) (40,40) (60,20) (60,−20) (20,−20). */
const CUBOID = [0, 0, 0, 40, 40, 0, 40, 40, 20, -20, 20, 20, 60, -20, 60, 20];

function near(actual: number | null, expected: number, message?: string): void {
  ok(actual !== null, message ?? `expected ${expected}, got null`);
  ok(Math.abs(actual - expected) < 1e-9, `${message ?? ""} expected ${expected}, got ${actual}`);
}

Deno.test("pointToSegmentDistance: projections, ends and degenerate segments", () => {
  deepStrictEqual(pointToSegmentDistance(5, 3, 0, 0, 10, 0), 3);
  deepStrictEqual(pointToSegmentDistance(13, 4, 0, 0, 10, 0), 5, "beyond B");
  deepStrictEqual(pointToSegmentDistance(-3, -4, 0, 0, 10, 0), 5, "before A");
  deepStrictEqual(pointToSegmentDistance(5, 0, 0, 0, 10, 0), 0, "on the segment");
  deepStrictEqual(pointToSegmentDistance(3, 4, 0, 0, 0, 0), 5, "A = B");
  near(pointToSegmentDistance(0, 10, 0, 0, 10, 10), Math.SQRT2 * 5, "diagonal");
});

Deno.test("pointInPolygon: winding number with edges inside", () => {
  ok(pointInPolygon(SQUARE, 20, 5));
  ok(!pointInPolygon(SQUARE, 50, 5));
  ok(!pointInPolygon(SQUARE, -0.001, 20));
  ok(pointInPolygon(SQUARE, 0, 20), "on an edge");
  ok(pointInPolygon(SQUARE, 40, 40), "on a vertex");
  ok(pointInPolygon([...SQUARE].reverse(), 20, 20), "either orientation");
  const u = [0, 0, 30, 0, 30, 30, 20, 30, 20, 10, 10, 10, 10, 30, 0, 30];
  ok(!pointInPolygon(u, 15, 20), "inside the notch of a U");
  ok(pointInPolygon(u, 5, 20));
  const star = [50, 0, 79, 90, 2, 35, 98, 35, 21, 90];
  ok(pointInPolygon(star, 50, 50), "the centre of a pentagram has winding number 2");
  ok(!pointInPolygon([0, 0, 10, 10], 5, 5), "fewer than 3 points");
});

Deno.test("distanceToShape: polygon gives the true distance to the nearest edge", () => {
  deepStrictEqual(distanceToShape("polygon", SQUARE, 0, 20, 5), 5);
  deepStrictEqual(distanceToShape("polygon", SQUARE, 0, 20, 20), 20);
  deepStrictEqual(distanceToShape("polygon", SQUARE, 0, 38, 30), 2);
  deepStrictEqual(distanceToShape("polygon", SQUARE, 0, 0, 10), 0, "on the edge");
  deepStrictEqual(distanceToShape("polygon", SQUARE, 0, 41, 20), null);
  deepStrictEqual(distanceToShape("polygon", [0, 0, 40, 0, 0, 40], 0, 10, 10), 10);
  near(distanceToShape("polygon", [0, 0, 40, 0, 0, 40], 0, 15, 15), Math.SQRT2 * 5);
});

Deno.test("distanceToShape: rectangle inside → nearest edge, outside → null", () => {
  deepStrictEqual(distanceToShape("rectangle", [0, 0, 100, 20], 0, 30, 6), 6);
  deepStrictEqual(distanceToShape("rectangle", [0, 0, 100, 20], 0, 97, 10), 3);
  deepStrictEqual(distanceToShape("rectangle", [100, 20, 0, 0], 0, 97, 10), 3, "reversed corners");
  deepStrictEqual(distanceToShape("rectangle", [0, 0, 100, 20], 0, 100, 10), 0, "on the edge");
  deepStrictEqual(distanceToShape("rectangle", [0, 0, 100, 20], 0, 50, 21), null);
  deepStrictEqual(distanceToShape("rectangle", [0, 0, 100, 20], 0, -1, 10), null);
});

Deno.test("distanceToShape: rotated rectangle hit and miss", () => {
  const bar = [0, 0, 100, 20]; // centre (50, 10)
  // 90°: the bar stands upright, x in [40, 60], y in [-40, 60]
  near(distanceToShape("rectangle", bar, 90, 50, -35), 5);
  deepStrictEqual(distanceToShape("rectangle", bar, 90, 90, 10), null);
  deepStrictEqual(distanceToShape("rectangle", bar, 0, 50, -35), null);
  // 30° clockwise on screen: the right end goes down
  const hit = distanceToShape("rectangle", bar, 30, 85, 35);
  ok(hit !== null && hit > 5.8 && hit < 5.9, `got ${hit}`);
  deepStrictEqual(distanceToShape("rectangle", bar, 30, 85, -15), null);
  deepStrictEqual(distanceToShape("rectangle", bar, 0, 85, 35), null);
  deepStrictEqual(distanceToShape("rectangle", bar, -30, 85, 35), null);
  ok(distanceToShape("rectangle", bar, -30, 85, -15) !== null);
});

Deno.test("distanceToShape: ellipse inside → min of horizontal and vertical boundary distance", () => {
  const ellipse = [50, 50, 90, 40]; // rx 40, ry 10
  deepStrictEqual(distanceToShape("ellipse", ellipse, 0, 50, 50), 10);
  near(distanceToShape("ellipse", ellipse, 0, 60, 50), 10 * Math.sqrt(1 - 1 / 16));
  deepStrictEqual(distanceToShape("ellipse", ellipse, 0, 89, 50), 1, "closer horizontally");
  deepStrictEqual(distanceToShape("ellipse", ellipse, 0, 50, 61), null);
  deepStrictEqual(distanceToShape("ellipse", ellipse, 0, 89, 45), null, "inside the box only");
  deepStrictEqual(distanceToShape("ellipse", ellipse, 0, 50, 80), null);
  near(distanceToShape("ellipse", ellipse, 90, 50, 80), 10 * Math.sqrt(1 - 0.75 ** 2), "rotated");
  deepStrictEqual(distanceToShape("ellipse", ellipse, 90, 85, 50), null);
  deepStrictEqual(distanceToShape("ellipse", [50, 50, 50, 40], 0, 50, 45), null, "degenerate");
});

Deno.test("distanceToShape: polyline is hit only within 10 px", () => {
  const line = [0, 0, 100, 0, 100, 100];
  deepStrictEqual(distanceToShape("polyline", line, 0, 50, 4), 4);
  deepStrictEqual(distanceToShape("polyline", line, 0, 96, 50), 4);
  deepStrictEqual(distanceToShape("polyline", line, 0, 50, 10), 10, "exactly 10 hits");
  deepStrictEqual(distanceToShape("polyline", line, 0, 50, 10.001), null);
  deepStrictEqual(distanceToShape("polyline", line, 0, 50, 120), null, "120 px away");
  deepStrictEqual(distanceToShape("polyline", line, 0, 50, 50), null, "not closed");
  deepStrictEqual(distanceToShape("polyline", line, 0, 106, 108), 10, "past the last point");
});

Deno.test("distanceToShape: points are hit only within 10 px of the nearest one", () => {
  const points = [0, 0, 100, 100];
  deepStrictEqual(distanceToShape("points", points, 0, 3, 4), 5);
  deepStrictEqual(distanceToShape("points", points, 0, 94, 92), 10, "exactly 10 hits");
  deepStrictEqual(distanceToShape("points", points, 0, 6, 8.001), null);
  deepStrictEqual(distanceToShape("points", points, 0, 50, 50), null);
  deepStrictEqual(distanceToShape("points", [], 0, 0, 0), null);
});

Deno.test("distanceToShape: cuboid inside its convex hull → nearest hull edge", () => {
  deepStrictEqual(distanceToShape("cuboid", CUBOID, 0, 50, -10), 10, "inside the back face");
  deepStrictEqual(distanceToShape("cuboid", CUBOID, 0, 5, 30), 5);
  near(distanceToShape("cuboid", CUBOID, 0, 30, 10), 40 / Math.SQRT2, "inner edges do not count");
  near(distanceToShape("cuboid", CUBOID, 0, 5, -5), 0, "on the slanted hull edge");
  deepStrictEqual(distanceToShape("cuboid", CUBOID, 0, 2, -10), null, "outside the hull");
  deepStrictEqual(distanceToShape("cuboid", CUBOID, 0, 61, 0), null);
});

Deno.test("distanceToShape: mask is hit on a set pixel with distance 1", () => {
  const mask = [3, 2, 2, 4, 1, 10, 20, 13, 22]; // rows 0001 / 1001 / 1110 at (10, 20)
  deepStrictEqual(distanceToShape("mask", mask, 0, 13.5, 20.5), 1);
  deepStrictEqual(distanceToShape("mask", mask, 0, 10, 21), 1);
  deepStrictEqual(distanceToShape("mask", mask, 0, 11.9, 21.9), null);
  deepStrictEqual(distanceToShape("mask", mask, 0, 5, 5), null);
});

Deno.test("distanceToShape: skeletons are left to the caller", () => {
  deepStrictEqual(distanceToShape("skeleton", [], 0, 0, 0), null);
  deepStrictEqual(distanceToShape("skeleton", [0, 0, 1, 1], 0, 0, 0), null);
});
