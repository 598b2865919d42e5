/**
 * The pieces around `ObjectState`: update flags, keyframe bounds, the constructor's fields and
 * the binding a collection attaches to the states it hands out.
 *
 * @module
 */

import type { ObjectType, ShapeType } from "./enums.ts";
import type { Label } from "./label.ts";
import type { ObjectState } from "./object_state.ts";

/** The fields whose setters mark the state as changed. */
export const UPDATABLE_FIELDS = [
  "label",
  "attributes",
  "descriptions",
  "points",
  "rotation",
  "outside",
  "occluded",
  "keyframe",
  "zOrder",
  "pinned",
  "lock",
  "color",
  "hidden",
] as const;

/** One of {@linkcode UPDATABLE_FIELDS}. */
export type UpdatableField = typeof UPDATABLE_FIELDS[number];

/**
 * Which fields were set since the state was made; `reset()` clears them.
 *
 * @example
 * ```ts
 * import { ok } from "node:assert/strict";
 * import { UpdateFlags } from "./object_state.ts";
 * const flags = new UpdateFlags();
 * flags.points = true;
 * flags.reset();
 * ok(!Object.values(flags).some((v) => v === true));
 * ```
 */
export class UpdateFlags implements Record<UpdatableField, boolean> {
  /** Set when `label` was written. */
  label = false;
  /** Set when `attributes` was written. */
  attributes = false;
  /** Set when `descriptions` was written. */
  descriptions = false;
  /** Set when `points` was written. */
  points = false;
  /** Set when `rotation` was changed. */
  rotation = false;
  /** Set when `outside` was written. */
  outside = false;
  /** Set when `occluded` was written. */
  occluded = false;
  /** Set when `keyframe` was written. */
  keyframe = false;
  /** Set when `zOrder` was written. */
  zOrder = false;
  /** Set when `pinned` was written. */
  pinned = false;
  /** Set when `lock` was written. */
  lock = false;
  /** Set when `color` was written. */
  color = false;
  /** Set when `hidden` was written. */
  hidden = false;

  /** Clears every flag. */
  reset(): void {
    for (const field of UPDATABLE_FIELDS) this[field] = false;
  }
}

/** A track's neighbouring keyframes around the state's frame. */
export interface KeyframeBounds {
  /** The nearest keyframe before the frame, or null. */
  prev: number | null;
  /** The nearest keyframe after the frame, or null. */
  next: number | null;
  /** The track's first keyframe, or null. */
  first: number | null;
  /** The track's last keyframe, or null. */
  last: number | null;
}

/** What a collection attaches to the states it hands out, so that they can save themselves. */
export interface StateBinding {
  save(state: ObjectState): ObjectState;
  remove(state: ObjectState, frame: number, force: boolean): boolean;
}

/** The fields accepted by the `ObjectState` constructor (cvat-core's names). */
export interface ObjectStateInit {
  /** Tag, shape or track (required). */
  objectType: ObjectType;
  /**
   * The geometry kind; null or absent for tags. Any string is taken here (a plugin may turn a
   * custom type into a real one before `put`); `put` refuses an unknown one.
   */
  shapeType?: ShapeType | null;
  /** The seed API's name for `shapeType` (either may be given; if both, they must agree). */
  type?: ShapeType | string | null;
  /** The object's label (required). */
  label: Label;
  /** The frame the state describes, an integer (required). */
  frame: number;
  /** Flat coordinates `[x1, y1, x2, y2, ...]`; default null (read as `[]`). */
  points?: number[] | null;
  /** The seed API's name for `points` (either may be given; if both, they must agree). */
  position?: number[] | null;
  /** Rotation in degrees; default null. */
  rotation?: number | null;
  /** Attribute values keyed by attribute id; default `{}`. */
  attributes?: Record<number, string>;
  /** Free-text notes; default `[]`. */
  descriptions?: string[];
  /** Drawing order; default 0. */
  zOrder?: number;
  /** Whether the object is occluded; default false. */
  occluded?: boolean;
  /** Whether the object is outside the frame; default false. */
  outside?: boolean;
  /** Whether the frame is a keyframe of the track; default true. */
  keyframe?: boolean;
  /** Whether the object is locked against edits; default false. */
  lock?: boolean;
  /** Whether the object is hidden; default false. */
  hidden?: boolean;
  /** Whether the object is pinned; default false. */
  pinned?: boolean;
  /** Display colour as `#rrggbb`; default `#000000`. */
  color?: string;
  /** Where the object came from; default `manual`. */
  source?: string;
  /** The group as `{ id, color }` or a group number (0 = none); default null. */
  group?: { id: number; color: string } | number | null;
  /** The collection's id of the object; default null. */
  clientID?: number | null;
  /** The server's id of the object; default null. */
  serverID?: number | null;
  /** The parent skeleton's clientID for an element; default null. */
  parentID?: number | null;
  /** A track's neighbouring keyframes; default null. */
  keyframes?: KeyframeBounds | null;
  /** Skeleton element states; default `[]`. */
  elements?: ObjectState[];
  /** When the object last changed (ms since the epoch); default now. */
  updated?: number;
}
