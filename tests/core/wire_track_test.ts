import { deepStrictEqual, ok, strictEqual, throws } from "node:assert/strict";
import { ArgumentError, DataError } from "../../lib/core/errors.ts";
import {
  expandTrack,
  expandTrackWithElements,
  interpolateTrack,
  trackKeyframes,
} from "../../lib/core/wire_track.ts";
import type { WireTrack, WireTrackedShape } from "../../lib/core/wire_types.ts";
import { wireKeyframe } from "./_wire.ts";

const kf = (frame: number, x: number, extra: Partial<WireTrackedShape> = {}): WireTrackedShape =>
  wireKeyframe(frame, { points: [x, 0, x + 10, 10], ...extra });

const track = (shapes: WireTrackedShape[], extra: Partial<WireTrack> = {}): WireTrack => ({
  frame: shapes[0]?.frame ?? 0,
  label_id: 1,
  group: null,
  source: "manual",
  attributes: [{ spec_id: 1, value: "immutable" }],
  shapes,
  ...extra,
});

/** Keyframes 0 visible, 10 occluded, 20 outside. */
const VOO = track([
  kf(0, 0, { id: 100, attributes: [{ spec_id: 2, value: "a" }] }),
  kf(10, 100, { id: 101, occluded: true, attributes: [{ spec_id: 2, value: "b" }] }),
  kf(20, 200, { id: 102, outside: true }),
]);

Deno.test("interpolateTrack: the wire form of trackAt, with keyframe flag and id", () => {
  deepStrictEqual(interpolateTrack(VOO, 15), {
    id: null,
    type: "rectangle",
    frame: 15,
    occluded: true,
    outside: false,
    z_order: 0,
    rotation: 0,
    points: [150, 0, 160, 10],
    attributes: [{ spec_id: 2, value: "b" }],
    keyframe: false,
  });
  const at20 = interpolateTrack(VOO, 20);
  deepStrictEqual([at20.outside, at20.keyframe, at20.id], [true, true, 102]);
  deepStrictEqual(at20.attributes, [{ spec_id: 2, value: "b" }]);
  const at25 = interpolateTrack(VOO, 25);
  deepStrictEqual([at25.outside, at25.keyframe, at25.id], [true, false, null]);
});

Deno.test("interpolateTrack: before the first keyframe the track is outside", () => {
  const at = interpolateTrack(track([kf(5, 50), kf(9, 90)]), 1);
  deepStrictEqual([at.outside, at.keyframe, at.points[0]], [true, false, 50]);
  deepStrictEqual(at.attributes, []);
});

Deno.test("interpolateTrack: deleted frames and unsorted shapes", () => {
  const shapes = [kf(20, 200), kf(0, 0), kf(10, 0)];
  strictEqual(interpolateTrack(track(shapes), 15).points[0], 100);
  strictEqual(interpolateTrack(track(shapes), 15, { isDeleted: (f) => f === 10 }).points[0], 150);
});

Deno.test("interpolateTrack: a track without shapes is a DataError", () => {
  throws(
    () => interpolateTrack(track([]), 4),
    (e: unknown) =>
      e instanceof DataError &&
      e.message === "Cannot get a track's position at frame 4: it has no keyframes",
  );
});

Deno.test("expandTrack: ends at the keyframe where the track goes outside for good", () => {
  const shapes = expandTrack(VOO, { stopFrame: 50 });
  strictEqual(shapes.length, 21);
  deepStrictEqual(shapes.map((s) => s.frame), Array.from({ length: 21 }, (_, i) => i));
  deepStrictEqual(shapes.filter((s) => s.keyframe).map((s) => s.frame), [0, 10, 20]);
  deepStrictEqual(shapes.filter((s) => s.id !== null).map((s) => s.id), [100, 101, 102]);
  const last = shapes[20];
  deepStrictEqual([last.outside, last.keyframe], [true, true]);
  deepStrictEqual([shapes[15].occluded, shapes[15].outside], [true, false]);
  deepStrictEqual(shapes[15].points, [150, 0, 160, 10]);
  deepStrictEqual(shapes[9].attributes, [{ spec_id: 2, value: "a" }]);
  deepStrictEqual(shapes[10].attributes, [{ spec_id: 2, value: "b" }]);
  for (let frame = 0; frame <= 20; frame++) {
    deepStrictEqual(shapes[frame], interpolateTrack(VOO, frame));
  }
});

