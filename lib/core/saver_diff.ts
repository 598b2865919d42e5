/**
 * What a saver must send: the difference between the collection and the last state the server
 * acknowledged, and the bookkeeping of the server's answers (ids taken by position).
 *
 * Records are never changed in place once they are in a collection (every change replaces the
 * record), so the acknowledged state is kept as references to records, and an object whose
 * record is still the acknowledged one is known to be unchanged without exporting it.
 *
 * @module
 */

import { ArgumentError, DataError } from "./errors.ts";
import type { ObjectRecord } from "./model.ts";
import type { LabeledData, WireShape, WireTag, WireTrack } from "./wire_types.ts";

/** The three object lists of LabeledData. */
export type Kind = "tags" | "shapes" | "tracks";
const KINDS: readonly Kind[] = ["tags", "shapes", "tracks"];
type WireObject = WireTag | WireShape | WireTrack;

/** The fields whose change makes an object "updated" (cvat-core's allow-list, at every depth). */
const COMPARED = [
  "id",
  "label_id",
  "group",
  "frame",
  "occluded",
  "z_order",
  "points",
  "rotation",
  "type",
  "shapes",
  "elements",
  "attributes",
  "value",
  "spec_id",
  "source",
  "outside",
];

const fingerprint = (object: WireObject) => JSON.stringify(object, COMPARED);

/** The kind of list a record is sent in. */
export function kindOf(record: ObjectRecord): Kind {
  if (record.objectType === "tag") return "tags";
  return record.objectType === "shape" ? "shapes" : "tracks";
}

/** What a saver must send. */
export interface SaverDiff {
  /** New objects, to send with `?action=create`. */
  created: LabeledData;
  /** Changed objects, to send with `?action=update`. */
  updated: LabeledData;
  /** Removed objects as the server last had them, to send with `?action=delete`. */
  deleted: LabeledData;
}

/** How the saver reaches the collection's records. */
export interface SaverContext {
  /** Every live record, ordered by clientID. */
  all(): ObjectRecord[];
  get(clientID: number): ObjectRecord | undefined;
  /** Replaces a record (same clientID) in the collection. */
  replace(record: ObjectRecord): void;
  /** The wire form of a record (with clientID). */
  exportRecord(record: ObjectRecord): WireObject;
  /** Told which records just got their server ids. */
  identified?(records: ObjectRecord[]): void;
}

/** The saver's view of a collection. */
export interface SaverState {
  /** The changes since the last acknowledged state; `remember` keeps the created order. */
  diff(remember?: boolean): SaverDiff;
  acknowledge(kind: string, response: unknown): void;
  /** Takes the collection's current records as what the server holds. */
  reset(): void;
}

function empty(): LabeledData {
  return { tags: [], shapes: [], tracks: [] };
}

function withoutClientIDs<T extends WireObject>(object: T): T {
  const copy = { ...object } as T & { clientID?: number };
  delete copy.clientID;
  const nested = copy as unknown as { elements?: WireObject[] };
  if (nested.elements) nested.elements = nested.elements.map(withoutClientIDs);
  return copy;
}

/** A wire object without any server id (for re-creating it), clientIDs kept. */
function withoutIds<T extends WireObject>(object: T): T {
  const copy = { ...object } as T & { id?: number | null };
  delete copy.id;
  const nested = copy as unknown as { elements?: WireObject[]; shapes?: { id?: unknown }[] };
  if (nested.elements) nested.elements = nested.elements.map(withoutIds);
  if (nested.shapes) {
    nested.shapes = nested.shapes.map((s) => {
      const { id: _, ...rest } = s;
      return rest;
    });
  }
  return copy;
}

const total = (d: LabeledData) => d.tags.length + d.shapes.length + d.tracks.length;

/** Whether a diff has nothing to send. */
export function isEmptyDiff(diff: SaverDiff): boolean {
  return total(diff.created) + total(diff.updated) + total(diff.deleted) === 0;
}

/**
 * Creates the saver bookkeeping of a collection.
 *
 * @example
 * ```ts
 * import { ok } from "node:assert/strict";
 * import { createSaverState } from "./saver_diff.ts";
 * const saver = createSaverState({
 *   all: () => [], get: () => undefined, replace() {}, exportRecord: () => ({}) as never,
 * });
 * ok(saver.diff().created.shapes.length === 0);
 * ```
 */
