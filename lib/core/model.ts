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
  points: number[];
  rotation: number;
  occluded: boolean;
  outside: boolean;
  zOrder: number;
}

/** One keyframe of a track. */
export interface Keyframe extends Position {
  frame: number;
  /** Mutable attribute values set on this keyframe. */
  attributes: AttributeMap;
  serverID: number | null;
}

/** One tag, shape or track (or one skeleton element of a shape or track). */
export interface ObjectRecord {
  clientID: number;
  serverID: number | null;
  /** The skeleton's clientID for an element, else null. */
  parentID: number | null;
  objectType: ObjectType;
  /** null for tags. */
  shapeType: ShapeType | null;
  labelId: number;
  /** The shape's or tag's frame; a track's first keyframe. */
  frame: number;
  group: number;
  source: string;
  /** Shapes and tags: every attribute. Tracks: immutable attributes only. */
  attributes: AttributeMap;
  /** Shapes only; null for tags and tracks. */
  position: Position | null;
  /** Tracks only, sorted by frame; null for tags and shapes. */
  keyframes: Keyframe[] | null;
  /** Skeleton elements (shapes of type points, or point tracks). */
  elements: ObjectRecord[];
  lock: boolean;
  hidden: boolean;
  pinned: boolean;
  color: string;
  descriptions: string[];
}
