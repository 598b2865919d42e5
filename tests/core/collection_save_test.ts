/**
 * Black-box tests of ObjectState.save() on collection objects: validation (all before any
 * change), geometry, the lock rule and source transitions.
 */
import { deepStrictEqual, rejects, strictEqual } from "node:assert/strict";
import { ArgumentError, DataError, Label, type ObjectState } from "../../mod.ts";
import {
  CAR_ATTR,
  collection,
  data,
  keyframe,
  PERSON_ATTR,
  shape,
  shapeAndTrack,
  stateOf,
  track,
} from "./_fixtures.ts";

const setup = (frameSize?: { width: number; height: number }) =>
  shapeAndTrack(frameSize ? { frameSize: () => frameSize } : {});

const shapeAt = (a: ReturnType<typeof setup>, frame = 0) => stateOf(a, frame, 1);
const trackAt = (a: ReturnType<typeof setup>, frame = 0) => stateOf(a, frame, 2);

async function unchanged(
  a: ReturnType<typeof setup>,
  edit: (s: ObjectState) => void,
  err: unknown,
) {
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
  // on a track's non-keyframe, no keyframe is left behind
  const u = trackAt(a, 5);
  u.points = [0, 0, 40, 40];
  u.color = "x";
  await rejects(u.save(), ArgumentError);
  deepStrictEqual(a.export().tracks[0].shapes.map((k) => k.frame), [0, 10]);
  deepStrictEqual(a.history.get().undo, []);
});

Deno.test("save: an object that was deleted cannot be saved", async () => {
  const a = setup();
  const s = shapeAt(a);
  strictEqual(await shapeAt(a).delete(0), true);
  s.zOrder = 3;
  await rejects(s.save(), ArgumentError);
  deepStrictEqual(a.export().shapes, []);
});

Deno.test({
  name: "save: an attribute key that is not an id throws ArgumentError",
  async fn() {
    const a = setup();
    await unchanged(a, (s) => s.attributes = { "bad key": "55" } as never, ArgumentError);
  },
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
    for (
      const edit of [
        (x: ObjectState) => x.points = [0, 0, 20, 20],
        (x: ObjectState) => x.zOrder = 5,
      ]
    ) {
      a.import(data({ shapes: [shape("rectangle", 0, [10, 10, 50, 50], { source: from })] }));
      const g = a.get(0).at(-1)!;
      edit(g);
      strictEqual((await g.save()).source, to, `${from} → ${to}`);
    }
  }
  const b = collection();
  b.import(data({ tracks: [track([keyframe(0, [0, 0, 10, 10])], { source: "auto" })] }));
  const t = stateOf(b, 5, 1);
  t.occluded = true;
  strictEqual((await t.save()).source, "semi-auto");
  strictEqual(b.export().tracks[0].source, "semi-auto");
});
