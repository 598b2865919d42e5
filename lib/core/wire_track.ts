/**
 * Tracks in wire form at a frame and frame by frame (`GET .../annotations?interpolate=true`),
 * computed by the same rules as the collection ({@linkcode trackAt}).
 *
 * @module
 */

import { ArgumentError } from "./errors.ts";
import type { ShapeType } from "./enums.ts";
import type { AttributeMap, Keyframe } from "./model.ts";
import {
  keyframeIndex,
  trackAt,
  type TrackAtOptions,
  type TrackPosition,
  trackPositionAt,
} from "./track.ts";
import { attributesToMap, attributesToWire } from "./wire_attributes.ts";
import type { WireInterpolatedShape, WireTrack, WireTrackedShape } from "./wire_types.ts";

/** Options of {@linkcode interpolateTrack}. */
export interface WireTrackOptions {
  /** `"3d"` for point-cloud tasks (cuboid angles); default `"2d"`. */
  dimension?: "2d" | "3d";
  /** Deleted frames: their keyframes do not count as prev/next/first/last. */
  isDeleted?: (frame: number) => boolean;
}

/** Options of {@linkcode expandTrack}. */
export interface ExpandTrackOptions extends WireTrackOptions {
  /** The last frame to expand to (the job's or task's stop frame), inclusive. */
  stopFrame: number;
}

/** A skeleton track expanded frame by frame, with each element track expanded too. */
export interface ExpandedTrack {
  shapes: WireInterpolatedShape[];
  elements: { label_id: number; shapes: WireInterpolatedShape[] }[];
}

const NEVER_DELETED = (_frame: number): boolean => false;

function toKeyframe(shape: WireTrackedShape): Keyframe {
  return {
    frame: shape.frame,
    points: shape.points,
    rotation: shape.rotation,
    occluded: shape.occluded,
    outside: shape.outside,
    zOrder: shape.z_order,
    attributes: attributesToMap(shape.attributes),
    serverID: shape.id ?? null,
  };
}

/**
 * A track's shapes as core keyframes, sorted by frame. The keyframes share the shapes'
 * `points` arrays: treat them as read-only.
 *
 * @example
 * ```ts
 * import { ok } from "node:assert/strict";
 * import { trackKeyframes } from "./wire_track.ts";
 * const shape = (frame: number) => ({
 *   type: "points" as const, frame, occluded: false, outside: false, z_order: 0, rotation: 0,
 *   points: [1, 2], attributes: [{ spec_id: 4, value: "a" }],
 * });
 * const keyframes = trackKeyframes({ shapes: [shape(9), shape(2)] });
 * ok(keyframes[0].frame === 2 && keyframes[1].attributes[4] === "a");
 * ```
 */
export function trackKeyframes(track: Pick<WireTrack, "shapes">): Keyframe[] {
  const keyframes = track.shapes.map(toKeyframe);
  for (let i = 1; i < keyframes.length; i++) {
    if (keyframes[i - 1].frame > keyframes[i].frame) {
      return keyframes.sort((a, b) => a.frame - b.frame);
    }
  }
  return keyframes;
}

function toWire(
  at: TrackPosition,
  attributes: AttributeMap,
  type: ShapeType,
  frame: number,
  id: number | null,
): WireInterpolatedShape {
  const { position } = at;
  return {
    id,
    type,
    frame,
    occluded: position.occluded,
    outside: position.outside,
    z_order: position.zOrder,
    rotation: position.rotation,
    points: position.points,
    attributes: attributesToWire(attributes),
    keyframe: at.keyframe,
  };
}

function trackOptions(track: WireTrack, options: WireTrackOptions): TrackAtOptions {
  return {
    shapeType: track.shapes[0]?.type ?? "points",
    dimension: options.dimension,
    isDeleted: options.isDeleted,
  };
}

function idAt(keyframes: readonly Keyframe[], at: TrackPosition, frame: number): number | null {
  return at.keyframe ? keyframes[keyframeIndex(keyframes, frame)].serverID : null;
}

/**
 * The state of a track at `frame` as a wire tracked shape with a `keyframe` flag: its
 * position by cvat-core's rules ({@linkcode trackAt}) and its mutable attributes (the
 * latest value at or before the frame). `id` is the keyframe's id at a keyframe, else null.
 *
 * @throws {DataError} For a track without shapes, or geometry that cannot be interpolated.
 * @example
 * ```ts
 * import { ok } from "node:assert/strict";
 * import { interpolateTrack } from "./wire_track.ts";
 * const shape = (frame: number, x: number) => ({
 *   type: "rectangle" as const, frame, occluded: false, outside: false, z_order: 0,
 *   rotation: 0, points: [x, 0, x + 10, 10], attributes: [],
 * });
 * const track = {
 *   frame: 0, label_id: 1, group: 0, source: "manual", attributes: [],
 *   shapes: [shape(0, 0), shape(10, 20)],
 * };
 * const at = interpolateTrack(track, 5);
 * ok(at.points[0] === 10 && at.keyframe === false);
 * ```
 */