export function createSaverState(ctx: SaverContext): SaverState {
  const baseline: Record<Kind, Map<number, ObjectRecord>> = {
    tags: new Map(),
    shapes: new Map(),
    tracks: new Map(),
  };
  let pending: Record<Kind, number[]> = { tags: [], shapes: [], tracks: [] };
  /** The records as the last remembered diff sent them (edits during a save stay unsent). */
  let sent = new Map<number, ObjectRecord>();

  function diff(remember = true): SaverDiff {
    if (remember) sent = new Map();
    const created = empty();
    const updated = empty();
    const deleted = empty();
    const seen: Record<Kind, Set<number>> = {
      tags: new Set(),
      shapes: new Set(),
      tracks: new Set(),
    };
    for (const record of ctx.all()) {
      const kind = kindOf(record);
      if (record.serverID === null || !baseline[kind].has(record.serverID)) {
        // Never saved, or restored (undo) after the server acknowledged its deletion.
        (created[kind] as WireObject[]).push(withoutIds(ctx.exportRecord(record)));
        if (remember) sent.set(record.clientID, record);
        continue;
      }
      seen[kind].add(record.serverID);
      const before = baseline[kind].get(record.serverID);
      if (!before || before === record) continue;
      const now = ctx.exportRecord(record);
      if (fingerprint(ctx.exportRecord(before)) !== fingerprint(now)) {
        (updated[kind] as WireObject[]).push(now);
        if (remember) sent.set(record.clientID, record);
      }
    }
    for (const kind of KINDS) {
      for (const [id, record] of baseline[kind]) {
        if (!seen[kind].has(id)) {
          (deleted[kind] as WireObject[]).push(withoutClientIDs(ctx.exportRecord(record)));
        }
      }
    }
    if (remember) {
      pending = {
        tags: created.tags.map((o) => o.clientID!),
        shapes: created.shapes.map((o) => o.clientID!),
        tracks: created.tracks.map((o) => o.clientID!),
      };
    }
    return { created, updated, deleted };
  }

  /**
   * The acknowledged object: `base` is what the server now holds (the record as it was sent,
   * with the server's ids), `live` the collection's record with those ids (null when the
   * object was deleted meanwhile). An edit made while the request was out stays in `live`
   * only, so the next diff sends it.
   */
  function take(
    object: WireObject,
    clientID: number | undefined,
  ): { base: ObjectRecord; live: ObjectRecord | null } | null {
    const current = clientID === undefined ? undefined : ctx.get(clientID);
    const sentRecord = clientID === undefined ? undefined : sent.get(clientID) ?? current;
    if (!sentRecord) return null;
    const base = structuredClone(sentRecord);
    takeIds(base, object);
    if (current === sentRecord) return { base, live: base };
    if (!current) return { base, live: null };
    const live = structuredClone(current);
    takeIds(live, object);
    return { base, live };
  }

  return {
    diff,
    reset() {
      for (const kind of KINDS) baseline[kind].clear();
      for (const record of ctx.all()) {
        if (record.serverID !== null) baseline[kindOf(record)].set(record.serverID, record);
      }
      pending = { tags: [], shapes: [], tracks: [] };
      sent = new Map();
    },
    acknowledge(kind, response) {
      if (kind !== "created" && kind !== "updated" && kind !== "deleted") {
        throw new ArgumentError(
          `kind must be "created", "updated" or "deleted", got ${JSON.stringify(kind)}`,
        );
      }
      const data = checkResponse(response);
      if (kind === "deleted") {
        for (const k of KINDS) for (const o of data[k]) baseline[k].delete(o.id as number);
        return;
      }
      if (kind === "created") {
        for (const k of KINDS) {
          if (data[k].length !== pending[k].length) {
            throw new DataError(
              `Cannot take the server's ${k}: sent ${pending[k].length}, got ${
                data[k].length
              } back`,
            );
          }
        }
      }
      const bySid = kind === "updated" ? serverIndex(ctx.all()) : null;
      // Every id is checked before anything changes.
      const taken: [Kind, { base: ObjectRecord; live: ObjectRecord | null }][] = [];
      for (const k of KINDS) {
        (data[k] as WireObject[]).forEach((object, i) => {
          const clientID = object.clientID ??
            (kind === "created" ? pending[k][i] : bySid!.get(`${k}:${object.id}`));
          const copy = take(object, clientID);
          if (copy) taken.push([k, copy]);
        });
      }
      const live: ObjectRecord[] = [];
      for (const [k, { base, live: record }] of taken) {
        if (record) {
          ctx.replace(record);
          live.push(record);
        }
        baseline[k].set(base.serverID!, base);
        sent.delete(base.clientID);
      }
      ctx.identified?.(live);
      if (kind === "created") pending = { tags: [], shapes: [], tracks: [] };
    },
  };
}

function checkResponse(response: unknown): LabeledData {
  const data = response as Partial<LabeledData> | null;
  if (typeof data !== "object" || data === null) {
    throw new ArgumentError(`response must be LabeledData, got ${JSON.stringify(response)}`);
  }
  for (const kind of KINDS) {
    if (data[kind] !== undefined && !Array.isArray(data[kind])) {
      throw new ArgumentError(
        `response.${kind} must be an array, got ${JSON.stringify(data[kind])}`,
      );
    }
  }
  return { tags: data.tags ?? [], shapes: data.shapes ?? [], tracks: data.tracks ?? [] };
}

function serverIndex(records: ObjectRecord[]): Map<string, number> {
  const index = new Map<string, number>();
  for (const r of records) {
    if (r.serverID !== null) index.set(`${kindOf(r)}:${r.serverID}`, r.clientID);
  }
  return index;
}

function checkId(value: unknown, what: string): number {
  if (!Number.isInteger(value)) {
    throw new DataError(`The server's ${what} has no valid id: ${JSON.stringify(value)}`);
  }
  return value as number;
}

/** Copies the server's ids onto a record: keyframes by frame, elements by label. */
function takeIds(record: ObjectRecord, object: WireObject): void {
  record.serverID = checkId(object.id, `object ${record.clientID}`);
  const track = object as WireTrack;
  if (record.keyframes && Array.isArray(track.shapes)) {
    for (const keyframe of record.keyframes) {
      const shape = track.shapes.find((s) => s.frame === keyframe.frame);
      if (shape) keyframe.serverID = checkId(shape.id, `keyframe ${keyframe.frame}`);
    }
  }
  const elements = (object as WireShape | WireTrack).elements;
  if (!Array.isArray(elements)) return;
  for (const element of record.elements) {
    const match = (elements as WireObject[]).find((e) => e.label_id === element.labelId);
    if (match) takeIds(element, match);
  }
}
