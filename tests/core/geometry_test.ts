import { deepStrictEqual, ok, throws } from "node:assert/strict";
import { ShapeType } from "../../lib/core/enums.ts";
import { DataError } from "../../lib/core/errors.ts";
import {
  boundingBox,
  checkPointCount,
  clampPoints,
  distanceToShape,
  isTooSmall,
  pointInPolygon,
  pointToSegmentDistance,
} from "../../lib/core/geometry.ts";

const CUBOID = [0, 0, 0, 40, 40, 0, 40, 40, 20, -20, 20, 20, 60, -20, 60, 20];
const MASK = [3, 2, 2, 4, 1, 10, 20, 13, 22];

function countError(shapeType: ShapeType, points: number[], message: string): void {
  throws(() => checkPointCount(shapeType, points), (error: unknown) => {
    ok(error instanceof DataError, `expected DataError, got ${error}`);
    deepStrictEqual(error.message, message);
    return true;
  });
}

Deno.test("geometry re-exports the select metric", () => {
  deepStrictEqual(typeof distanceToShape, "function");
  deepStrictEqual(typeof pointInPolygon, "function");
  deepStrictEqual(typeof pointToSegmentDistance, "function");
});

Deno.test("checkPointCount: valid counts pass", () => {
  checkPointCount(ShapeType.RECTANGLE, [0, 0, 10, 10]);
  checkPointCount(ShapeType.ELLIPSE, [5, 5, 10, 0]);
  checkPointCount(ShapeType.POLYGON, [0, 0, 10, 0, 10, 10]);
  checkPointCount(ShapeType.POLYGON, [0, 0, 10, 0, 10, 10, 0, 10]);
  checkPointCount(ShapeType.POLYLINE, [0, 0, 10, 0]);
  checkPointCount(ShapeType.POINTS, [1, 2]);
  checkPointCount(ShapeType.POINTS, [1, 2, 3, 4, 5, 6]);
  checkPointCount(ShapeType.CUBOID, CUBOID);
  checkPointCount(ShapeType.MASK, MASK);
  checkPointCount(ShapeType.MASK, [0, 1, 5, 5, 5, 5]);
  checkPointCount(ShapeType.SKELETON, []);
  checkPointCount(ShapeType.SKELETON, [1, 2, 3]);
});

Deno.test("checkPointCount: exact counts for rectangle, ellipse and cuboid", () => {
  countError("rectangle", [0, 0, 1], "Cannot use 3 numbers as points of a rectangle: expected 4");
  countError(
    "rectangle",
    [0, 0, 1, 1, 2, 2],
    "Cannot use 6 numbers as points of a rectangle: expected 4",
  );
  countError("ellipse", [0, 0], "Cannot use 2 numbers as points of an ellipse: expected 4");
  countError("cuboid", CUBOID.slice(2), "Cannot use 14 numbers as points of a cuboid: expected 16");
  countError(
    "cuboid",
    [...CUBOID, 1, 1],
    "Cannot use 18 numbers as points of a cuboid: expected 16",
  );
});

Deno.test("checkPointCount: minimum and even counts for polygon, polyline and points", () => {
  const polygon = "as points of a polygon: expected an even number, at least 6";
  countError("polygon", [0, 0, 1, 1], `Cannot use 4 numbers ${polygon}`);
  countError("polygon", [0, 0, 1, 1, 2, 2, 3], `Cannot use 7 numbers ${polygon}`);
  const polyline = "as points of a polyline: expected an even number, at least 4";
  countError("polyline", [0, 0], `Cannot use 2 numbers ${polyline}`);
  countError("polyline", [0, 0, 1, 1, 2], `Cannot use 5 numbers ${polyline}`);
  const points = "as points of a points: expected an even number, at least 2";
  countError("points", [], `Cannot use 0 numbers ${points}`);
  countError("points", [1, 2, 3], `Cannot use 3 numbers ${points}`);
});

