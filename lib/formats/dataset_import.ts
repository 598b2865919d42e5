/**
 * The import side every Datumaro-style codec shares (formats.md §3.2): per-frame annotations
 * with named, typed attributes become LabeledData. Built-in attributes (`occluded`, `outside`,
 * `keyframe`, `rotation`, `track_id`, `source`) are taken out and mapped; the rest are
 * resolved against the label's specs; per frame, groups with two or more shapes are numbered
 * 1..k and lone members get 0; shapes carrying both `track_id` and `keyframe` are rebuilt into
 * tracks (their rows held compactly until then, see `track_store.ts`), the others stay shapes.
 * The result passes the core's validation.
 *
 * @module
 */

import type { ShapeType } from "../core/enums.ts";
import type { LabeledData, WireShape, WireTrackedShape } from "../core/wire_types.ts";
import { renumberGroups } from "./group_renumber.ts";
import { type NamedValue, resolveAttributes } from "./import_attributes.ts";
import { validateImport } from "./import_validate.ts";
import type { LabelInfo } from "./label_lookup.ts";
import type { TrackRow } from "./track_rebuild.ts";
import { trackStore } from "./track_store.ts";
import type { FormatTask } from "./types.ts";

/** Attributes as a file holds them: name → typed value. */
export type RawAttributes = Record<string, unknown>;

/** A skeleton element read from a file. */
export interface ImportedElement {
  label: LabelInfo;
  points: number[];
  occluded: boolean;
  outside: boolean;
  attributes: RawAttributes;
}

/** A shape read from a file (its label resolved). */
export interface ImportedShape {
  type: ShapeType;
  label: LabelInfo;
  points: number[];
  group: number;
  z_order: number;
  attributes: RawAttributes;
  elements?: ImportedElement[];
}

/** A tag read from a file. */
export interface ImportedTag {
  label: LabelInfo;
  group: number;
  attributes: RawAttributes;
}

/** Collects frames and produces the LabeledData. */
export interface DatasetCollector {
  /** Adds one frame's annotations (`what` names the item in errors). */
  add(frame: number, what: string, shapes: ImportedShape[], tags: ImportedTag[]): void;
  /** Rebuilds tracks and validates. */
  finish(): LabeledData;
}

const SOURCES = new Set(["auto", "semi-auto", "manual", "file"]);
const BUILT_INS = new Set(["occluded", "outside", "keyframe", "rotation", "track_id", "source"]);

function asText(value: unknown): string | null {
  if (typeof value === "string") return value;
  if (typeof value === "boolean" || typeof value === "number") return String(value);
  return null;
}

function asBool(value: unknown): boolean {
  return value === true || value === 1 || String(value).toLowerCase() === "true";
}

/** Resolves the non-built-in attributes; `which` splits a track's mutable/immutable ones. */
function resolve(
  label: LabelInfo,
  raw: RawAttributes,
  what: string,
  which: "all" | "mutable" | "immutable" = "all",
) {
  const named: NamedValue[] = [];
  for (const [name, value] of Object.entries(raw)) {
    const text = asText(value);
    if (!BUILT_INS.has(name) && text !== null) named.push({ name, value: text });
  }
  return resolveAttributes(label, named, what, which);
}

function sourceOf(raw: RawAttributes): string {
  const source = String(raw.source ?? "").toLowerCase();
  return SOURCES.has(source) ? source : "file";
}

function rotationOf(raw: RawAttributes, type: ShapeType): number {
  const value = Number(raw.rotation ?? 0);
  return type === "rectangle" || type === "ellipse" ? (Number.isFinite(value) ? value : 0) : 0;
}

function tracked(shape: ImportedShape, frame: number, what: string): WireTrackedShape {
  return {
    type: shape.type,
    frame,
    occluded: asBool(shape.attributes.occluded),
    outside: asBool(shape.attributes.outside),
    z_order: shape.z_order,
    rotation: rotationOf(shape.attributes, shape.type),
    points: shape.points,
    attributes: resolve(shape.label, shape.attributes, what, "mutable"),
  };
}

function elementShape(element: ImportedElement, frame: number, what: string): WireShape {
  return {
    type: "points",
    frame,
    label_id: element.label.id,
    group: 0,
    source: "file",
    occluded: element.occluded,
    outside: element.outside,
    z_order: 0,
    rotation: 0,
    points: element.points,
    attributes: resolve(element.label, element.attributes, what),
  };
}

function plainShape(shape: ImportedShape, frame: number, group: number, what: string) {
  const out: WireShape = {
    ...tracked(shape, frame, what),
    outside: false,
    label_id: shape.label.id,
    group,
    source: sourceOf(shape.attributes),
    attributes: resolve(shape.label, shape.attributes, what),
    elements: (shape.elements ?? []).map((element) => elementShape(element, frame, what)),
  };
  return out;
}

function trackRow(shape: ImportedShape, frame: number, group: number, what: string): TrackRow {
  return {
    track_id: Number(shape.attributes.track_id),
    keyframe: asBool(shape.attributes.keyframe),
    label_id: shape.label.id,
    group,
    source: sourceOf(shape.attributes),
    shape: tracked(shape, frame, what),
    trackAttributes: resolve(shape.label, shape.attributes, what, "immutable"),
    elements: (shape.elements ?? []).map((element) => {
      const { label_id, elements: _, group: __, source: ___, ...rest } = elementShape(
        element,
        frame,
        what,
      );
      return { label_id, shape: rest };
    }),
  };
}

/**
 * A collector for `task` (tracks may extend to its last frame).
 *
 * @example
 * ```ts
 * import { equal } from "node:assert/strict";
 * import { datasetCollector } from "./dataset_import.ts";
 * import { labelLookup } from "./label_lookup.ts";
 * const labels = [{ id: 1, name: "car", attributes: [] }];
 * const task = { name: "t", mode: "annotation", labels, size: 3, startFrame: 0, stopFrame: 2,
 *   frames: [] };
 * const car = labelLookup(labels).byName.get("car")!;
 * const box = (keyframe: boolean) => ({ type: "rectangle" as const, label: car,
 *   points: [0, 0, 1, 1], group: 0, z_order: 0, attributes: { track_id: 0, keyframe } });
 * const collector = datasetCollector(task);
 * collector.add(0, "a", [box(true)], []);
 * collector.add(1, "b", [box(false)], []);
 * const data = collector.finish();
 * equal(data.tracks.length, 1);
 * equal(data.tracks[0].shapes.at(-1)?.outside, true);
 * ```
 */
export function datasetCollector(task: FormatTask): DatasetCollector {
  const data: LabeledData = { version: 0, tags: [], shapes: [], tracks: [] };
  const rows = trackStore();
  return {
    add(frame, what, shapes, tags) {
      const groups = renumberGroups(shapes);
      for (const shape of shapes) {
        const group = groups.get(shape.group) ?? 0;
        const isTrack = shape.attributes.track_id !== undefined &&
          shape.attributes.keyframe !== undefined &&
          Number.isInteger(Number(shape.attributes.track_id));
        if (isTrack) rows.add(trackRow(shape, frame, group, what));
        else data.shapes.push(plainShape(shape, frame, group, what));
      }
      for (const tag of tags) {
        data.tags.push({
          frame,
          label_id: tag.label.id,
          group: groups.get(tag.group) ?? 0,
          source: sourceOf(tag.attributes),
          attributes: resolve(tag.label, tag.attributes, what),
        });
      }
    },
    finish() {
      data.tracks = rows.tracks({ stopFrame: task.size - 1 });
      return validateImport(data, task.labels);
    },
  };
}
