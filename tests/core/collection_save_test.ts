/**
 * Black-box tests of ObjectState.save() on collection objects: validation, lock, source, label
 * changes and track keyframes.
 */
import { deepStrictEqual, rejects, strictEqual } from "node:assert/strict";
import { ArgumentError, DataError, Label, type ObjectState } from "../../mod.ts";
import {
  attrs,
  CAR_ATTR,
  collection,
  data,
  keyframe,
  person,
  PERSON_ATTR,
  PERSON_ID,
  shape,
  stateOf,
  track,
} from "./_fixtures.ts";

/** A collection holding one rectangle shape (clientID 1, id 10) and one track (clientID 2). */
function setup(frameSize?: { width: number; height: number }) {
  const a = collection(frameSize ? { frameSize: () => frameSize } : {});
  a.import(data({
    shapes: [shape("rectangle", 0, [10, 10, 50, 50], {
      id: 10,
      attributes: attrs({ 11: "red", 12: "suv", 14: "50", 15: "XY" }),
    })],
    tracks: [track([
      keyframe(0, [0, 0, 10, 10], { attributes: attrs({ 14: "20" }) }),
      keyframe(10, [10, 10, 30, 30]),
    ], { id: 20, attributes: attrs({ 11: "blue" }) })],
  }));
  return a;
}

const shapeAt = (a: ReturnType<typeof setup>, frame = 0) => stateOf(a, frame, 1);
const trackAt = (a: ReturnType<typeof setup>, frame = 0) => stateOf(a, frame, 2);

async function unchanged(a: ReturnType<typeof setup>, edit: (s: ObjectState) => void, err: unknown) {
  const before = a.export();
  const s = shapeAt(a);
  edit(s);
  await rejects(s.save(), err as never);
  deepStrictEqual(a.export(), before);
  deepStrictEqual(a.history.get().undo, []);
}

Deno.test("save: valid points with an invalid colour changes nothing", async () => {
  const a = setup();
  await unchanged(a, (s) => {
    s.points = [0, 0, 30, 30];
    s.occluded = true;
    s.color = "red";
  }, ArgumentError);
  strictEqual(shapeAt(a).color !== "red", true);
});

Deno.test("save: each invalid field throws ArgumentError and changes nothing", async () => {
  const a = setup();
  const edits: [string, (s: ObjectState) => void][] = [
    ["label not a Label", (s) => s.label = { id: 2, name: "person" } as never],
    ["label of another collection", (s) => s.label = new Label({ id: 77, name: "bus" })],
    ["attribute id of another label", (s) => s.attributes = { [PERSON_ATTR.pose]: "sitting" }],
    ["attribute bad key", (s) => s.attributes = { "bad key": "55" } as never],
    ["number attribute out of range", (s) => s.attributes = { [CAR_ATTR.speed]: "201" }],
    ["number attribute not a number", (s) => s.attributes = { [CAR_ATTR.speed]: "fast" }],
    ["checkbox not true/false", (s) => s.attributes = { [CAR_ATTR.parked]: "yes" }],
    ["select value not allowed", (s) => s.attributes = { [CAR_ATTR.color]: "pink" }],
    ["radio value not allowed", (s) => s.attributes = { [CAR_ATTR.kind]: "van" }],
    ["attribute value not a string", (s) => s.attributes = { [CAR_ATTR.note]: 5 } as never],
    ["occluded", (s) => s.occluded = "true" as never],
    ["outside", (s) => s.outside = 1 as never],
    ["lock", (s) => s.lock = "no" as never],
    ["pinned", (s) => s.pinned = null as never],
    ["hidden", (s) => s.hidden = 0 as never],
    ["zOrder fractional", (s) => s.zOrder = 1.5],
    ["zOrder NaN", (s) => s.zOrder = NaN],
    ["zOrder string", (s) => s.zOrder = "2" as never],
    ["color", (s) => s.color = "#12345"],
    ["color word", (s) => s.color = "blue"],
    ["rotation NaN", (s) => s.rotation = NaN],
    ["points with NaN", (s) => s.points = [0, 0, NaN, 10]],
  ];
  for (const [name, edit] of edits) {
    await unchanged(a, edit, (e: unknown) => {
      strictEqual(e instanceof ArgumentError, true, name);
      return true;
    });
  }
  const t = trackAt(a, 0);
  t.keyframe = "no" as never;
  await rejects(t.save(), ArgumentError);
});

