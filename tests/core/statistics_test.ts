import { deepStrictEqual, ok, throws } from "node:assert/strict";
import type { ShapeType } from "../../lib/core/enums.ts";
import { DataError } from "../../lib/core/errors.ts";
import { Label } from "../../lib/core/label.ts";
import type { ObjectRecord } from "../../lib/core/model.ts";
import {
  computeStatistics,
  type LabelStatistics,
  SKELETON_LABEL_SEPARATOR,
  Statistics,
  type StatisticsOptions,
} from "../../lib/core/statistics.ts";
import { BODY_JSON, position, recordBuilders, rectKeyframe } from "./_records.ts";

const SEP = SKELETON_LABEL_SEPARATOR;
const CAR = new Label({ id: 1, name: "car", type: "rectangle", attributes: [] });
const PERSON = new Label({ id: 2, name: "person", type: "polygon", attributes: [] });
const BODY = new Label(BODY_JSON);
const LABELS = [CAR, PERSON, BODY];

const { record } = recordBuilders();

function shape(labelId: number, frame: number, shapeType: ShapeType = "rectangle"): ObjectRecord {
  const at = position([0, 0, 10, 10]);
  return record({ objectType: "shape", shapeType, labelId, frame, position: at });
}

/** Keyframes as `[frame, outside]` pairs. */
function track(labelId: number, frames: [number, boolean][], shapeType: ShapeType = "rectangle") {
  const keyframes = frames.map(([frame, outside]) => rectKeyframe(frame, 0, { outside }));
  return record({ objectType: "track", shapeType, labelId, frame: frames[0][0], keyframes });
}

function options(stopFrame: number, deleted: number[] = [], sorted = true): StatisticsOptions {
  const set = new Set(deleted);
  return {
    labels: LABELS,
    stopFrame,
    isDeleted: (frame) => set.has(frame),
    ...(sorted ? { deletedFrames: [...deleted].sort((a, b) => a - b) } : {}),
  };
}

function empty(): LabelStatistics {
  const pair = () => ({ shape: 0, track: 0 });
  return {
    rectangle: pair(),
    polygon: pair(),
    polyline: pair(),
    points: pair(),
    ellipse: pair(),
    cuboid: pair(),
    skeleton: pair(),
    mask: { shape: 0 },
    tag: 0,
    manually: 0,
    interpolated: 0,
    total: 0,
  };
}

function counts(body: LabelStatistics) {
  return { manually: body.manually, interpolated: body.interpolated, total: body.total };
}

Deno.test("statistics: every label and sublabel is present with cvat-core's exact body", () => {
  const stats = computeStatistics([], options(10));
  deepStrictEqual(Object.keys(stats.label), [
    "car",
    "person",
    "body",
    `body${SEP}head`,
    `body${SEP}hand`,
  ]);
  deepStrictEqual(Object.keys(stats.total), Object.keys(empty()));
  for (const body of Object.values(stats.label)) deepStrictEqual(body, empty());
  deepStrictEqual(stats.total, empty());
  deepStrictEqual(SEP, "{{cvat.skeleton.lbl.sep}}");
});

Deno.test("statistics: the notes' vector, stopFrame 99 → manual 5, interpolated 116, total 121", () => {
  const objects = [
    track(1, [[0, false], [10, false], [20, true]]),
    track(2, [[0, false], [10, false]], "polygon"),
    shape(1, 5),
  ];
  const stats = computeStatistics(objects, options(99));
  deepStrictEqual(counts(stats.total), { manually: 5, interpolated: 116, total: 121 });
  deepStrictEqual(counts(stats.label.car), { manually: 3, interpolated: 18, total: 21 });
  deepStrictEqual(counts(stats.label.person), { manually: 2, interpolated: 98, total: 100 });
  deepStrictEqual(stats.label.car.rectangle, { shape: 1, track: 1 });
  deepStrictEqual(stats.label.person.polygon, { shape: 0, track: 1 });
  deepStrictEqual(stats.total.rectangle, { shape: 1, track: 1 });
});

Deno.test("statistics: stopFrame 29, keyframes 2 visible, 6 outside, 10 visible → 2 / 22", () => {
  const stats = computeStatistics([track(1, [[2, false], [6, true], [10, false]])], options(29));
  deepStrictEqual(counts(stats.label.car), { manually: 2, interpolated: 22, total: 24 });
});

Deno.test("statistics: a track whose last keyframe is the stop frame adds no tail", () => {
  const stats = computeStatistics([track(1, [[0, false], [9, false]])], options(9));
  deepStrictEqual(counts(stats.label.car), { manually: 2, interpolated: 8, total: 10 });
});

Deno.test("statistics: tags and every shape type count once, masks under mask.shape", () => {
  const objects = [
    record({ objectType: "tag", shapeType: null, labelId: 2, frame: 3 }),
    shape(2, 1, "polyline"),
    shape(2, 1, "mask"),
    shape(2, 2, "ellipse"),
  ];
  const stats = computeStatistics(objects, options(10));
  deepStrictEqual(stats.label.person.tag, 1);
  deepStrictEqual(stats.label.person.mask, { shape: 1 });
  deepStrictEqual(stats.label.person.polyline, { shape: 1, track: 0 });
  deepStrictEqual(stats.label.person.ellipse, { shape: 1, track: 0 });
  deepStrictEqual(counts(stats.total), { manually: 4, interpolated: 0, total: 4 });
});

