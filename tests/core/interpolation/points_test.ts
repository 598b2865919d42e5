import { deepStrictEqual, notStrictEqual } from "node:assert/strict";
import { interpolatePoints } from "../../../lib/core/interpolation/points.ts";

Deno.test("interpolatePoints: one point to one point moves linearly", () => {
  deepStrictEqual(interpolatePoints([0, 0], [10, 20], 0.5), [5, 10]);
  deepStrictEqual(interpolatePoints([0, 0], [10, 20], 0.25), [2.5, 5]);
});

Deno.test("interpolatePoints: [0,0,5,5] → [10,20,30,40] at .5 keeps the left points", () => {
  deepStrictEqual(interpolatePoints([0, 0, 5, 5], [10, 20, 30, 40], 0.5), [0, 0, 5, 5]);
});

Deno.test("interpolatePoints: different point counts keep the left points", () => {
  deepStrictEqual(interpolatePoints([1, 2], [3, 4, 5, 6], 0.5), [1, 2]);
  deepStrictEqual(interpolatePoints([1, 2, 3, 4], [5, 6], 0.5), [1, 2, 3, 4]);
});

Deno.test("interpolatePoints: offset 0 and identical keyframes return the left points", () => {
  deepStrictEqual(interpolatePoints([1.25, 2.5], [10, 20], 0), [1.25, 2.5]);
  deepStrictEqual(interpolatePoints([1.25, 2.5], [1.25, 2.5], 0.6), [1.25, 2.5]);
  deepStrictEqual(interpolatePoints([1, 2, 3, 4], [1, 2, 3, 4], 0.6), [1, 2, 3, 4]);
});

Deno.test("interpolatePoints: inputs are not mutated and results are fresh arrays", () => {
  const single = Object.freeze([0, 0]);
  const many = Object.freeze([0, 0, 5, 5]);
  notStrictEqual(interpolatePoints(single, [10, 20], 0.5), single);
  notStrictEqual(interpolatePoints(many, [10, 20, 30, 40], 0.5), many);
  notStrictEqual(interpolatePoints(single, [10, 20], 0), single);
  deepStrictEqual([single, many], [[0, 0], [0, 0, 5, 5]]);
});
