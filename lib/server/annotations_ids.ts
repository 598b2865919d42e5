/**
 * Server ids of annotation objects, assigned recursively in request order: tags, shapes and
 * their skeleton elements, tracks with their tracked shapes and their element tracks (and
 * those element tracks' shapes). cvat-core maps the ids back by position, so the order of
 * assignment is the order of the request.
 *
 * @module
 */

import type { AnnotationKind, AnnotationStore, StoredObject } from "../store/types.ts";
import type { LabeledData, WireShape, WireTrack } from "../core/wire_types.ts";

/** The four id spaces of the annotation store. */
export type IdSpace = "tag" | "shape" | "track" | "trackedShape";

/** One object that carries an id, with the top-level object it belongs to. */
export interface IdSlot {
  space: IdSpace;
  /** The object whose `id` is read or set. */
  holder: { id?: number | null };
  /** The top-level list the slot is in. */
  kind: AnnotationKind;
  /** The top-level object (the holder itself for a top-level slot). */
  top: StoredObject;
}

/** Decides whether a slot keeps the id it was sent with. */
export type KeepId = (slot: IdSlot) => boolean;

const SPACES: readonly IdSpace[] = ["tag", "shape", "track", "trackedShape"];

function trackSlots(out: IdSlot[], track: WireTrack, top: StoredObject): void {
  out.push({ space: "track", holder: track, kind: "tracks", top });
  for (const shape of track.shapes) {
    out.push({ space: "trackedShape", holder: shape, kind: "tracks", top });
  }
  for (const element of track.elements ?? []) trackSlots(out, element, top);
}

function shapeSlots(out: IdSlot[], shape: WireShape): void {
  out.push({ space: "shape", holder: shape, kind: "shapes", top: shape });
  for (const element of shape.elements ?? []) {
    out.push({ space: "shape", holder: element, kind: "shapes", top: shape });
  }
}

/**
 * Every id-carrying object of `data`, depth first in request order.
 *
 * @example
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import { idSlots } from "./annotations_ids.ts";
 * const shape = { type: "points" as const, frame: 0, occluded: false, outside: false,
 *   z_order: 0, rotation: 0, points: [], attributes: [] };
 * const track = { frame: 0, label_id: 1, group: 0, source: "manual", attributes: [],
 *   shapes: [shape, { ...shape, frame: 3 }], elements: [] };
 * strictEqual(idSlots({ tags: [], shapes: [], tracks: [track] }).length, 3);
 * ```
 */
export function idSlots(data: LabeledData): IdSlot[] {
  const out: IdSlot[] = [];
  for (const tag of data.tags) out.push({ space: "tag", holder: tag, kind: "tags", top: tag });
  for (const shape of data.shapes) shapeSlots(out, shape);
  for (const track of data.tracks) trackSlots(out, track, track);
  return out;
}

/**
 * Gives a fresh id (allocated from the store, one call per id space) to every slot that
 * `keep` does not keep, in slot order; the kept ones stay as sent. Changes `data` in place.
 *
 * @example
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import { memoryStore } from "../store/memory.ts";
 * import { assignIds } from "./annotations_ids.ts";
 * import type { LabeledData } from "../core/wire_types.ts";
 * const tag = (frame: number) => ({ frame, label_id: 1, group: 0, source: "manual", attributes: [] });
 * const data: LabeledData = { tags: [tag(4), tag(1)], shapes: [], tracks: [] };
 * await assignIds(memoryStore().annotations, data);
 * strictEqual(data.tags[1].id, 2);
 * ```
 */
export async function assignIds(
  store: AnnotationStore,
  data: LabeledData,
  keep: KeepId = () => false,
): Promise<void> {
  const fresh = idSlots(data).filter((slot) => !keep(slot));
  const counts = new Map<IdSpace, number>(SPACES.map((space) => [space, 0]));
  for (const slot of fresh) counts.set(slot.space, counts.get(slot.space)! + 1);
  const next = new Map<IdSpace, number>();
  for (const space of SPACES) {
    const count = counts.get(space)!;
    if (count > 0) next.set(space, await store.allocateIds(space, count));
  }
  for (const slot of fresh) {
    const id = next.get(slot.space)!;
    slot.holder.id = id;
    next.set(slot.space, id + 1);
  }
}

/**
 * The ids of the nested objects of stored objects (`kind:topId` → `space:id` strings), so that
 * an update can keep the keyframe and element ids it sends back.
 *
 * @example
 * ```ts
 * import { ok } from "node:assert/strict";
 * import { nestedIds } from "./annotations_ids.ts";
 * const tag = { id: 3, frame: 0, label_id: 1, group: 0, source: "manual", attributes: [] };
 * ok(nestedIds({ tags: [tag], shapes: [], tracks: [] }).has("tags:3"));
 * ```
 */
export function nestedIds(data: LabeledData): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const slot of idSlots(data)) {
    const key = `${slot.kind}:${slot.top.id}`;
    let set = out.get(key);
    if (!set) out.set(key, set = new Set());
    if (slot.holder !== slot.top) set.add(`${slot.space}:${slot.holder.id}`);
  }
  return out;
}

/**
 * The `keep` rule of an update: a top-level object keeps its id when the job (or task) holds
 * an object of that kind and id; a nested object keeps its id when the stored version of its
 * top-level object has a nested object with that id. Everything else gets a fresh id.
 *
 * @example
 * ```ts
 * import { ok } from "node:assert/strict";
 * import { keepKnown, nestedIds } from "./annotations_ids.ts";
 * const tag = { id: 3, frame: 0, label_id: 1, group: 0, source: "manual", attributes: [] };
 * const keep = keepKnown(nestedIds({ tags: [tag], shapes: [], tracks: [] }));
 * ok(keep({ space: "tag", holder: tag, kind: "tags", top: tag }));
 * ```
 */
export function keepKnown(known: Map<string, Set<string>>): KeepId {
  return (slot) => {
    const id = slot.holder.id;
    if (typeof id !== "number") return false;
    const nested = known.get(`${slot.kind}:${slot.top.id}`);
    if (slot.holder === slot.top) return nested !== undefined;
    return nested?.has(`${slot.space}:${id}`) ?? false;
  };
}
