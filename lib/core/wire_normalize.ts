/**
 * CVAT's normal form of annotations as `GET .../annotations` returns them (reference
 * cvat-server-api.md §6): objects ordered by frame, missing attribute values filled,
 * `elements` present exactly on top-level shapes and tracks, `track.frame` = first shape.
 *
 * @module
 */

import { ArgumentError } from "./errors.ts";
import { fillAttributes } from "./wire_attributes.ts";
import { indexLabels, type LabelIndex } from "./wire_labels.ts";
import type {
  LabeledData,
  WireAttribute,
  WireLabel,
  WireShape,
  WireTag,
  WireTrack,
  WireTrackedShape,
} from "./wire_types.ts";

const NONE: readonly WireAttribute[] = Object.freeze([]);

type Defaults = "allDefaults" | "immutableDefaults" | "mutableDefaults";

function defaultsOf(labels: LabelIndex, labelId: number, kind: Defaults) {
  return labels.get(labelId)?.[kind] ?? NONE;
}

function byFrameThenId(
  a: { frame: number; id?: number | null },
  b: { frame: number; id?: number | null },
): number {
  if (a.frame !== b.frame) return a.frame - b.frame;
  const aId = a.id ?? Number.POSITIVE_INFINITY;
  const bId = b.id ?? Number.POSITIVE_INFINITY;
  return aId === bId ? 0 : aId < bId ? -1 : 1;
}

function byFrame(a: { frame: number }, b: { frame: number }): number {
  return a.frame - b.frame;
}

/** Copies `id` and `clientID` when the source has them. */
function withIds<T extends { id?: number | null; clientID?: number }>(
  source: { id?: number | null; clientID?: number },
  target: Omit<T, "id" | "clientID">,
): T {
  const out = target as T;
  if (source.id !== undefined) out.id = source.id;
  if (source.clientID !== undefined) out.clientID = source.clientID;
  return out;
}

function normalizeTag(tag: WireTag, labels: LabelIndex): WireTag {
  return withIds<WireTag>(tag, {
    frame: tag.frame,
    label_id: tag.label_id,
    group: tag.group,
    source: tag.source,
    attributes: fillAttributes(tag.attributes, defaultsOf(labels, tag.label_id, "allDefaults")),
  });
}

function normalizeShape(shape: WireShape, labels: LabelIndex, topLevel: boolean): WireShape {
  const out = withIds<WireShape>(shape, {
    type: shape.type,
    frame: shape.frame,
    label_id: shape.label_id,
    group: shape.group,
    source: shape.source,
    occluded: shape.occluded,
    outside: shape.outside,
    z_order: shape.z_order,
    rotation: shape.rotation,
    points: shape.points.slice(),
    attributes: fillAttributes(shape.attributes, defaultsOf(labels, shape.label_id, "allDefaults")),
  });
  if (topLevel) {
    out.elements = (shape.elements ?? []).map((element) => normalizeShape(element, labels, false));
  }
  return out;
}

function normalizeTrackedShapes(
  shapes: readonly WireTrackedShape[],
  defaults: readonly WireAttribute[],
): WireTrackedShape[] {
  const sorted = shapes.slice().sort(byFrame);
  let carried = defaults;
  for (let i = 0; i < sorted.length; i++) {
    const shape = sorted[i];
    const attributes = fillAttributes(shape.attributes, carried);
    carried = attributes;
    sorted[i] = withIds<WireTrackedShape>(shape, {
      type: shape.type,
      frame: shape.frame,
      occluded: shape.occluded,
      outside: shape.outside,
      z_order: shape.z_order,
      rotation: shape.rotation,
      points: shape.points.slice(),
      attributes,
    });
  }
  return sorted;
}

function normalizeTrack(track: WireTrack, labels: LabelIndex, topLevel: boolean): WireTrack {
  const mutable = defaultsOf(labels, track.label_id, "mutableDefaults");
  const shapes = normalizeTrackedShapes(track.shapes, mutable);
  const immutable = defaultsOf(labels, track.label_id, "immutableDefaults");
  const out = withIds<WireTrack>(track, {
    frame: shapes.length > 0 ? shapes[0].frame : track.frame,
    label_id: track.label_id,
    group: track.group,
    source: track.source,
    attributes: fillAttributes(track.attributes, immutable),
    shapes,
  });
  if (topLevel) {
    out.elements = (track.elements ?? []).map((element) => normalizeTrack(element, labels, false));
  }
  return out;
}

/**
 * Annotations in the form CVAT's `GET .../annotations` gives them. Pure: returns new objects.
 * - tags, shapes and tracks each sorted by frame (stable; ties by `id`, objects without an
 *   id after those with one); a track's shapes sorted by frame, and `track.frame` set to its
 *   first shape's frame;
 * - missing attribute values appended with the label's defaults: every attribute for shapes
 *   and tags, immutable ones for tracks; a tracked shape takes missing mutable values from
 *   the previous shape of its track (the first one from the defaults);
 * - top-level shapes and tracks always carry `elements` (maybe `[]`); skeleton elements
 *   and tags never do. Elements keep their order (each is normalised like its parent).
 * `version`, `id` and `clientID` are kept when present. Objects whose label is unknown are
 * kept without filled attributes (validate first to refuse them).
 *
 * @param data Valid annotations (as {@linkcode validateLabeledData} returns them).
 * @param labels The task's labels as the server sends them.
 * @example
 * ```ts
 * import { ok } from "node:assert/strict";
 * import { normalizeLabeledData } from "./wire_normalize.ts";
 * const labels = [{ id: 1, name: "car", attributes: [
 *   { id: 5, name: "color", mutable: false, input_type: "text", default_value: "red", values: [] },
 * ] }];
 * const tag = (frame: number) => ({ frame, label_id: 1, group: 0, source: "manual", attributes: [] });
 * const data = normalizeLabeledData({ tags: [tag(3), tag(1)], shapes: [], tracks: [] }, labels);
 * ok(data.tags[0].frame === 1 && data.tags[0].attributes[0].value === "red");
 * ```
 */
export function normalizeLabeledData(
  data: LabeledData,
  labels: readonly WireLabel[],
): LabeledData {
  if (!Array.isArray(labels)) throw new ArgumentError("labels must be an array");
  const index = indexLabels(labels);
  const result = {} as LabeledData;
  if (data.version !== undefined) result.version = data.version;
  result.tags = data.tags.slice().sort(byFrameThenId).map((tag) => normalizeTag(tag, index));
  result.shapes = data.shapes.slice().sort(byFrameThenId)
    .map((shape) => normalizeShape(shape, index, true));
  result.tracks = data.tracks.map((track) => normalizeTrack(track, index, true))
    .sort(byFrameThenId);
  return result;
}
