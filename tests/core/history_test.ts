import { deepStrictEqual, ok, strictEqual, throws } from "node:assert/strict";
import { HistoryActions } from "../../lib/core/enums.ts";
import { ArgumentError } from "../../lib/core/errors.ts";
import { type ChangeSet, createHistory, type HistoryOptions } from "../../lib/core/history.ts";
import type { ObjectRecord } from "../../lib/core/model.ts";

type Applied = { clientID: number; record: ObjectRecord | null }[];

function record(clientID: number, x: number): ObjectRecord {
  return {
    clientID,
    serverID: null,
    parentID: null,
    objectType: "shape",
    shapeType: "rectangle",
    labelId: 1,
    frame: 0,
    group: 0,
    source: "manual",
    attributes: { 1: "a" },
    position: {
      points: [x, x, x + 10, x + 10],
      rotation: 0,
      occluded: false,
      outside: false,
      zOrder: 0,
    },
    keyframes: null,
    elements: [],
    lock: false,
    hidden: false,
    pinned: false,
    color: "#000000",
    descriptions: [],
  };
}

/** A change set moving each clientID from x to x + 1 (x = null: created). */
function entry(
  action: HistoryActions,
  frame: number,
  moves: [clientID: number, from: number | null, to: number | null][],
): ChangeSet {
  return {
    action,
    frame,
    clientIDs: moves.map(([id]) => id),
    changes: moves.map(([clientID, from, to]) => ({
      clientID,
      before: from === null ? null : record(clientID, from),
      after: to === null ? null : record(clientID, to),
    })),
  };
}

/** A history whose apply calls are logged as `[clientID, x | null]` per call. */
function setup(options: Partial<HistoryOptions> = {}) {
  const calls: [number, number | null][][] = [];
  const received: Applied[] = [];
  const history = createHistory({
    ...options,
    apply(records) {
      received.push(records);
      calls.push(records.map((r) => [r.clientID, r.record ? r.record.position!.points[0] : null]));
    },
  });
  return { history, calls, received };
}

const { CREATED_OBJECTS: CREATED, CHANGED_POINTS: POINTS, CHANGED_LABEL: LABEL } = HistoryActions;

Deno.test("undo applies the before copies, redo the after copies, newest first", () => {
  const { history, calls } = setup();
  history.record(entry(CREATED, 0, [[1, null, 10]]));
  history.record(entry(POINTS, 1, [[1, 10, 20]]));
  deepStrictEqual(history.undo(), [1]);
  deepStrictEqual(calls, [[[1, 10]]]);
  deepStrictEqual(history.undo(), [1]);
  deepStrictEqual(calls, [[[1, 10]], [[1, null]]]);
  deepStrictEqual(history.redo(), [1]);
  deepStrictEqual(history.redo(), [1]);
  deepStrictEqual(calls.slice(2), [[[1, 10]], [[1, 20]]]);
});

Deno.test("undo applies an entry's changes in reverse order, redo in recorded order", () => {
  const { history, calls } = setup();
  history.record(entry(POINTS, 0, [[1, 1, 2], [2, 3, 4], [3, null, 5]]));
  deepStrictEqual(history.undo(), [1, 2, 3]);
  deepStrictEqual(calls, [[[3, null], [2, 3], [1, 1]]]);
  deepStrictEqual(history.redo(), [1, 2, 3]);
  deepStrictEqual(calls[1], [[1, 2], [2, 4], [3, 5]]);
});

Deno.test("undo/redo(count) return concatenated clientIDs with duplicates, stop when empty", () => {
  const { history, calls } = setup();
  history.record(entry(CREATED, 0, [[1, null, 1], [2, null, 1]]));
  history.record(entry(POINTS, 0, [[1, 1, 2]]));
  history.record(entry(POINTS, 0, [[1, 2, 3]]));
  deepStrictEqual(history.undo(2), [1, 1]);
  deepStrictEqual(history.undo(5), [1, 2]);
  strictEqual(calls.length, 3);
  deepStrictEqual(history.undo(), []);
  deepStrictEqual(history.undo(3), []);
  strictEqual(calls.length, 3, "apply is not called on an empty stack");
  deepStrictEqual(history.redo(10), [1, 2, 1, 1]);
  deepStrictEqual(history.redo(), []);
  strictEqual(calls.length, 6);
  deepStrictEqual(history.undo(0), []);
  deepStrictEqual(history.redo(0), []);
  strictEqual(calls.length, 6);
});

Deno.test("a new record clears the redo side", () => {
  const { history } = setup();
  history.record(entry(CREATED, 0, [[1, null, 1]]));
  history.record(entry(POINTS, 0, [[1, 1, 2]]));
  history.undo();
  deepStrictEqual(history.get().redo, [[POINTS, 0]]);
  history.record(entry(LABEL, 3, [[1, 1, 5]]));
  deepStrictEqual(history.get(), { undo: [[CREATED, 0], [LABEL, 3]], redo: [] });
  deepStrictEqual(history.redo(), []);
});

