/**
 * "CVAT 1.1" import (formats.md §4.6): a bare XML file or a zip with every `*.xml` (sorted by
 * path), either flavour, read as a stream. `<image>` frames are matched by name, then `id`
 * (§3.2); their shapes and tags become plain shapes and tags with `source: "file"`. `<track>`
 * rows keep only keyframes (`keyframe="1"`), frames converted from absolute to task-relative;
 * attribute values split into mutable (per keyframe) and immutable (per track, last row
 * wins); skeleton element rows become element tracks by sublabel; a mask track becomes a
 * plain mask shape (its first keyframe). The result is checked with the core's validation.
 *
 * @module
 */

import { DataError } from "../core/errors.ts";
import type { ShapeType } from "../core/enums.ts";
import { validateImport } from "./import_validate.ts";
import type { LabeledData, WireShape, WireTrack, WireTrackedShape } from "../core/wire_types.ts";
import { readGeometry } from "./cvat_xml_geometry.ts";
import { type RawObject, readCvatXml } from "./cvat_xml_reader.ts";
import { frameMatcher } from "./frame_match.ts";
import { resolveAttributes } from "./import_attributes.ts";
import { type LabelInfo, type LabelLookup, labelLookup } from "./label_lookup.ts";
import { relativeFrame } from "./task_frames.ts";
import type { FormatTask, ImportInput, ImportSource } from "./types.ts";
import { uploadFiles } from "./upload_files.ts";

interface Context {
  task: FormatTask;
  lookup: LabelLookup;
  data: LabeledData;
  /** The current image's frame and name. */
  frame: number;
  image: string;
  trackCount: number;
}

function topLabel(context: Context, name: string | undefined, what: string): LabelInfo {
  const label = name === undefined ? undefined : context.lookup.byName.get(name);
  if (!label) throw new DataError(`${what}: unknown label ${JSON.stringify(name ?? null)}`);
  return label;
}

function subLabel(parent: LabelInfo, name: string | undefined, what: string): LabelInfo {
  const label = name === undefined ? undefined : parent.sublabels.get(name);
  if (!label) {
    throw new DataError(`${what}: "${parent.name}" has no element ${JSON.stringify(name ?? null)}`);
  }
  return label;
}

function int(xml: Record<string, string>, name: string, what: string, fallback?: number): number {
  const text = xml[name];
  if (text === undefined && fallback !== undefined) return fallback;
  const value = Number(text);
  if (text === undefined || text.trim() === "" || !Number.isInteger(value)) {
    throw new DataError(
      `${what}: "${name}" must be an integer, got ${JSON.stringify(text ?? null)}`,
    );
  }
  return value;
}

function flag(xml: Record<string, string>, name: string, what: string, required = false): boolean {
  if (required && xml[name] === undefined) throw new DataError(`${what}: "${name}" is missing`);
  return xml[name] === "1";
}

function rotation(xml: Record<string, string>, what: string): number {
  if (xml.rotation === undefined) return 0;
  const value = Number(xml.rotation);
  if (!Number.isFinite(value)) throw new DataError(`${what}: bad rotation ${xml.rotation}`);
  return value;
}

function imageShape(context: Context, object: RawObject, what: string): WireShape {
  const label = topLabel(context, object.xml.label, what);
  const type = object.type as ShapeType;
  return {
    type,
    frame: context.frame,
    label_id: label.id,
    group: int(object.xml, "group_id", what, 0),
    source: "file",
    occluded: flag(object.xml, "occluded", what),
    outside: false,
    z_order: int(object.xml, "z_order", what, 0),
    rotation: rotation(object.xml, what),
    points: readGeometry(type, object.xml, what),
    attributes: resolveAttributes(label, object.attributes, what),
    elements: object.elements.map((element) => {
      const sub = subLabel(label, element.xml.label, what);
      return {
        type: element.type as ShapeType,
        frame: context.frame,
        label_id: sub.id,
        group: 0,
        source: "file",
        occluded: flag(element.xml, "occluded", what, true),
        outside: flag(element.xml, "outside", what, true),
        z_order: 0,
        rotation: 0,
        points: readGeometry(element.type as ShapeType, element.xml, what),
        attributes: resolveAttributes(sub, element.attributes, what),
      };
    }),
  };
}

function imageObject(context: Context, object: RawObject): void {
  const what = `Image "${context.image}": ${object.type === "tag" ? "tag" : object.type}` +
    ` "${object.xml.label ?? ""}"`;
  if (object.type !== "tag") {
    context.data.shapes.push(imageShape(context, object, what));
    return;
  }
  const label = topLabel(context, object.xml.label, what);
  context.data.tags.push({
    frame: context.frame,
    label_id: label.id,
    group: int(object.xml, "group_id", what, 0),
    source: "file",
    attributes: resolveAttributes(label, object.attributes, what),
  });
}

function rowFrame(context: Context, xml: Record<string, string>, what: string): number {
  const absolute = int(xml, "frame", what);
  const frame = relativeFrame(context.task, absolute);
  if (frame === null) throw new DataError(`${what}: frame ${absolute} is not a frame of the task`);
  return frame;
}

