/**
 * Black-box tests of the history entries of save(): their names, no-op saves, undo/redo of
 * saves, skeleton saves.
 */
import { deepStrictEqual, ok, strictEqual } from "node:assert/strict";
import { HistoryActions, type ObjectState } from "../../mod.ts";
import {
  attrs,
  CAR_ATTR,
  collection,
  data,
  edit,
  keyframe,
  person,
  shape,
  shapeAndTrack,
  skeletonShape,
  skeletonTrack,
  stateOf,
  track,
  undoActions,
} from "./_fixtures.ts";

const setup = shapeAndTrack;

Deno.test("history: one field set → that field's name; several → 'Changed object'", async () => {
  const a = setup();
  const cases: [(s: ObjectState) => void, string][] = [
    [(s) => s.points = [0, 0, 20, 20], HistoryActions.CHANGED_POINTS],
    [(s) => s.rotation = 30, HistoryActions.CHANGED_ROTATION],
    [(s) => s.occluded = true, HistoryActions.CHANGED_OCCLUDED],
    [(s) => s.outside = true, HistoryActions.CHANGED_OUTSIDE],
    [(s) => s.zOrder = 3, HistoryActions.CHANGED_ZORDER],
    [(s) => s.attributes = { [CAR_ATTR.note]: "x" }, HistoryActions.CHANGED_ATTRIBUTES],
    [(s) => s.label = person(), HistoryActions.CHANGED_LABEL], // attributes reset too
    [(s) => s.pinned = true, HistoryActions.CHANGED_PINNED],
    [(s) => s.color = "#ABCDEF", HistoryActions.CHANGED_COLOR],
    [(s) => s.hidden = true, HistoryActions.CHANGED_HIDDEN],
    [(s) => s.lock = true, HistoryActions.CHANGED_LOCK],
    [(s) => {
      s.lock = false;
      s.points = [1, 1, 21, 21];
    }, HistoryActions.CHANGED_OBJECT],
  ];
  for (const [fn, action] of cases) {
    await edit(a, 1, 0, fn);
    deepStrictEqual(a.history.get().undo.at(-1), [action, 0]);
  }
  strictEqual(a.history.get().undo.length, cases.length);
});

Deno.test("history: a track change is named after the field even when it adds a keyframe", async () => {
  const a = setup();
  await edit(a, 2, 5, (s) => s.outside = true);
  deepStrictEqual(a.history.get().undo, [[HistoryActions.CHANGED_OUTSIDE, 5]]);
  deepStrictEqual(a.export().tracks[0].shapes.map((s) => [s.frame, s.outside]), [
    [0, false],
    [5, true],
    [10, false],
  ]);
  await edit(a, 2, 3, (s) => s.keyframe = true);
  deepStrictEqual(a.history.get().undo.at(-1), [HistoryActions.CHANGED_KEYFRAME, 3]);
  await edit(a, 2, 7, (s) => s.attributes = { [CAR_ATTR.speed]: "9" });
  deepStrictEqual(a.history.get().undo.at(-1), [HistoryActions.CHANGED_ATTRIBUTES, 7]);
  await edit(a, 2, 8, (s) => s.label = person());
  deepStrictEqual(a.history.get().undo.at(-1), [HistoryActions.CHANGED_LABEL, 8]);
});

Deno.test("history: client-only fields add entries but no unsaved changes", async () => {
  const a = setup();
  await edit(a, 1, 0, (s) => s.lock = true);
  await edit(a, 1, 0, (s) => {
    s.lock = false;
    s.color = "#00FF00";
    s.hidden = true;
    s.pinned = true;
  });
  deepStrictEqual(undoActions(a), [HistoryActions.CHANGED_LOCK, HistoryActions.CHANGED_OBJECT]);
  strictEqual(a.hasUnsavedChanges(), false);
  const s = stateOf(a, 0, 1);
  deepStrictEqual([s.lock, s.color, s.hidden, s.pinned], [false, "#00FF00", true, true]);
  a.history.undo(2);
  strictEqual(stateOf(a, 0, 1).hidden, false);
});

Deno.test({
  name: "history: a rotation on a polygon (always stored as 0) adds no entry",
  async fn() {
    const a = collection();
    a.import(data({ shapes: [shape("polygon", 0, [0, 0, 10, 0, 10, 10])] }));
    await edit(a, 1, 0, (s) => s.rotation = 30);
    strictEqual(a.export().shapes[0].rotation, 0);
    deepStrictEqual(a.history.get().undo, []);
  },
});

