/**
 * A track read frame by frame in ascending order, without expanding it in full: the position
 * comes from the core's interpolation ({@linkcode trackPositionAt}) and the mutable attributes
 * are accumulated as keyframes are passed. Used by the per-frame item view.
 *
 * @module
 */

import type { AttributeMap, Keyframe } from "../core/model.ts";
import { type TrackAtOptions, trackAttributesAt, trackPositionAt } from "../core/track.ts";
import { trackKeyframes } from "../core/wire_track.ts";
import type { WireTrack } from "../core/wire_types.ts";
import type { Position } from "../core/model.ts";

/** A track being read frame by frame. */
export interface TrackCursor {
  track: WireTrack;
  keyframes: Keyframe[];
  options: TrackAtOptions;
  /** First frame with a position (the first keyframe). */
  first: number;
  /** Last frame with a position (the last live keyframe when it is outside, else stop). */
  last: number;
  /** Mutable attributes at the last frame read. */
  attributes: AttributeMap;
  /** Index of the next keyframe whose attributes are not yet applied. */
  next: number;
  elements: TrackCursor[];
}

/** The track at one frame. */
export interface CursorFrame {
  position: Position;
  keyframe: boolean;
  /** Mutable attributes at this frame; shared: do not change. */
  attributes: AttributeMap;
}

/** Options of {@linkcode openCursor}. */
export interface CursorOptions {
  /** The last frame (inclusive) the track may extend to. */
  stopFrame: number;
  isDeleted?: (frame: number) => boolean;
}

/**
 * Opens a cursor on a track (and its skeleton elements). A track without live keyframes has
 * `first > last`.
 *
 * @example
 * ```ts
 * import { equal } from "node:assert/strict";
 * import { openCursor } from "./track_cursor.ts";
 * const shape = (frame: number, outside: boolean) => ({
 *   type: "rectangle" as const, frame, occluded: false, outside, z_order: 0, rotation: 0,
 *   points: [0, 0, 10, 10], attributes: [],
 * });
 * const cursor = openCursor({ frame: 2, label_id: 1, group: 0, source: "manual",
 *   attributes: [], shapes: [shape(2, false), shape(5, true)] }, { stopFrame: 9 });
 * equal(cursor.first, 2);
 * equal(cursor.last, 5);
 * ```
 */
export function openCursor(track: WireTrack, options: CursorOptions): TrackCursor {
  const keyframes = trackKeyframes(track);
  const isDeleted = options.isDeleted ?? (() => false);
  let live = keyframes.length - 1;
  while (live >= 0 && isDeleted(keyframes[live].frame)) live--;
  const first = keyframes.length ? keyframes[0].frame : 0;
  const last = live < 0
    ? -1
    : keyframes[live].outside
    ? Math.min(options.stopFrame, keyframes[live].frame)
    : options.stopFrame;
  return {
    track,
    keyframes,
    options: { shapeType: track.shapes[0]?.type ?? "points", isDeleted: options.isDeleted },
    first,
    last,
    attributes: {},
    next: 0,
    elements: (track.elements ?? []).map((element) => openCursor(element, options)),
  };
}

/**
 * The track at `frame`, or null when it has no position there (before its first keyframe or
 * past its end). Frames must be read in ascending order (attributes accumulate).
 *
 * @example
 * ```ts
 * import { equal } from "node:assert/strict";
 * import { cursorAt, openCursor } from "./track_cursor.ts";
 * const shape = (frame: number, x: number) => ({
 *   type: "rectangle" as const, frame, occluded: false, outside: false, z_order: 0,
 *   rotation: 0, points: [x, 0, x + 10, 10], attributes: [{ spec_id: 7, value: String(x) }],
 * });
 * const cursor = openCursor({ frame: 0, label_id: 1, group: 0, source: "manual",
 *   attributes: [], shapes: [shape(0, 0), shape(10, 20)] }, { stopFrame: 20 });
 * const at = cursorAt(cursor, 5)!;
 * equal(at.position.points[0], 10);
 * equal(at.attributes[7], "0");
 * equal(cursorAt(cursor, 12)!.attributes[7], "20");
 * ```
 */
export function cursorAt(cursor: TrackCursor, frame: number): CursorFrame | null {
  if (frame < cursor.first || frame > cursor.last) return null;
  const { keyframes } = cursor;
  if (cursor.next === 0 && keyframes.length && frame > keyframes[0].frame) {
    // Started in the middle (a job range): catch up in one go.
    cursor.attributes = trackAttributesAt(keyframes, frame);
    while (cursor.next < keyframes.length && keyframes[cursor.next].frame <= frame) cursor.next++;
  }
  while (cursor.next < keyframes.length && keyframes[cursor.next].frame <= frame) {
    const values = keyframes[cursor.next++].attributes;
    for (const key in values) cursor.attributes[key] = values[key];
  }
  const at = trackPositionAt(keyframes, frame, cursor.options);
  return { position: at.position, keyframe: at.keyframe, attributes: cursor.attributes };
}
