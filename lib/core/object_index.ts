/**
 * Where a collection keeps its records: by clientID, shapes and tags by frame, tracks by the
 * frames they may be visible on, so that reading a frame costs what is on that frame.
 *
 * @module
 */

import type { ObjectRecord } from "./model.ts";

const BUCKET = 32;

/** The records of a collection and their frame indexes. */
export interface ObjectIndex {
  /** A live top-level record by clientID. */
  get(clientID: number): ObjectRecord | undefined;
  /** The skeleton that holds an element, by the element's clientID. */
  parentOf(clientID: number): number | undefined;
  /** Inserts or replaces a record (the index keeps the object, not a copy). */
  set(record: ObjectRecord): void;
  /** Removes a record; returns whether it existed. */
  delete(clientID: number): boolean;
  /** Every live record, ordered by clientID. */
  all(): ObjectRecord[];
  /** A copy of the clientID → record map (records are shared: they are never changed in place). */
  snapshot(): Map<number, ObjectRecord>;
  /** Shapes on a frame, ordered by clientID. */
  shapesAt(frame: number): ObjectRecord[];
  /** Tags on a frame, ordered by clientID. */
  tagsAt(frame: number): ObjectRecord[];
  /** Tracks that may be visible on a frame, ordered by clientID. */
  tracksAt(frame: number): ObjectRecord[];
  /** Every track, ordered by clientID. */
  tracks(): ObjectRecord[];
  /** Recomputes every track's span (after the deleted frames or the stop frame change). */
  reindexTracks(): void;
  /** The number of live records. */
  readonly size: number;
}

/** Options of {@linkcode createObjectIndex}. */
export interface ObjectIndexOptions {
  stopFrame: number;
  isDeleted(frame: number): boolean;
}

function insertSorted(list: number[], id: number): void {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (list[mid] < id) lo = mid + 1;
    else hi = mid;
  }
  if (list[lo] !== id) list.splice(lo, 0, id);
}

function removeSorted(list: number[], id: number): void {
  const at = list.indexOf(id);
  if (at >= 0) list.splice(at, 1);
}

/** The frames a track may be visible on (outside non-keyframes aside), as [first, last]. */
function trackSpan(record: ObjectRecord, options: ObjectIndexOptions): [number, number] {
  let first = Infinity;
  let last = -Infinity;
  for (const part of [record, ...record.elements]) {
    const keyframes = part.keyframes ?? [];
    if (!keyframes.length) continue;
    first = Math.min(first, keyframes[0].frame);
    const end = keyframes[keyframes.length - 1];
    const closed = end.outside && !options.isDeleted(end.frame);
    last = Math.max(last, closed ? end.frame : Math.max(options.stopFrame, end.frame));
  }
  return [first, last];
}

/**
 * Creates an empty index.
 *
 * @example
 * ```ts
 * import { ok } from "node:assert/strict";
 * import { createObjectIndex } from "./object_index.ts";
 * const index = createObjectIndex({ stopFrame: 9, isDeleted: () => false });
 * ok(index.size === 0);
 * ```
 */
export function createObjectIndex(options: ObjectIndexOptions): ObjectIndex {
  const records = new Map<number, ObjectRecord>();
  // The map iterates in insertion order; it is in clientID order unless a smaller clientID was
  // added after a larger one (undo of a delete), and then it is rebuilt sorted on the next read.
  let maxID = 0;
  let sorted = true;
  const parents = new Map<number, number>();
  const shapes = new Map<number, number[]>();
  const tags = new Map<number, number[]>();
  const buckets = new Map<number, number[]>();
  const spans = new Map<number, [number, number]>();
  const trackIds: number[] = [];

  const byFrame = (record: ObjectRecord) => record.objectType === "tag" ? tags : shapes;

  function addSpan(id: number, span: [number, number]) {
    spans.set(id, span);
    if (span[0] > span[1]) return;
    for (let b = Math.floor(span[0] / BUCKET); b <= Math.floor(span[1] / BUCKET); b++) {
      let list = buckets.get(b);
      if (!list) buckets.set(b, list = []);
      insertSorted(list, id);
    }
  }

  function dropSpan(id: number) {
    const span = spans.get(id);
    if (!span) return;
    spans.delete(id);
    if (span[0] > span[1]) return;
    for (let b = Math.floor(span[0] / BUCKET); b <= Math.floor(span[1] / BUCKET); b++) {
      const list = buckets.get(b);
      if (list) removeSorted(list, id);
    }
  }

  function unindex(record: ObjectRecord) {
    for (const element of record.elements) parents.delete(element.clientID);
    if (record.objectType === "track") {
      dropSpan(record.clientID);
      removeSorted(trackIds, record.clientID);
      return;
    }
    const list = byFrame(record).get(record.frame);
    if (list) removeSorted(list, record.clientID);
  }

  function index(record: ObjectRecord) {
    for (const element of record.elements) parents.set(element.clientID, record.clientID);
    if (record.objectType === "track") {
      addSpan(record.clientID, trackSpan(record, options));
      insertSorted(trackIds, record.clientID);
      return;
    }
    const map = byFrame(record);
    let list = map.get(record.frame);
    if (!list) map.set(record.frame, list = []);
    insertSorted(list, record.clientID);
  }

  /** Whether a replacement sits in the same index slots (same frame, same track span). */
  function sameSlot(old: ObjectRecord, next: ObjectRecord): boolean {
    if (old.objectType !== next.objectType || old.elements.length !== next.elements.length) {
      return false;
    }
    if (!old.elements.every((e, i) => e.clientID === next.elements[i].clientID)) return false;
    if (next.objectType !== "track") return old.frame === next.frame;
    const span = spans.get(old.clientID);
    const nextSpan = trackSpan(next, options);
    return !!span && span[0] === nextSpan[0] && span[1] === nextSpan[1];
  }

  const lookup = (ids: number[] | undefined) => (ids ?? []).map((id) => records.get(id)!);

  return {
    get: (clientID) => records.get(clientID),
    parentOf: (clientID) => parents.get(clientID),
    set(record) {
      const old = records.get(record.clientID);
      if (!old) {
        if (record.clientID < maxID) sorted = false;
        else maxID = record.clientID;
      }
      records.set(record.clientID, record);
      if (old && sameSlot(old, record)) return;
      if (old) unindex(old);
      index(record);
    },
    delete(clientID) {
      const old = records.get(clientID);
      if (!old) return false;
      unindex(old);
      records.delete(clientID);
      return true;
    },
    all() {
      if (!sorted) {
        const entries = [...records.entries()].sort((a, b) => a[0] - b[0]);
        records.clear();
        for (const [id, record] of entries) records.set(id, record);
        sorted = true;
      }
      return [...records.values()];
    },
    snapshot: () => new Map(records),
    shapesAt: (frame) => lookup(shapes.get(frame)),
    tagsAt: (frame) => lookup(tags.get(frame)),
    tracksAt(frame) {
      const ids = buckets.get(Math.floor(frame / BUCKET)) ?? [];
      const out: ObjectRecord[] = [];
      for (const id of ids) {
        const span = spans.get(id)!;
        if (frame >= span[0] && frame <= span[1]) out.push(records.get(id)!);
      }
      return out;
    },
    tracks: () => lookup(trackIds),
    reindexTracks() {
      for (const id of trackIds) {
        dropSpan(id);
        addSpan(id, trackSpan(records.get(id)!, options));
      }
    },
    get size() {
      return records.size;
    },
  };
}
