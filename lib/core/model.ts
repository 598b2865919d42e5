/**
 * The collection's internal object model: plain, JSON-serialisable records.
 * History change sets store copies of these records, so everything here must
 * survive `structuredClone` and `JSON.stringify` unchanged.
 *
 * @module
 */

import type { ObjectType, ShapeType } from "./enums.ts";

/** Attribute values keyed by attribute (spec) id. */
export type AttributeMap = Record<number, string>;

/** The geometry and per-frame flags of a shape or of a track at one frame. */
export interface Position {
  /** Flat coordinates `[x1, y1, x2, y2, ...]`; `[]` for skeletons. */
  points: number[];
  /** Rotation in degrees; 0 for types that do not rotate. */
  rotation: number;
  /** Whether the object is occluded. */
  occluded: boolean;
  /** Whether the object is outside the frame. */
  outside: boolean;
  /** Drawing order; higher values are drawn on top. */
  zOrder: number;
}

/** One keyframe of a track. */
export interface Keyframe extends Position {
  /** The keyframe's frame number. */
  frame: number;
  /** Mutable attribute values set on this keyframe. */
  attributes: AttributeMap;
  /** The server's id of the keyframe; null until it is saved. */
  serverID: number | null;
}

/** One tag, shape or track (or one skeleton element of a shape or track). */
export interface ObjectRecord {
  /** The collection's id of the object, unique in the process. */
  clientID: number;
  /** The server's id of the object; null until it is saved. */
  serverID: number | null;
  /** The skeleton's clientID for an element, else null. */
  parentID: number | null;
  /** Tag, shape or track. */
  objectType: ObjectType;
  /** null for tags. */
  shapeType: ShapeType | null;
  /** The id of the object's label. */
  labelId: number;
  /** The shape's or tag's frame; a track's first keyframe. */
  frame: number;
  /** Group number; 0 for none. */
  group: number;
  /** Where the object came from (`manual`, `semi-auto`, `auto`, `file` or `Ground truth`). */
  source: string;
  /** Shapes and tags: every attribute. Tracks: immutable attributes only. */
  attributes: AttributeMap;
  /** Shapes only; null for tags and tracks. */
  position: Position | null;
  /** Tracks only, sorted by frame; null for tags and shapes. */
  keyframes: Keyframe[] | null;
  /** Skeleton elements (shapes of type points, or point tracks). */
  elements: ObjectRecord[];
  /** Whether the object is locked against edits (client-only). */
  lock: boolean;
  /** Whether the object is hidden (client-only). */
  hidden: boolean;
  /** Whether the object is pinned (client-only). */
  pinned: boolean;
  /** Display colour as `#rrggbb` (client-only). */
  color: string;
  /** Free-text notes (client-only, not sent to the server). */
  descriptions: string[];
}
