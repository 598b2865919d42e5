import { deepStrictEqual, ok, strictEqual, throws } from "node:assert/strict";
import { ArgumentError, DataError } from "../../lib/core/errors.ts";
import {
  keyframeIndex,
  trackAt,
  trackAttributesAt,
  trackPositionAt,
} from "../../lib/core/track.ts";
import { rectKeyframe as kf } from "./_records.ts";

const RECT = { shapeType: "rectangle" as const };

/** Keyframes 0 visible, 10 occluded, 20 outside (reference/cvat-core.md §3). */
const VOO = [kf(0, 0), kf(10, 100, { occluded: true }), kf(20, 200, { outside: true })];

Deno.test("trackAt: between keyframes, occluded and outside come from the left keyframe", () => {
  const at = trackAt(VOO, 15, RECT);
  deepStrictEqual(at.position, {
    points: [150, 0, 160, 10],
    rotation: 0,
    occluded: true,
    outside: false,
    zOrder: 0,
  });
  strictEqual(at.keyframe, false);
  deepStrictEqual([at.prev, at.next, at.first, at.last], [10, 20, 0, 20]);
});

Deno.test("trackAt: an outside keyframe is returned with outside=true", () => {
  const at = trackAt(VOO, 20, RECT);
  strictEqual(at.position.outside, true);
  strictEqual(at.keyframe, true);
  deepStrictEqual(at.position.points, [200, 0, 210, 10]);
  deepStrictEqual([at.prev, at.next], [10, null]);
});

Deno.test("trackAt: after an outside last keyframe the track stays outside", () => {
  const at = trackAt(VOO, 25, RECT);
  strictEqual(at.position.outside, true);
  strictEqual(at.keyframe, false);
  deepStrictEqual([at.prev, at.next, at.first, at.last], [20, null, 0, 20]);
});

Deno.test("trackAt: at a keyframe, the keyframe's own flags and points", () => {
  const at = trackAt(VOO, 10, RECT);
  strictEqual(at.keyframe, true);
  strictEqual(at.position.occluded, true);
  deepStrictEqual(at.position.points, [100, 0, 110, 10]);
  deepStrictEqual([at.prev, at.next], [0, 20]);
});

Deno.test("trackAt: before the first keyframe, a copy of it with outside forced true", () => {
  const keyframes = [kf(5, 50), kf(10, 100)];
  const at = trackAt(keyframes, 2, RECT);
  deepStrictEqual(at.position.points, [50, 0, 60, 10]);
  strictEqual(at.position.outside, true);
  strictEqual(at.keyframe, false);
  deepStrictEqual([at.prev, at.next, at.first, at.last], [null, 5, 5, 10]);
});

Deno.test("trackAt: after a visible last keyframe the track stays visible", () => {
  const at = trackAt([kf(0, 0), kf(10, 100)], 400, RECT);
  strictEqual(at.position.outside, false);
  deepStrictEqual(at.position.points, [100, 0, 110, 10]);
  deepStrictEqual([at.prev, at.next], [10, null]);
});

Deno.test("trackAt: zOrder comes from the left keyframe", () => {
  const at = trackAt([kf(0, 0, { zOrder: 3 }), kf(10, 10, { zOrder: 7 })], 9, RECT);
  strictEqual(at.position.zOrder, 3);
});

Deno.test("trackAt: keyframes on deleted frames are skipped for prev/next/first/last", () => {
  const keyframes = [kf(0, 0), kf(10, 0), kf(20, 200)];
  const isDeleted = (frame: number) => frame === 10;
  strictEqual(trackAt(keyframes, 15, RECT).position.points[0], 100);
  const at = trackAt(keyframes, 15, { ...RECT, isDeleted });
  strictEqual(at.position.points[0], 150);
  deepStrictEqual([at.prev, at.next], [0, 20]);
  const firstDeleted = trackAt(keyframes, 15, { ...RECT, isDeleted: (f) => f === 0 });
  deepStrictEqual([firstDeleted.first, firstDeleted.last], [10, 20]);
  const lastDeleted = trackAt(keyframes, 15, { ...RECT, isDeleted: (f) => f === 20 });
  deepStrictEqual([lastDeleted.next, lastDeleted.last], [null, 10]);
  strictEqual(lastDeleted.position.points[0], 0);
});

Deno.test("trackAt: a keyframe on a deleted frame is still left at its own frame", () => {
  const keyframes = [kf(0, 0), kf(10, 0, { occluded: true }), kf(20, 200)];
  const at = trackAt(keyframes, 10, { ...RECT, isDeleted: (f) => f === 10 });
  strictEqual(at.keyframe, true);
  strictEqual(at.position.occluded, true);
  deepStrictEqual(at.position.points, [0, 0, 10, 10]);
  deepStrictEqual([at.prev, at.next, at.first, at.last], [0, 20, 0, 20]);
});

