import { deepStrictEqual, notStrictEqual, ok, strictEqual } from "node:assert/strict";
import {
  interpolateRectangle,
  lerpCoordinates,
  normalizeDegrees,
  shortestArcRotation,
} from "../../../lib/core/interpolation/rectangle.ts";
import { assertClose, assertCloseArray } from "./_assert.ts";

Deno.test("shortestArcRotation: 10° → 300° at .5 turns backwards through 0 to 335°", () => {
  assertClose(shortestArcRotation(10, 300, 0.5), 335);
});

Deno.test("shortestArcRotation: 300° → 170° at .5 is 235°", () => {
  assertClose(shortestArcRotation(300, 170, 0.5), 235);
});

Deno.test("shortestArcRotation: 0° → 350° at .5 is 355°", () => {
  assertClose(shortestArcRotation(0, 350, 0.5), 355);
});

Deno.test("shortestArcRotation: 350° → 10° at .5 crosses 360 and lands on 0", () => {
  assertClose(shortestArcRotation(350, 10, 0.5), 0);
  assertClose(shortestArcRotation(350, 10, 0.25), 355);
});

Deno.test("shortestArcRotation: a half turn is taken in the positive direction", () => {
  assertClose(shortestArcRotation(0, 180, 0.5), 90);
  assertClose(shortestArcRotation(180, 0, 0.5), 270);
});

Deno.test("shortestArcRotation: offset 0 returns the start angle exactly", () => {
  for (const angle of [0, 0.1, 10, 123.456, 359.9]) {
    strictEqual(shortestArcRotation(angle, 200, 0), angle);
  }
});

Deno.test("shortestArcRotation: results are always in [0, 360)", () => {
  for (let from = -720; from <= 720; from += 37.5) {
    for (let to = -720; to <= 720; to += 41.25) {
      for (const offset of [0, 0.1, 0.5, 0.9, 1]) {
        const angle = shortestArcRotation(from, to, offset);
        ok(angle >= 0 && angle < 360, `${from} → ${to} at ${offset} gave ${angle}`);
      }
    }
  }
});

Deno.test("shortestArcRotation: the arc never exceeds half a turn", () => {
  for (let from = 0; from < 360; from += 15) {
    for (let to = 0; to < 360; to += 20) {
      const end = shortestArcRotation(from, to, 1);
      assertClose(Math.min(Math.abs(end - to), 360 - Math.abs(end - to)), 0, `${from} → ${to}`);
    }
  }
});

Deno.test("normalizeDegrees: brings any angle into [0, 360)", () => {
  strictEqual(normalizeDegrees(-90), 270);
  strictEqual(normalizeDegrees(725), 5);
  strictEqual(normalizeDegrees(360), 0);
  strictEqual(normalizeDegrees(-360), 0);
  strictEqual(normalizeDegrees(0.1), 0.1);
});

Deno.test("lerpCoordinates: moves every number linearly into a fresh array", () => {
  const left = Object.freeze([0, 0, 10, 10]);
  const right = Object.freeze([10, 20, 30, 50]);
  const result = lerpCoordinates(left, right, 0.5);
  deepStrictEqual(result, [5, 10, 20, 30]);
  notStrictEqual(result, left);
  deepStrictEqual(lerpCoordinates(left, right, 0), [0, 0, 10, 10]);
});

Deno.test("interpolateRectangle: the ellipse vector [100,100,150,50] → [200,200,300,100] @5", () => {
  const left = { points: [100, 100, 150, 50], rotation: 0 };
  const right = { points: [200, 200, 300, 100], rotation: 0 };
  const result = interpolateRectangle(left, right, 5 / 10);
  assertCloseArray(result.points, [150, 150, 225, 75]);
  assertClose(result.rotation, 0);
});

Deno.test("interpolateRectangle: coordinates are linear and rotation takes the shortest arc", () => {
  const left = { points: [0, 0, 10, 10], rotation: 10 };
  const right = { points: [10, 20, 30, 50], rotation: 300 };
  const result = interpolateRectangle(left, right, 0.5);
  assertCloseArray(result.points, [5, 10, 20, 30]);
  assertClose(result.rotation, 335);
});

Deno.test("interpolateRectangle: offset 0 returns the left geometry exactly", () => {
  const left = { points: [1.1, 2.2, 3.3, 4.4], rotation: 12.34 };
  const right = { points: [10, 20, 30, 40], rotation: 200 };
  deepStrictEqual(interpolateRectangle(left, right, 0), left);
});

Deno.test("interpolateRectangle: identical keyframes give the same geometry", () => {
  const left = { points: [1.5, 2.5, 30.25, 40.75], rotation: 33.3 };
  for (const offset of [0.1, 0.5, 0.9]) {
    deepStrictEqual(interpolateRectangle(left, structuredClone(left), offset), left);
  }
});

Deno.test("interpolateRectangle: inputs are not mutated", () => {
  const left = { points: [0, 0, 10, 10], rotation: 10 };
  const right = { points: [10, 20, 30, 50], rotation: 300 };
  const [leftCopy, rightCopy] = [structuredClone(left), structuredClone(right)];
  const result = interpolateRectangle(left, right, 0.3);
  deepStrictEqual([left, right], [leftCopy, rightCopy]);
  notStrictEqual(result.points, left.points);
});
