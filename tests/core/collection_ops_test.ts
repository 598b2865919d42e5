import { deepStrictEqual, ok, strictEqual } from "node:assert/strict";
import type { ObjectState } from "../../mod.ts";
import {
  CAR,
  collection,
  data,
  exportedTrack,
  framesAndOutside,
  keyframeFrames,
  label,
  PERSON,
  rangeFixture,
  rejectsUnchanged,
  shape,
  skeletonShape,
  skeletonTrack,
  SPEED,
  state,
  stateOf,
  tag,
  track,
} from "./_fixtures_ops.ts";

Deno.test("merge: shapes on 2, 3, 7 become one track with keyframes 2, 3, 4(out), 7, 8(out)", () => {
  const a = collection(data({
    shapes: [shape(2), shape(3, { points: [1, 1, 11, 11] }), shape(7, { points: [5, 5, 20, 20] })],
  }));
  const before = a.export();
  const id = a.merge([2, 3, 7].map((f) => a.get(f)[0]));
  const after = a.export();
  deepStrictEqual(after.shapes, []);
  strictEqual(after.tracks.length, 1);
  strictEqual(after.tracks[0].clientID, id);
  strictEqual(after.tracks[0].frame, 2);
  deepStrictEqual(framesAndOutside(a, id), [[2, false], [3, false], [4, true], [7, false], [
    8,
    true,
  ]]);
  deepStrictEqual(exportedTrack(a, id).shapes[2].points, [1, 1, 11, 11]);
  deepStrictEqual(exportedTrack(a, id).shapes[4].points, [5, 5, 20, 20]);
  deepStrictEqual(a.history.get(), { undo: [["Merged objects", 2]], redo: [] });
  // The track is visible on 2 and 3, hidden on 5, visible again on 7.
  deepStrictEqual([2, 3, 5, 7, 9].map((f) => a.get(f).length), [1, 1, 0, 1, 0]);
  a.history.undo();
  deepStrictEqual(a.export(), before);
  a.history.redo();
  deepStrictEqual(a.export(), after);
});

Deno.test("merge: a shape and a track; no outside keyframe after stopFrame", () => {
  const a = collection(data({ shapes: [shape(99)], tracks: [track([[10], [20, true]])] }));
  const id = a.merge([a.get(99)[0], a.get(10)[0]]);
  deepStrictEqual(framesAndOutside(a, id), [[10, false], [20, true], [99, false]]);
  deepStrictEqual(a.export().shapes, []);
  strictEqual(a.export().tracks.length, 1);
  // A track's visible keyframe wins over a shape's automatic outside keyframe.
  const b = collection(data({ shapes: [shape(3)], tracks: [track([[4], [8]])] }));
  const merged = b.merge([b.get(3).find((s) => s.objectType === "shape")!, b.get(4)[0]]);
  deepStrictEqual(framesAndOutside(b, merged), [[3, false], [4, false], [8, false]]);
});

Deno.test("merge: the new track has group 0, source manual, no id, first object's attributes", () => {
  const a = collection(data({
    shapes: [
      shape(1, { id: 5, group: 4, source: "auto", attributes: [{ spec_id: 3, value: "audi" }] }),
      shape(5, { id: 6, group: 4, attributes: [{ spec_id: 3, value: "bmw" }] }),
    ],
  }));
  const id = a.merge([a.get(1)[0], a.get(5)[0]]);
  const t = exportedTrack(a, id);
  strictEqual(t.group, 0);
  strictEqual(t.source, "manual");
  strictEqual(t.id, undefined);
  ok(t.attributes.some((x) => x.spec_id === 3 && x.value === "audi"));
});

