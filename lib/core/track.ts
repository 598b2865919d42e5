/**
 * A track's state at one frame, from its keyframes (reference/cvat-core.md §3).
 *
 * Used by the in-memory collection and by the server (`?interpolate=true`), so both
 * agree on where a track is, whether it is outside and which attribute values it has.
 *
 * @module
 */

import { ArgumentError, DataError } from "./errors.ts";
import type { ShapeType } from "./enums.ts";
import type { AttributeMap, Keyframe, Position } from "./model.ts";
import { interpolatePosition } from "./interpolation/mod.ts";

/** Options of {@linkcode trackAt} and {@linkcode trackPositionAt}. */
export interface TrackAtOptions {
  /** The geometry kind of the track (every keyframe has it). */
  shapeType: ShapeType;
  /** `"3d"` interpolates cuboid angles as 3D rotations; default `"2d"`. */
  dimension?: "2d" | "3d";
  /** Deleted frames: their keyframes do not count for prev/next/first/last. */
  isDeleted?: (frame: number) => boolean;
}

/** The position of a track at a frame, without its attributes. */
export interface TrackPosition {
  /** A fresh copy: the caller may change it. */
  position: Position;
  /** True when the track has a keyframe at this very frame (deleted or not). */
  keyframe: boolean;
  /** The nearest non-deleted keyframe before the frame, or null. */
  prev: number | null;
  /** The nearest non-deleted keyframe after the frame, or null. */
  next: number | null;
  /** The first non-deleted keyframe, or null. */
  first: number | null;
  /** The last non-deleted keyframe, or null. */
  last: number | null;
}

/** The state of a track at a frame. */
export interface TrackFrame extends TrackPosition {
  /**
   * Mutable attribute values: every keyframe at or before the frame overlaid in ascending
   * order (the latest wins). Immutable attributes are not included.
   */
  attributes: AttributeMap;
}

/**
 * Types whose geometry is never interpolated: a skeleton's own points are empty (its
 * elements are separate point tracks) and masks are shapes only. Between two keyframes
 * they hold the left keyframe.
 */
const HELD_TYPES: ReadonlySet<string> = new Set(["skeleton", "mask"]);

const NEVER_DELETED = (_frame: number): boolean => false;

/**
 * The index of the first keyframe whose frame is ≥ `frame` (`keyframes.length` if none).
 *
 * @example
 * ```ts
 * import { ok } from "node:assert/strict";
 * import { keyframeIndex } from "./track.ts";
 * const kf = (frame: number) => ({ frame } as never);
 * ok(keyframeIndex([kf(0), kf(10)], 5) === 1);
 * ```
 */
