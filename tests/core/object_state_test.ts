import { deepStrictEqual, ok, rejects, strictEqual, throws } from "node:assert/strict";
import { ArgumentError } from "../../lib/core/errors.ts";
import { Label } from "../../lib/core/label.ts";
import { createAnnotations } from "../../lib/core/collection.ts";
import {
  ObjectState,
  type ObjectStateInit,
  UPDATABLE_FIELDS,
  UpdateFlags,
} from "../../lib/core/object_state.ts";

const CAR = new Label({ id: 1, name: "car", type: "rectangle", attributes: [] });
const BUS = new Label({ id: 2, name: "bus", type: "rectangle", attributes: [] });
const HEAD = new Label({ id: 11, name: "head", type: "points", attributes: [] });
const BODY = new Label({ id: 10, name: "body", type: "skeleton", sublabels: [HEAD.toJSON()] });

type Extra = Partial<ObjectStateInit>;
const RECT = { objectType: "shape", frame: 0, shapeType: "rectangle", label: CAR } as const;
const ELEMENT = { ...RECT, shapeType: "points", label: HEAD, keyframe: false } as const;
const SKELETON = { ...ELEMENT, shapeType: "skeleton", label: BODY } as const;
const rect = (extra: Extra = {}) => new ObjectState({ ...RECT, points: [0, 0, 10, 10], ...extra });
const element = (points: number[], extra: Extra = {}) =>
  new ObjectState({ ...ELEMENT, points, ...extra });
const skeleton = (elements: ObjectState[], extra: Extra = {}) =>
  new ObjectState({ ...SKELETON, elements, ...extra });

function setFlags(state: ObjectState): string[] {
  return UPDATABLE_FIELDS.filter((f) => state.updateFlags[f]);
}

Deno.test("constructor: objectType, Label label and integer frame are required", () => {
  const TAG = { objectType: "tag", label: CAR };
  const bad: unknown[] = [
    undefined,
    null,
    5,
    "shape",
    ...[undefined, "box", "", 1, null].map((objectType) => ({ objectType, label: CAR, frame: 0 })),
    ...[undefined, null, 1, "car", CAR.toJSON()].map((label) => ({ ...TAG, label, frame: 0 })),
    ...[undefined, null, "1", 1.5, NaN, Infinity].map((frame) => ({ ...TAG, frame })),
  ];
  for (const init of bad) {
    throws(() => new ObjectState(init as ObjectStateInit), ArgumentError, JSON.stringify(init));
  }
  for (const objectType of ["tag", "shape", "track"] as const) {
    strictEqual(new ObjectState({ objectType, label: CAR, frame: 0 }).objectType, objectType);
  }
});

Deno.test("constructor defaults", () => {
  const state = new ObjectState({ objectType: "shape", label: CAR, frame: 3 });
  const fields = [
    ...["keyframe", "rotation", "points", "zOrder", "source", "isGroundTruth", "color"],
    ...["keyframes", "group", "shapeType", "clientID", "serverID", "parentID", "occluded"],
    ...["outside", "lock", "hidden", "pinned", "attributes", "descriptions", "elements", "frame"],
  ];
  const got = Object.fromEntries(fields.map((f) => [f, state[f as keyof ObjectState]]));
  deepStrictEqual(got, {
    ...{ keyframe: true, rotation: null, points: [], zOrder: 0, source: "manual" },
    ...{ isGroundTruth: false, color: "#000000", keyframes: null, group: null, shapeType: null },
    ...{ clientID: null, serverID: null, parentID: null, occluded: false, outside: false },
    ...{ lock: false, hidden: false, pinned: false, attributes: {}, descriptions: [] },
    ...{ elements: [], frame: 3 },
  });
  strictEqual(state.label, CAR);
  ok(typeof state.updated === "number");
  deepStrictEqual(setFlags(state), []);
});

Deno.test("aliases: type = shapeType, position = points (both ways)", () => {
  const state = rect();
  strictEqual(state.type, "rectangle");
  deepStrictEqual(state.position, [0, 0, 10, 10]);
  state.position = [1, 2, 3, 4];
  deepStrictEqual(state.points, [1, 2, 3, 4]);
  strictEqual(state.updateFlags.points, true);
  throws(() => (state.position = "x" as unknown as number[]), ArgumentError);
});