Deno.test("merge: skeletons merge their elements per sublabel", () => {
  const a = collection(data({ shapes: [skeletonShape(2, 5, 5), skeletonShape(6, 8, 8)] }));
  const id = a.merge([a.get(2)[0], a.get(6)[0]]);
  const t = exportedTrack(a, id);
  deepStrictEqual(t.elements!.map((e) => e.label_id), [11, 12]);
  deepStrictEqual(t.elements![0].shapes.map((s) => [s.frame, s.outside, s.points]), [
    [2, false, [5, 5]],
    [3, true, [5, 5]],
    [6, false, [8, 8]],
    [7, true, [8, 8]],
  ]);
});

Deno.test("merge: errors change nothing", () => {
  const a = collection(data({
    shapes: [
      shape(1),
      shape(2, { label_id: PERSON }),
      shape(3, { type: "polygon", points: [0, 0, 10, 0, 10, 10] }),
      shape(4),
    ],
    tracks: [track([[4], [8]])],
    tags: [tag(5)],
  }));
  const on = (f: number) => a.get(f)[0];
  rejectsUnchanged(a, () => a.merge([on(1), on(2)]), "different labels");
  rejectsUnchanged(a, () => a.merge([on(1), on(3)]), "different types");
  rejectsUnchanged(a, () => a.merge([on(1), a.get(5).at(-1)!]), "a tag");
  const shape4 = a.get(4).find((s) => s.objectType === "shape")!;
  rejectsUnchanged(a, () => a.merge([shape4, on(4)]), "two visible on frame 4");
  const fresh = state(a, { frame: 1 });
  rejectsUnchanged(a, () => a.merge([on(1), fresh]), "a state never put");
  const other = collection(data({ shapes: Array.from({ length: 10 }, (_, f) => shape(f)) }));
  const foreign = other.get(9)[0];
  strictEqual(foreign.clientID, 10, "a clientID unknown to `a` (6 objects)");
  rejectsUnchanged(a, () => a.merge([on(1), foreign]), "a state of another collection");
  rejectsUnchanged(a, () => a.merge("x" as never), "not an array");
});

Deno.test("merge/split/group: a state of another collection with a clientID known here", () => {
  const input = data({ shapes: [shape(2), shape(3)], tracks: [track([[0], [10]])] });
  const a = collection(input);
  const b = collection(input);
  const foreign = (f: number) => b.get(f).find((s) => s.objectType === "shape")!;
  rejectsUnchanged(a, () => a.merge([foreign(2), foreign(3)]), "merge");
  rejectsUnchanged(a, () => a.split(b.get(5)[0], 5), "split");
  rejectsUnchanged(a, () => a.group([foreign(2)]), "group");
});

Deno.test("split: a track at frame 5 → A ends with an outside keyframe at 5, B starts at 5", () => {
  const a = collection(data({ tracks: [track([[0], [10], [20]], { id: 7, group: 2 })] }));
  const before = a.export();
  const original = a.get(5)[0];
  const ids = a.split(original, 5);
  strictEqual(ids.length, 2);
  ok(!ids.includes(original.clientID!));
  const [first, second] = ids.map((id) => exportedTrack(a, id));
  strictEqual(a.export().tracks.length, 2);
  deepStrictEqual(first.shapes.map((s) => [s.frame, s.outside, s.points]), [
    [0, false, [0, 0, 10, 10]],
    [5, true, [5, 0, 15, 10]],
  ]);
  deepStrictEqual(second.shapes.map((s) => [s.frame, s.outside, s.points]), [
    [5, false, [5, 0, 15, 10]],
    [10, false, [10, 0, 20, 10]],
    [20, false, [20, 0, 30, 10]],
  ]);
  for (const t of [first, second]) {
    strictEqual(t.id, undefined);
    strictEqual(t.group, 0);
    strictEqual(t.source, "manual");
  }
  deepStrictEqual(a.history.get(), { undo: [["Splitted track", 5]], redo: [] });
  a.history.undo();
  deepStrictEqual(a.export(), before);
});

