/**
 * The server's annotation wire format (CVAT's LabeledData), as GET/PUT/PATCH
 * `/api/{jobs|tasks}/{id}/annotations` carry it.
 *
 * @module
 */

import type { ShapeType } from "./enums.ts";

/**
 * One attribute value of an object: the attribute's id and its value as text.
 *
 * @example
 * ```ts
 * import { ok } from "node:assert/strict";
 * import type { WireAttribute } from "@cvat-lite/cvat";
 * const speed: WireAttribute = { spec_id: 3, value: "40" };
 * ok(speed.value === "40");
 * ```
 */
export interface WireAttribute {
  /** The id of the label attribute (spec) this value is for. */
  spec_id: number;
  /** The value as text (at most 4096 characters). */
  value: string;
}

/**
 * A tag: a label on a whole frame.
 *
 * @example
 * ```ts
 * import { ok } from "node:assert/strict";
 * import type { WireTag } from "@cvat-lite/cvat";
 * const day: WireTag = { frame: 0, label_id: 4, group: 0, source: "manual", attributes: [] };
 * ok(day.frame === 0);
 * ```
 */
export interface WireTag {
  /** Server id; null or absent for new objects. */
  id?: number | null;
  /** The client's object id; only in client exports, stripped before sending. */
  clientID?: number;
  /** The frame number, task-relative. */
  frame: number;
  /** The label's id. */
  label_id: number;
  /** Group number; 0 or null for none. */
  group: number | null;
  /** Where the object came from: `manual`, `semi-auto`, `auto`, `file` or `Ground truth`. */
  source: string;
  /** Values of the label's attributes. */
  attributes: WireAttribute[];
}

/**
 * A shape on one frame; skeletons carry their points in `elements`.
 *
 * @example
 * ```ts
 * import { ok } from "node:assert/strict";
 * import type { WireShape } from "@cvat-lite/cvat";
 * const box: WireShape = {
 *   type: "rectangle", frame: 0, label_id: 1, group: 0, source: "manual", occluded: false,
 *   outside: false, z_order: 0, rotation: 0, points: [10, 10, 50, 40], attributes: [],
 *   elements: [],
 * };
 * ok(box.points.length === 4);
 * ```
 */
export interface WireShape {
  /** Server id; null or absent for new objects. */
  id?: number | null;
  /** The client's object id; only in client exports, stripped before sending. */
  clientID?: number;
  /** The geometry kind, which fixes the format of `points`. */
  type: ShapeType;
  /** The frame number, task-relative. */
  frame: number;
  /** The label's id (a sublabel's id for skeleton elements). */
  label_id: number;
  /** Group number; 0 or null for none. */
  group: number | null;
  /** Where the object came from: `manual`, `semi-auto`, `auto`, `file` or `Ground truth`. */
  source: string;
  /** Whether the object is occluded. */
  occluded: boolean;
  /** Whether the object is outside the frame (used by skeleton elements). */
  outside: boolean;
  /** Drawing order; higher values are drawn on top. */
  z_order: number;
  /** Rotation in degrees, 0 to 360; only rectangles and ellipses rotate. */
  rotation: number;
  /** Flat coordinates `[x1, y1, x2, y2, ...]`; `[]` for skeletons, RLE plus bbox for masks. */
  points: number[];
  /** Values of the label's attributes. */
  attributes: WireAttribute[];
  /** Skeleton elements; present (maybe empty) on top-level shapes, absent on elements. */
  elements?: WireShape[];
}

/**
 * One keyframe of a track. Every stored tracked shape is a keyframe.
 *
 * @example
 * ```ts
 * import { ok } from "node:assert/strict";
 * import type { WireTrackedShape } from "@cvat-lite/cvat";
 * const keyframe: WireTrackedShape = {
 *   type: "rectangle", frame: 5, occluded: false, outside: false, z_order: 0, rotation: 0,
 *   points: [0, 0, 8, 8], attributes: [],
 * };
 * ok(keyframe.frame === 5);
 * ```
 */
export interface WireTrackedShape {
  /** Server id of the keyframe; null or absent for new keyframes. */
  id?: number | null;
  /** The geometry kind, which fixes the format of `points`. */
  type: ShapeType;
  /** The keyframe's frame number, task-relative. */
  frame: number;
  /** Whether the object is occluded from this keyframe on. */
  occluded: boolean;
  /** Whether the object is outside the frame from this keyframe on (the track ends or pauses). */
  outside: boolean;
  /** Drawing order; higher values are drawn on top. */
  z_order: number;
  /** Rotation in degrees, 0 to 360; only rectangles and ellipses rotate. */
  rotation: number;
  /** Flat coordinates `[x1, y1, x2, y2, ...]` at this keyframe. */
  points: number[];
  /** Mutable attributes only. */
  attributes: WireAttribute[];
}