Deno.test("limit keeps only the newest N entries (default 1000)", () => {
  const { history } = setup({ limit: 3 });
  for (let f = 0; f < 5; f++) history.record(entry(POINTS, f, [[1, f, f + 1]]));
  deepStrictEqual(history.get().undo, [[POINTS, 2], [POINTS, 3], [POINTS, 4]]);
  deepStrictEqual(history.undo(10), [1, 1, 1]);
  deepStrictEqual(history.redo(10), [1, 1, 1]);
  deepStrictEqual(history.get().undo.map(([, f]) => f), [2, 3, 4]);
  const big = setup().history;
  for (let f = 0; f < 1005; f++) big.record(entry(POINTS, f, [[1, f, f + 1]]));
  strictEqual(big.get().undo.length, 1000);
  deepStrictEqual(big.get().undo[0], [POINTS, 5]);
  const one = setup({ limit: 1 }).history;
  one.record(entry(CREATED, 0, [[1, null, 1]]));
  one.record(entry(POINTS, 7, [[1, 1, 2]]));
  deepStrictEqual(one.get().undo, [[POINTS, 7]]);
});

Deno.test("a frozen history records nothing (and keeps its redo side)", () => {
  const { history } = setup();
  history.record(entry(CREATED, 0, [[1, null, 1]]));
  history.record(entry(POINTS, 0, [[1, 1, 2]]));
  history.undo();
  history.freeze(true);
  history.record(entry(LABEL, 1, [[1, 1, 9]]));
  deepStrictEqual(history.get(), { undo: [[CREATED, 0]], redo: [[POINTS, 0]] });
  history.freeze(false);
  history.record(entry(LABEL, 2, [[1, 1, 9]]));
  deepStrictEqual(history.get(), { undo: [[CREATED, 0], [LABEL, 2]], redo: [] });
});

Deno.test("get(): [action, frame] oldest first; the last is the next to pop", () => {
  const { history } = setup();
  history.record(entry(CREATED, 0, [[1, null, 1]]));
  history.record(entry(POINTS, 1, [[1, 1, 2]]));
  history.record(entry(LABEL, 2, [[1, 2, 3]]));
  deepStrictEqual(history.get(), { undo: [[CREATED, 0], [POINTS, 1], [LABEL, 2]], redo: [] });
  history.undo(2);
  deepStrictEqual(history.get(), { undo: [[CREATED, 0]], redo: [[LABEL, 2], [POINTS, 1]] });
  history.redo();
  deepStrictEqual(history.get(), { undo: [[CREATED, 0], [POINTS, 1]], redo: [[LABEL, 2]] });
  history.clear();
  deepStrictEqual(history.get(), { undo: [], redo: [] });
  deepStrictEqual(history.changes(), { undo: [], redo: [] });
  deepStrictEqual(history.undo(), []);
});

Deno.test("changes() returns deep, JSON-serialisable copies of the entries", () => {
  const { history, calls } = setup();
  const created = entry(CREATED, 0, [[1, null, 1]]);
  const moved = entry(POINTS, 4, [[1, 1, 2], [2, 5, 6]]);
  history.record(created);
  history.record(moved);
  history.undo();
  const changes = history.changes();
  deepStrictEqual(changes, { undo: [created], redo: [moved] });
  deepStrictEqual(JSON.parse(JSON.stringify(changes)), changes);
  changes.undo[0].action = LABEL;
  changes.undo[0].clientIDs.push(99);
  changes.redo[0].changes[0].after!.position!.points[0] = 1234;
  changes.redo[0].changes.pop();
  changes.undo.pop();
  deepStrictEqual(history.changes(), { undo: [created], redo: [moved] });
  deepStrictEqual(history.get(), { undo: [[CREATED, 0]], redo: [[POINTS, 4]] });
  deepStrictEqual(history.redo(), [1, 2]);
  deepStrictEqual(calls[1], [[1, 2], [2, 6]]);
});

Deno.test("apply shares the entry's records (never changed in place); changes() copies them", () => {
  const { history, received } = setup();
  const moved = entry(POINTS, 0, [[1, 1, 2]]);
  history.record(moved);
  history.undo();
  history.redo();
  history.undo();
  // The same before/after objects come back each time: no copy per undo or redo.
  ok(received[0][0].record === received[2][0].record);
  ok(received[0][0].record === moved.changes[0].before);
  ok(received[1][0].record === moved.changes[0].after);
  const copy = history.changes().redo[0];
  deepStrictEqual(copy, moved);
  ok(copy.changes[0].after !== moved.changes[0].after);
});

Deno.test("invalid undo/redo counts are ArgumentErrors and change nothing", () => {
  const { history, calls } = setup();
  history.record(entry(CREATED, 0, [[1, null, 1]]));
  for (const count of [-1, 1.5, NaN, Infinity, "1", null, true, {}]) {
    throws(() => history.undo(count as unknown as number), ArgumentError, String(count));
    throws(() => history.redo(count as unknown as number), ArgumentError, String(count));
  }
  strictEqual(calls.length, 0);
  deepStrictEqual(history.get(), { undo: [[CREATED, 0]], redo: [] });
});

Deno.test("freeze() with a non-boolean is an ArgumentError", () => {
  const { history } = setup();
  for (const value of [undefined, null, 0, 1, "true", {}]) {
    throws(() => history.freeze(value as unknown as boolean), ArgumentError, String(value));
  }
  history.record(entry(CREATED, 0, [[1, null, 1]]));
  strictEqual(history.get().undo.length, 1, "a failed freeze() does not freeze");
});

Deno.test("an invalid limit is an ArgumentError", () => {
  for (const limit of [0, -1, 1.5, NaN, Infinity, "10", true, {}]) {
    throws(
      () => createHistory({ limit: limit as unknown as number, apply() {} }),
      ArgumentError,
      String(limit),
    );
  }
  ok(createHistory({ limit: 1, apply() {} }));
  ok(createHistory({ apply() {} }));
});
