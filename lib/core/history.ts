/**
 * Undo/redo as a log of plain, serialisable change sets: each entry holds the before and after
 * copies of every object it touched, so undo writes the before copies back and redo the after.
 *
 * @module
 */

import { show } from "./show.ts";
import { ArgumentError } from "./errors.ts";
import type { HistoryActions } from "./enums.ts";
import type { ObjectRecord } from "./model.ts";

/** One object's change: null before = created, null after = removed. */
export interface ObjectChange {
  /** The changed object's clientID. */
  clientID: number;
  /** A copy of the object before the change; null if it was created. */
  before: ObjectRecord | null;
  /** A copy of the object after the change; null if it was removed. */
  after: ObjectRecord | null;
}

/** One history entry: one operation or one `save()`. */
export interface ChangeSet {
  /** The name of the operation, shown in the undo/redo lists. */
  action: HistoryActions;
  /** The frame the operation was made on. */
  frame: number;
  /** The clientIDs of the objects the operation touched. */
  clientIDs: number[];
  /** One before/after pair per changed object. */
  changes: ObjectChange[];
}

/** The history API of a collection. */
export interface History {
  /** Reverts up to `count` entries; returns the affected clientIDs, concatenated. */
  undo(count?: number): number[];
  /** Re-applies up to `count` undone entries; returns the affected clientIDs. */
  redo(count?: number): number[];
  /** Drops every entry. */
  clear(): void;
  /** While frozen, operations are applied but not recorded. */
  freeze(frozen: boolean): void;
  /** `[action, frame]` pairs, oldest first (the last is the next to pop). */
  get(): { undo: [HistoryActions, number][]; redo: [HistoryActions, number][] };
  /** Copies of the entries themselves. */
  changes(): { undo: ChangeSet[]; redo: ChangeSet[] };
}

/** The writable side of a history, for the collection that owns it. */
export interface HistoryLog extends History {
  /** Records one entry (ignored while frozen); a new entry clears the redo side. */
  record(entry: ChangeSet): void;
  /** Replaces every stored record for which `map` returns a new one (e.g. to add server ids). */
  rewrite(map: (record: ObjectRecord) => ObjectRecord): void;
}

/** Options of {@linkcode createHistory}. */
export interface HistoryOptions {
  /** How many entries are kept (default 1000). */
  limit?: number;
  /** Writes copies of records back: the record for each clientID, or null to remove it. */
  apply(records: { clientID: number; record: ObjectRecord | null }[]): void;
}

function checkCount(count: unknown): number {
  if (!Number.isInteger(count) || (count as number) < 0) {
    throw new ArgumentError(`Count must be a non-negative integer, got ${show(count)}`);
  }
  return count as number;
}

/**
 * Creates an empty history.
 *
 * @example
 * ```ts
 * import { ok } from "node:assert/strict";
 * import { createHistory } from "./history.ts";
 * const history = createHistory({ apply() {} });
 * history.record({ action: "Created objects", frame: 0, clientIDs: [1], changes: [] });
 * ok(history.get().undo.length === 1);
 * ```
 */
export function createHistory(options: HistoryOptions): HistoryLog {
  const limit = options.limit ?? 1000;
  if (!Number.isInteger(limit) || limit < 1) {
    throw new ArgumentError(
      `historyLimit must be a positive integer, got ${show(limit)}`,
    );
  }
  let undoStack: ChangeSet[] = [];
  let redoStack: ChangeSet[] = [];
  let frozen = false;

  function move(from: ChangeSet[], to: ChangeSet[], count: number, side: "before" | "after") {
    const ids: number[] = [];
    for (let i = 0; i < count && from.length; i++) {
      const entry = from.pop()!;
      const changes = side === "before" ? entry.changes.slice().reverse() : entry.changes;
      // Records are never changed in place, so the entry's copies can be shared.
      options.apply(changes.map((c) => ({ clientID: c.clientID, record: c[side] })));
      to.push(entry);
      ids.push(...entry.clientIDs);
    }
    return ids;
  }

  return {
    record(entry) {
      if (frozen) return;
      undoStack.push(entry);
      if (undoStack.length > limit) undoStack = undoStack.slice(undoStack.length - limit);
      redoStack = [];
    },
    rewrite(map) {
      for (const entry of [...undoStack, ...redoStack]) {
        for (const change of entry.changes) {
          if (change.before) change.before = map(change.before);
          if (change.after) change.after = map(change.after);
        }
      }
    },
    undo: (count = 1) => move(undoStack, redoStack, checkCount(count), "before"),
    redo: (count = 1) => move(redoStack, undoStack, checkCount(count), "after"),
    clear() {
      undoStack = [];
      redoStack = [];
    },
    freeze(value) {
      if (typeof value !== "boolean") {
        throw new ArgumentError(`Frozen must be a boolean, got ${show(value)}`);
      }
      frozen = value;
    },
    get: () => ({
      undo: undoStack.map((e) => [e.action, e.frame]),
      redo: redoStack.map((e) => [e.action, e.frame]),
    }),
    changes: () => structuredClone({ undo: undoStack, redo: redoStack }),
  };
}