Deno.test("constructor takes the seed's type and position; an unknown type waits for put", () => {
  const dextr = new ObjectState({
    objectType: "shape",
    type: "dextr",
    position: [1, 2, 3, 4, 5, 6, 7, 8],
    label: CAR,
    frame: 0,
  });
  strictEqual(dextr.shapeType, "dextr" as never);
  deepStrictEqual(dextr.points, [1, 2, 3, 4, 5, 6, 7, 8]);
  strictEqual(rect({ type: "rectangle", position: [0, 0, 10, 10] }).type, "rectangle");
  throws(() => rect({ type: "polygon" }), /shapeType "rectangle" and type "polygon" disagree/);
  throws(() => rect({ position: [0, 0, 1, 1] }), ArgumentError);
  const collection = createAnnotations({ labels: [CAR], stopFrame: 9 });
  throws(() => collection.put([rect(), dextr]), /states\[1\]\.shapeType is unknown: "dextr"/);
  strictEqual(collection.export().shapes.length, 0, "nothing was put");
  dextr.type = "polygon";
  deepStrictEqual(collection.put([dextr]).length, 1);
  strictEqual(collection.export().shapes[0].type, "polygon");
});

Deno.test("shapeType can be set on a new state only, never on a tag", () => {
  const state = rect();
  state.shapeType = "polygon";
  strictEqual(state.type, "polygon");
  deepStrictEqual(setFlags(state), [], "not an updatable field");
  throws(() => (state.type = "" as never), ArgumentError);
  throws(() => (state.type = 5 as never), ArgumentError);
  const tag = new ObjectState({ objectType: "tag", label: CAR, frame: 0 });
  throws(() => (tag.shapeType = "rectangle"), /shapeType cannot be "rectangle" for a tag/);
  const collection = createAnnotations({ labels: [CAR], stopFrame: 9 });
  collection.put([rect()]);
  const [bound] = collection.get(0);
  throws(() => (bound.type = "polygon"), /once the object is in a collection/);
  strictEqual(bound.shapeType, "rectangle");
  strictEqual(collection.get(0)[0].shapeType, "rectangle");
});

Deno.test("each writable setter sets only its own updateFlags field", () => {
  const values: Record<string, unknown> = {
    ...{ label: BUS, attributes: { 5: "x" }, descriptions: ["d"], points: [1, 1, 5, 5] },
    ...{ rotation: 30, outside: true, occluded: true, keyframe: false, zOrder: 4 },
    ...{ pinned: true, lock: true, color: "#ff0000", hidden: true },
  };
  deepStrictEqual(Object.keys(values).sort(), [...UPDATABLE_FIELDS].sort());
  for (const field of UPDATABLE_FIELDS) {
    const state = rect();
    (state as unknown as Record<string, unknown>)[field] = values[field];
    deepStrictEqual(setFlags(state), [field], field);
    if (field === "attributes") deepStrictEqual(state.attributes, { 5: "x" });
    else deepStrictEqual((state as unknown as Record<string, unknown>)[field], values[field]);
  }
});

Deno.test("same value still flags (rotation excepted); non-geometry setters do not validate", () => {
  const state = rect({ rotation: 15, occluded: false });
  state.occluded = false;
  strictEqual(state.updateFlags.occluded, true);
  state.rotation = 15;
  strictEqual(state.updateFlags.rotation, false);
  strictEqual(state.rotation, 15);
  state.rotation = 16;
  strictEqual(state.updateFlags.rotation, true);
  // label, color, zOrder and the booleans are not checked by their setters (save() does that)
  state.color = "not a colour";
  state.zOrder = 1.5;
  state.label = "car" as unknown as Label;
  deepStrictEqual([state.color, state.zOrder, state.label as unknown], [
    "not a colour",
    1.5,
    "car",
  ]);
});

