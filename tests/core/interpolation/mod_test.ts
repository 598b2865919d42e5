import { deepStrictEqual, notStrictEqual, ok, strictEqual, throws } from "node:assert/strict";
import type { ShapeType } from "../../../lib/core/enums.ts";
import { ArgumentError, DataError } from "../../../lib/core/errors.ts";
import type { Position } from "../../../lib/core/model.ts";
import { interpolatePosition, shortestArcRotation } from "../../../lib/core/interpolation/mod.ts";
import { position } from "../_records.ts";
import { assertCloseArray, TOLERANCE } from "./_assert.ts";

const CUBOID = [0, 0, 0, 3.0, -1, 0.5, 1, 2, 3, 0, 0, 0, 0, 0, 0, 0];

/** One left/right pair of every interpolable type, with flags that differ between sides. */
const CASES: ReadonlyArray<[ShapeType, number[], number[]]> = [
  ["rectangle", [0, 0, 10, 10], [10, 20, 30, 50]],
  ["ellipse", [100, 100, 150, 50], [200, 200, 300, 100]],
  ["cuboid", CUBOID, CUBOID.map((value, index) => (index < 9 ? -value + 1 : 0))],
  ["points", [0, 0], [10, 20]],
  ["points", [0, 0, 5, 5], [10, 20, 30, 40]],
  ["polyline", [0, 0, 100, 0], [0, 0, 30, 30, 60, 0, 100, 0]],
  ["polygon", [0, 0, 100, 0, 50, 100], [
    0,
    0,
    25,
    0,
    50,
    0,
    75,
    0,
    100,
    0,
    75,
    50,
    50,
    100,
    25,
    50,
  ]],
];

function leftOf(points: number[]): Position {
  return position(points, { rotation: 10.5, occluded: true, outside: false, zOrder: 3 });
}

function rightOf(points: number[]): Position {
  return position(points, { rotation: 300, occluded: false, outside: true, zOrder: 7 });
}

Deno.test("interpolatePosition: occluded, outside and zOrder come from the left keyframe", () => {
  for (const [shapeType, left, right] of CASES) {
    const result = interpolatePosition(shapeType, leftOf(left), rightOf(right), 0.5);
    deepStrictEqual(
      [result.occluded, result.outside, result.zOrder],
      [true, false, 3],
      shapeType,
    );
    const hidden = interpolatePosition(shapeType, rightOf(left), leftOf(right), 0.5);
    deepStrictEqual([hidden.occluded, hidden.outside, hidden.zOrder], [false, true, 7]);
  }
});

Deno.test("interpolatePosition: only rectangles and ellipses interpolate rotation", () => {
  for (const [shapeType, left, right] of CASES) {
    const result = interpolatePosition(shapeType, leftOf(left), rightOf(right), 0.5);
    const expected = shapeType === "rectangle" || shapeType === "ellipse"
      ? shortestArcRotation(10.5, 300, 0.5)
      : 10.5;
    strictEqual(result.rotation, expected, shapeType);
  }
});

Deno.test("interpolatePosition: the rotation vectors go through the shortest arc", () => {
  const vectors: Array<[number, number, number]> = [[10, 300, 335], [300, 170, 235], [0, 350, 355]];
  for (const [from, to, expected] of vectors) {
    const left = position([0, 0, 10, 10], { rotation: from });
    const right = position([0, 0, 10, 10], { rotation: to });
    const { rotation } = interpolatePosition("rectangle", left, right, 0.5);
    ok(Math.abs(rotation - expected) <= TOLERANCE, `${from} → ${to}: ${rotation}`);
  }
});

Deno.test("interpolatePosition: the ellipse and square vectors at frame 5 of 0..10", () => {
  const ellipse = interpolatePosition(
    "ellipse",
    position([100, 100, 150, 50]),
    position([200, 200, 300, 100]),
    5 / 10,
  );
  assertCloseArray(ellipse.points, [150, 150, 225, 75]);
  const square = interpolatePosition(
    "polygon",
    position([0, 0, 10, 0, 10, 10, 0, 10]),
    position([10, 10, 30, 10, 30, 30, 10, 30]),
    5 / 10,
  );
  assertCloseArray(square.points, [5, 5, 20, 5, 20, 20, 5, 20]);
});

Deno.test("interpolatePosition: points move only from one point to one point", () => {
  const single = interpolatePosition("points", position([0, 0]), position([10, 20]), 0.5);
  deepStrictEqual(single.points, [5, 10]);
  const many = interpolatePosition(
    "points",
    position([0, 0, 5, 5]),
    position([10, 20, 30, 40]),
    0.5,
  );
  deepStrictEqual(many.points, [0, 0, 5, 5]);
});

