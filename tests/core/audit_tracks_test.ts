/**
 * Audit of issue 2, items 1–3 and 5: ObjectState fields from get(); tracks of every type but mask
 * through import → get at an interpolated frame → export → import; labels and attributes from
 * server JSON. (Passing tests of behaviour that works.)
 */
import { deepStrictEqual, ok, strictEqual } from "node:assert/strict";
import {
  Attribute,
  createAnnotations,
  Label,
  type LabeledData,
  type ShapeType,
  type WireTrack,
} from "../../mod.ts";
import {
  data,
  keyframe,
  LABELS_JSON,
  shapeAndTrack,
  skeletonTrack,
  stateOf,
  tag,
  track,
} from "./_fixtures.ts";

Deno.test("audit ObjectState from get(): every field and alias, shape / track / tag", () => {
  const a = shapeAndTrack();
  a.import(data({ tags: [tag(5, { id: 30 })] }));
  const [t, g] = a.get(5, null, { allTracks: true }); // tracks, then shapes (none), then tags
  const s = stateOf(a, 0, 1);
  const common = (x: typeof t) => ({
    label: x.label.name,
    frame: x.frame,
    group: x.group,
    lock: x.lock,
    hidden: x.hidden,
    descriptions: x.descriptions,
    source: x.source,
    flags: Object.values({ ...x.updateFlags }).some(Boolean),
  });
  const base = {
    label: "car",
    group: { id: 0, color: "#E0E0E0" },
    lock: false,
    hidden: false,
    descriptions: [],
    source: "manual",
    flags: false,
  };
  deepStrictEqual(common(t), { ...base, frame: 5 });
  deepStrictEqual(common(s), { ...base, frame: 0 });
  deepStrictEqual(common(g), { ...base, frame: 5 });
  deepStrictEqual(
    [t.objectType, t.shapeType, t.type, t.clientID, t.serverID, t.keyframe, t.pinned],
    ["track", "rectangle", "rectangle", 2, 20, false, false],
  );
  deepStrictEqual([t.points, t.position, t.rotation, t.zOrder], [
    [5, 5, 20, 20],
    [5, 5, 20, 20],
    0,
    0,
  ]);
  deepStrictEqual([t.occluded, t.outside, t.elements], [false, false, []]);
  deepStrictEqual(t.keyframes, { prev: 0, next: 10, first: 0, last: 10 });
  strictEqual(t.attributes[14], "20"); // mutable, carried from keyframe 0
  strictEqual(t.attributes[11], "blue"); // immutable, per track
  deepStrictEqual([s.objectType, s.shapeType, s.keyframes, s.keyframe, s.serverID], [
    "shape",
    "rectangle",
    null,
    true,
    10,
  ]);
  deepStrictEqual([g.objectType, g.shapeType, g.keyframes, g.serverID, g.points], [
    "tag",
    null,
    null,
    30,
    [],
  ]);
  ok(/^#[0-9A-F]{6}$/i.test(t.color) && /^#[0-9A-F]{6}$/i.test(s.color));
});

const CUBOID_2D = [0, 0, 0, 10, 10, 0, 10, 10, 20, 0, 20, 10, 30, 0, 30, 10];
const CASES: [ShapeType, "2d" | "3d", number[], number[], number[]][] = [
  ["rectangle", "2d", [0, 0, 10, 10], [10, 10, 30, 30], [5, 5, 20, 20]],
  ["ellipse", "2d", [100, 100, 150, 50], [200, 200, 300, 100], [150, 150, 225, 75]],
  ["polygon", "2d", [0, 0, 10, 0, 10, 10, 0, 10], [10, 10, 30, 10, 30, 30, 10, 30], [
    5,
    5,
    20,
    5,
    20,
    20,
    5,
    20,
  ]],
  ["polyline", "2d", [0, 0, 100, 0], [0, 0, 30, 30, 60, 0, 100, 0], [0, 0, 15, 15, 80, 0, 100, 0]],
  ["points", "2d", [0, 0], [10, 20], [5, 10]],
  [
    "cuboid",
    "2d",
    CUBOID_2D,
    CUBOID_2D.map((v, i) => i % 2 ? v : v + 10),
    CUBOID_2D.map((v, i) => i % 2 ? v : v + 5),
  ],
  ["cuboid", "3d", [0, 0, 0, 3, 0, 0, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0], [
    10,
    20,
    30,
    -3,
    0,
    0,
    2,
    2,
    2,
    0,
    0,
    0,
    0,
    0,
    0,
    0,
  ], [5, 10, 15, Math.PI, 0, 0, 1.5, 1.5, 1.5, 0, 0, 0, 0, 0, 0, 0]],
];

function roundTrip(input: LabeledData, dimension: "2d" | "3d" = "2d") {
  const a = createAnnotations({ labels: LABELS_JSON, stopFrame: 20, dimension });
  a.import(structuredClone(input));
  const b = createAnnotations({ labels: LABELS_JSON, stopFrame: 20, dimension });
  b.import(a.export());
  deepStrictEqual(b.export(), a.export());
  return a;
}

function withoutClientIDs(t: WireTrack): WireTrack {
  const { clientID: _, ...rest } = t as WireTrack & { clientID?: number };
  if (rest.elements) rest.elements = rest.elements.map(withoutClientIDs);
  return rest as WireTrack;
}

Deno.test("audit tracks of every type: import → get at frame 5 → export → import", () => {
  for (const [type, dimension, first, last, at5] of CASES) {
    const input = data({
      tracks: [track([
        keyframe(0, first, { type, id: 101, rotation: type === "rectangle" ? 10 : 0 }),
        keyframe(10, last, { type, id: 102, rotation: type === "rectangle" ? 300 : 0 }),
      ], { id: 100, attributes: [{ spec_id: 11, value: "blue" }] })],
    });
    const a = roundTrip(input, dimension);
    const s = stateOf(a, 5, 1);
    const what = `${type} ${dimension}`;
    deepStrictEqual(s.points, at5, what);
    strictEqual(s.rotation, type === "rectangle" ? 335 : 0, what);
    deepStrictEqual([s.keyframe, s.serverID, s.shapeType], [false, 100, type], what);
    const out = withoutClientIDs(a.export().tracks[0]);
    deepStrictEqual(out.shapes, input.tracks[0].shapes, what);
    deepStrictEqual(out.attributes.find((x) => x.spec_id === 11)?.value, "blue", what);
  }
});

Deno.test("audit skeleton track: elements interpolate on their own; round trip", () => {
  const input = data({
    tracks: [
      skeletonTrack([0, 10], [[[0, 0], [10, 10], [20, 20]], [[10, 10], [20, 20], [30, 30]]]),
    ],
  });
  const a = roundTrip(input);
  const s = stateOf(a, 5, 1);
  deepStrictEqual(s.points, [5, 5, 15, 15, 25, 25]);
  deepStrictEqual(s.elements.map((e) => [e.label.name, e.objectType, e.parentID, e.keyframe]), [
    ["head", "track", 1, false],
    ["hand", "track", 1, false],
    ["foot", "track", 1, false],
  ]);
  deepStrictEqual(s.keyframes, { prev: 0, next: 10, first: 0, last: 10 });
  deepStrictEqual(withoutClientIDs(a.export().tracks[0]), input.tracks[0]);
});

Deno.test("audit Attribute: the five input types, aliases, defaults, frozen", () => {
  const values: Record<string, string[]> = {
    select: ["x", "y"],
    radio: ["x", "y"],
    checkbox: ["true"],
    number: ["0", "10", "1"],
    text: [],
  };
  const defaults: Record<string, string> = {
    select: "x",
    radio: "x",
    checkbox: "true",
    number: "0",
    text: "",
  };
  for (const [inputType, list] of Object.entries(values)) {
    // No default_value: the first value (or "" for text) is the default.
    const spec = { id: 1, name: "a", mutable: true, input_type: inputType, values: list };
    const a = new Attribute(spec as never);
    deepStrictEqual(
      [a.id, a.name, a.mutable, a.inputType, a.type, a.defaultValue, a.default, [...a.values]],
      [1, "a", true, inputType, inputType, defaults[inputType], defaults[inputType], list],
    );
    ok(Object.isFrozen(a));
  }
  const given = new Attribute({
    name: "n",
    mutable: false,
    input_type: "number",
    default_value: "5",
    values: ["0", "10", "1"],
  });
  deepStrictEqual([given.id, given.mutable, given.default], [null, false, "5"]);
});

Deno.test("audit Label: skeleton sublabels, parentID, toJSON round trip", () => {
  const json = {
    id: 3,
    name: "body",
    type: "skeleton" as const,
    color: "#ff0000",
    attributes: [],
    sublabels: [{
      id: 31,
      name: "head",
      type: "points" as const,
      attributes: [{
        id: 5,
        name: "visible",
        mutable: true,
        input_type: "checkbox" as const,
        default_value: "true",
        values: ["true"],
      }],
    }],
    svg: "<circle/>",
  };
  const body = new Label(json);
  deepStrictEqual([body.id, body.name, body.type, body.color, body.parentID], [
    3,
    "body",
    "skeleton",
    "#ff0000",
    null,
  ]);
  const head = body.structure!.sublabels[0];
  deepStrictEqual([head.id, head.parentID, head.hasParent, head.attributes[0].default], [
    31,
    3,
    true,
    "true",
  ]);
  strictEqual(body.structure!.svg, "<circle/>");
  deepStrictEqual(new Label(body.toJSON()).toJSON(), body.toJSON());
  deepStrictEqual(new Label(body).toJSON(), body.toJSON());
  const plain = new Label({ name: "x" } as never);
  deepStrictEqual([plain.id, plain.type, plain.structure, plain.attributes], [
    null,
    "any",
    null,
    [],
  ]);
});

Deno.test("audit labels: createAnnotations accepts Label instances and server JSON alike", () => {
  const fromJson = shapeAndTrack();
  const a = createAnnotations({ labels: LABELS_JSON.map((l) => new Label(l)), stopFrame: 99 });
  a.import(fromJson.export());
  deepStrictEqual(a.export(), fromJson.export());
  ok(a.labels.every((l) => l instanceof Label));
});
