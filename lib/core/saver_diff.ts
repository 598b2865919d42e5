/**
 * What a saver must send: the difference between the collection and the last state the server
 * acknowledged, and the bookkeeping of the server's answers (ids taken by position).
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

/** What a saver must send. */
export interface SaverDiff {
  created: LabeledData;
  updated: LabeledData;
  deleted: LabeledData;
}

/** The saver's view of a collection. */
export interface SaverState {
  /** The changes since the last acknowledged state; `remember` keeps the created order for acknowledge. */
  diff(exported: LabeledData, remember?: boolean): SaverDiff;
  acknowledge(kind: string, response: unknown, ctx: AcknowledgeContext): void;
  /** Records what the server holds now (after an import or a full save). */
  reset(exported: LabeledData): void;
}

/** How acknowledge reaches the collection's records. */
export interface AcknowledgeContext {
  get(clientID: number): ObjectRecord | undefined;
  all(): ObjectRecord[];
  exportRecord(kind: Kind, record: ObjectRecord): WireObject;
}

function empty(): LabeledData {
  return { tags: [], shapes: [], tracks: [] };
}

function stripClientIDs(object: WireObject): WireObject {
  const { clientID: _, ...rest } = object as WireObject & { clientID?: number };
  return rest as WireObject;
}

/**
 * Creates the saver bookkeeping of a collection.
 *
 * @example
 * ```ts
 * import { ok } from "node:assert/strict";
 * import { createSaverState } from "./saver_diff.ts";
 * const saver = createSaverState();
 * const diff = saver.diff({ tags: [], shapes: [], tracks: [] });
 * ok(diff.created.shapes.length === 0);
 * ```
 */
export function createSaverState(): SaverState {
  const baseline: Record<Kind, Map<number, WireObject>> = {
    tags: new Map(),
    shapes: new Map(),
    tracks: new Map(),
  };
  let pending: Record<Kind, number[]> = { tags: [], shapes: [], tracks: [] };

  return {
    reset(exported) {
      for (const kind of KINDS) {
        baseline[kind].clear();
        for (const object of exported[kind]) {
          if (typeof object.id === "number") baseline[kind].set(object.id, stripClientIDs(object));
        }
      }
    },
    diff(exported, remember = true) {
      const created = empty();
      const updated = empty();
      const deleted = empty();
      for (const kind of KINDS) {
        const seen = new Set<number>();
        for (const object of exported[kind]) {
          if (typeof object.id !== "number") {
            (created[kind] as WireObject[]).push(object);
            continue;
          }
          seen.add(object.id);
          const before = baseline[kind].get(object.id);
          if (before && fingerprint(before) !== fingerprint(object)) {
            (updated[kind] as WireObject[]).push(object);
          }
        }
        for (const [id, object] of baseline[kind]) {
          if (!seen.has(id)) (deleted[kind] as WireObject[]).push(structuredClone(object));
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
    },
    acknowledge(kind, response, ctx) {
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
      const bySid = kind === "updated" ? serverIndex(ctx.all()) : null;
      for (const k of KINDS) {
        const list = data[k] as WireObject[];
        if (kind === "created" && list.length !== pending[k].length) {
          throw new DataError(
            `Cannot take the server's ${k}: sent ${pending[k].length}, got ${list.length} back`,
          );
        }
        list.forEach((object, i) => {
          const clientID = object.clientID ??
            (kind === "created" ? pending[k][i] : bySid!.get(`${k}:${object.id}`));
          const record = clientID === undefined ? undefined : ctx.get(clientID);
          if (!record) return;
          takeIds(record, object);
          baseline[k].set(record.serverID!, stripClientIDs(ctx.exportRecord(k, record)));
        });
        if (kind === "created") pending[k] = [];
      }
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
    if (r.serverID === null) continue;
    const kind = r.objectType === "tag" ? "tags" : r.objectType === "shape" ? "shapes" : "tracks";
    index.set(`${kind}:${r.serverID}`, r.clientID);
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
