/**
 * Black-box tests of createAnnotations: import/export, get() semantics, attributes.
 */
import { deepStrictEqual, ok, strictEqual, throws } from "node:assert/strict";
import { ArgumentError, type LabeledData } from "../../mod.ts";
import {
  attrs,
  CAR_ATTR,
  collection,
  data,
  keyframe,
  shape,
  skeletonShape,
  skeletonTrack,
  tag,
  track,
} from "./_fixtures.ts";

const ALL_DEFAULTS = attrs({ 11: "red", 12: "sedan", 13: "false", 14: "0", 15: "", 16: "none" });

const CUBOID = [0, 0, 0, 10, 10, 0, 10, 10, 20, 0, 20, 10, 30, 0, 30, 10];

/** One object of every kind: 2 tags, 8 shapes (every type), 2 tracks (rectangle, skeleton). */
function everything(): LabeledData {
  return data({
    tags: [tag(1, { id: 7 }), tag(2, { attributes: attrs({ 11: "blue" }) })],
    shapes: [
      shape("rectangle", 0, [0, 0, 10, 10], { id: 100, rotation: 30, z_order: 2 }),
      shape("polygon", 0, [0, 0, 10, 0, 10, 10], { occluded: true }),
      shape("polyline", 0, [0, 0, 10, 0]),
      shape("points", 0, [5, 5, 7, 7]),
      shape("ellipse", 0, [50, 50, 60, 40], { rotation: 45 }),
      shape("cuboid", 0, CUBOID),
      // 2x2 mask, all pixels set: RLE [0, 4] + bbox [10, 10, 11, 11]
      shape("mask", 0, [0, 4, 10, 10, 11, 11], { id: 101 }),
      skeletonShape(0, [[1, 1], [5, 5], [9, 9]], { id: 200 }),
    ],
    tracks: [
      track([
        keyframe(0, [0, 0, 10, 10], { id: 5, attributes: attrs({ 14: "20" }) }),
        keyframe(10, [10, 10, 30, 30]),
      ], { id: 300, attributes: attrs({ 11: "green" }) }),
      skeletonTrack([0, 10], [[[1, 1], [5, 5], [9, 9]], [[11, 11], [15, 15], [19, 19]]]),
    ],
  });
}

Deno.test("import/export: round trip keeps ids and gives clientIDs tags, shapes, tracks", () => {
  const a = collection();
  a.import(everything());
  const out = a.export();
  strictEqual("version" in out, false);
  deepStrictEqual(out.tags.map((t) => [t.clientID, t.id]), [[1, 7], [2, undefined]]);
  deepStrictEqual(out.shapes.map((s) => [s.clientID, s.type, s.id]), [
    [3, "rectangle", 100],
    [4, "polygon", undefined],
    [5, "polyline", undefined],
    [6, "points", undefined],
    [7, "ellipse", undefined],
    [8, "cuboid", undefined],
    [9, "mask", 101],
    [10, "skeleton", 200],
  ]);
  // skeleton elements are numbered right after their parent
  deepStrictEqual(out.shapes[7].elements!.map((e) => [e.clientID, e.label_id, e.points]), [
    [11, 31, [1, 1]],
    [12, 32, [5, 5]],
    [13, 33, [9, 9]],
  ]);
  deepStrictEqual(out.tracks.map((t) => [t.clientID, t.id, t.elements!.length]), [
    [14, 300, 0],
    [15, undefined, 3],
  ]);
  deepStrictEqual(out.tracks[1].elements!.map((e) => e.clientID), [16, 17, 18]);
  // geometry and flags survive
  deepStrictEqual(out.shapes[0].points, [0, 0, 10, 10]);
  strictEqual(out.shapes[0].rotation, 30);
  strictEqual(out.shapes[0].z_order, 2);
  strictEqual(out.shapes[1].occluded, true);
  strictEqual(out.shapes[4].rotation, 45);
  deepStrictEqual(out.shapes[5].points, CUBOID);
  deepStrictEqual(out.shapes[6].points, [0, 4, 10, 10, 11, 11]);
  deepStrictEqual(out.tracks[0].shapes.map((s) => [s.frame, s.id, s.points]), [
    [0, 5, [0, 0, 10, 10]],
    [10, undefined, [10, 10, 30, 30]],
  ]);
  deepStrictEqual(
    out.tracks[1].elements!.map((e) => e.shapes.map((s) => s.points)),
    [[[1, 1], [11, 11]], [[5, 5], [15, 15]], [[9, 9], [19, 19]]],
  );
  // a second collection fed the export exports the same thing
  const b = collection();
  b.import(out);
  deepStrictEqual(b.export(), out);
});

Deno.test("import: attribute defaults are filled; tracks split immutable and mutable", () => {
  const a = collection();
  a.import(everything());
  const out = a.export();
  deepStrictEqual(out.tags[0].attributes, ALL_DEFAULTS);
  deepStrictEqual(out.tags[1].attributes, attrs({ ...defaultsMap(), 11: "blue" }));
  deepStrictEqual(out.shapes[0].attributes, ALL_DEFAULTS);
  deepStrictEqual(out.tracks[0].attributes, attrs({ 11: "green", 12: "sedan", 15: "" }));
  deepStrictEqual(out.tracks[0].shapes[0].attributes, attrs({ 14: "20" }));
  deepStrictEqual(out.tracks[0].shapes[1].attributes, []);
});

