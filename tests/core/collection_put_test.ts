/**
 * Black-box tests of Annotations.put(): ids, validation, all-or-nothing, geometry, history.
 */
import { deepStrictEqual, ok, strictEqual, throws } from "node:assert/strict";
import { ArgumentError, DataError, HistoryActions, Label, ObjectState } from "../../mod.ts";
import {
  body,
  CAR_ATTR,
  collection,
  data,
  HAND_ID,
  person,
  shape,
  state,
  stateOf,
  undoActions,
} from "./_fixtures.ts";

const skeletonState = (frame = 0) => {
  const label = body();
  return new ObjectState({
    objectType: "shape",
    shapeType: "skeleton",
    label,
    frame,
    elements: label.structure!.sublabels.map((sublabel, i) =>
      new ObjectState({
        objectType: "shape",
        shapeType: "points",
        label: sublabel,
        frame,
        points: [10 + i, 20 + i],
      })
    ),
  });
};

Deno.test("put: returns clientIDs in input order", () => {
  const a = collection();
  const ids = a.put([
    state({ frame: 3 }),
    state({ objectType: "track", frame: 3 }),
    state({ objectType: "tag", shapeType: null, points: null, frame: 3 }),
  ]);
  deepStrictEqual(ids, [1, 2, 3]);
  deepStrictEqual(a.get(3).map((s) => [s.objectType, s.clientID]), [
    ["track", 2],
    ["shape", 1],
    ["tag", 3],
  ]);
  // clientIDs continue after what is there, skeleton elements after their parent
  deepStrictEqual(a.put([skeletonState(), state()]), [4, 8]);
  deepStrictEqual(stateOf(a, 0, 4).elements.map((e) => e.clientID), [5, 6, 7]);
});

Deno.test("put: attribute defaults are filled, given values kept", () => {
  const a = collection();
  const [id] = a.put([state({ attributes: { [CAR_ATTR.color]: "blue" } })]);
  deepStrictEqual(stateOf(a, 0, id).attributes, {
    11: "blue",
    12: "sedan",
    13: "false",
    14: "0",
    15: "",
    16: "none",
  });
});

Deno.test("put: all or nothing, one bad state adds nothing and no history entry", () => {
  const a = collection();
  a.put([state()]);
  const before = a.export();
  const bad = [
    state({ points: [] }),
    state({ zOrder: NaN }),
    state({ frame: 100 }),
    state({ attributes: { 999: "x" } }),
  ];
  for (const b of bad) {
    throws(() => a.put([state({ frame: 1 }), b, state({ objectType: "track", frame: 2 })]));
    deepStrictEqual(a.export(), before);
    deepStrictEqual(undoActions(a), [HistoryActions.CREATED_OBJECTS]);
  }
  // and the clientIDs a failed put would have used are not burnt
  deepStrictEqual(a.put([state()]), [2]);
});

Deno.test("put: validation errors (ArgumentError)", () => {
  const a = collection();
  const cases: [string, unknown][] = [
    ["not an ObjectState", { objectType: "shape", label: person(), frame: 0 }],
    ["null", null],
    ["attributes with a bad key", state({ attributes: { "bad key": 55 } as never })],
    ["attribute with a non-string value", state({ attributes: { [CAR_ATTR.speed]: 5 } as never })],
    ["attribute value out of range", state({ attributes: { [CAR_ATTR.speed]: "500" } })],
    ["select value not in values", state({ attributes: { [CAR_ATTR.color]: "pink" } })],
    ["attribute of another label", state({ attributes: { 21: "red" } })],
    ["zOrder NaN", state({ zOrder: NaN })],
    ["zOrder string", state({ zOrder: "1" as never })],
    ["zOrder fractional", state({ zOrder: 1.5 })],
    ["occluded not boolean", state({ occluded: "yes" as never })],
    ["unknown shapeType", state({ shapeType: "circle" as never })],
    ["no shapeType", state({ shapeType: null })],
    ["points with a string", state({ points: [0, 0, "10", 10] as never })],
    ["label not in the collection", state({ label: new Label({ id: 77, name: "bus" }) })],
    ["frame after stopFrame", state({ frame: 100 })],
    ["frame before startFrame", state({ frame: -1 })],
    ["track with a string rotation", state({ rotation: "5" as never })],
  ];
  for (const [name, bad] of cases) {
    throws(() => a.put([bad as ObjectState]), ArgumentError, name);
  }
  throws(() => a.put("nope" as never), ArgumentError);
  deepStrictEqual(a.export(), data());
  deepStrictEqual(a.history.get().undo, []);
});