Deno.test("history: a field set to its current value adds no entry", async () => {
  const a = setup();
  const before = a.export();
  await edit(a, 1, 0, (s) => {
    s.lock = false;
    s.points = [10, 10, 50, 50];
    s.occluded = false;
    s.attributes = { [CAR_ATTR.color]: "red" };
  });
  await edit(a, 2, 0, (s) => s.keyframe = true);
  await edit(a, 2, 5, (s) => s.keyframe = false);
  deepStrictEqual(a.history.get(), { undo: [], redo: [] });
  deepStrictEqual(a.export(), before);
  strictEqual(a.hasUnsavedChanges(), false);
});

Deno.test("history: a shape's outside change undoes and redoes as outside (quirk fix)", async () => {
  const a = setup();
  await edit(a, 1, 0, (s) => s.outside = true);
  deepStrictEqual(undoActions(a), [HistoryActions.CHANGED_OUTSIDE]);
  a.history.undo();
  deepStrictEqual([a.export().shapes[0].outside, a.export().shapes[0].occluded], [false, false]);
  a.history.redo();
  deepStrictEqual([a.export().shapes[0].outside, a.export().shapes[0].occluded], [true, false]);
});

Deno.test("history: undo restores export() exactly, redo re-applies", async () => {
  const a = setup();
  const exports = [a.export()];
  await edit(a, 1, 0, (s) => s.points = [0, 0, 20, 20]);
  exports.push(a.export());
  await edit(a, 2, 5, (s) => {
    s.occluded = true;
    s.attributes = { [CAR_ATTR.color]: "blue", [CAR_ATTR.speed]: "70" };
  });
  exports.push(a.export());
  await edit(a, 2, 7, (s) => s.label = person());
  exports.push(a.export());
  await edit(a, 2, 10, (s) => s.keyframe = false);
  exports.push(a.export());
  for (let i = exports.length - 2; i >= 0; i--) {
    a.history.undo();
    deepStrictEqual(a.export(), exports[i], `undo to ${i}`);
  }
  strictEqual(a.hasUnsavedChanges(), false);
  for (let i = 1; i < exports.length; i++) {
    a.history.redo();
    deepStrictEqual(a.export(), exports[i], `redo to ${i}`);
  }
});

Deno.test("history: undo(n)/redo(n) return the concatenated clientIDs, stop when empty", async () => {
  const a = setup();
  await edit(a, 1, 0, (s) => s.zOrder = 1);
  await edit(a, 2, 0, (s) => s.zOrder = 1);
  await edit(a, 1, 0, (s) => s.zOrder = 2);
  deepStrictEqual(a.history.undo(2), [1, 2]);
  deepStrictEqual(a.history.undo(5), [1]);
  deepStrictEqual(a.history.undo(), []);
  deepStrictEqual(a.history.redo(10), [1, 2, 1]);
  deepStrictEqual(a.history.redo(), []);
});

Deno.test("history: a skeleton save is one entry, through an element or the parent's points", async () => {
  const a = collection();
  a.import(data({
    shapes: [skeletonShape(0, [[10, 10], [20, 20], [30, 30]], { id: 5 })],
    tracks: [skeletonTrack([0, 10], [[[0, 0], [5, 5], [9, 9]], [[10, 10], [15, 15], [19, 19]]])],
  }));
  const before = a.export();
  // through the element state
  const [head] = stateOf(a, 0, 1).elements;
  head.points = [11, 12];
  await head.save();
  deepStrictEqual(a.history.get().undo, [[HistoryActions.CHANGED_POINTS, 0]]);
  // through the parent's points setter: two elements move, one entry
  const parent = stateOf(a, 0, 1);
  parent.points = [11, 12, 21, 22, 33, 33];
  const saved = await parent.save();
  deepStrictEqual(saved.points, [11, 12, 21, 22, 33, 33]);
  deepStrictEqual(undoActions(a), [HistoryActions.CHANGED_POINTS, HistoryActions.CHANGED_POINTS]);
  deepStrictEqual(a.export().shapes[0].elements!.map((e) => e.points), [[11, 12], [21, 22], [
    33,
    33,
  ]]);
  // a skeleton track on a non-keyframe: one entry, the elements get keyframes at 5
  const t = stateOf(a, 5, 5);
  t.points = [1, 1, 2, 2, 3, 3];
  await t.save();
  strictEqual(a.history.get().undo.length, 3);
  const out = a.export().tracks[0];
  ok(out.elements!.every((e) => e.shapes.some((k) => k.frame === 5)));
  a.history.undo(3);
  deepStrictEqual(a.export(), before);
});

Deno.test("history: a track's mutable attribute history survives an undo of the label change", async () => {
  const a = collection();
  a.import(data({
    tracks: [track([keyframe(0, [0, 0, 10, 10], { attributes: attrs({ 14: "20" }) })])],
  }));
  const before = a.export();
  await edit(a, 1, 4, (s) => s.label = person());
  a.history.undo();
  deepStrictEqual(a.export(), before);
  strictEqual(stateOf(a, 4, 1).attributes[CAR_ATTR.speed], "20");
});