Deno.test("save: a wrong point count throws DataError and changes nothing", async () => {
  const a = setup();
  await unchanged(a, (s) => s.points = [0, 0, 10], DataError);
  await unchanged(a, (s) => s.points = [0, 0, 10, 10, 20, 20], DataError);
  await unchanged(a, (s) => s.points = [], DataError);
});

Deno.test("save: a too-small geometry throws DataError and changes nothing", async () => {
  const a = setup();
  await unchanged(a, (s) => {
    s.points = [0, 0, 2, 2];
    s.occluded = true;
    s.zOrder = 4;
  }, DataError);
  const t = trackAt(a, 5);
  const before = a.export();
  t.points = [5, 5, 6, 6];
  await rejects(t.save(), DataError);
  deepStrictEqual(a.export(), before); // no keyframe was created at frame 5
});

Deno.test("save: points are clamped with frameSize, not without it", async () => {
  const a = setup({ width: 100, height: 80 });
  const s = shapeAt(a);
  s.points = [-10, -10, 120, 120];
  deepStrictEqual((await s.save()).points, [0, 0, 100, 80]);
  const b = setup();
  const u = shapeAt(b);
  u.points = [-10, -10, 120, 120];
  deepStrictEqual((await u.save()).points, [-10, -10, 120, 120]);
});

Deno.test("save: locked + lock still true applies nothing; lock=false in the same save applies", async () => {
  const a = setup();
  const s = shapeAt(a);
  s.lock = true;
  await s.save();
  const before = a.export();
  const history = a.history.get();
  const locked = shapeAt(a);
  strictEqual(locked.lock, true);
  locked.points = [0, 0, 30, 30];
  locked.occluded = true;
  const returned = await locked.save();
  deepStrictEqual(returned.points, [10, 10, 50, 50]);
  deepStrictEqual(a.export(), before);
  deepStrictEqual(a.history.get(), history);
  const unlocking = shapeAt(a);
  unlocking.lock = false;
  unlocking.points = [0, 0, 30, 30];
  const saved = await unlocking.save();
  strictEqual(saved.lock, false);
  deepStrictEqual(saved.points, [0, 0, 30, 30]);
  deepStrictEqual(a.export().shapes[0].points, [0, 0, 30, 30]);
});

Deno.test("save: source auto/semi-auto → semi-auto, manual/file → manual, on geometry only", async () => {
  for (
    const [from, to] of [
      ["auto", "semi-auto"],
      ["semi-auto", "semi-auto"],
      ["manual", "manual"],
      ["file", "manual"],
    ]
  ) {
    const a = collection();
    a.import(data({ shapes: [shape("rectangle", 0, [10, 10, 50, 50], { source: from })] }));
    const s = stateOf(a, 0, 1);
    s.color = "#FF0000";
    s.attributes = { [CAR_ATTR.note]: "x" };
    s.lock = true;
    strictEqual((await s.save()).source, from, `${from}: non-geometry keeps the source`);
    for (const edit of [(x: ObjectState) => x.points = [0, 0, 20, 20], (x: ObjectState) => x.zOrder = 5]) {
      a.import(data({ shapes: [shape("rectangle", 0, [10, 10, 50, 50], { source: from })] }));
      const g = a.get(0).at(-1)!;
      edit(g);
      strictEqual((await g.save()).source, to, `${from} → ${to}`);
    }
  }
});

