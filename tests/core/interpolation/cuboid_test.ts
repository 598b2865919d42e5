import { deepStrictEqual, notStrictEqual, ok } from "node:assert/strict";
import { interpolateCuboid, interpolateRadians } from "../../../lib/core/interpolation/cuboid.ts";
import { assertClose, assertCloseArray, TOLERANCE } from "./_assert.ts";

/** A 3D cuboid's 16 numbers: position, rotation (radians), scale, then seven zeros. */
function cuboid3d(position: number[], rotation: number[], scale: number[]): number[] {
  return [...position, ...rotation, ...scale, 0, 0, 0, 0, 0, 0, 0];
}

Deno.test("interpolateRadians: 3.0 rad → −3.0 rad at .5 goes through π", () => {
  assertClose(interpolateRadians(3.0, -3.0, 0.5), Math.PI);
  assertClose(interpolateRadians(-3.0, 3.0, 0.5), Math.PI);
});

Deno.test("interpolateRadians: small arcs are linear, across zero too", () => {
  assertClose(interpolateRadians(0.5, 1.5, 0.5), 1.0);
  assertClose(interpolateRadians(-0.5, 0.5, 0.5), 0);
  assertClose(interpolateRadians(-0.5, 0.5, 0.25), -0.25);
});

Deno.test("interpolateRadians: results stay in (-π, π]", () => {
  for (let from = -3.1; from <= 3.1; from += 0.3) {
    for (let to = -3.1; to <= 3.1; to += 0.35) {
      const angle = interpolateRadians(from, to, 0.5);
      ok(angle > -Math.PI - TOLERANCE && angle <= Math.PI + TOLERANCE, `${from} → ${to}: ${angle}`);
    }
  }
});

Deno.test("interpolateCuboid 2D: all 16 numbers move linearly", () => {
  const left = Array.from({ length: 16 }, (_, index) => index);
  const right = left.map((value) => value * 3 + 10);
  const expected = left.map((value, index) => value + (right[index] - value) * 0.3);
  assertCloseArray(interpolateCuboid(left, right, 0.3), expected);
});

Deno.test("interpolateCuboid 2D: index 3 is a coordinate, not an angle", () => {
  const left = [0, 0, 0, 3.0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];
  const right = [0, 0, 0, -3.0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];
  assertClose(interpolateCuboid(left, right, 0.5)[3], 0);
  assertClose(interpolateCuboid(left, right, 0.5, "2d")[3], 0);
});

Deno.test("interpolateCuboid 3D: the vector 3.0 → −3.0 rad at .5 gives π", () => {
  const left = cuboid3d([0, 0, 0], [3.0, 0, 0], [1, 1, 1]);
  const right = cuboid3d([10, 20, 30], [-3.0, 0, 0], [3, 5, 7]);
  const expected = cuboid3d([5, 10, 15], [Math.PI, 0, 0], [2, 3, 4]);
  assertCloseArray(interpolateCuboid(left, right, 0.5, "3d"), expected);
});

Deno.test("interpolateCuboid 3D: each of the three angles turns on its own", () => {
  const left = cuboid3d([0, 0, 0], [0.2, -0.5, 3.0], [1, 1, 1]);
  const right = cuboid3d([0, 0, 0], [0.4, 0.5, -3.0], [1, 1, 1]);
  const result = interpolateCuboid(left, right, 0.5, "3d");
  assertCloseArray(result.slice(3, 6), [0.3, 0, Math.PI]);
});

Deno.test("interpolateCuboid: identical keyframes give the same geometry", () => {
  const points = cuboid3d([1.5, -2.5, 3.25], [0.3, -1.2, 2.9], [4, 5, 6]);
  for (const dimension of ["2d", "3d"] as const) {
    assertCloseArray(interpolateCuboid(points, [...points], 0.7, dimension), points);
  }
});

Deno.test("interpolateCuboid 2D: offset 0 returns the left points exactly", () => {
  const left = Array.from({ length: 16 }, (_, index) => index * 1.1);
  const right = left.map((value) => value + 7);
  deepStrictEqual(interpolateCuboid(left, right, 0), left);
});

Deno.test("interpolateCuboid: inputs are not mutated and the result is a fresh array", () => {
  const left = Object.freeze(cuboid3d([0, 0, 0], [3.0, 0, 0], [1, 1, 1]));
  const right = Object.freeze(cuboid3d([10, 20, 30], [-3.0, 0, 0], [3, 5, 7]));
  const result = interpolateCuboid(left, right, 0.5, "3d");
  notStrictEqual(result, left);
  deepStrictEqual(left, cuboid3d([0, 0, 0], [3.0, 0, 0], [1, 1, 1]));
});