Deno.test("points setter throws ArgumentError at once and changes nothing", () => {
  for (const bad of [null, undefined, "1,2", 5, {}, [1, "2"], [1, null], [[1, 2]]]) {
    const state = rect();
    throws(() => (state.points = bad as unknown as number[]), ArgumentError, String(bad));
    deepStrictEqual(state.points, [0, 0, 10, 10]);
    strictEqual(state.updateFlags.points, false);
  }
  const state = rect();
  state.points = [];
  deepStrictEqual(state.points, []);
});

Deno.test("rotation setter throws ArgumentError at once and changes nothing", () => {
  for (const bad of [null, undefined, "30", {}, [30], true]) {
    const state = rect({ rotation: 10 });
    throws(() => (state.rotation = bad as unknown as number), ArgumentError, String(bad));
    strictEqual(state.rotation, 10);
    strictEqual(state.updateFlags.rotation, false);
  }
  const state = rect();
  state.rotation = 0; // null -> 0 is a change
  strictEqual(state.rotation, 0);
  strictEqual(state.updateFlags.rotation, true);
});

Deno.test("attributes setter throws ArgumentError at once and changes nothing", () => {
  for (const bad of [null, undefined, "a", 5, ["x"], true]) {
    const state = rect({ attributes: { 1: "a" } });
    throws(() => (state.attributes = bad as unknown as Record<number, string>), ArgumentError);
    deepStrictEqual(state.attributes, { 1: "a" });
    strictEqual(state.updateFlags.attributes, false);
  }
});

Deno.test("descriptions setter throws ArgumentError at once", () => {
  for (const bad of [null, undefined, "d", 5, {}, ["a", 1], [null]]) {
    const state = rect({ descriptions: ["kept"] });
    throws(() => (state.descriptions = bad as unknown as string[]), ArgumentError, String(bad));
    deepStrictEqual(state.descriptions, ["kept"]);
  }
});

Deno.test({
  name: "descriptions setter leaves updateFlags.descriptions false when it throws",
  fn() {
    const state = rect();
    throws(() => (state.descriptions = 5 as unknown as string[]), ArgumentError);
    strictEqual(state.updateFlags.descriptions, false);
  },
});

Deno.test("attributes setter merges: adds and overwrites keys, never removes", () => {
  const state = rect({ attributes: { 1: "a", 2: "b" } });
  state.attributes = { 2: "B", 3: "c" };
  deepStrictEqual(state.attributes, { 1: "a", 2: "B", 3: "c" });
  state.attributes = {};
  deepStrictEqual(state.attributes, { 1: "a", 2: "B", 3: "c" });
  strictEqual(state.updateFlags.attributes, true);
});

Deno.test("getters return copies: mutating them does not change the state", () => {
  const state = rect({
    attributes: { 1: "a" },
    descriptions: ["d"],
    group: { id: 2, color: "#123456" },
    keyframes: { prev: null, next: 5, first: 0, last: 5 },
    elements: [element([1, 1])],
  });
  state.points.push(99);
  state.points[0] = 42;
  state.position[1] = 42;
  deepStrictEqual(state.points, [0, 0, 10, 10]);
  state.attributes[1] = "changed";
  (state.attributes as Record<number, string>)[7] = "new";
  deepStrictEqual(state.attributes, { 1: "a" });
  state.descriptions.push("x");
  deepStrictEqual(state.descriptions, ["d"]);
  state.group!.id = 9;
  deepStrictEqual(state.group, { id: 2, color: "#123456" });
  state.keyframes!.next = 1;
  deepStrictEqual(state.keyframes, { prev: null, next: 5, first: 0, last: 5 });
  state.elements.pop();
  strictEqual(state.elements.length, 1);
  deepStrictEqual(setFlags(state), []);
});

Deno.test("setters copy their input: mutating the array passed in changes nothing", () => {
  const state = rect();
  const points = [5, 5, 9, 9];
  const descriptions = ["a"];
  const attributes: Record<number, string> = { 1: "x" };
  state.points = points;
  state.descriptions = descriptions;
  state.attributes = attributes;
  points[0] = 0;
  descriptions.push("b");
  attributes[1] = "y";
  deepStrictEqual(state.points, [5, 5, 9, 9]);
  deepStrictEqual(state.descriptions, ["a"]);
  deepStrictEqual(state.attributes, { 1: "x" });
});