Deno.test("save: a shape's label change keeps same-name valid attributes, resets the rest", async () => {
  const a = setup();
  const s = shapeAt(a);
  s.attributes = { [CAR_ATTR.speed]: "5" };
  await s.save();
  const relabel = shapeAt(a);
  relabel.label = person();
  const saved = await relabel.save();
  strictEqual(saved.label.id, PERSON_ID);
  // color "red" is valid for person, speed "5" within [0, 10]; pose gets its default
  deepStrictEqual(saved.attributes, { 21: "red", 22: "5", 23: "standing" });
  deepStrictEqual(a.export().shapes[0].attributes, attrs({ 21: "red", 22: "5", 23: "standing" }));
  // from a value the new label does not accept: reset to default
  const b = setup();
  const t = shapeAt(b); // speed "50" is out of person's range, color "red" is kept
  t.label = person();
  deepStrictEqual((await t.save()).attributes, { 21: "red", 22: "1", 23: "standing" });
});

Deno.test("save: a track's label change resets every attribute, mutable ones on every keyframe", async () => {
  const a = setup();
  const t = trackAt(a, 5);
  t.label = person();
  const saved = await t.save();
  deepStrictEqual(saved.attributes, { 21: "black", 22: "1", 23: "standing" });
  const [out] = a.export().tracks;
  strictEqual(out.label_id, PERSON_ID);
  deepStrictEqual(out.attributes, attrs({ 21: "black", 23: "standing" }));
  for (const k of out.shapes) {
    for (const attr of k.attributes) strictEqual(attr.spec_id, PERSON_ATTR.speed);
  }
  deepStrictEqual(trackAt(a, 0).attributes[PERSON_ATTR.speed], "1");
});

Deno.test("save: a track save on a non-keyframe creates a keyframe at the interpolated position", async () => {
  const a = setup();
  const t = trackAt(a, 5);
  strictEqual(t.keyframe, false);
  t.occluded = true;
  const saved = await t.save();
  strictEqual(saved.keyframe, true);
  deepStrictEqual(saved.points, [5, 5, 20, 20]);
  const shapes = a.export().tracks[0].shapes;
  deepStrictEqual(shapes.map((s) => [s.frame, s.occluded, s.points]), [
    [0, false, [0, 0, 10, 10]],
    [5, true, [5, 5, 20, 20]],
    [10, false, [10, 10, 30, 30]],
  ]);
  strictEqual(trackAt(a, 7).occluded, true);
});

Deno.test("save: keyframe=false removes a keyframe; the latest one cannot be removed", async () => {
  const a = setup();
  const t = trackAt(a, 10);
  t.keyframe = false;
  await t.save();
  deepStrictEqual(a.export().tracks[0].shapes.map((s) => s.frame), [0]);
  const last = trackAt(a, 0);
  last.keyframe = false;
  await rejects(last.save(), ArgumentError, /Can not remove the latest keyframe/);
  deepStrictEqual(a.export().tracks[0].shapes.map((s) => s.frame), [0]);
  const add = trackAt(a, 30);
  add.keyframe = true;
  await add.save();
  deepStrictEqual(a.export().tracks[0].shapes.map((s) => s.frame), [0, 30]);
});

Deno.test("save: a mutable attribute on a non-keyframe creates a keyframe; immutable goes to the track", async () => {
  const a = setup();
  const t = trackAt(a, 5);
  t.attributes = { [CAR_ATTR.speed]: "80", [CAR_ATTR.color]: "green" };
  await t.save();
  const [out] = a.export().tracks;
  deepStrictEqual(out.shapes.map((s) => s.frame), [0, 5, 10]);
  deepStrictEqual(
    out.shapes[1].attributes.find((x) => x.spec_id === CAR_ATTR.speed)?.value,
    "80",
  );
  deepStrictEqual(out.attributes.find((x) => x.spec_id === CAR_ATTR.color)?.value, "green");
  strictEqual(trackAt(a, 0).attributes[CAR_ATTR.color], "green");
  strictEqual(trackAt(a, 0).attributes[CAR_ATTR.speed], "20");
  strictEqual(trackAt(a, 12).attributes[CAR_ATTR.speed], "80");
  // an immutable-only change on a non-keyframe creates no keyframe
  const u = trackAt(a, 7);
  u.attributes = { [CAR_ATTR.plate]: "NEW" };
  await u.save();
  deepStrictEqual(a.export().tracks[0].shapes.map((s) => s.frame), [0, 5, 10]);
});
