import { deepStrictEqual, ok, strictEqual, throws } from "node:assert/strict";
import { ArgumentError } from "../../lib/core/errors.ts";
import { normalizeLabeledData } from "../../lib/core/wire_normalize.ts";
import type {
  LabeledData,
  WireLabel,
  WireShape,
  WireTag,
  WireTrack,
  WireTrackedShape,
} from "../../lib/core/wire_types.ts";
import { wireKeyframe, wireShape, withoutElements } from "./_wire.ts";

const spec = (id: number, name: string, mutable: boolean, value: string) => ({
  id,
  name,
  mutable,
  input_type: "text",
  default_value: value,
  values: [],
});

const LABELS: WireLabel[] = [
  {
    id: 1,
    name: "car",
    attributes: [spec(10, "model", false, "sedan"), spec(11, "speed", true, "0")],
  },
  {
    id: 2,
    name: "person",
    type: "skeleton",
    attributes: [],
    sublabels: [{ id: 3, name: "head", attributes: [spec(12, "visible", true, "true")] }],
  },
];

const tag = (frame: number, id?: number | null): WireTag => ({
  ...(id === undefined ? {} : { id }),
  frame,
  label_id: 1,
  group: null,
  source: "manual",
  attributes: [],
});

/** A rectangle on [0, 0, 1, 1], without `elements`. */
const shape = (frame: number, extra: Partial<WireShape> = {}): WireShape => ({
  ...withoutElements(wireShape(frame, { group: null, points: [0, 0, 1, 1] })),
  ...extra,
});

const kf = (frame: number, extra: Partial<WireTrackedShape> = {}): WireTrackedShape =>
  wireKeyframe(frame, { points: [0, 0, 1, 1], ...extra });

const track = (shapes: WireTrackedShape[], extra: Partial<WireTrack> = {}): WireTrack => ({
  frame: 0,
  label_id: 1,
  group: null,
  source: "manual",
  attributes: [],
  shapes,
  ...extra,
});

const data = (parts: Partial<LabeledData>): LabeledData => ({
  tags: [],
  shapes: [],
  tracks: [],
  ...parts,
});

Deno.test("normalizeLabeledData: objects ordered by frame, then id, stable otherwise", () => {
  const tags = [tag(5, 3), tag(1, 9), tag(5, 1), tag(5), tag(1, null), tag(5, 2)];
  const result = normalizeLabeledData(data({ tags }), LABELS);
  deepStrictEqual(result.tags.map((t) => [t.frame, t.id]), [
    [1, 9],
    [1, null],
    [5, 1],
    [5, 2],
    [5, 3],
    [5, undefined],
  ]);
  const shapes = [shape(3, { points: [1] }), shape(0), shape(3, { points: [2] })];
  const sorted = normalizeLabeledData(data({ shapes }), LABELS).shapes;
  deepStrictEqual(sorted.map((s) => s.points), [[0, 0, 1, 1], [1], [2]]);
});

Deno.test("normalizeLabeledData: missing attributes of shapes and tags get label defaults", () => {
  const result = normalizeLabeledData(
    data({
      tags: [tag(0)],
      shapes: [shape(0, { attributes: [{ spec_id: 11, value: "50" }] })],
    }),
    LABELS,
  );
  deepStrictEqual(result.tags[0].attributes, [
    { spec_id: 10, value: "sedan" },
    { spec_id: 11, value: "0" },
  ]);
  deepStrictEqual(result.shapes[0].attributes, [
    { spec_id: 11, value: "50" },
    { spec_id: 10, value: "sedan" },
  ]);
});

Deno.test("normalizeLabeledData: tracks get immutable defaults; tracked shapes carry forward", () => {
  const shapes = [
    kf(10, { attributes: [{ spec_id: 11, value: "7" }] }),
    kf(0),
    kf(5, { attributes: [{ spec_id: 11, value: "5" }] }),
    kf(20),
  ];
  const [result] = normalizeLabeledData(data({ tracks: [track(shapes)] }), LABELS).tracks;
  deepStrictEqual(result.attributes, [{ spec_id: 10, value: "sedan" }]);
  deepStrictEqual(result.shapes.map((s) => [s.frame, s.attributes]), [
    [0, [{ spec_id: 11, value: "0" }]],
    [5, [{ spec_id: 11, value: "5" }]],
    [10, [{ spec_id: 11, value: "7" }]],
    [20, [{ spec_id: 11, value: "7" }]],
  ]);
});