/**
 * A track: an object followed across frames through its keyframes.
 *
 * @example
 * ```ts
 * import { ok } from "node:assert/strict";
 * import type { WireTrack } from "@cvat-lite/cvat";
 * const track: WireTrack = {
 *   frame: 0, label_id: 1, group: 0, source: "manual", attributes: [], elements: [],
 *   shapes: [{
 *     type: "points", frame: 0, occluded: false, outside: false, z_order: 0, rotation: 0,
 *     points: [5, 5], attributes: [],
 *   }],
 * };
 * ok(track.shapes.length === 1);
 * ```
 */
export interface WireTrack {
  /** Server id; null or absent for new objects. */
  id?: number | null;
  /** The client's object id; only in client exports, stripped before sending. */
  clientID?: number;
  /** The track's first frame (its first keyframe's frame), task-relative. */
  frame: number;
  /** The label's id (a sublabel's id for skeleton elements). */
  label_id: number;
  /** Group number; 0 or null for none. */
  group: number | null;
  /** Where the object came from: `manual`, `semi-auto`, `auto`, `file` or `Ground truth`. */
  source: string;
  /** Immutable attributes only. */
  attributes: WireAttribute[];
  /** The keyframes, ordered by frame. */
  shapes: WireTrackedShape[];
  /** Skeleton element tracks; present (maybe empty) on top-level tracks. */
  elements?: WireTrack[];
}

/**
 * A tracked shape as `?interpolate=true` and `expandTrack` give it.
 *
 * @example
 * ```ts
 * import { ok } from "node:assert/strict";
 * import type { WireInterpolatedShape } from "@cvat-lite/cvat";
 * const shape: WireInterpolatedShape = {
 *   type: "points", frame: 3, occluded: false, outside: false, z_order: 0, rotation: 0,
 *   points: [5, 5], attributes: [], keyframe: false,
 * };
 * ok(!shape.keyframe);
 * ```
 */
export interface WireInterpolatedShape extends WireTrackedShape {
  /** Whether this frame is a keyframe; false for interpolated frames. */
  keyframe: boolean;
}

/**
 * The annotations of a job or task in the server's format.
 *
 * @example
 * ```ts
 * import { ok } from "node:assert/strict";
 * import type { LabeledData } from "@cvat-lite/cvat";
 * const data: LabeledData = { version: 0, tags: [], shapes: [], tracks: [] };
 * ok(data.shapes.length === 0);
 * ```
 */
export interface LabeledData {
  /** The annotations' version; the server increments it on every change. */
  version?: number;
  /** The tags (labels of whole frames). */
  tags: WireTag[];
  /** The shapes (objects on a single frame). */
  shapes: WireShape[];
  /** The tracks (objects followed across frames). */
  tracks: WireTrack[];
}

/**
 * A label attribute as the server sends it.
 *
 * @example
 * ```ts
 * import { ok } from "node:assert/strict";
 * import type { WireAttributeSpec } from "@cvat-lite/cvat";
 * const color: WireAttributeSpec = {
 *   id: 2, name: "color", mutable: false, input_type: "select", default_value: "red",
 *   values: ["red", "blue"],
 * };
 * ok(color.values.includes(color.default_value));
 * ```
 */
export interface WireAttributeSpec {
  /** Server id; absent for new attributes. */
  id?: number;
  /** The attribute's name, unique per label. */
  name: string;
  /** Whether the value may change from frame to frame on a track. */
  mutable: boolean;
  /** How the value is entered: `checkbox`, `radio`, `select`, `number` or `text`. */
  input_type: string;
  /** The value given when none is set. */
  default_value: string;
  /** The allowed values; `[min, max, step]` for `number`. */
  values: string[];
}

/**
 * A label as the server sends it (`/api/labels`), with skeleton sublabels.
 *
 * @example
 * ```ts
 * import { ok } from "node:assert/strict";
 * import type { WireLabel } from "@cvat-lite/cvat";
 * const car: WireLabel = { id: 1, name: "car", type: "rectangle", attributes: [] };
 * ok(car.name === "car");
 * ```
 */
export interface WireLabel {
  /** Server id; absent for new labels. */
  id?: number;
  /** The label's name, unique among its siblings. */
  name: string;
  /** The display colour as `#rrggbb`. */
  color?: string;
  /** Which objects may use the label: `any` (the default), a shape type, or `tag`. */
  type?: string;
  /** The label's attribute specs. */
  attributes?: WireAttributeSpec[];
  /** A skeleton's sublabels (one per skeleton point). */
  sublabels?: WireLabel[];
  /** A skeleton's SVG layout; absent for other labels. */
  svg?: string;
  /** The parent skeleton's id for a sublabel, else null. */
  parent_id?: number | null;
  /** Whether the label is a skeleton's sublabel. */
  has_parent?: boolean;
}