Deno.test("put: bad point counts and missing points throw DataError", () => {
  const a = collection();
  const cases: [string, Partial<ConstructorParameters<typeof ObjectState>[0]>][] = [
    ["no points", { points: null }],
    ["empty points", { points: [] }],
    ["rectangle with 3 numbers", { points: [0, 0, 10] }],
    ["rectangle with 6 numbers", { points: [0, 0, 10, 10, 20, 20] }],
    ["polygon with 2 points", { shapeType: "polygon", points: [0, 0, 10, 10] }],
    ["polyline with 1 point", { shapeType: "polyline", points: [0, 0] }],
    ["points with an odd count", { shapeType: "points", points: [0, 0, 1] }],
    ["cuboid with 14 numbers", { shapeType: "cuboid", points: new Array(14).fill(5) }],
    ["mask with 5 numbers", { shapeType: "mask", points: [0, 4, 10, 10, 11] }],
    ["mask track", { objectType: "track", shapeType: "mask", points: [0, 4, 10, 10, 11, 11] }],
  ];
  for (const [name, init] of cases) throws(() => a.put([state(init)]), DataError, name);
  deepStrictEqual(a.export(), data());
});

Deno.test("put: a too-small rectangle throws DataError and adds nothing (quirk fix)", () => {
  const a = collection();
  throws(() => a.put([state({ points: [0, 0, 2, 2] })]), DataError);
  throws(() => a.put([state({ objectType: "track", points: [5, 5, 5, 50] })]), DataError);
  throws(() => a.put([state({ shapeType: "polyline", points: [0, 0, 1, 1] })]), DataError);
  deepStrictEqual(a.export(), data());
  deepStrictEqual(a.put([state({ points: [0, 0, 3, 3] })]), [1]);
});

Deno.test("put: a track gets one keyframe at state.frame keeping occluded", () => {
  const a = collection();
  const [id] = a.put([state({
    objectType: "track",
    frame: 7,
    occluded: true,
    zOrder: 3,
    attributes: { [CAR_ATTR.color]: "green", [CAR_ATTR.speed]: "30" },
  })]);
  const [out] = a.export().tracks;
  strictEqual(out.clientID, id);
  strictEqual(out.frame, 7);
  deepStrictEqual(out.shapes.map((s) => [s.frame, s.occluded, s.outside, s.z_order]), [
    [7, true, false, 3],
  ]);
  // a put track starts visible, whatever the state's outside
  const [id2] = a.put([state({ objectType: "track", frame: 8, outside: true })]);
  strictEqual(stateOf(a, 8, id2).outside, false);
  deepStrictEqual(out.attributes.find((x) => x.spec_id === CAR_ATTR.color)?.value, "green");
  deepStrictEqual(out.shapes[0].attributes.find((x) => x.spec_id === CAR_ATTR.speed)?.value, "30");
  const [at7] = a.get(7);
  strictEqual(at7.occluded, true);
  strictEqual(at7.keyframe, true);
  deepStrictEqual(at7.keyframes, { prev: null, next: null, first: 7, last: 7 });
  strictEqual(a.get(50)[0].clientID, id); // visible to the end of the job
});

Deno.test("put: a shape keeps its occluded, outside, zOrder, rotation and source", () => {
  const a = collection();
  const [id] = a.put([
    state({ occluded: true, outside: true, zOrder: -2, rotation: 370, source: "auto" }),
  ]);
  const [out] = a.export().shapes;
  deepStrictEqual(
    [out.clientID, out.occluded, out.outside, out.z_order, out.rotation, out.source],
    [id, true, true, -2, 10, "auto"],
  );
  strictEqual("id" in out, false);
});

Deno.test("put: points are clamped to the frame when frameSize is given", () => {
  const a = collection({ frameSize: () => ({ width: 100, height: 80 }) });
  a.put([
    state({ points: [-10, -5, 120, 90] }),
    state({ shapeType: "polygon", points: [-5, 10, 120, 10, 50, 90] }),
    state({ rotation: 30, points: [-10, -5, 120, 90] }), // rotated: kept
    state({ shapeType: "ellipse", points: [90, 40, 130, 0] }), // ellipse: kept
  ]);
  deepStrictEqual(a.export().shapes.map((s) => s.points), [
    [0, 0, 100, 80],
    [0, 10, 100, 10, 50, 80],
    [-10, -5, 120, 90],
    [90, 40, 130, 0],
  ]);
  const b = collection();
  b.put([state({ points: [-10, -5, 120, 90] })]);
  deepStrictEqual(b.export().shapes[0].points, [-10, -5, 120, 90]);
});