Deno.test("expandTrack: runs to stopFrame when the last keyframe is visible", () => {
  const shapes = expandTrack(track([kf(5, 0), kf(10, 50, { occluded: true })]), { stopFrame: 30 });
  deepStrictEqual([shapes.length, shapes[0].frame, shapes.at(-1)!.frame], [26, 5, 30]);
  ok(shapes.every((s) => !s.outside));
  deepStrictEqual(shapes.at(-1)!.points, [50, 0, 60, 10]);
  deepStrictEqual(shapes.map((s) => s.keyframe).filter(Boolean).length, 2);
});

Deno.test("expandTrack: stops at stopFrame before the final outside keyframe", () => {
  const shapes = expandTrack(VOO, { stopFrame: 12 });
  deepStrictEqual([shapes.length, shapes.at(-1)!.frame], [13, 12]);
  deepStrictEqual(expandTrack(track([kf(40, 0)]), { stopFrame: 12 }), []);
  deepStrictEqual(expandTrack(track([]), { stopFrame: 12 }), []);
});

Deno.test("expandTrack: deleted keyframes do not end the track; all deleted gives []", () => {
  const shapes = [kf(0, 0), kf(10, 0, { outside: true })];
  const isDeleted = (frame: number) => frame === 10;
  const expanded = expandTrack(track(shapes), { stopFrame: 15, isDeleted });
  strictEqual(expanded.length, 16);
  deepStrictEqual([expanded[10].keyframe, expanded[10].outside], [true, true]);
  deepStrictEqual([expanded[11].keyframe, expanded[11].outside], [false, false]);
  deepStrictEqual(expandTrack(track(shapes), { stopFrame: 15, isDeleted: () => true }), []);
});

Deno.test("expandTrack: fresh arrays; a non-integer stopFrame is an ArgumentError", () => {
  const input = track([kf(0, 0), kf(2, 20)]);
  const shapes = expandTrack(input, { stopFrame: 3 });
  shapes[0].points[0] = -1;
  shapes[3].points[0] = -1;
  shapes[0].attributes.push({ spec_id: 9, value: "x" });
  deepStrictEqual(input.shapes[0].points, [0, 0, 10, 10]);
  deepStrictEqual(input.shapes[1].points, [20, 0, 30, 10]);
  deepStrictEqual(input.shapes[0].attributes, []);
  throws(() => expandTrack(input, { stopFrame: 2.5 }), ArgumentError);
});

Deno.test("expandTrackWithElements: a skeleton track and each element track", () => {
  const point = (frame: number, x: number, outside = false) =>
    kf(frame, 0, { type: "points", points: [x, x], outside });
  const skeleton = track([kf(0, 0, { type: "skeleton", points: [] })], {
    label_id: 2,
    elements: [
      track([point(0, 0), point(4, 40)], { label_id: 3 }),
      track([point(0, 0), point(2, 20, true)], { label_id: 4 }),
    ],
  });
  const expanded = expandTrackWithElements(skeleton, { stopFrame: 5 });
  strictEqual(expanded.shapes.length, 6);
  ok(expanded.shapes.every((s) => s.points.length === 0 && s.type === "skeleton"));
  deepStrictEqual(expanded.elements.map((e) => e.label_id), [3, 4]);
  deepStrictEqual(expanded.elements[0].shapes.map((s) => s.points[0]), [0, 10, 20, 30, 40, 40]);
  deepStrictEqual(expanded.elements[1].shapes.map((s) => s.outside), [false, false, true]);
  deepStrictEqual(expandTrackWithElements(track([kf(0, 0)]), { stopFrame: 1 }).elements, []);
});

Deno.test("trackKeyframes: wire shapes to sorted core keyframes", () => {
  const keyframes = trackKeyframes(
    track([kf(7, 0, { id: 3, z_order: 2, attributes: [{ spec_id: 5, value: "v" }] }), kf(1, 0)]),
  );
  deepStrictEqual(keyframes.map((k) => k.frame), [1, 7]);
  deepStrictEqual(keyframes[1], {
    frame: 7,
    points: [0, 0, 10, 10],
    rotation: 0,
    occluded: false,
    outside: false,
    zOrder: 2,
    attributes: { 5: "v" },
    serverID: 3,
  });
  strictEqual(keyframes[0].serverID, null);
});