Deno.test("normalizeLabeledData: track.frame is its first shape's frame; tracks sorted by it", () => {
  const late = track([kf(9), kf(4)], { frame: 0, id: 1 });
  const early = track([kf(2)], { frame: 7, id: 2 });
  const result = normalizeLabeledData(data({ tracks: [late, early] }), LABELS).tracks;
  deepStrictEqual(result.map((t) => [t.id, t.frame]), [[2, 2], [1, 4]]);
  deepStrictEqual(result[1].shapes.map((s) => s.frame), [4, 9]);
});

Deno.test("normalizeLabeledData: elements on top-level shapes and tracks only", () => {
  const element = shape(0, { type: "points", label_id: 3, points: [1, 1], elements: [] });
  const skeleton = shape(0, { type: "skeleton", label_id: 2, points: [], elements: [element] });
  const elementTrack = track([kf(3, { type: "points" })], { label_id: 3, elements: [] });
  const skeletonTrack = track([kf(3, { type: "skeleton" })], {
    label_id: 2,
    elements: [elementTrack],
  });
  const tagWithElements = { ...tag(0), elements: [] } as WireTag;
  const result = normalizeLabeledData(
    data({
      tags: [tagWithElements],
      shapes: [shape(1), skeleton],
      tracks: [track([kf(0)]), skeletonTrack],
    }),
    LABELS,
  );
  ok(!("elements" in result.tags[0]));
  deepStrictEqual(result.shapes.map((s) => s.elements?.length), [1, 0]);
  ok(!("elements" in result.shapes[0].elements![0]));
  deepStrictEqual(result.shapes[0].elements![0].attributes, [{ spec_id: 12, value: "true" }]);
  deepStrictEqual(result.tracks.map((t) => t.elements?.length), [0, 1]);
  const sub = result.tracks[1].elements![0];
  ok(!("elements" in sub));
  strictEqual(sub.frame, 3);
  deepStrictEqual(sub.shapes[0].attributes, [{ spec_id: 12, value: "true" }]);
});

Deno.test("normalizeLabeledData: keeps version, ids and clientIDs; unknown labels are kept", () => {
  const tracked = track([kf(0, { id: 40 })], { id: 4, clientID: 8 });
  const result = normalizeLabeledData(
    {
      version: 6,
      tags: [tag(0, 1)],
      shapes: [shape(0, { label_id: 99, clientID: 3 })],
      tracks: [tracked],
    },
    LABELS,
  );
  strictEqual(result.version, 6);
  deepStrictEqual([result.tracks[0].id, result.tracks[0].clientID], [4, 8]);
  strictEqual(result.tracks[0].shapes[0].id, 40);
  deepStrictEqual(result.shapes[0].attributes, []);
  strictEqual(result.shapes[0].clientID, 3);
  ok(!("version" in normalizeLabeledData(data({}), LABELS)));
});

Deno.test("normalizeLabeledData: pure; the result shares nothing with the input", () => {
  const input = data({
    tags: [tag(2), tag(1)],
    shapes: [shape(4, { attributes: [{ spec_id: 10, value: "a" }] }), shape(1)],
    tracks: [track([kf(5), kf(2)], { frame: 9 })],
  });
  const copy = structuredClone(input);
  const result = normalizeLabeledData(input, LABELS);
  deepStrictEqual(input, copy);
  ok(result.shapes[1].points !== input.shapes[0].points);
  ok(result.shapes[1].attributes[0] !== input.shapes[0].attributes[0]);
  ok(result.tracks[0].shapes[0].points !== input.tracks[0].shapes[1].points);
  throws(() => normalizeLabeledData(input, "x" as unknown as WireLabel[]), ArgumentError);
});
