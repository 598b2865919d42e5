/**
 * Merging shapes and tracks into one new track (reference/cvat-core.md §4, `merge`).
 *
 * Each shape becomes a visible keyframe followed by an automatic outside keyframe on the next
 * frame; each track brings all its keyframes. Skeletons merge their elements per sublabel.
 * The inputs are never mutated; the result is a fresh record with new clientIDs.
 *
 * @module
 */

import { ArgumentError } from "./errors.ts";
import { newKeyframe } from "./keyframe.ts";
import type { Label } from "./label.ts";
import type { AttributeMap, Keyframe, ObjectRecord } from "./model.ts";

/** Options of {@linkcode mergeObjects}. */
export interface MergeOptions {
  /** Every label by id, sublabels included. */
  labels: ReadonlyMap<number, Label>;
  /** The last frame of the job: no automatic outside keyframe is added after it. */
  stopFrame: number;
  /** Allocates a clientID (called only once the merge is known to succeed). */
  nextClientID: () => number;
}

const PREFIX = "Cannot merge objects";

function labelName(labels: ReadonlyMap<number, Label>, id: number): string {
  return labels.get(id)?.name ?? `#${id}`;
}

function checkRecord(record: ObjectRecord, labels: ReadonlyMap<number, Label>): void {
  const which = `(clientID ${record.clientID})`;
  if (record.objectType === "tag") {
    throw new ArgumentError(`${PREFIX}: only shapes and tracks can be merged, got a tag ${which}`);
  }
  if (record.shapeType === "mask") {
    throw new ArgumentError(`${PREFIX}: masks cannot be merged ${which}`);
  }
  if (!labels.has(record.labelId)) {
    throw new ArgumentError(`${PREFIX}: unknown label id ${record.labelId} ${which}`);
  }
  if (record.objectType === "shape" && !record.position) {
    throw new ArgumentError(`${PREFIX}: the shape has no position ${which}`);
  }
}

function checkMergeable(records: readonly ObjectRecord[], labels: ReadonlyMap<number, Label>) {
  for (const record of records) checkRecord(record, labels);
  const [first] = records;
  const otherLabel = records.find((r) => r.labelId !== first.labelId);
  if (otherLabel) {
    const names = [first.labelId, otherLabel.labelId].map((id) => labelName(labels, id));
    throw new ArgumentError(`${PREFIX}: labels differ ("${names[0]}" and "${names[1]}")`);
  }
  const otherType = records.find((r) => r.shapeType !== first.shapeType);
  if (otherType) {
    throw new ArgumentError(
      `${PREFIX}: shape types differ ("${first.shapeType}" and "${otherType.shapeType}")`,
    );
  }
}

function pick(attributes: AttributeMap, keep: (id: number) => boolean): AttributeMap {
  const picked: AttributeMap = {};
  for (const key of Object.keys(attributes)) {
    const id = Number(key);
    if (keep(id)) picked[id] = attributes[id];
  }
  return picked;
}

/** Puts a keyframe in: visible beats outside, two visible ones on a frame are an error. */
function place(keyframes: Map<number, Keyframe>, keyframe: Keyframe): void {
  const existing = keyframes.get(keyframe.frame);
  if (existing && !existing.outside && !keyframe.outside) {
    throw new ArgumentError(
      `${PREFIX}: expected only one visible shape per frame, got two on frame ${keyframe.frame}`,
    );
  }
  if (existing && keyframe.outside) return;
  keyframes.set(keyframe.frame, keyframe);
}

function addShape(
  keyframes: Map<number, Keyframe>,
  shape: ObjectRecord,
  mutable: Set<number>,
  stopFrame: number,
): void {
  const position = shape.position!;
  const attributes = pick(shape.attributes, (id) => mutable.has(id));
  place(
    keyframes,
    newKeyframe(position, { frame: shape.frame, outside: false, attributes }),
  );
  const next = shape.frame + 1;
  if (next <= stopFrame && !keyframes.has(next)) {
    keyframes.set(next, newKeyframe(position, { frame: next, outside: true, attributes: {} }));
  }
}

function addTrack(keyframes: Map<number, Keyframe>, track: ObjectRecord): void {
  for (const keyframe of track.keyframes ?? []) {
    place(
      keyframes,
      newKeyframe(keyframe, {
        frame: keyframe.frame,
        outside: keyframe.outside,
        attributes: { ...keyframe.attributes },
      }),
    );
  }
}