Deno.test("put: a mask is cropped to its pixels and the frame; an empty mask is a DataError", () => {
  const a = collection({ frameSize: () => ({ width: 12, height: 12 }) });
  // 4x4 box at (8, 8), rows 0000 0110 0110 0000: the set pixels are (9..10, 9..10)
  a.put([state({ shapeType: "mask", points: [5, 2, 2, 2, 5, 8, 8, 11, 11] })]);
  deepStrictEqual(a.export().shapes[0].points, [0, 4, 9, 9, 10, 10]);
  throws(() => a.put([state({ shapeType: "mask", points: [16, 0, 8, 8, 11, 11] })]), DataError);
  strictEqual(a.export().shapes.length, 1);
});

Deno.test("put: a skeleton track gets element tracks with one keyframe each", () => {
  const a = collection();
  const label = body();
  const [id] = a.put([
    new ObjectState({
      objectType: "track",
      shapeType: "skeleton",
      label,
      frame: 2,
      elements: label.structure!.sublabels.map((sublabel, i) =>
        new ObjectState({
          objectType: "track",
          shapeType: "points",
          label: sublabel,
          frame: 2,
          points: [i, i],
        })
      ),
    }),
  ]);
  const [out] = a.export().tracks;
  deepStrictEqual(out.shapes.map((k) => k.frame), [2]);
  deepStrictEqual(
    out.elements!.map((e) => [e.clientID, e.shapes.map((k) => [k.frame, k.points])]),
    [
      [id + 1, [[2, [0, 0]]]],
      [id + 2, [[2, [1, 1]]]],
      [id + 3, [[2, [2, 2]]]],
    ],
  );
  deepStrictEqual(stateOf(a, 50, id).points, [0, 0, 1, 1, 2, 2]);
});

Deno.test("put: a skeleton needs its elements; element labels must be sublabels", () => {
  const a = collection();
  const [id] = a.put([skeletonState()]);
  const out = a.export().shapes[0];
  strictEqual(out.clientID, id);
  deepStrictEqual(out.elements!.map((e) => [e.label_id, e.points]), [
    [31, [10, 20]],
    [32, [11, 21]],
    [33, [12, 22]],
  ]);
  const noHand = skeletonState();
  const partial = new ObjectState({
    objectType: "shape",
    shapeType: "skeleton",
    label: body(),
    frame: 0,
    elements: noHand.elements.filter((e) => e.label.id !== HAND_ID),
  });
  throws(() => a.put([partial]));
  const foreign = new ObjectState({
    objectType: "shape",
    shapeType: "skeleton",
    label: body(),
    frame: 0,
    elements: [...noHand.elements.slice(0, 2), state({ shapeType: "points", points: [1, 1] })],
  });
  throws(() => a.put([foreign]), ArgumentError);
  strictEqual(a.export().shapes.length, 1);
});

Deno.test("put: one 'Created objects' entry per call; undo removes all, redo restores", () => {
  const a = collection();
  a.put([state({ frame: 4 }), state({ objectType: "track", frame: 2 }), skeletonState(4)]);
  a.put([state({ frame: 9 })]);
  deepStrictEqual(a.history.get().undo, [
    [HistoryActions.CREATED_OBJECTS, 4],
    [HistoryActions.CREATED_OBJECTS, 9],
  ]);
  const full = a.export();
  deepStrictEqual(a.history.undo(), [7]);
  deepStrictEqual(a.history.undo(), [1, 2, 3]);
  deepStrictEqual(a.export(), data());
  deepStrictEqual(a.get(4), []);
  a.history.redo(2);
  deepStrictEqual(a.export(), full);
  ok(a.get(4).length === 3);
  strictEqual(a.hasUnsavedChanges(), true);
  a.history.undo(2);
  strictEqual(a.hasUnsavedChanges(), false);
});

Deno.test("put: an empty array returns [] and records nothing", () => {
  const a = collection();
  deepStrictEqual(a.put([]), []);
  deepStrictEqual(a.history.get().undo, []);
});

Deno.test("put: objects put into one collection do not consume ids of another", () => {
  const a = collection();
  const b = collection();
  a.put([state(), state()]);
  deepStrictEqual(b.put([state()]), [1]);
  b.import(data({ shapes: [shape("rectangle", 0, [0, 0, 10, 10])] }));
  deepStrictEqual(b.export().shapes.map((s) => s.clientID), [1, 2]);
});