Deno.test("statistics: shapes and tags on deleted frames are not counted", () => {
  const objects = [
    shape(1, 3),
    shape(1, 4),
    record({ objectType: "tag", shapeType: null, labelId: 1, frame: 4 }),
  ];
  for (const sorted of [true, false]) {
    const stats = computeStatistics(objects, options(10, [4], sorted));
    deepStrictEqual(stats.label.car.rectangle, { shape: 1, track: 0 });
    deepStrictEqual(stats.label.car.tag, 0);
    deepStrictEqual(counts(stats.total), { manually: 1, interpolated: 0, total: 1 });
  }
});

Deno.test("statistics: deleted frames shrink interpolated ranges, with or without the list", () => {
  const visible = track(1, [[0, false], [10, false]]);
  for (const sorted of [true, false]) {
    const stats = computeStatistics([visible], options(20, [15, 5, 30], sorted));
    deepStrictEqual(counts(stats.label.car), { manually: 2, interpolated: 17, total: 19 });
  }
});

Deno.test("statistics: a deleted keyframe is skipped; the tail starts at the last live one", () => {
  const closing = track(1, [[0, false], [10, true]]);
  for (const sorted of [true, false]) {
    const stats = computeStatistics([closing], options(20, [10], sorted));
    deepStrictEqual(counts(stats.label.car), { manually: 1, interpolated: 19, total: 20 });
  }
  const deletedVisible = track(1, [[0, true], [4, false], [8, true]]);
  const stats = computeStatistics([deletedVisible], options(20, [4]));
  deepStrictEqual(counts(stats.label.car), { manually: 0, interpolated: 0, total: 0 });
});

function skeletonShape(frame: number): ObjectRecord {
  const parent = record({
    objectType: "shape",
    shapeType: "skeleton",
    labelId: 10,
    frame,
    position: position([]),
  });
  parent.elements = [11, 12].map((labelId) => ({
    ...shape(labelId, frame, "points"),
    parentID: parent.clientID,
  }));
  return parent;
}

Deno.test("statistics: a skeleton shape counts its elements under the combined names", () => {
  const skeleton = skeletonShape(2);
  const stats = computeStatistics([skeleton, ...skeleton.elements], options(10));
  deepStrictEqual(stats.label.body.skeleton, { shape: 1, track: 0 });
  deepStrictEqual(stats.label[`body${SEP}head`].points, { shape: 1, track: 0 });
  deepStrictEqual(stats.label[`body${SEP}hand`].points, { shape: 1, track: 0 });
  deepStrictEqual(counts(stats.label[`body${SEP}hand`]), {
    manually: 1,
    interpolated: 0,
    total: 1,
  });
  deepStrictEqual(stats.total.points, { shape: 2, track: 0 });
  deepStrictEqual(counts(stats.total), { manually: 3, interpolated: 0, total: 3 });
  const deleted = computeStatistics([skeleton], options(10, [2]));
  deepStrictEqual(deleted.total, empty());
});

function skeletonTrack(head: [number, boolean][], hand: [number, boolean][]): ObjectRecord {
  const parent = track(10, [[0, false]], "skeleton");
  parent.keyframes![0].points = [];
  parent.elements = [track(11, head, "points"), track(12, hand, "points")];
  for (const element of parent.elements) element.parentID = parent.clientID;
  return parent;
}

Deno.test("statistics: a skeleton track's tail starts after the last element keyframe", () => {
  const skeleton = skeletonTrack([[0, false], [5, false]], [[0, false], [8, true]]);
  const stats = computeStatistics([skeleton], options(20));
  deepStrictEqual(stats.label.body.skeleton, { shape: 0, track: 1 });
  deepStrictEqual(counts(stats.label.body), { manually: 1, interpolated: 12, total: 13 });
  deepStrictEqual(stats.label[`body${SEP}head`].points, { shape: 0, track: 1 });
  deepStrictEqual(counts(stats.label[`body${SEP}head`]), {
    manually: 2,
    interpolated: 19,
    total: 21,
  });
  deepStrictEqual(counts(stats.label[`body${SEP}hand`]), {
    manually: 1,
    interpolated: 7,
    total: 8,
  });
  deepStrictEqual(counts(stats.total), { manually: 4, interpolated: 38, total: 42 });
});

Deno.test("statistics: a skeleton track with every element outside at the end has no tail", () => {
  const skeleton = skeletonTrack([[0, false], [5, true]], [[0, false], [8, true]]);
  const stats = computeStatistics([skeleton], options(20));
  deepStrictEqual(counts(stats.label.body), { manually: 1, interpolated: 0, total: 1 });
  deepStrictEqual(counts(stats.label[`body${SEP}head`]), {
    manually: 1,
    interpolated: 4,
    total: 5,
  });
});

Deno.test("statistics: an object with an unknown label or a mask track is a DataError", () => {
  throws(() => computeStatistics([shape(99, 0)], options(10)), (error: unknown) => {
    ok(error instanceof DataError);
    ok(error.message.includes("label id 99"), error.message);
    return true;
  });
  throws(() => computeStatistics([track(1, [[0, false]], "mask")], options(10)), DataError);
});

Deno.test("statistics: inputs are not mutated", () => {
  const objects = [skeletonTrack([[0, false]], [[0, false]]), shape(1, 1), track(2, [[0, false]])];
  const before = structuredClone(objects);
  computeStatistics(objects, options(20, [3]));
  deepStrictEqual(objects, before);
});

Deno.test("Statistics: own properties holding deep copies", () => {
  const label = { car: empty() };
  const total = empty();
  const stats = new Statistics(label, total);
  ok(Object.hasOwn(stats, "label") && Object.hasOwn(stats, "total"));
  label.car.tag = 7;
  total.manually = 3;
  deepStrictEqual(stats.label.car, empty());
  deepStrictEqual(stats.total, empty());
});
