/**
 * Collection operations that replace objects: merge, split, group, delete and clear.
 *
 * @module
 */

import { show } from "./show.ts";
import { ArgumentError } from "./errors.ts";
import { HistoryActions } from "./enums.ts";
import type { CollectionCore } from "./collection_core.ts";
import type { ObjectRecord } from "./model.ts";
import { BINDING, ObjectState } from "./object_state.ts";
import { mergeObjects } from "./merge.ts";
import { splitTrack } from "./split.ts";

/** The top-level record behind a state of this collection. */
export function recordOfState(core: CollectionCore, state: unknown, field = "state"): ObjectRecord {
  if (!(state instanceof ObjectState)) {
    throw new ArgumentError(`${field} must be an ObjectState, got ${show(state)}`);
  }
  const clientID = state.clientID ?? -1;
  const record = state[BINDING] === core.binding
    ? core.index.get(core.index.parentOf(clientID) ?? clientID)
    : undefined;
  if (!record) {
    throw new ArgumentError(
      `${field} (clientID ${state.clientID}) is not an object of this collection`,
    );
  }
  return record;
}

function recordsOfStates(core: CollectionCore, states: unknown): ObjectRecord[] {
  if (!Array.isArray(states)) {
    throw new ArgumentError(
      `states must be an array of ObjectState, got ${show(states)}`,
    );
  }
  const records = states.map((s, i) => recordOfState(core, s, `states[${i}]`));
  return [...new Map(records.map((r) => [r.clientID, r])).values()];
}

/** Merges shapes and tracks into one new track; returns its clientID. */
export function merge(core: CollectionCore, states: unknown): number {
  const records = recordsOfStates(core, states);
  const merged = mergeObjects(records, {
    labels: core.labels,
    stopFrame: core.stopFrame,
    nextClientID: core.nextClientID,
  });
  core.commit(HistoryActions.MERGED_OBJECTS, (states as ObjectState[])[0].frame, [
    ...records.map((r) => ({ clientID: r.clientID, before: r, after: null })),
    { clientID: merged.clientID, before: null, after: merged },
  ]);
  return merged.clientID;
}

/** Splits a track at a frame into two new tracks; returns their clientIDs (or [] for a no-op). */
export function split(core: CollectionCore, state: unknown, frame: unknown): number[] {
  const record = recordOfState(core, state);
  if (!Number.isInteger(frame)) {
    throw new ArgumentError(`frame must be an integer, got ${show(frame)}`);
  }
  const parts = splitTrack(record, frame as number, {
    nextClientID: core.nextClientID,
    dimension: core.dimension,
    isDeleted: core.isDeleted,
  });
  if (!parts) return [];
  core.commit(HistoryActions.SPLITTED_TRACK, frame as number, [
    { clientID: record.clientID, before: record, after: null },
    ...parts.map((p) => ({ clientID: p.clientID, before: null, after: p })),
  ]);
  return parts.map((p) => p.clientID);
}

/** Puts objects in one new group (or in none with `reset`); returns the group id. */
export function group(core: CollectionCore, states: unknown, reset: unknown): number {
  if (typeof reset !== "boolean") {
    throw new ArgumentError(`reset must be a boolean, got ${show(reset)}`);
  }
  const records = recordsOfStates(core, states);
  const id = reset ? 0 : core.maxGroup + 1;
  if (!reset) core.maxGroup = id;
  const frame = (states as ObjectState[])[0]?.frame ?? core.startFrame;
  core.commit(
    HistoryActions.GROUPED_OBJECTS,
    frame,
    records.map((r) => {
      const after = structuredClone(r);
      after.group = id;
      for (const e of after.elements) e.group = id;
      return { clientID: r.clientID, before: r, after };
    }),
  );
  return id;
}

/** Removes a whole object unless it is locked and not forced. */
export function remove(core: CollectionCore, state: ObjectState, frame: number, force: boolean) {
  const record = recordOfState(core, state);
  if (record.lock && !force) return false;
  core.commit(HistoryActions.REMOVED_OBJECT, frame, [
    { clientID: record.clientID, before: record, after: null },
  ]);
  return true;
}

/** Options of `clear()`. */
export interface ClearOptions {
  /** The first frame to clear (inclusive); defaults to the job's start frame. */
  startFrame?: number;
  /** The last frame to clear (inclusive); defaults to the job's stop frame. */
  stopFrame?: number;
  /** Delete only the track keyframes inside the range (a track left without any goes too). */
  delTrackKeyframesOnly?: boolean;
}

const CLEAR_KEYS = new Set(["startFrame", "stopFrame", "delTrackKeyframesOnly"]);

function dropKeyframes(record: ObjectRecord, from: number, to: number): ObjectRecord | null {
  const copy = structuredClone(record);
  for (const part of [copy, ...copy.elements]) {
    part.keyframes = part.keyframes!.filter((k) => k.frame < from || k.frame > to);
  }
  if (!copy.keyframes!.length || copy.elements.some((e) => !e.keyframes!.length)) return null;
  for (const part of [copy, ...copy.elements]) part.frame = part.keyframes![0].frame;
  return copy;
}

/**
 * Clears everything, or the objects of a frame range. A clear is not undoable (as in
 * cvat-core) and it also empties the history, whose entries could otherwise restore what was
 * cleared.
 */
export function clear(core: CollectionCore, options?: ClearOptions): void {
  if (options === undefined || options === null) {
    for (const record of core.index.all()) core.index.delete(record.clientID);
    core.history.clear();
    return;
  }
  if (typeof options !== "object" || Array.isArray(options)) {
    throw new ArgumentError(`clear() options must be an object, got ${show(options)}`);
  }
  const unknown = Object.keys(options).find((k) => !CLEAR_KEYS.has(k));
  if (unknown !== undefined) {
    throw new ArgumentError(`clear() does not know the option "${unknown}"`);
  }
  if (Object.keys(options).length === 0) return clear(core);
  const from = core.checkFrame(options.startFrame ?? core.startFrame, "startFrame");
  const to = core.checkFrame(options.stopFrame ?? core.stopFrame, "stopFrame");
  if (from > to) {
    throw new ArgumentError(`clear() needs startFrame ≤ stopFrame, got ${from} > ${to}`);
  }
  const keyframesOnly = options.delTrackKeyframesOnly ?? false;
  if (typeof keyframesOnly !== "boolean") {
    throw new ArgumentError(
      `delTrackKeyframesOnly must be a boolean, got ${show(keyframesOnly)}`,
    );
  }
  // History entries of cleared objects would bring them back on undo: the history goes too.
  core.history.clear();
  for (const record of core.index.all()) {
    if (record.objectType !== "track") {
      if (record.frame >= from && record.frame <= to) core.index.delete(record.clientID);
    } else if (keyframesOnly) {
      const kept = dropKeyframes(record, from, to);
      if (kept) core.index.set(kept);
      else core.index.delete(record.clientID);
    } else if (record.frame >= from && record.frame <= to) {
      core.index.delete(record.clientID);
    }
  }
}