Deno.test("checkPointCount: masks need 6 numbers, a valid box and matching counts", () => {
  countError(
    "mask",
    [1, 0, 0, 0, 0],
    "Cannot use 5 numbers as points of a mask: expected at least 6",
  );
  countError(
    "mask",
    [0, 1, 0, 0, 1.5, 0],
    "Mask bbox [0,0,1.5,0] gives a size of 2.5x1: expected non-negative integers",
  );
  countError(
    "mask",
    [0, 1, 5, 0, 3, 0],
    "Mask bbox [5,0,3,0] gives a size of -1x1: expected non-negative integers",
  );
  countError("mask", [0, 2, 5, 5, 5, 5], "RLE counts sum to 2, expected 1x1 = 1");
});

Deno.test("checkPointCount: every value must be a finite number", () => {
  countError(
    "rectangle",
    [0, NaN, 1, 1],
    "Point 1 of a rectangle must be a finite number, got NaN",
  );
  countError(
    "polygon",
    [0, 0, 1, Infinity, 2, 2],
    "Point 3 of a polygon must be a finite number, got Infinity",
  );
  countError(
    "points",
    [0, "1" as unknown as number],
    'Point 1 of a points must be a finite number, got "1"',
  );
  countError(
    "skeleton",
    [null as unknown as number],
    "Point 0 of a skeleton must be a finite number, got null",
  );
  countError("circle" as ShapeType, [0, 0], 'Unknown shape type "circle"');
  countError(
    "rectangle",
    "0,0,1,1" as unknown as number[],
    "Points of a rectangle must be an array, got 0,0,1,1",
  );
});

Deno.test("boundingBox: per shape type", () => {
  deepStrictEqual(boundingBox("rectangle", [10, 20, 30, 50]), {
    xtl: 10,
    ytl: 20,
    xbr: 30,
    ybr: 50,
  });
  deepStrictEqual(boundingBox("rectangle", [30, 50, 10, 20]), {
    xtl: 10,
    ytl: 20,
    xbr: 30,
    ybr: 50,
  });
  deepStrictEqual(boundingBox("polygon", [5, 1, 9, 7, 2, 4]), { xtl: 2, ytl: 1, xbr: 9, ybr: 7 });
  deepStrictEqual(boundingBox("polyline", [0, 0, 10, 0]), { xtl: 0, ytl: 0, xbr: 10, ybr: 0 });
  deepStrictEqual(boundingBox("points", [3, 4]), { xtl: 3, ytl: 4, xbr: 3, ybr: 4 });
  deepStrictEqual(boundingBox("cuboid", CUBOID), { xtl: 0, ytl: -20, xbr: 60, ybr: 40 });
  deepStrictEqual(boundingBox("ellipse", [50, 50, 70, 40]), { xtl: 30, ytl: 40, xbr: 70, ybr: 60 });
  deepStrictEqual(boundingBox("ellipse", [50, 50, 30, 60]), { xtl: 30, ytl: 40, xbr: 70, ybr: 60 });
  deepStrictEqual(boundingBox("skeleton", []), { xtl: 0, ytl: 0, xbr: 0, ybr: 0 });
  deepStrictEqual(boundingBox("skeleton", [1, 2, 5, 9]), { xtl: 1, ytl: 2, xbr: 5, ybr: 9 });
});

Deno.test("boundingBox: a mask box spans whole pixels (xbr = right + 1)", () => {
  const box = boundingBox("mask", MASK);
  deepStrictEqual(box, { xtl: 10, ytl: 20, xbr: 14, ybr: 23 });
  deepStrictEqual(box.xbr - box.xtl, 4, "width = right - left + 1");
  deepStrictEqual(box.ybr - box.ytl, 3);
  throws(() => boundingBox("mask", [1, 0, 0, 0, 0]), DataError);
});