Deno.test("skeleton: points setter with the wrong length throws and changes nothing", () => {
  const elements = [element([1, 2]), element([3, 4])];
  const state = skeleton(elements);
  for (const bad of [[], [1, 2], [1, 2, 3, 4, 5], ["a", 2, 3, 4]]) {
    throws(() => (state.points = bad as number[]), ArgumentError, JSON.stringify(bad));
  }
  deepStrictEqual(state.points, [1, 2, 3, 4]);
  ok(elements.every((e) => !e.updateFlags.points));
});

Deno.test("skeleton: points getter concatenates, setter distributes and flags elements", () => {
  const elements = [element([1, 2]), element([3, 4]), element([5, 6])];
  const state = skeleton(elements);
  deepStrictEqual(state.points, [1, 2, 3, 4, 5, 6]);
  deepStrictEqual(state.position, [1, 2, 3, 4, 5, 6]);
  deepStrictEqual(skeleton([]).points, []);
  state.points = [10, 20, 30, 40, 50, 60];
  deepStrictEqual(elements.map((e) => e.points), [[10, 20], [30, 40], [50, 60]]);
  ok(elements.every((e) => e.updateFlags.points));
  deepStrictEqual(state.points, [10, 20, 30, 40, 50, 60]);
});

Deno.test("skeleton: occluded/outside/lock/hidden getters are 'every element'", () => {
  for (const field of ["occluded", "outside", "lock", "hidden"] as const) {
    const mixed = skeleton([element([1, 1], { [field]: true }), element([2, 2])], {
      [field]: true,
    });
    strictEqual(mixed[field], false, `${field}: one element false`);
    const all = skeleton([element([1, 1], { [field]: true }), element([2, 2], { [field]: true })]);
    strictEqual(all[field], true, `${field}: all elements true, own false`);
  }
});

Deno.test("skeleton: occluded/outside/lock/hidden setters spread to the elements", () => {
  for (const field of ["occluded", "outside", "lock", "hidden"] as const) {
    const elements = [element([1, 1]), element([2, 2])];
    const state = skeleton(elements);
    state[field] = true;
    strictEqual(state[field], true, field);
    ok(elements.every((e) => e[field] && e.updateFlags[field]), field);
    strictEqual(state.updateFlags[field], true, field);
    state[field] = false;
    ok(elements.every((e) => !e[field]), field);
  }
});

Deno.test("skeleton: keyframe is own OR any element's", () => {
  strictEqual(skeleton([element([1, 1]), element([2, 2])]).keyframe, false);
  strictEqual(skeleton([element([1, 1]), element([2, 2], { keyframe: true })]).keyframe, true);
  strictEqual(skeleton([element([1, 1])], { keyframe: true }).keyframe, true);
  const state = skeleton([element([1, 1])]);
  state.keyframe = true;
  strictEqual(state.keyframe, true);
  strictEqual(state.updateFlags.keyframe, true);
});

Deno.test("save() and delete() on an unbound state reject with ArgumentError", async () => {
  const promise = rect().save();
  ok(promise instanceof Promise);
  await rejects(promise, ArgumentError);
  await rejects(rect().delete(0), ArgumentError);
  await rejects(rect().delete(0, true), ArgumentError);
});

Deno.test("delete() with a bad frame rejects with ArgumentError (never throws)", async () => {
  for (const frame of [-1, 1.5, NaN, "0", null, undefined]) {
    await rejects(rect().delete(frame as unknown as number), ArgumentError, String(frame));
  }
});

Deno.test("UpdateFlags: all false initially, reset() clears every flag", () => {
  const flags = new UpdateFlags();
  for (const f of UPDATABLE_FIELDS) strictEqual(flags[f], false, f);
  for (const f of UPDATABLE_FIELDS) flags[f] = true;
  flags.reset();
  for (const f of UPDATABLE_FIELDS) strictEqual(flags[f], false, f);
  const state = rect();
  state.points = [1, 1, 4, 4];
  state.color = "#ffffff";
  state.updateFlags.reset();
  deepStrictEqual(setFlags(state), []);
  deepStrictEqual(state.points, [1, 1, 4, 4]);
});
