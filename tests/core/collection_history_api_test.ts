/**
 * Black-box tests of delete() and of the history API of a collection: redo clearing,
 * history.get()/changes()/freeze() and the historyLimit option.
 */
import { deepStrictEqual, rejects, strictEqual } from "node:assert/strict";
import { ArgumentError, HistoryActions } from "../../mod.ts";
import { edit, shapeAndTrack as setup, state, stateOf } from "./_fixtures.ts";

Deno.test("delete: a locked object is kept unless forced", async () => {
  const a = setup();
  await edit(a, 1, 0, (s) => s.lock = true);
  strictEqual(await stateOf(a, 0, 1).delete(0), false);
  strictEqual(a.export().shapes.length, 1);
  strictEqual(await stateOf(a, 0, 1).delete(0, true), true);
  strictEqual(a.export().shapes.length, 0);
  deepStrictEqual(a.history.get().undo.at(-1), [HistoryActions.REMOVED_OBJECT, 0]);
  await rejects(stateOf(a, 0, 2).delete(-1), ArgumentError);
  await rejects(stateOf(a, 0, 2).delete(1.5), ArgumentError);
});

Deno.test("delete: a whole track goes; undo restores the object with its server id", async () => {
  const a = setup();
  const before = a.export();
  strictEqual(await stateOf(a, 5, 2).delete(5), true);
  deepStrictEqual(a.export().tracks, []);
  strictEqual(a.hasUnsavedChanges(), true);
  deepStrictEqual(a.history.undo(), [2]);
  deepStrictEqual(a.export(), before);
  strictEqual(a.export().tracks[0].id, 20);
  strictEqual(a.export().tracks[0].shapes[0].id, 21);
  strictEqual(stateOf(a, 0, 2).serverID, 20);
  strictEqual(a.hasUnsavedChanges(), false);
  a.history.redo();
  deepStrictEqual(a.export().tracks, []);
});

Deno.test("history: a new action clears the redo side", async () => {
  const a = setup();
  await edit(a, 1, 0, (s) => s.zOrder = 1);
  await edit(a, 1, 0, (s) => s.zOrder = 2);
  a.history.undo();
  deepStrictEqual(a.history.get().redo, [[HistoryActions.CHANGED_ZORDER, 0]]);
  a.put([state({ frame: 4 })]);
  deepStrictEqual(a.history.get(), {
    undo: [[HistoryActions.CHANGED_ZORDER, 0], [HistoryActions.CREATED_OBJECTS, 4]],
    redo: [],
  });
  deepStrictEqual(a.history.redo(), []);
});

Deno.test("history: get() gives [action, frame] oldest first; changes() is plain JSON", async () => {
  const a = setup();
  await edit(a, 2, 5, (s) => s.points = [1, 1, 20, 20]);
  await edit(a, 1, 0, (s) => s.occluded = true);
  await stateOf(a, 0, 1).delete(0);
  a.history.undo();
  deepStrictEqual(a.history.get(), {
    undo: [[HistoryActions.CHANGED_POINTS, 5], [HistoryActions.CHANGED_OCCLUDED, 0]],
    redo: [[HistoryActions.REMOVED_OBJECT, 0]],
  });
  const changes = a.history.changes();
  deepStrictEqual(JSON.parse(JSON.stringify(changes)), changes);
  deepStrictEqual(changes.undo.map((c) => [c.action, c.frame, c.clientIDs]), [
    [HistoryActions.CHANGED_POINTS, 5, [2]],
    [HistoryActions.CHANGED_OCCLUDED, 0, [1]],
  ]);
  const [removed] = changes.redo;
  strictEqual(removed.changes[0].after, null);
  strictEqual(removed.changes[0].before?.serverID, 10);
  // the entries are copies: changing them does not change the history
  changes.undo.length = 0;
  strictEqual(a.history.changes().undo.length, 2);
});

Deno.test("history: the historyLimit option keeps the newest entries", async () => {
  const a = setup({ historyLimit: 3 });
  for (let z = 1; z <= 5; z++) await edit(a, 1, 0, (s) => s.zOrder = z);
  strictEqual(a.history.get().undo.length, 3);
  a.history.undo(10);
  strictEqual(a.export().shapes[0].z_order, 2);
});

Deno.test("history: while frozen nothing is recorded but changes apply", async () => {
  const a = setup();
  a.history.freeze(true);
  await edit(a, 1, 0, (s) => s.points = [0, 0, 20, 20]);
  a.put([state({ frame: 3 })]);
  await stateOf(a, 0, 2).delete(0);
  deepStrictEqual(a.history.get(), { undo: [], redo: [] });
  strictEqual(a.export().shapes.length, 2);
  a.history.freeze(false);
  await edit(a, 1, 0, (s) => s.zOrder = 1);
  strictEqual(a.history.get().undo.length, 1);
});