export function interpolateTrack(
  track: WireTrack,
  frame: number,
  options: WireTrackOptions = {},
): WireInterpolatedShape {
  const keyframes = trackKeyframes(track);
  const at = trackAt(keyframes, frame, trackOptions(track, options));
  const type = track.shapes[0].type;
  return toWire(at, at.attributes, type, frame, idAt(keyframes, at, frame));
}

function lastLiveIndex(keyframes: readonly Keyframe[], isDeleted: (f: number) => boolean) {
  let i = keyframes.length - 1;
  while (i >= 0 && isDeleted(keyframes[i].frame)) i--;
  return i;
}

/**
 * A track frame by frame: one entry per frame from its first keyframe to `stopFrame`, or,
 * when its last keyframe (on a non-deleted frame) is outside, only up to and including that
 * keyframe (it is gone for good after it). Each entry is {@linkcode interpolateTrack}'s
 * result for that frame, `keyframe: true|false`. Deleted frames are listed like the others.
 * A track without shapes, or whose keyframes are all on deleted frames, gives `[]`.
 *
 * @throws {ArgumentError} When `stopFrame` is not an integer.
 * @example
 * ```ts
 * import { ok } from "node:assert/strict";
 * import { expandTrack } from "./wire_track.ts";
 * const shape = (frame: number, outside: boolean) => ({
 *   type: "rectangle" as const, frame, occluded: false, outside, z_order: 0, rotation: 0,
 *   points: [0, 0, 10, 10], attributes: [],
 * });
 * const track = {
 *   frame: 2, label_id: 1, group: 0, source: "manual", attributes: [],
 *   shapes: [shape(2, false), shape(5, true)],
 * };
 * const shapes = expandTrack(track, { stopFrame: 100 });
 * ok(shapes.length === 4 && shapes[3].outside && shapes[3].keyframe);
 * ```
 */
export function expandTrack(
  track: WireTrack,
  options: ExpandTrackOptions,
): WireInterpolatedShape[] {
  const { stopFrame } = options;
  if (!Number.isInteger(stopFrame)) {
    throw new ArgumentError(`stopFrame must be an integer, got ${JSON.stringify(stopFrame)}`);
  }
  const keyframes = trackKeyframes(track);
  const live = lastLiveIndex(keyframes, options.isDeleted ?? NEVER_DELETED);
  if (live < 0) return [];
  const end = keyframes[live].outside ? Math.min(stopFrame, keyframes[live].frame) : stopFrame;
  const at = trackOptions(track, options);
  const result: WireInterpolatedShape[] = [];
  const attributes: AttributeMap = {};
  let next = 0;
  for (let frame = keyframes[0].frame; frame <= end; frame++) {
    while (next < keyframes.length && keyframes[next].frame <= frame) {
      Object.assign(attributes, keyframes[next++].attributes);
    }
    const position = trackPositionAt(keyframes, frame, at);
    const id = position.keyframe ? keyframes[next - 1].serverID : null;
    result.push(toWire(position, attributes, at.shapeType, frame, id));
  }
  return result;
}

/**
 * {@linkcode expandTrack} of a track and of each of its element tracks (skeletons). Every
 * element is expanded on its own, by its own keyframes, with the same options; the parent's
 * shapes hold the skeleton's own flags (its points are empty).
 *
 * @example
 * ```ts
 * import { ok } from "node:assert/strict";
 * import { expandTrackWithElements } from "./wire_track.ts";
 * const shape = (type: "skeleton" | "points", points: number[]) => ({
 *   type, frame: 0, occluded: false, outside: false, z_order: 0, rotation: 0, points,
 *   attributes: [],
 * });
 * const track = {
 *   frame: 0, label_id: 1, group: 0, source: "manual", attributes: [],
 *   shapes: [shape("skeleton", [])],
 *   elements: [{ frame: 0, label_id: 2, group: 0, source: "manual", attributes: [],
 *     shapes: [shape("points", [5, 5])] }],
 * };
 * const expanded = expandTrackWithElements(track, { stopFrame: 3 });
 * ok(expanded.shapes.length === 4 && expanded.elements[0].shapes.length === 4);
 * ```
 */
export function expandTrackWithElements(
  track: WireTrack,
  options: ExpandTrackOptions,
): ExpandedTrack {
  return {
    shapes: expandTrack(track, options),
    elements: (track.elements ?? []).map((element) => ({
      label_id: element.label_id,
      shapes: expandTrack(element, options),
    })),
  };
}
