/**
 * Splitting a track in two at a frame (reference/cvat-core.md §4, `split`).
 *
 * The first part keeps the keyframes before the frame and closes with an outside keyframe
 * there; the second part starts at the frame with the track's state there. The input is
 * never mutated; both parts are fresh records with new clientIDs.
 *
 * @module
 */

import { ArgumentError } from "./errors.ts";
import { newKeyframe } from "./keyframe.ts";
import type { Keyframe, ObjectRecord } from "./model.ts";
import { trackAt, type TrackFrame } from "./track.ts";

/** Options of {@linkcode splitTrack}. */
export interface SplitOptions {
  /** Allocates a clientID (called only when the track is split). */
  nextClientID: () => number;
  /** `"3d"` interpolates cuboid angles as 3D rotations; default `"2d"`. */
  dimension?: "2d" | "3d";
  /** Deleted frames: their keyframes do not count when the state at the frame is computed. */
  isDeleted?: (frame: number) => boolean;
}

function describe(value: unknown): string {
  return typeof value === "string" ? JSON.stringify(value) : String(value);
}

function copyKeyframe(keyframe: Keyframe): Keyframe {
  const copy = newKeyframe(keyframe, { frame: keyframe.frame, outside: keyframe.outside });
  copy.attributes = { ...keyframe.attributes };
  return copy;
}

/**
 * The state of a track at a frame. A skeleton holds no points of its own, so its keyframes
 * are given a placeholder point to reuse the track rules for the flags, then emptied again.
 */
function stateAt(record: ObjectRecord, frame: number, options: SplitOptions): TrackFrame {
  const keyframes = record.keyframes ?? [];
  const common = { dimension: options.dimension, isDeleted: options.isDeleted };
  if (record.shapeType !== "skeleton") {
    return trackAt(keyframes, frame, { ...common, shapeType: record.shapeType! });
  }
  const placeholders = keyframes.map((k) => ({ ...k, points: [0, 0], rotation: 0 }));
  const state = trackAt(placeholders, frame, { ...common, shapeType: "points" });
  state.position.points = [];
  return state;
}

function part(record: ObjectRecord, keyframes: Keyframe[], elements: ObjectRecord[]) {
  const result: ObjectRecord = {
    ...record,
    clientID: 0,
    serverID: null,
    parentID: null,
    frame: keyframes[0].frame,
    group: 0,
    source: "manual",
    attributes: { ...record.attributes },
    position: null,
    keyframes,
    elements,
    lock: false,
    hidden: false,
    pinned: false,
    descriptions: record.descriptions.slice(),
  };
  return result;
}

/** Splits one track and, recursively, its elements; clientIDs are 0. */
function splitLevel(
  record: ObjectRecord,
  frame: number,
  options: SplitOptions,
): [ObjectRecord, ObjectRecord] {
  const keyframes = record.keyframes ?? [];
  const state = stateAt(record, frame, options);
  const elements = record.elements.map((element) => splitLevel(element, frame, options));
  const opening = newKeyframe(state.position, { frame, outside: state.position.outside });
  opening.attributes = { ...state.attributes };
  if (elements.length > 0) {
    const openings = elements.map(([, second]) => second.keyframes![0]);
    opening.outside = openings.every((k) => k.outside);
    opening.occluded = openings.every((k) => k.occluded);
  }
  const before = keyframes.filter((k) => k.frame < frame).map(copyKeyframe);
  const after = keyframes.filter((k) => k.frame > frame).map(copyKeyframe);
  return [
    part(
      record,
      [...before, newKeyframe(state.position, { frame, outside: true })],
      elements.map((e) => e[0]),
    ),
    part(record, [opening, ...after], elements.map((e) => e[1])),
  ];
}

function assignClientIDs(record: ObjectRecord, parentID: number | null, next: () => number) {
  record.clientID = next();
  record.parentID = parentID;
  for (const element of record.elements) assignClientIDs(element, record.clientID, next);
}

/**
 * Splits a track at `frame`, as cvat-core's `split`. The first part holds the keyframes
 * before `frame` plus the track's position at `frame` as an outside keyframe; the second
 * starts at `frame` with that position (outside or not, as the track is there) and the mutable
 * attributes in force there, followed by the keyframes after `frame`. Both parts keep the
 * label, colour and immutable attributes; they get new clientIDs (first part and its elements,
 * then the second), no server ids, group 0, source "manual". Skeleton elements are split
 * at the same frame.
 *
 * @returns null (nothing to split) for a tag or a shape, and when `frame` is at or before
 * the first keyframe.
 * @throws {ArgumentError} When `frame` is not an integer.
 * @example
 * ```ts
 * import { ok } from "node:assert/strict";
 * import { splitTrack } from "./split.ts";
 * import type { ObjectRecord } from "./model.ts";
 * const kf = (frame: number) => ({
 *   frame, points: [frame, 0, frame + 10, 10], rotation: 0, occluded: false, outside: false,
 *   zOrder: 0, attributes: {}, serverID: null,
 * });
 * const track: ObjectRecord = {
 *   clientID: 1, serverID: 5, parentID: null, objectType: "track", shapeType: "rectangle",
 *   labelId: 1, frame: 0, group: 2, source: "auto", attributes: {}, position: null,
 *   keyframes: [kf(0), kf(10)], elements: [], lock: false, hidden: false, pinned: false,
 *   color: "#ff0000", descriptions: [],
 * };
 * let id = 10;
 * const [a, b] = splitTrack(structuredClone(track), 4, { nextClientID: () => ++id })!;
 * ok(a.keyframes!.at(-1)!.outside && b.frame === 4 && b.keyframes![0].points[0] === 4);
 * ```
 */
export function splitTrack(
  record: ObjectRecord,
  frame: number,
  options: SplitOptions,
): [ObjectRecord, ObjectRecord] | null {
  if (!Number.isInteger(frame)) {
    throw new ArgumentError(`Cannot split track: frame must be an integer, got ${describe(frame)}`);
  }
  if (record.objectType !== "track" || !record.keyframes?.length) return null;
  if (frame <= Math.min(...record.keyframes.map((k) => k.frame))) return null;
  const [first, second] = splitLevel(record, frame, options);
  assignClientIDs(first, null, options.nextClientID);
  assignClientIDs(second, null, options.nextClientID);
  return [first, second];
}