function mutableIds(label: Label): Set<number> {
  return new Set(label.attributes.filter((a) => a.mutable && a.id !== null).map((a) => a.id!));
}

/** Merges one level (the objects, or the elements of one sublabel); clientIDs are 0. */
function mergeLevel(records: readonly ObjectRecord[], options: MergeOptions): ObjectRecord {
  checkMergeable(records, options.labels);
  const [first] = records;
  const mutable = mutableIds(options.labels.get(first.labelId)!);
  const byFrame = new Map<number, Keyframe>();
  for (const record of records) {
    if (record.objectType === "track") addTrack(byFrame, record);
    else addShape(byFrame, record, mutable, options.stopFrame);
  }
  if (byFrame.size === 0) {
    throw new ArgumentError(`${PREFIX}: the objects have no keyframes`);
  }
  const keyframes = [...byFrame.values()].sort((a, b) => a.frame - b.frame);
  return {
    clientID: 0,
    serverID: null,
    parentID: null,
    objectType: "track",
    shapeType: first.shapeType,
    labelId: first.labelId,
    frame: keyframes[0].frame,
    group: 0,
    source: "manual",
    attributes: pick(first.attributes, (id) => !mutable.has(id)),
    position: null,
    keyframes,
    elements: mergeElements(records, options),
    lock: false,
    hidden: false,
    pinned: false,
    color: first.color,
    descriptions: [],
  };
}

/** The skeleton elements of all records, grouped by sublabel id and merged per group. */
function mergeElements(records: readonly ObjectRecord[], options: MergeOptions): ObjectRecord[] {
  const groups = new Map<number, ObjectRecord[]>();
  for (const record of records) {
    for (const element of record.elements) {
      const group = groups.get(element.labelId);
      if (group) group.push(element);
      else groups.set(element.labelId, [element]);
    }
  }
  return [...groups.keys()].sort((a, b) => a - b).map((id) => mergeLevel(groups.get(id)!, options));
}

function assignClientIDs(record: ObjectRecord, parentID: number | null, next: () => number) {
  record.clientID = next();
  record.parentID = parentID;
  for (const element of record.elements) assignClientIDs(element, record.clientID, next);
}

/**
 * Merges shapes and tracks of one label and one shape type into a new track, as cvat-core's
 * `merge`: a shape becomes a visible keyframe (its mutable attributes) plus an outside
 * keyframe at frame + 1 (if ≤ `stopFrame` and free); a track brings all its keyframes. The
 * track has the immutable attributes and colour of the first object, group 0, source
 * "manual", no server ids, and new clientIDs (skeleton elements merged per sublabel).
 *
 * @throws {ArgumentError} No objects, a tag or a mask, an unknown label, labels or shape
 * types that differ, or two visible shapes on one frame.
 * @example
 * ```ts
 * import { ok } from "node:assert/strict";
 * import { Label } from "./label.ts";
 * import { mergeObjects } from "./merge.ts";
 * import type { ObjectRecord } from "./model.ts";
 * const car = new Label({ id: 1, name: "car", type: "rectangle", attributes: [] });
 * const shape = (clientID: number, frame: number): ObjectRecord => ({
 *   clientID, serverID: null, parentID: null, objectType: "shape", shapeType: "rectangle",
 *   labelId: 1, frame, group: 0, source: "manual", attributes: {}, keyframes: null,
 *   position: { points: [0, 0, 9, 9], rotation: 0, occluded: false, outside: false, zOrder: 0 },
 *   elements: [], lock: false, hidden: false, pinned: false, color: "#ff0000", descriptions: [],
 * });
 * let id = 10;
 * const track = mergeObjects([structuredClone(shape(1, 2)), structuredClone(shape(2, 7))], {
 *   labels: new Map([[1, car]]), stopFrame: 99, nextClientID: () => ++id,
 * });
 * ok(track.keyframes!.map((k) => k.frame).join() === "2,3,7,8");
 * ```
 */
export function mergeObjects(
  records: readonly ObjectRecord[],
  options: MergeOptions,
): ObjectRecord {
  if (records.length === 0) {
    throw new ArgumentError(`${PREFIX}: expected at least one object, got none`);
  }
  const merged = mergeLevel(records, options);
  assignClientIDs(merged, null, options.nextClientID);
  return merged;
}