Deno.test("interpolatePosition: a 3D cuboid turns its angles, a 2D one moves them linearly", () => {
  const left = position([0, 0, 0, 3.0, 0, 0, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0]);
  const right = position([10, 0, 0, -3.0, 0, 0, 3, 1, 1, 0, 0, 0, 0, 0, 0, 0]);
  const in3d = interpolatePosition("cuboid", left, right, 0.5, { dimension: "3d" });
  assertCloseArray(in3d.points, [5, 0, 0, Math.PI, 0, 0, 2, 1, 1, 0, 0, 0, 0, 0, 0, 0]);
  const in2d = interpolatePosition("cuboid", left, right, 0.5);
  assertCloseArray(in2d.points, [5, 0, 0, 0, 0, 0, 2, 1, 1, 0, 0, 0, 0, 0, 0, 0]);
});

Deno.test("interpolatePosition: offset 0 returns the left keyframe exactly, in fresh arrays", () => {
  for (const [shapeType, left, right] of CASES) {
    for (const dimension of ["2d", "3d"] as const) {
      const leftPosition = leftOf(left);
      const result = interpolatePosition(shapeType, leftPosition, rightOf(right), 0, { dimension });
      deepStrictEqual(result, leftPosition, shapeType);
      notStrictEqual(result.points, leftPosition.points);
    }
  }
});

Deno.test("interpolatePosition: identical keyframes give the same geometry", () => {
  for (const [shapeType, points] of CASES) {
    for (const offset of [0.1, 0.5, 0.9]) {
      const result = interpolatePosition(shapeType, leftOf(points), leftOf(points), offset, {
        dimension: "3d",
      });
      assertCloseArray(result.points, points);
      ok(Math.abs(result.rotation - 10.5) < TOLERANCE, `${shapeType} rotation ${result.rotation}`);
    }
  }
});

Deno.test("interpolatePosition: inputs are not mutated and results are fresh arrays", () => {
  for (const [shapeType, left, right] of CASES) {
    const leftPosition = Object.freeze({ ...leftOf(Object.freeze([...left]) as number[]) });
    const rightPosition = Object.freeze({ ...rightOf(Object.freeze([...right]) as number[]) });
    for (const offset of [0, 0.3, 0.5]) {
      const result = interpolatePosition(shapeType, leftPosition, rightPosition, offset);
      notStrictEqual(result.points, leftPosition.points);
      notStrictEqual(result.points, rightPosition.points);
    }
    deepStrictEqual([leftPosition.points, rightPosition.points], [left, right]);
  }
});

Deno.test("interpolatePosition: masks and skeletons throw DataError", () => {
  const left = position([0, 0, 10, 10]);
  throws(() => interpolatePosition("mask", left, left, 0.5), (error: unknown) => {
    ok(error instanceof DataError);
    ok(/Cannot interpolate masks/.test(error.message), error.message);
    return true;
  });
  throws(() => interpolatePosition("skeleton", position([]), position([]), 0.5), DataError);
  throws(() => interpolatePosition("mask", left, left, 0), DataError);
});

Deno.test("interpolatePosition: an unknown shape type throws DataError naming it", () => {
  const left = position([0, 0, 10, 10]);
  throws(
    () => interpolatePosition("circle" as ShapeType, left, left, 0.5),
    (error: unknown) => error instanceof DataError && error.message.includes('"circle"'),
  );
});

Deno.test("interpolatePosition: malformed points throw DataError naming field and value", () => {
  const bad: Array<[ShapeType, number[], number[], RegExp]> = [
    ["rectangle", [0, 0, 10, 10, 20, 20], [0, 0, 1, 1], /left\.points, got 6/],
    ["cuboid", [0, 0, 1, 1], [0, 0, 1, 1], /exactly 16 numbers in left\.points, got 4/],
    ["polygon", [0, 0, 1, 1, 2, 2], [0, 0, 1, 1], /at least 6 numbers in right\.points, got 4/],
    ["polyline", [0, 0, 1, 1, 2], [0, 0, 1, 1], /even number .* left\.points, got 5/],
    ["points", [0, 0], [], /right\.points, got 0/],
    ["points", [0, 0], [1, NaN], /right\.points\[1\] must be a finite number, got NaN/],
  ];
  for (const [shapeType, left, right, pattern] of bad) {
    throws(() => interpolatePosition(shapeType, position(left), position(right), 0.5), (error) => {
      ok(error instanceof DataError, String(error));
      ok(pattern.test(error.message), error.message);
      return true;
    });
  }
  const nanRotation = position([0, 0, 1, 1], { rotation: NaN });
  throws(
    () => interpolatePosition("rectangle", position([0, 0, 1, 1]), nanRotation, 0.5),
    /right\.rotation must be a finite number, got NaN/,
  );
});

Deno.test("interpolatePosition: a bad offset or dimension throws ArgumentError", () => {
  const left = position([0, 0, 10, 10]);
  for (const offset of [-0.1, 1.5, NaN, Infinity]) {
    throws(() => interpolatePosition("rectangle", left, left, offset), (error) => {
      ok(error instanceof ArgumentError, String(error));
      ok(error.message.includes(`got ${offset}`), error.message);
      return true;
    });
  }
  const dimension = "4d" as "3d";
  throws(() => interpolatePosition("cuboid", left, left, 0.5, { dimension }), ArgumentError);
});
