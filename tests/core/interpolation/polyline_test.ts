import { deepStrictEqual, notStrictEqual } from "node:assert/strict";
import {
  interpolatePolygon,
  interpolatePolyline,
} from "../../../lib/core/interpolation/polyline.ts";
import { assertCloseArray } from "./_assert.ts";

// The vectors of the notes are frames of a track with keyframes at 0 and 10: offset = frame / 10.
const SQUARE_100 = [0, 0, 100, 0, 100, 100, 0, 100];
const HEXAGON = [0, 0, 50, -20, 100, 0, 100, 100, 0, 100, -10, 50];
const TRIANGLE = [0, 0, 100, 0, 50, 100];
const OCTAGON = [0, 0, 25, 0, 50, 0, 75, 0, 100, 0, 75, 50, 50, 100, 25, 50];

Deno.test("polygon: square [0,0,10,0,10,10,0,10] → [10,10,30,10,30,30,10,30] @5", () => {
  const result = interpolatePolygon(
    [0, 0, 10, 0, 10, 10, 0, 10],
    [10, 10, 30, 10, 30, 30, 10, 30],
    0.5,
  );
  assertCloseArray(result, [5, 5, 20, 5, 20, 20, 5, 20]);
});

Deno.test("polygon: 100-square → 6-point polygon @1", () => {
  const expected = [0, 0, 97.5, -1, 100, 100, 0, 100];
  assertCloseArray(interpolatePolygon(SQUARE_100, HEXAGON, 0.1), expected);
});

Deno.test("polygon: 100-square → 6-point polygon @5", () => {
  const expected = [0, 0, 75, -10, 100, 0, 100, 100, 0, 100, -5, 25];
  assertCloseArray(interpolatePolygon(SQUARE_100, HEXAGON, 0.5), expected);
});

Deno.test("polygon: 100-square → 6-point polygon @9", () => {
  const expected = [0, 0, 55, -18, 100, 0, 100, 100, 0, 100, -9, 45];
  assertCloseArray(interpolatePolygon(SQUARE_100, HEXAGON, 0.9), expected);
});

Deno.test("polygon: 6-point polygon → 100-square is the mirror image (frame f ↔ 10 - f)", () => {
  const expected = [0, 0, 97.5, -1, 100, 100, 0, 100];
  assertCloseArray(interpolatePolygon(HEXAGON, SQUARE_100, 0.9), expected);
  for (let frame = 1; frame <= 9; frame++) {
    const reverse = interpolatePolygon(HEXAGON, SQUARE_100, frame / 10);
    assertCloseArray(reverse, interpolatePolygon(SQUARE_100, HEXAGON, (10 - frame) / 10));
  }
});

Deno.test("polygon: triangle → 8-gon @2", () => {
  assertCloseArray(interpolatePolygon(TRIANGLE, OCTAGON, 0.2), [0, 0, 10, 0, 95, 5, 47.5, 95]);
});

Deno.test("polygon: triangle → 8-gon @5", () => {
  const expected = [0, 0, 12.5, 0, 25, 0, 87.5, 0, 87.5, 25, 50, 100, 37.5, 75];
  assertCloseArray(interpolatePolygon(TRIANGLE, OCTAGON, 0.5), expected);
});

Deno.test("polyline: [0,0,100,0] ↔ [0,0,30,30,60,0,100,0] @5, the same in both directions", () => {
  const short = [0, 0, 100, 0];
  const long = [0, 0, 30, 30, 60, 0, 100, 0];
  assertCloseArray(interpolatePolyline(short, long, 0.5), [0, 0, 15, 15, 80, 0, 100, 0]);
  assertCloseArray(interpolatePolyline(long, short, 0.5), [0, 0, 15, 15, 80, 0, 100, 0]);
});

Deno.test("polyline: ties in matching go to the first minimum", () => {
  // Left point 1 (fraction .5) is equally far from right points 1 and 2 (.25 and .75).
  // Forward matching picks right 1; right 2 is then equally far from lefts 1 and 2 and
  // joins left 1, which becomes a right segment of two candidates.
  const result = interpolatePolyline([0, 0, 50, 0, 100, 0], [0, 0, 25, 0, 75, 0, 100, 0], 0.5);
  assertCloseArray(result, [0, 0, 37.5, 0, 62.5, 0, 100, 0]);
});

Deno.test("polyline: a left run keeps a candidate exactly at the threshold", () => {
  // Lefts 0..2 all match right 0: base 6, three points, threshold 6 / (2 * 3) = 1.
  const result = interpolatePolyline([0, 0, 2, 0, 6, 0, 1000, 0], [0, 0, 1000, 0], 0.5);
  assertCloseArray(result, [0, 0, 1, 0, 3, 0, 1000, 0]);
});

Deno.test("polyline: a left run drops a candidate closer than the threshold", () => {
  const result = interpolatePolyline([0, 0, 1.9, 0, 6, 0, 1000, 0], [0, 0, 1000, 0], 0.5);
  assertCloseArray(result, [0, 0, 3, 0, 1000, 0]);
});

Deno.test("polyline: two close ends of a run collapse to their midpoint", () => {
  // Lefts 0 and 1 match right 0: base 4, threshold 1. At .8 the candidates are 0.8 apart.
  const [left, right] = [[0, 0, 4, 0, 100, 0], [0, 0, 100, 0]];
  assertCloseArray(interpolatePolyline(left, right, 0.8), [0.4, 0, 100, 0]);
  // At .5 they are 2 apart and both stay.
  assertCloseArray(interpolatePolyline(left, right, 0.5), [0, 0, 2, 0, 100, 0]);
});

Deno.test("polyline: a curve of zero length does not produce NaN", () => {
  const result = interpolatePolyline([5, 5, 5, 5], [0, 0, 10, 0], 0.5);
  assertCloseArray(result, [2.5, 2.5, 7.5, 2.5]);
});

Deno.test("polyline and polygon: offset 0 returns a copy of the left points", () => {
  const left = [1.1, 2.2, 30.3, 4.4, 50.5, 60.6];
  const right = [0, 0, 10, 0, 10, 10, 0, 10];
  const polyline = interpolatePolyline(left, right, 0);
  deepStrictEqual(polyline, left);
  notStrictEqual(polyline, left);
  deepStrictEqual(interpolatePolygon(left, right, 0), left);
});

Deno.test("polyline and polygon: identical keyframes give the same geometry", () => {
  for (const points of [SQUARE_100, HEXAGON, TRIANGLE, OCTAGON, [0, 0, 3.5, 7.25, 9, -1]]) {
    for (const offset of [0.1, 0.5, 0.9]) {
      assertCloseArray(interpolatePolyline(points, [...points], offset), points);
      assertCloseArray(interpolatePolygon(points, [...points], offset), points);
    }
  }
});

Deno.test("polyline and polygon: inputs are not mutated", () => {
  const left = Object.freeze([...TRIANGLE]);
  const right = Object.freeze([...OCTAGON]);
  for (const offset of [0, 0.2, 0.5]) {
    notStrictEqual(interpolatePolygon(left, right, offset), left);
    notStrictEqual(interpolatePolyline(left, right, offset), left);
  }
  deepStrictEqual([left, right], [TRIANGLE, OCTAGON]);
});