Deno.test("trackAt: no keyframe to use is a DataError", () => {
  throws(
    () => trackAt([], 3, RECT),
    (error: unknown) =>
      error instanceof DataError &&
      error.message === "Cannot get a track's position at frame 3: it has no keyframes",
  );
  throws(() => trackAt([kf(0, 0)], 3, { ...RECT, isDeleted: () => true }), DataError);
});

Deno.test("trackAt: a non-integer frame is an ArgumentError", () => {
  throws(() => trackAt(VOO, 1.5, RECT), ArgumentError);
  throws(() => trackAt(VOO, NaN, RECT), ArgumentError);
});

Deno.test("trackAt: results are fresh copies", () => {
  const keyframes = [kf(0, 0, { attributes: { 1: "a" } }), kf(10, 100)];
  for (const frame of [0, 5, 10, 20]) {
    const at = trackAt(keyframes, frame, RECT);
    at.position.points[0] = -1;
    at.attributes[1] = "changed";
  }
  const before = trackAt([kf(5, 50)], 0, RECT);
  before.position.points.push(1);
  deepStrictEqual(keyframes[0].points, [0, 0, 10, 10]);
  deepStrictEqual(keyframes[1].points, [100, 0, 110, 10]);
  deepStrictEqual(keyframes[0].attributes, { 1: "a" });
});

Deno.test("trackAt: mutable attributes overlaid in ascending order, latest wins", () => {
  const keyframes = [
    kf(0, 0, { attributes: { 1: "a", 2: "x" } }),
    kf(10, 0, { attributes: { 1: "b" } }),
    kf(20, 0, { attributes: { 1: "c", 3: "z" } }),
  ];
  deepStrictEqual(trackAt(keyframes, 5, RECT).attributes, { 1: "a", 2: "x" });
  deepStrictEqual(trackAt(keyframes, 10, RECT).attributes, { 1: "b", 2: "x" });
  deepStrictEqual(trackAt(keyframes, 15, RECT).attributes, { 1: "b", 2: "x" });
  deepStrictEqual(trackAt(keyframes, 99, RECT).attributes, { 1: "c", 2: "x", 3: "z" });
  deepStrictEqual(trackAttributesAt(keyframes, -1), {});
});

Deno.test("trackAt: skeleton and mask tracks hold the left keyframe between keyframes", () => {
  const skeleton = [
    kf(0, 0, { points: [], occluded: true, zOrder: 2 }),
    kf(10, 0, { points: [], outside: true }),
  ];
  const at = trackAt(skeleton, 5, { shapeType: "skeleton" });
  deepStrictEqual(at.position, {
    points: [],
    rotation: 0,
    occluded: true,
    outside: false,
    zOrder: 2,
  });
  const mask = [kf(0, 0), kf(10, 100)];
  deepStrictEqual(trackAt(mask, 5, { shapeType: "mask" }).position.points, [0, 0, 10, 10]);
});

Deno.test("trackAt: points, polygons and 3d cuboids go through the interpolation module", () => {
  const a = kf(0, 0, { points: [0, 0] });
  const b = kf(10, 0, { points: [10, 20] });
  deepStrictEqual(trackAt([a, b], 5, { shapeType: "points" }).position.points, [5, 10]);
  const square = kf(0, 0, { points: [0, 0, 10, 0, 10, 10, 0, 10] });
  const moved = kf(10, 0, { points: [10, 10, 30, 10, 30, 30, 10, 30] });
  deepStrictEqual(
    trackAt([square, moved], 5, { shapeType: "polygon" }).position.points,
    [5, 5, 20, 5, 20, 20, 5, 20],
  );
  const cuboid = (x: number, angle: number) =>
    kf(x, 0, { points: [x, 0, 0, angle, 0, 0, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0] });
  const at = trackAt([cuboid(0, 3), cuboid(10, -3)], 5, { shapeType: "cuboid", dimension: "3d" });
  strictEqual(at.position.points[0], 5);
  ok(Math.abs(at.position.points[3] - Math.PI) < 1e-9, `angle ${at.position.points[3]}`);
});

Deno.test("trackPositionAt: no attributes; keyframeIndex is a lower bound", () => {
  const at = trackPositionAt(VOO, 15, RECT);
  ok(!("attributes" in at));
  const frames = [0, 3, 3, 7].map((frame) => ({ frame }));
  deepStrictEqual([-1, 0, 1, 3, 4, 7, 8].map((f) => keyframeIndex(frames, f)), [
    0,
    0,
    1,
    1,
    3,
    3,
    4,
  ]);
});

Deno.test("trackPositionAt: a binary search, not a scan", () => {
  const keyframes = Array.from({ length: 100_000 }, (_, i) => kf(i * 2, i));
  let calls = 0;
  const isDeleted = () => {
    calls++;
    return false;
  };
  const at = trackPositionAt(keyframes, 100_001, { ...RECT, isDeleted });
  deepStrictEqual([at.prev, at.next, at.first, at.last], [100_000, 100_002, 0, 199_998]);
  ok(calls <= 4, `isDeleted was called ${calls} times`);
  strictEqual(at.position.points[0], 50_000.5);
});