Deno.test("split: B opens with the mutable attributes in force at the frame", () => {
  const speed = (value: number) => [{ spec_id: SPEED, value: String(value) }];
  const a = collection(data({
    tracks: [track([[0, false, undefined, speed(5)], [10, false, undefined, speed(50)]])],
  }));
  const [, second] = a.split(a.get(5)[0], 5);
  deepStrictEqual(exportedTrack(a, second).shapes.map((s) => s.attributes), [speed(5), speed(50)]);
  strictEqual(stateOf(a, second, 7).attributes[SPEED], "5");
});

Deno.test("split: at a keyframe, and after the last keyframe", () => {
  const a = collection(data({ tracks: [track([[0], [10], [20]])] }));
  const ids = a.split(a.get(10)[0], 10);
  deepStrictEqual(keyframeFrames(a, ids[0]), [0, 10]);
  deepStrictEqual(keyframeFrames(a, ids[1]), [10, 20]);
  const b = collection(data({ tracks: [track([[3], [10]])] }));
  const [x, y] = b.split(b.get(50)[0], 50);
  deepStrictEqual(framesAndOutside(b, x), [[3, false], [10, false], [50, true]]);
  deepStrictEqual(framesAndOutside(b, y), [[50, false]]);
});

Deno.test("split: no-op at or before the first keyframe and for shapes", () => {
  const a = collection(data({ tracks: [track([[3], [10]])], shapes: [shape(4)] }));
  const before = a.export();
  const t = stateOf(a, a.export().tracks[0].clientID!, 3);
  deepStrictEqual(a.split(t, 3), []);
  deepStrictEqual(a.split(t, 2), []);
  deepStrictEqual(a.split(a.get(4).find((s) => s.objectType === "shape")!, 4), []);
  deepStrictEqual(a.export(), before);
  deepStrictEqual(a.history.get().undo, []);
});

Deno.test("split: a bad frame or state → ArgumentError, nothing changes", () => {
  const a = collection(data({ tracks: [track([[0], [10]])] }));
  const t = a.get(5)[0];
  for (const frame of [5.5, "5", NaN, null, undefined]) {
    rejectsUnchanged(a, () => a.split(t, frame as number), `frame ${frame}`);
  }
  rejectsUnchanged(a, () => a.split({} as ObjectState, 5), "not a state");
  rejectsUnchanged(a, () => a.split(state(a, { frame: 5 }), 5), "never put");
});

Deno.test("group: one new id for all, increasing from the imported max; reset → 0", () => {
  const a = collection(data({
    shapes: [shape(1, { group: 3 }), shape(2, { group: 7 }), shape(3)],
    tracks: [track([[50], [60]], { group: 5 })],
  }));
  const states = [1, 2, 3, 50].map((f) => a.get(f)[0]);
  strictEqual(a.group(states), 8);
  for (const f of [1, 2, 3, 50]) strictEqual(a.get(f)[0].group!.id, 8);
  deepStrictEqual(a.export().shapes.map((s) => s.group), [8, 8, 8]);
  strictEqual(a.group([a.get(1)[0]]), 9);
  strictEqual(a.group(states, true), 0);
  for (const f of [1, 2, 3, 50]) strictEqual(a.get(f)[0].group!.id, 0);
  deepStrictEqual(a.history.get().undo.map(([action]) => action), [
    "Grouped objects",
    "Grouped objects",
    "Grouped objects",
  ]);
  a.history.undo(2);
  deepStrictEqual(a.export().shapes.map((s) => s.group), [8, 8, 8]);
  a.history.undo();
  deepStrictEqual(a.export().shapes.map((s) => s.group), [3, 7, 0]);
  strictEqual(collection().group([]), 1);
  rejectsUnchanged(a, () => a.group(states, "yes" as never), "reset not boolean");
  rejectsUnchanged(a, () => a.group([state(a, { frame: 1 })]), "never put");
});

