import { deepStrictEqual, ok, throws } from "node:assert/strict";
import type { ShapeType } from "../../lib/core/enums.ts";
import { ArgumentError } from "../../lib/core/errors.ts";
import { Label } from "../../lib/core/label.ts";
import type { Keyframe, ObjectRecord } from "../../lib/core/model.ts";
import { mergeObjects, type MergeOptions } from "../../lib/core/merge.ts";
import {
  BODY_JSON,
  clientIDs,
  frames,
  position,
  recordBuilders,
  rectKeyframe,
  USED,
} from "./_records.ts";

const COLOR = {
  name: "color",
  input_type: "select",
  default_value: "red",
  values: ["red", "blue"],
};
const SPEED = {
  name: "speed",
  input_type: "number",
  default_value: "0",
  values: ["0", "100", "1"],
};
const CAR = new Label({
  id: 1,
  name: "car",
  type: "rectangle",
  attributes: [{ id: 100, mutable: false, ...COLOR }, { id: 101, mutable: true, ...SPEED }],
});
const PERSON = new Label({ id: 2, name: "person", type: "any", attributes: [] });
const BODY = new Label(BODY_JSON);
const LABELS = new Map<number, Label>([[1, CAR], [2, PERSON], [10, BODY]]);
for (const sublabel of BODY.structure!.sublabels) LABELS.set(sublabel.id!, sublabel);

const { record, track } = recordBuilders(USED);

function shape(frame: number, fields: Partial<ObjectRecord> = {}): ObjectRecord {
  const points = fields.shapeType === "points" ? [frame, frame] : [frame, 0, frame + 10, 10];
  const at = position(points, { occluded: frame % 2 === 1, outside: true, zOrder: 2 });
  return record({ objectType: "shape", frame, position: at, ...fields });
}

function keyframe(frame: number, outside: boolean, fields: Partial<Keyframe> = {}): Keyframe {
  return rectKeyframe(frame, frame, { outside, serverID: 900 + frame, ...fields });
}

function options(stopFrame = 99): MergeOptions & { issued: number[] } {
  return { labels: LABELS, stopFrame, ...clientIDs() };
}

function rejects(records: ObjectRecord[], message: string): void {
  const opts = options();
  throws(() => mergeObjects(records, opts), (error: unknown) => {
    ok(error instanceof ArgumentError, String(error));
    deepStrictEqual(error.message, message);
    return true;
  });
  deepStrictEqual(opts.issued, [], "no clientID is spent on a failed merge");
}

Deno.test("merge: shapes on frames 2, 3 and 7 → keyframes 2, 3, 4 (outside), 7, 8 (outside)", () => {
  const result = mergeObjects([shape(2), shape(3), shape(7)], options());
  deepStrictEqual(frames(result), [[2, false], [3, false], [4, true], [7, false], [8, true]]);
  deepStrictEqual(result.keyframes![2].points, [3, 0, 13, 10], "the outside copy has the geometry");
  deepStrictEqual(result.keyframes![1].occluded, true);
  deepStrictEqual(result.keyframes![2].occluded, true);
  deepStrictEqual(result.frame, 2);
});

Deno.test("merge: the order of the shapes does not matter", () => {
  const result = mergeObjects([shape(7), shape(3), shape(2)], options());
  deepStrictEqual(frames(result), [[2, false], [3, false], [4, true], [7, false], [8, true]]);
});

Deno.test("merge: no automatic outside keyframe after the stop frame", () => {
  const result = mergeObjects([shape(8), shape(9)], options(9));
  deepStrictEqual(frames(result), [[8, false], [9, false]]);
});

Deno.test("merge: the new track's fields", () => {
  const first = shape(4, { attributes: { 100: "blue", 101: "5" }, color: "#00ff00" });
  const second = shape(1, { attributes: { 100: "red", 101: "7" }, color: "#0000ff" });
  const opts = options();
  const result = mergeObjects([first, second], opts);
  deepStrictEqual(opts.issued, [1001]);
  deepStrictEqual({ ...result, keyframes: null }, {
    clientID: 1001,
    serverID: null,
    parentID: null,
    objectType: "track",
    shapeType: "rectangle",
    labelId: 1,
    frame: 1,
    group: 0,
    source: "manual",
    attributes: { 100: "blue" },
    position: null,
    keyframes: null,
    elements: [],
    lock: false,
    hidden: false,
    pinned: false,
    color: "#00ff00",
    descriptions: [],
  });
  const attributes = result.keyframes!.map((k) => [k.frame, k.attributes]);
  deepStrictEqual(attributes, [[1, { 101: "7" }], [2, {}], [4, { 101: "5" }], [5, {}]]);
  ok(result.keyframes!.every((k) => k.serverID === null && k.zOrder === 2));
});

Deno.test("merge: tracks bring all their keyframes; visible shapes replace outside ones", () => {
  const old = track([
    keyframe(0, false, { attributes: { 101: "1" } }),
    keyframe(5, true),
    keyframe(12, false, { attributes: { 101: "3" } }),
  ], { attributes: { 100: "blue" } });
  const result = mergeObjects([old, shape(5, { attributes: { 100: "red" } }), shape(9)], options());
  deepStrictEqual(frames(result), [[0, false], [5, false], [6, true], [9, false], [10, true], [
    12,
    false,
  ]]);
  deepStrictEqual(result.attributes, { 100: "blue" });
  deepStrictEqual(result.keyframes![0].attributes, { 101: "1" });
  deepStrictEqual(result.keyframes![5].attributes, { 101: "3" });
  deepStrictEqual(result.keyframes![1].points, [5, 0, 15, 10]);
  ok(result.keyframes!.every((k) => k.serverID === null));
});

