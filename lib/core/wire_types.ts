/**
 * The server's annotation wire format (CVAT's LabeledData), as GET/PUT/PATCH
 * `/api/{jobs|tasks}/{id}/annotations` carry it.
 *
 * @module
 */

import type { ShapeType } from "./enums.ts";

/** One attribute value of an object: the attribute's id and its value as text. */
export interface WireAttribute {
  spec_id: number;
  value: string;
}

/** A tag: a label on a whole frame. */
export interface WireTag {
  id?: number | null;
  clientID?: number;
  frame: number;
  label_id: number;
  group: number | null;
  source: string;
  attributes: WireAttribute[];
}

/** A shape on one frame; skeletons carry their points in `elements`. */
export interface WireShape {
  id?: number | null;
  clientID?: number;
  type: ShapeType;
  frame: number;
  label_id: number;
  group: number | null;
  source: string;
  occluded: boolean;
  outside: boolean;
  z_order: number;
  rotation: number;
  points: number[];
  attributes: WireAttribute[];
  /** Skeleton elements; present (maybe empty) on top-level shapes, absent on elements. */
  elements?: WireShape[];
}

/** One keyframe of a track. Every stored tracked shape is a keyframe. */
export interface WireTrackedShape {
  id?: number | null;
  type: ShapeType;
  frame: number;
  occluded: boolean;
  outside: boolean;
  z_order: number;
  rotation: number;
  points: number[];
  /** Mutable attributes only. */
  attributes: WireAttribute[];
}

/** A track: an object followed across frames through its keyframes. */
export interface WireTrack {
  id?: number | null;
  clientID?: number;
  frame: number;
  label_id: number;
  group: number | null;
  source: string;
  /** Immutable attributes only. */
  attributes: WireAttribute[];
  shapes: WireTrackedShape[];
  /** Skeleton element tracks; present (maybe empty) on top-level tracks. */
  elements?: WireTrack[];
}

/** A tracked shape as `?interpolate=true` and `expandTrack` give it. */
export interface WireInterpolatedShape extends WireTrackedShape {
  keyframe: boolean;
}

/**
 * The annotations of a job or task in the server's format.
 *
 * @example
 * ```ts
 * import type { LabeledData } from "@cvat-lite/cvat";
 * const data: LabeledData = { version: 0, tags: [], shapes: [], tracks: [] };
 * console.assert(data.shapes.length === 0);
 * ```
 */
export interface LabeledData {
  version?: number;
  tags: WireTag[];
  shapes: WireShape[];
  tracks: WireTrack[];
}

/** A label attribute as the server sends it. */
export interface WireAttributeSpec {
  id?: number;
  name: string;
  mutable: boolean;
  input_type: string;
  default_value: string;
  values: string[];
}

/** A label as the server sends it (`/api/labels`), with skeleton sublabels. */
export interface WireLabel {
  id?: number;
  name: string;
  color?: string;
  type?: string;
  attributes?: WireAttributeSpec[];
  sublabels?: WireLabel[];
  svg?: string;
  parent_id?: number | null;
  has_parent?: boolean;
}