function defaultsMap(): Record<number, string> {
  return Object.fromEntries(ALL_DEFAULTS.map((a) => [a.spec_id, a.value]));
}

Deno.test("export: tags never carry elements, top-level shapes and tracks do", () => {
  const a = collection();
  a.import(everything());
  const out = a.export();
  for (const t of out.tags) strictEqual("elements" in t, false);
  for (const s of out.shapes) ok(Array.isArray(s.elements));
  for (const e of out.shapes[7].elements!) strictEqual("elements" in e, false);
  for (const t of out.tracks) ok(Array.isArray(t.elements));
});

Deno.test("clientIDs are per collection and start at 1", () => {
  const a = collection();
  const b = collection();
  a.import(data({ shapes: [shape("rectangle", 0, [0, 0, 10, 10])] }));
  b.import(data({ tags: [tag(0)], shapes: [shape("rectangle", 0, [0, 0, 10, 10])] }));
  deepStrictEqual(a.export().shapes.map((s) => s.clientID), [1]);
  deepStrictEqual(b.export().tags.map((t) => t.clientID), [1]);
  deepStrictEqual(b.export().shapes.map((s) => s.clientID), [2]);
});

Deno.test("hasUnsavedChanges: false after creation and after import; import adds no history", () => {
  const a = collection();
  strictEqual(a.hasUnsavedChanges(), false);
  a.import(everything());
  strictEqual(a.hasUnsavedChanges(), false);
  deepStrictEqual(a.history.get(), { undo: [], redo: [] });
});

Deno.test("get: tracks, then shapes, then tags", () => {
  const a = collection();
  a.import(data({
    tags: [tag(0)],
    shapes: [shape("rectangle", 0, [0, 0, 10, 10]), shape("points", 0, [1, 1])],
    tracks: [track([keyframe(0, [0, 0, 10, 10])])],
  }));
  deepStrictEqual(a.get(0).map((s) => [s.objectType, s.clientID]), [
    ["track", 4],
    ["shape", 2],
    ["shape", 3],
    ["tag", 1],
  ]);
  deepStrictEqual(a.get(1).map((s) => s.objectType), ["track"]);
});

Deno.test("get: a bad or out-of-range frame throws ArgumentError", () => {
  const a = collection({ startFrame: 5, stopFrame: 20 });
  for (const frame of [4, 21, -1, 1.5, NaN, "5", null, undefined]) {
    throws(() => a.get(frame as number), ArgumentError, String(frame));
  }
  deepStrictEqual(a.get(5), []);
  deepStrictEqual(a.get(20), []);
  throws(() => a.get(5, null, { allTracks: "yes" as unknown as boolean }), ArgumentError);
});

Deno.test("get: frames deleted with setDeletedFrames give [] and are read live", () => {
  const a = collection();
  a.import(data({
    tags: [tag(3)],
    shapes: [shape("rectangle", 3, [0, 0, 10, 10]), shape("rectangle", 4, [0, 0, 10, 10])],
    tracks: [track([keyframe(0, [0, 0, 10, 10])])],
  }));
  strictEqual(a.get(3).length, 3);
  a.setDeletedFrames([3]);
  deepStrictEqual(a.get(3), []);
  deepStrictEqual(a.get(3, null, { allTracks: true }), []);
  strictEqual(a.get(4).length, 2);
  a.setDeletedFrames([4]);
  strictEqual(a.get(3).length, 3);
  deepStrictEqual(a.get(4), []);
  a.setDeletedFrames([]);
  strictEqual(a.get(4).length, 2);
  throws(() => a.setDeletedFrames([-1]), ArgumentError);
});

Deno.test("get: the deletedFrames option of createAnnotations is honoured", () => {
  const a = collection({ deletedFrames: [3] });
  a.import(data({ tags: [tag(3)], shapes: [shape("rectangle", 3, [0, 0, 10, 10])] }));
  deepStrictEqual(a.get(3), []);
  a.setDeletedFrames([]);
  strictEqual(a.get(3).length, 2);
});

Deno.test("get: §15.1 track vector (keyframes 0 visible, 10 occluded, 20 outside)", () => {
  const a = collection();
  a.import(data({
    tracks: [track([
      keyframe(0, [0, 0, 10, 10]),
      keyframe(10, [10, 10, 20, 20], { occluded: true }),
      keyframe(20, [20, 20, 30, 30], { outside: true }),
    ])],
  }));
  const [at15] = a.get(15);
  strictEqual(at15.occluded, true);
  strictEqual(at15.outside, false);
  strictEqual(at15.keyframe, false);
  deepStrictEqual(at15.points, [15, 15, 25, 25]);
  deepStrictEqual(at15.keyframes, { prev: 10, next: 20, first: 0, last: 20 });
  const [at20] = a.get(20);
  strictEqual(at20.outside, true);
  strictEqual(at20.keyframe, true);
  deepStrictEqual(a.get(25), []);
  const [at25] = a.get(25, null, { allTracks: true });
  strictEqual(at25.outside, true);
  strictEqual(at25.keyframe, false);
  deepStrictEqual(at25.keyframes, { prev: 20, next: null, first: 0, last: 20 });
});