Deno.test("merge: an outside keyframe never replaces a visible one, whatever the order", () => {
  const closing = track([keyframe(0, false), keyframe(3, true), keyframe(4, true)]);
  const result = mergeObjects([shape(3), closing], options());
  deepStrictEqual(frames(result), [[0, false], [3, false], [4, true]]);
  deepStrictEqual(result.keyframes![2].points, [3, 0, 13, 10], "the first outside one stays");
  const reversed = mergeObjects([closing, shape(3)], options());
  deepStrictEqual(frames(reversed), [[0, false], [3, false], [4, true]]);
  deepStrictEqual(reversed.keyframes![1].points, [3, 0, 13, 10], "the shape replaced frame 3");
  deepStrictEqual(reversed.keyframes![2].points, [4, 0, 14, 10], "the track's frame 4 stays");
});

Deno.test("merge: leading outside keyframes are kept and the track starts at the first one", () => {
  const result = mergeObjects(
    [track([keyframe(1, true), keyframe(4, false)]), shape(6)],
    options(),
  );
  deepStrictEqual(frames(result), [[1, true], [4, false], [6, false], [7, true]]);
  deepStrictEqual(result.frame, 1);
});

Deno.test("merge: one shape becomes a track", () => {
  const result = mergeObjects([shape(3)], options());
  deepStrictEqual(frames(result), [[3, false], [4, true]]);
});

Deno.test("merge: errors name the values and spend no clientID", () => {
  rejects([], "Cannot merge objects: expected at least one object, got none");
  const tag = record({ objectType: "tag", shapeType: null, clientID: 77 });
  rejects(
    [shape(1), tag],
    "Cannot merge objects: only shapes and tracks can be merged, got a tag (clientID 77)",
  );
  const mask = shape(1, { shapeType: "mask", clientID: 78 });
  rejects([mask], "Cannot merge objects: masks cannot be merged (clientID 78)");
  rejects(
    [shape(1), shape(2, { labelId: 2 })],
    'Cannot merge objects: labels differ ("car" and "person")',
  );
  rejects(
    [shape(1, { labelId: 42, clientID: 79 })],
    "Cannot merge objects: unknown label id 42 (clientID 79)",
  );
  rejects(
    [shape(1), shape(2, { shapeType: "polygon" })],
    'Cannot merge objects: shape types differ ("rectangle" and "polygon")',
  );
  const twoOnFive =
    "Cannot merge objects: expected only one visible shape per frame, got two on frame 5";
  rejects([shape(5), shape(5)], twoOnFive);
  rejects([shape(5), track([keyframe(0, false), keyframe(5, false)])], twoOnFive);
  rejects([track([keyframe(5, false)]), track([keyframe(5, false)])], twoOnFive);
});

function skeleton(frame: number, shapeType: ShapeType = "skeleton"): ObjectRecord {
  const parent = shape(frame, { shapeType, labelId: 10 });
  parent.position!.points = [];
  parent.elements = [12, 11].map((labelId) =>
    shape(frame, { shapeType: "points", labelId, parentID: parent.clientID })
  );
  return parent;
}

Deno.test("merge: skeletons merge their elements per sublabel", () => {
  const opts = options();
  const result = mergeObjects([skeleton(1), skeleton(2)], opts);
  deepStrictEqual(opts.issued, [1001, 1002, 1003]);
  deepStrictEqual(frames(result), [[1, false], [2, false], [3, true]]);
  deepStrictEqual(result.elements.map((e) => e.labelId), [11, 12]);
  for (const element of result.elements) {
    deepStrictEqual(element.parentID, 1001);
    deepStrictEqual(element.objectType, "track");
    deepStrictEqual(element.shapeType, "points");
    deepStrictEqual(frames(element), [[1, false], [2, false], [3, true]]);
    deepStrictEqual(element.keyframes!.map((k) => k.points), [[1, 1], [2, 2], [2, 2]]);
  }
  deepStrictEqual(result.elements.map((e) => e.clientID), [1002, 1003]);
});

Deno.test("merge: a clash between skeleton elements is an error", () => {
  const first = skeleton(1);
  const second = skeleton(2);
  second.elements[0].frame = 1;
  rejects(
    [first, second],
    "Cannot merge objects: expected only one visible shape per frame, got two on frame 1",
  );
});

Deno.test("merge: inputs are not mutated", () => {
  const records = [
    skeleton(1),
    skeleton(4),
  ];
  const tracks = [track([keyframe(0, false, { attributes: { 101: "2" } })]), shape(3)];
  const before = structuredClone([records, tracks]);
  const merged = mergeObjects(records, options());
  const mergedTrack = mergeObjects(tracks, options());
  merged.keyframes![0].points.push(1);
  mergedTrack.keyframes![0].attributes[101] = "9";
  mergedTrack.keyframes![1].points[0] = -1;
  deepStrictEqual([records, tracks], before);
});