Deno.test("clear(): everything goes, and the history too", () => {
  const a = collection(rangeFixture());
  a.put([state(a, { frame: 1 })]);
  a.history.undo();
  a.put([state(a, { frame: 2 })]);
  a.clear();
  deepStrictEqual(a.export(), data());
  deepStrictEqual(a.history.get(), { undo: [], redo: [] });
  deepStrictEqual(a.history.undo(), []);
  deepStrictEqual(a.export(), data());
});

Deno.test("clear({startFrame, stopFrame}): shapes/tags in range and tracks starting in it", () => {
  const a = collection(rangeFixture());
  const history = a.history.get();
  a.clear({ startFrame: 10, stopFrame: 20 });
  const out = a.export();
  deepStrictEqual(out.shapes.map((s) => s.frame), [5, 21]);
  deepStrictEqual(out.tags.map((t) => t.frame), [25]);
  deepStrictEqual(out.tracks.map((t) => t.shapes.map((s) => s.frame)), [[0, 15, 30], [5, 12], [
    21,
    40,
  ]]);
  deepStrictEqual(a.history.get(), history);
  const b = collection(rangeFixture());
  b.clear({ startFrame: 21 });
  deepStrictEqual(b.export().shapes.map((s) => s.frame), [5, 10, 20]);
  deepStrictEqual(b.export().tracks.length, 3);
});

Deno.test("clear({..., delTrackKeyframesOnly: true}) drops keyframes; an empty track goes", () => {
  const a = collection(rangeFixture());
  a.clear({ startFrame: 10, stopFrame: 20, delTrackKeyframesOnly: true });
  const out = a.export();
  deepStrictEqual(out.shapes.map((s) => s.frame), [5, 21]);
  deepStrictEqual(out.tags.map((t) => t.frame), [25]);
  deepStrictEqual(out.tracks.map((t) => [t.frame, t.shapes.map((s) => s.frame)]), [
    [0, [0, 30]],
    [5, [5]],
    [21, [21, 40]],
  ]);
});

Deno.test({
  name: "clear(delTrackKeyframesOnly): a skeleton's elements start at their first keyframe",
  fn() {
    const a = collection(data({ tracks: [skeletonTrack([12, 30])] }));
    a.clear({ startFrame: 10, stopFrame: 20, delTrackKeyframesOnly: true });
    const [t] = a.export().tracks;
    deepStrictEqual([t.frame, ...t.elements!.map((e) => e.frame)], [30, 30, 30]);
  },
});

Deno.test("clear: bad options → ArgumentError and nothing changes", () => {
  const a = collection(rangeFixture());
  const bad: unknown[] = [
    "x",
    { startFrame: 1.5 },
    { startFrame: -1 },
    { stopFrame: 100 },
    { startFrame: "3" },
    { startFrame: 0, stopFrame: NaN },
    { startFrame: 0, delTrackKeyframesOnly: "yes" },
    { delTrackKeyframesOnly: 1 },
    { startFrame: 20, stopFrame: 10 },
    { foo: 1 },
    { reload: true },
    5,
    true,
    [],
  ];
  for (const options of bad) {
    rejectsUnchanged(a, () => a.clear(options as never), JSON.stringify(options));
  }
});

Deno.test("undo of merge/split/group restores the exact previous export", () => {
  const a = collection(data({ shapes: [shape(2), shape(4)], tracks: [track([[10], [20]])] }));
  a.put([state(a, { frame: 30, objectType: "track", label: label(a, CAR) })]);
  const exports = [a.export()];
  a.merge([a.get(2)[0], a.get(4)[0]]);
  exports.push(a.export());
  a.split(a.get(15)[0], 15);
  exports.push(a.export());
  a.group(a.get(18));
  exports.push(a.export());
  for (let i = exports.length - 2; i >= 0; i--) {
    a.history.undo();
    deepStrictEqual(a.export(), exports[i]);
  }
  for (let i = 1; i < exports.length; i++) {
    a.history.redo();
    deepStrictEqual(a.export(), exports[i]);
  }
});