Deno.test("get: a track is hidden before its first keyframe, visible after the last", () => {
  const a = collection();
  a.import(data({ tracks: [track([keyframe(5, [0, 0, 10, 10]), keyframe(8, [0, 0, 20, 20])])] }));
  deepStrictEqual(a.get(4), []);
  const [before] = a.get(4, null, { allTracks: true });
  strictEqual(before.outside, true);
  deepStrictEqual(before.points, [0, 0, 10, 10]);
  const [after] = a.get(99);
  strictEqual(after.outside, false);
  deepStrictEqual(after.points, [0, 0, 20, 20]);
});

Deno.test("get: shapes and tags report keyframes null; tracks report bounds", () => {
  const a = collection();
  a.import(everything());
  for (const s of a.get(0)) {
    if (s.objectType === "track") ok(s.keyframes !== null);
    else strictEqual(s.keyframes, null, `${s.objectType} ${s.shapeType}`);
  }
  for (const t of a.get(1)) if (t.objectType === "tag") strictEqual(t.keyframes, null);
});

Deno.test("get: skeleton shape and skeleton track states carry their elements", () => {
  const a = collection();
  a.import(everything());
  const states = a.get(5);
  const skeletonTrack = states.find((s) => s.objectType === "track" && s.shapeType === "skeleton")!;
  deepStrictEqual(skeletonTrack.points, [6, 6, 10, 10, 14, 14]);
  deepStrictEqual(skeletonTrack.elements.map((e) => e.parentID), [15, 15, 15]);
  const [skeleton] = a.get(0).filter((s) => s.objectType === "shape" && s.shapeType === "skeleton");
  deepStrictEqual(skeleton.points, [1, 1, 5, 5, 9, 9]);
  strictEqual(skeleton.serverID, 200);
});

Deno.test("attributes: immutable per track, mutable per keyframe carried forward", () => {
  const a = collection();
  a.import(data({
    tracks: [track([
      keyframe(0, [0, 0, 10, 10], { attributes: attrs({ 14: "20", 16: "a" }) }),
      keyframe(10, [0, 0, 10, 10], { attributes: attrs({ 14: "50" }) }),
      keyframe(20, [0, 0, 10, 10]),
    ], { attributes: attrs({ 11: "blue", 15: "AB-123" }) })],
  }));
  const at = (frame: number) => a.get(frame)[0].attributes;
  deepStrictEqual(at(0), { 11: "blue", 12: "sedan", 13: "false", 14: "20", 15: "AB-123", 16: "a" });
  deepStrictEqual(at(5)[CAR_ATTR.speed], "20"); // not interpolated
  deepStrictEqual(at(10)[CAR_ATTR.speed], "50");
  deepStrictEqual(at(10)[CAR_ATTR.note], "a"); // carried forward
  deepStrictEqual(at(25)[CAR_ATTR.speed], "50");
  deepStrictEqual(at(25)[CAR_ATTR.color], "blue");
  const out = a.export().tracks[0];
  deepStrictEqual(out.attributes, attrs({ 11: "blue", 12: "sedan", 15: "AB-123" }));
  deepStrictEqual(out.shapes.map((s) => s.attributes), [
    attrs({ 14: "20", 16: "a" }),
    attrs({ 14: "50" }),
    [],
  ]);
});

Deno.test("get: a filter selects objects; an invalid filter throws ArgumentError", () => {
  const a = collection();
  a.import(data({
    tags: [tag(0, { label_id: 2 })],
    shapes: [
      shape("rectangle", 0, [0, 0, 10, 10], { attributes: attrs({ 11: "blue" }) }),
      shape("polygon", 0, [0, 0, 10, 0, 10, 10], { label_id: 2 }),
    ],
    tracks: [track([keyframe(0, [0, 0, 10, 10])])],
  }));
  const ids = (filter: unknown) => a.get(0, filter).map((s) => s.clientID);
  deepStrictEqual(ids({ "==": [{ var: "label" }, "car"] }), [4, 2]);
  deepStrictEqual(ids({ "==": [{ var: "shape" }, "polygon"] }), [3]);
  deepStrictEqual(ids({ "==": [{ var: "type" }, "tag"] }), [1]);
  deepStrictEqual(ids({ "==": [{ var: "attr.car.color" }, "blue"] }), [2]);
  deepStrictEqual(ids(null), [4, 2, 3, 1]);
  for (const bad of ["label == car", 5, [], { nope: [1, 2] }, { "==": [1] }]) {
    throws(() => a.get(0, bad), ArgumentError, JSON.stringify(bad));
  }
});