Deno.test("clampPoints: clamps unrotated rectangles and poly shapes to the frame", () => {
  const frame = { width: 100, height: 80 };
  deepStrictEqual(clampPoints("rectangle", [-5, -1, 120, 90], 0, frame), [0, 0, 100, 80]);
  deepStrictEqual(clampPoints("polygon", [-5, 10, 120, 10, 50, 90], 0, frame), [
    0,
    10,
    100,
    10,
    50,
    80,
  ]);
  deepStrictEqual(clampPoints("polyline", [-1, -1, 100.5, 80.5], 0, frame), [0, 0, 100, 80]);
  deepStrictEqual(clampPoints("points", [50, 81, 101, 40], 0, frame), [50, 80, 100, 40]);
  deepStrictEqual(clampPoints("polygon", [1, 2, 3, 4, 5, 6], 0, frame), [1, 2, 3, 4, 5, 6]);
});

Deno.test("clampPoints: leaves rotated rectangles, ellipses, cuboids, masks and skeletons alone", () => {
  const frame = { width: 10, height: 10 };
  const cases: [ShapeType, number[], number][] = [
    ["rectangle", [-5, -5, 20, 20], 30],
    ["ellipse", [5, 5, 20, -10], 0],
    ["cuboid", CUBOID, 0],
    ["mask", MASK, 0],
    ["skeleton", [-1, 20], 0],
  ];
  for (const [shapeType, points, rotation] of cases) {
    const result = clampPoints(shapeType, points, rotation, frame);
    deepStrictEqual(result, points, shapeType);
    ok(result !== points, `${shapeType}: a copy is returned`);
  }
  const input = [-5, 10, 120, 10, 50, 90];
  clampPoints("polygon", input, 0, frame);
  deepStrictEqual(input, [-5, 10, 120, 10, 50, 90], "the input is not mutated");
});

Deno.test("isTooSmall: rectangles, polygons and cuboids below a box area of 9", () => {
  ok(isTooSmall("rectangle", [0, 0, 2, 4], 0), "area 8");
  ok(!isTooSmall("rectangle", [0, 0, 3, 3], 0), "area 9");
  ok(!isTooSmall("rectangle", [0, 0, 4.5, 2], 45), "area 9, rotated");
  ok(isTooSmall("rectangle", [0, 0, 4.49, 2], 0), "area 8.98");
  ok(isTooSmall("rectangle", [5, 5, 5, 500], 0), "zero width");
  ok(isTooSmall("polygon", [0, 0, 3, 0, 0, 2.99], 0), "box area 8.97");
  ok(!isTooSmall("polygon", [0, 0, 3, 0, 0, 3], 0), "box area 9 (triangle area 4.5)");
  ok(isTooSmall("cuboid", [0, 0, 0, 2, 4, 0, 4, 2, 1, 0, 1, 2, 4, 0, 4, 2], 0), "box 4x2");
  ok(!isTooSmall("cuboid", CUBOID, 0));
});

Deno.test("isTooSmall: polylines below a longer side of 3", () => {
  ok(isTooSmall("polyline", [0, 0, 2.99, 2.99], 0));
  ok(!isTooSmall("polyline", [0, 0, 3, 0], 0));
  ok(!isTooSmall("polyline", [0, 0, 0, 3], 0));
  ok(isTooSmall("polyline", [1, 1, 1, 1], 0));
});

Deno.test("isTooSmall: ellipses with π·rx·ry ≤ 9", () => {
  const ry = 9 / Math.PI;
  deepStrictEqual(Math.PI * 1 * ry, 9, "the border is exact in floating point");
  ok(isTooSmall("ellipse", [0, 0, 1, -ry], 0), "exactly 9");
  ok(isTooSmall("ellipse", [0, 0, -1, ry], 0), "exactly 9, mirrored points");
  ok(!isTooSmall("ellipse", [0, 0, 1, -ry * (1 + 1e-12)], 0), "just above 9");
  ok(!isTooSmall("ellipse", [10, 10, 13, 8], 30));
});

Deno.test("isTooSmall: masks without set pixels; points and skeletons never", () => {
  ok(isTooSmall("mask", [9, 5, 5, 7, 7], 0));
  ok(isTooSmall("mask", [1, 0, 0, 0, 0], 0));
  ok(!isTooSmall("mask", [0, 1, 5, 5, 5, 5], 0), "a single pixel is enough");
  ok(!isTooSmall("points", [1, 1], 0));
  ok(!isTooSmall("skeleton", [], 0));
});
