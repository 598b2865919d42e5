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
  spec_id: number;
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
  id?: number | null;
  clientID?: number;
  frame: number;
  label_id: number;
  group: number | null;
  source: string;
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
  version?: number;
  tags: WireTag[];
  shapes: WireShape[];
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
  id?: number;
  name: string;
  mutable: boolean;
  input_type: string;
  default_value: string;
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