export function keyframeIndex(keyframes: readonly { frame: number }[], frame: number): number {
  let lo = 0;
  let hi = keyframes.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (keyframes[mid].frame < frame) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function copyPosition(source: Position, outside: boolean): Position {
  return {
    points: source.points.slice(),
    rotation: source.rotation,
    occluded: source.occluded,
    outside,
    zOrder: source.zOrder,
  };
}

function between(
  left: Keyframe,
  right: Keyframe,
  frame: number,
  options: TrackAtOptions,
): Position {
  if (HELD_TYPES.has(options.shapeType)) return copyPosition(left, left.outside);
  const offset = (frame - left.frame) / (right.frame - left.frame);
  const result = interpolatePosition(options.shapeType, left, right, offset, {
    dimension: options.dimension,
  });
  const points = result.points === left.points || result.points === right.points
    ? result.points.slice()
    : result.points;
  return {
    points,
    rotation: result.rotation,
    occluded: left.occluded,
    outside: left.outside,
    zOrder: left.zOrder,
  };
}

function liveIndex(
  keyframes: readonly Keyframe[],
  start: number,
  step: 1 | -1,
  isDeleted: (frame: number) => boolean,
): number {
  let i = start;
  while (i >= 0 && i < keyframes.length && isDeleted(keyframes[i].frame)) i += step;
  return i >= 0 && i < keyframes.length ? i : -1;
}

function frameOf(keyframes: readonly Keyframe[], index: number): number | null {
  return index < 0 ? null : keyframes[index].frame;
}

function checkFrame(frame: number): void {
  if (!Number.isInteger(frame)) {
    throw new ArgumentError(`Frame must be an integer, got ${JSON.stringify(frame)}`);
  }
}

/**
 * Where a track is at `frame`, following cvat-core's rules: left is the keyframe at the
 * frame (deleted or not) or else the previous non-deleted keyframe, right is the next
 * non-deleted one. Both → interpolated (occluded, outside and zOrder from left; skeletons
 * and masks hold left, having no interpolable points of their own); only left →
 * a copy of it; only right → a copy of it with `outside` forced true; neither → DataError.
 * The search is a binary search: O(log k) for k keyframes (plus any run of deleted ones).
 *
 * @param keyframes The track's keyframes, sorted by frame.
 * @example
 * ```ts
 * import { ok } from "node:assert/strict";
 * import { trackPositionAt } from "./track.ts";
 * const kf = (frame: number, x: number) => ({
 *   frame, points: [x, 0, x + 10, 10], rotation: 0, occluded: false, outside: false,
 *   zOrder: 0, attributes: {}, serverID: null,
 * });
 * const at = trackPositionAt([kf(0, 0), kf(10, 100)], 5, { shapeType: "rectangle" });
 * ok(at.position.points[0] === 50 && at.keyframe === false && at.prev === 0);
 * ```
 */
export function trackPositionAt(
  keyframes: readonly Keyframe[],
  frame: number,
  options: TrackAtOptions,
): TrackPosition {
  checkFrame(frame);
  const isDeleted = options.isDeleted ?? NEVER_DELETED;
  const index = keyframeIndex(keyframes, frame);
  const keyframe = index < keyframes.length && keyframes[index].frame === frame;
  const prevIndex = liveIndex(keyframes, index - 1, -1, isDeleted);
  const nextIndex = liveIndex(keyframes, keyframe ? index + 1 : index, 1, isDeleted);
  const left = keyframe ? keyframes[index] : prevIndex >= 0 ? keyframes[prevIndex] : null;
  const right = nextIndex >= 0 ? keyframes[nextIndex] : null;
  let position: Position;
  if (left && right) position = between(left, right, frame, options);
  else if (left) position = copyPosition(left, left.outside);
  else if (right) position = copyPosition(right, true);
  else {
    const why = keyframes.length === 0 ? "it has no keyframes" : "all its keyframes are deleted";
    throw new DataError(`Cannot get a track's position at frame ${frame}: ${why}`);
  }
  return {
    position,
    keyframe,
    prev: frameOf(keyframes, prevIndex),
    next: frameOf(keyframes, nextIndex),
    first: frameOf(keyframes, liveIndex(keyframes, 0, 1, isDeleted)),
    last: frameOf(keyframes, liveIndex(keyframes, keyframes.length - 1, -1, isDeleted)),
  };
}

/**
 * The mutable attribute values of a track at `frame`: the attributes of every keyframe at or
 * before the frame, overlaid in ascending order (deleted frames included, as in cvat-core).
 *
 * @param keyframes The track's keyframes, sorted by frame.
 * @example
 * ```ts
 * import { ok } from "node:assert/strict";
 * import { trackAttributesAt } from "./track.ts";
 * const kf = (frame: number, attributes: Record<number, string>) => ({
 *   frame, points: [], rotation: 0, occluded: false, outside: false, zOrder: 0,
 *   attributes, serverID: null,
 * });
 * const attrs = trackAttributesAt([kf(0, { 1: "a", 2: "x" }), kf(10, { 1: "b" })], 12);
 * ok(attrs[1] === "b" && attrs[2] === "x");
 * ```
 */
export function trackAttributesAt(keyframes: readonly Keyframe[], frame: number): AttributeMap {
  const attributes: AttributeMap = {};
  for (let i = 0; i < keyframes.length && keyframes[i].frame <= frame; i++) {
    const values = keyframes[i].attributes;
    // A plain loop: Object.assign takes a slow path on integer-keyed objects.
    const keys = Object.keys(values);
    for (let k = 0; k < keys.length; k++) {
      const id = Number(keys[k]);
      attributes[id] = values[id];
    }
  }
  return attributes;
}

/**
 * The state of a track at `frame`: {@linkcode trackPositionAt} plus
 * {@linkcode trackAttributesAt}.
 *
 * @param keyframes The track's keyframes, sorted by frame.
 * @throws {DataError} When no keyframe can give a position (none, or all deleted).
 * @example
 * ```ts
 * import { ok } from "node:assert/strict";
 * import { trackAt } from "./track.ts";
 * const kf = (frame: number, outside: boolean) => ({
 *   frame, points: [0, 0, 10, 10], rotation: 0, occluded: false, outside, zOrder: 0,
 *   attributes: {}, serverID: null,
 * });
 * const keyframes = [kf(0, false), kf(20, true)];
 * ok(trackAt(keyframes, 25, { shapeType: "rectangle" }).position.outside);
 * ok(!trackAt(keyframes, 15, { shapeType: "rectangle" }).position.outside);
 * ```
 */
export function trackAt(
  keyframes: readonly Keyframe[],
  frame: number,
  options: TrackAtOptions,
): TrackFrame {
  const at = trackPositionAt(keyframes, frame, options);
  return { ...at, attributes: trackAttributesAt(keyframes, frame) };
}
