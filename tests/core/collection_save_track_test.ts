/**
 * Black-box tests of ObjectState.save() on collection objects: label changes and track keyframes.
 */
import { deepStrictEqual, rejects, strictEqual } from "node:assert/strict";
import { ArgumentError } from "../../mod.ts";
import {
  attrs,
  CAR_ATTR,
  person,
  PERSON_ATTR,
  PERSON_ID,
  shapeAndTrack,
  stateOf,
} from "./_fixtures.ts";

const setup = () => shapeAndTrack();
const shapeAt = (a: ReturnType<typeof setup>, frame = 0) => stateOf(a, frame, 1);
const trackAt = (a: ReturnType<typeof setup>, frame = 0) => stateOf(a, frame, 2);

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
  await rejects(last.save(), (e: Error) => {
    strictEqual(e instanceof ArgumentError, true);
    strictEqual(e.message, "Can not remove the latest keyframe");
    return true;
  });
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

Deno.test("save: removing the first keyframe moves the track's start; undo brings it back", async () => {
  const a = setup();
  const t = trackAt(a, 0);
  t.keyframe = false;
  await t.save();
  const [out] = a.export().tracks;
  strictEqual(out.frame, 10);
  deepStrictEqual(out.shapes.map((k) => k.frame), [10]);
  deepStrictEqual(a.get(5), []); // now before the first keyframe
  a.history.undo();
  deepStrictEqual(a.export().tracks[0].shapes.map((k) => [k.frame, k.id]), [[0, 21], [
    10,
    undefined,
  ]]);
  strictEqual(a.export().tracks[0].frame, 0);
});

Deno.test("save: editing a keyframe changes it in place and keeps its server id", async () => {
  const a = setup();
  const t = trackAt(a, 0);
  t.points = [1, 1, 11, 11];
  await t.save();
  const [k0, k10] = a.export().tracks[0].shapes;
  deepStrictEqual([k0.frame, k0.id, k0.points], [0, 21, [1, 1, 11, 11]]);
  strictEqual(k10.frame, 10);
  strictEqual(a.export().tracks[0].shapes.length, 2);
});

Deno.test("save: a mutable attribute set to its current value on a non-keyframe adds nothing", async () => {
  const a = setup();
  const t = trackAt(a, 5);
  t.attributes = { [CAR_ATTR.speed]: "20" };
  await t.save();
  deepStrictEqual(a.export().tracks[0].shapes.map((k) => k.frame), [0, 10]);
  deepStrictEqual(a.history.get().undo, []);
});