function trackedShape(row: RawObject, frame: number, label: LabelInfo, what: string) {
  const shape: WireTrackedShape = {
    type: row.type as ShapeType,
    frame,
    occluded: flag(row.xml, "occluded", what),
    outside: flag(row.xml, "outside", what),
    z_order: int(row.xml, "z_order", what, 0),
    rotation: rotation(row.xml, what),
    points: readGeometry(row.type as ShapeType, row.xml, what),
    attributes: resolveAttributes(label, row.attributes, what, "mutable"),
  };
  return { shape, immutable: resolveAttributes(label, row.attributes, what, "immutable") };
}

function elementTracks(label: LabelInfo, rows: RawObject[], frames: number[], what: string) {
  const tracks = new Map<string, WireTrack>();
  rows.forEach((row, i) => {
    for (const element of row.elements) {
      const sub = subLabel(label, element.xml.label, what);
      flag(element.xml, "occluded", what, true);
      let track = tracks.get(sub.name);
      if (!track) {
        track = {
          frame: 0,
          label_id: sub.id,
          group: 0,
          source: "file",
          attributes: [],
          shapes: [],
        };
        tracks.set(sub.name, track);
      }
      if (!flag(element.xml, "keyframe", what, true)) continue;
      const { shape, immutable } = trackedShape(element, frames[i], sub, what);
      track.shapes.push(shape);
      track.attributes = immutable;
    }
  });
  for (const track of tracks.values()) finishTrack(track, `${what}, element`);
  return [...tracks.values()];
}

function finishTrack(track: WireTrack, what: string): void {
  if (track.shapes.length === 0) throw new DataError(`${what}: no keyframe (keyframe="1") row`);
  track.shapes.sort((a, b) => a.frame - b.frame);
  track.frame = track.shapes[0].frame;
}

function track(context: Context, xml: Record<string, string>, rows: RawObject[]): void {
  const what = `Track ${xml.id ?? `#${context.trackCount}`} "${xml.label ?? ""}"`;
  context.trackCount++;
  const label = topLabel(context, xml.label, what);
  const frames = rows.map((row) => rowFrame(context, row.xml, what));
  const keyed = rows.map((row, i) => ({ row, frame: frames[i] }))
    .filter(({ row }) => flag(row.xml, "keyframe", what, true));
  const out: WireTrack = {
    frame: 0,
    label_id: label.id,
    group: int(xml, "group_id", what, 0),
    source: "file",
    attributes: [],
    shapes: [],
    elements: [],
  };
  for (const { row, frame } of keyed) {
    const { shape, immutable } = trackedShape(row, frame, label, what);
    out.shapes.push(shape);
    out.attributes = immutable;
  }
  if (out.shapes[0]?.type === "mask") {
    const { shape } = trackedShape(keyed[0].row, keyed[0].frame, label, what);
    const all = resolveAttributes(label, keyed[0].row.attributes, what);
    context.data.shapes.push({
      ...shape,
      label_id: label.id,
      group: out.group,
      source: "file",
      outside: false,
      attributes: all,
      elements: [],
    });
    return;
  }
  finishTrack(out, what);
  if (rows.some((row) => row.type === "skeleton")) {
    out.elements = elementTracks(label, rows, frames, what);
  }
  context.data.tracks.push(out);
}

/**
 * Reads a CVAT XML 1.1 upload into LabeledData for `input.task`.
 *
 * @throws {DataError} Naming the item: unknown label or element, unmatched frame, bad
 *   geometry, malformed XML, unsafe archive.
 * @example
 * ```ts
 * import { equal } from "node:assert/strict";
 * import { importCvatXml } from "./cvat_xml_import.ts";
 * const task = { name: "t", mode: "annotation", size: 1, startFrame: 0, stopFrame: 0,
 *   labels: [{ id: 1, name: "car", attributes: [] }], frames: [{ name: "a.jpg", width: 9, height: 9 }] };
 * const xml = '<annotations><image id="0" name="a.jpg"><box label="car" xtl="1" ytl="1"' +
 *   ' xbr="2" ybr="2" occluded="0"></box></image></annotations>';
 * const data = await importCvatXml(new TextEncoder().encode(xml), { task });
 * equal(data.shapes[0].source, "file");
 * ```
 */
export async function importCvatXml(
  source: ImportSource,
  input: ImportInput,
): Promise<LabeledData> {
  const { task } = input;
  const files = await uploadFiles(source, {
    name: input.filename,
    defaultName: "annotations.xml",
    accept: (path) => path.toLowerCase().endsWith(".xml"),
  });
  const matcher = frameMatcher(task);
  const context: Context = {
    task,
    lookup: labelLookup(task.labels),
    data: { version: 0, tags: [], shapes: [], tracks: [] },
    frame: -1,
    image: "",
    trackCount: 0,
  };
  for (const file of files) {
    await readCvatXml(file.open(), file.name, {
      image(xml) {
        const name = xml.name ?? "";
        const dot = name.lastIndexOf(".");
        const slash = name.lastIndexOf("/");
        const split = dot > slash + 1;
        context.image = name;
        context.frame = matcher.match({
          id: split ? name.slice(0, dot) : name,
          ext: split ? name.slice(dot) : undefined,
          frame: xml.id,
        });
      },
      imageObject: (object) => imageObject(context, object),
      track: (xml, rows) => track(context, xml, rows),
    });
  }
  return validateImport(context.data, task.labels);
}
