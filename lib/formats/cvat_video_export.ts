/**
 * "CVAT for video 1.1" export (formats.md §4.5): `annotations.xml` with `<meta>`, then one
 * `<track>` per track and one per standalone shape (a keyframe plus an `outside` keyframe on
 * the next frame when that frame is before the last one). Rows: every keyframe (outside ones
 * too) and every interpolated frame while visible, within the exported range, deleted frames
 * left out, frames absolute. Tags are not exported (CVAT drops them in this flavour). One
 * track is expanded at a time.
 *
 * @module
 */

import { expandTrack } from "../core/wire_track.ts";
import type { WireShape, WireTrack } from "../core/wire_types.ts";
import { metaXml } from "./cvat_xml_meta.ts";
import { type TrackRowShape, trackRowXml } from "./cvat_xml_elements.ts";
import { XML_HEAD, XML_TAIL } from "./cvat_images_export.ts";
import { type LabelLookup, labelLookup } from "./label_lookup.ts";
import { absoluteFrame, deletedPredicate, exportRange, type FrameRange } from "./task_frames.ts";
import type { ExportInput, FormatTask } from "./types.ts";
import { quoteAttribute, textChunker } from "./xml_text.ts";
import { DataError } from "../core/errors.ts";

/** What writing one task's tracks needs. */
export interface VideoContext {
  task: FormatTask;
  lookup: LabelLookup;
  range: FrameRange;
  isDeleted: (frame: number) => boolean;
}

function rowsOf(track: WireTrack, context: VideoContext): Map<number, TrackRowShape> {
  const rows = new Map<number, TrackRowShape>();
  const { range, isDeleted } = context;
  for (const shape of expandTrack(track, { stopFrame: range.stop, isDeleted })) {
    if (shape.frame < range.start || isDeleted(shape.frame)) continue;
    if (!shape.keyframe && shape.outside) continue;
    rows.set(shape.frame, {
      ...shape,
      frame: absoluteFrame(context.task, shape.frame),
      attributes: shape.attributes.concat(track.attributes),
    });
  }
  return rows;
}

function label(context: VideoContext, id: number) {
  const info = context.lookup.byId.get(id);
  if (!info) throw new DataError(`Unknown label id ${id} in the annotations to export`);
  return info;
}

/**
 * A task's context for {@linkcode trackXml}: its labels, exported range and deleted frames.
 *
 * @example
 * ```ts
 * import { deepEqual } from "node:assert/strict";
 * import { videoContext } from "./cvat_video_export.ts";
 * const task = { name: "t", mode: "interpolation", size: 3, startFrame: 0, stopFrame: 2,
 *   labels: [], frames: [] };
 * deepEqual(videoContext(task).range, { start: 0, stop: 2 });
 * ```
 */
export function videoContext(task: FormatTask, lookup = labelLookup(task.labels)): VideoContext {
  return { task, lookup, range: exportRange(task), isDeleted: deletedPredicate(task) };
}

/**
 * One `<track>` element (starting with a newline) with its rows; `extra` goes after `source`
 * (a project's ` task_id="..." subset="..."`).
 *
 * @example
 * ```ts
 * import { ok } from "node:assert/strict";
 * import { trackXml, videoContext } from "./cvat_video_export.ts";
 * const task = { name: "t", mode: "interpolation", size: 3, startFrame: 0, stopFrame: 2,
 *   labels: [{ id: 1, name: "car" }], frames: [] };
 * const box = { type: "rectangle" as const, frame: 0, occluded: false, outside: false,
 *   z_order: 0, rotation: 0, points: [0, 0, 1, 1], attributes: [] };
 * const track = { frame: 0, label_id: 1, group: 0, source: "manual", attributes: [],
 *   shapes: [box] };
 * ok(trackXml(track, 3, videoContext(task), ' task_id="9"')
 *   .startsWith('\n  <track id="3" label="car" source="manual" task_id="9">'));
 * ```
 */
export function trackXml(
  track: WireTrack,
  id: number,
  context: VideoContext,
  extra = "",
): string {
  const info = label(context, track.label_id);
  const group = track.group ? ` group_id="${track.group}"` : "";
  let out = `\n  <track id="${id}" label=${quoteAttribute(info.name)} source=${
    quoteAttribute(track.source)
  }${extra}${group}>`;
  const elements = (track.elements ?? []).map((element) => ({
    label: label(context, element.label_id),
    rows: rowsOf(element, context),
  }));
  for (const row of rowsOf(track, context).values()) {
    if (row.type !== "skeleton") {
      out += trackRowXml(row, info, 2);
      continue;
    }
    const present = elements.filter((e) => e.rows.has(row.frame))
      .map((e) => ({ label: e.label, row: e.rows.get(row.frame)! }));
    if (present.length) out += trackRowXml(row, info, 2, present);
  }
  return `${out}\n  </track>`;
}

/**
 * The standalone shapes of a task within the exported range, each as a one-frame track (a
 * keyframe, then an `outside` keyframe on the next frame when that is before the last one).
 *
 * @example
 * ```ts
 * import { equal } from "node:assert/strict";
 * import { shapeTracks, videoContext } from "./cvat_video_export.ts";
 * const task = { name: "t", mode: "interpolation", size: 3, startFrame: 0, stopFrame: 2,
 *   labels: [], frames: [] };
 * const box = { type: "rectangle" as const, frame: 0, label_id: 1, group: 0, source: "manual",
 *   occluded: false, outside: false, z_order: 0, rotation: 0, points: [0, 0, 1, 1],
 *   attributes: [] };
 * const [track] = shapeTracks([box, { ...box, frame: 5 }], videoContext(task));
 * equal(track.shapes.length, 2);
 * ```
 */
export function* shapeTracks(
  shapes: readonly WireShape[],
  context: VideoContext,
): Generator<WireTrack> {
  const { range, isDeleted } = context;
  for (const shape of shapes) {
    if (shape.frame < range.start || shape.frame > range.stop || isDeleted(shape.frame)) continue;
    yield shapeTrack(shape, context);
  }
}

function shapeTrack(shape: WireShape, context: VideoContext): WireTrack {
  const closes = shape.frame + 1 < context.range.stop;
  const keyframes = (s: WireShape) => {
    const first = { ...s, outside: s.outside && s !== shape };
    return closes ? [first, { ...s, frame: s.frame + 1, outside: true }] : [first];
  };
  return {
    frame: shape.frame,
    label_id: shape.label_id,
    group: shape.group,
    source: shape.source,
    attributes: [],
    shapes: keyframes(shape),
    elements: (shape.elements ?? []).map((element) => ({
      frame: element.frame,
      label_id: element.label_id,
      group: 0,
      source: element.source,
      attributes: [],
      shapes: keyframes(element),
    })),
  };
}

/**
 * The chunks of `annotations.xml` in the "for video" flavour.
 *
 * @example
 * ```ts
 * import { ok } from "node:assert/strict";
 * import { cvatVideoXml } from "./cvat_video_export.ts";
 * const task = { name: "t", mode: "interpolation", size: 5, startFrame: 0, stopFrame: 4,
 *   labels: [{ id: 1, name: "car" }],
 *   frames: Array.from({ length: 5 }, (_, i) => ({ name: `frame_00000${i}`, width: 9, height: 9 })) };
 * const shape = { type: "rectangle" as const, frame: 1, label_id: 1, group: 0, source: "manual",
 *   occluded: false, outside: false, z_order: 0, rotation: 0, points: [0, 0, 2, 2],
 *   attributes: [] };
 * const xml = new TextDecoder().decode(
 *   [...cvatVideoXml({ task, annotations: { tags: [], shapes: [shape], tracks: [] } })][0]);
 * ok(xml.includes('<track id="0" label="car" source="manual">'));
 * ok(xml.includes('<box frame="2" keyframe="1" outside="1"'));
 * ```
 */
export function* cvatVideoXml(input: ExportInput): Generator<Uint8Array> {
  const { task, annotations } = input;
  const context = videoContext(task);
  const chunker = textChunker();
  let chunk = chunker.push(XML_HEAD + metaXml(task, input.now ?? new Date()));
  if (chunk) yield chunk;
  let id = 0;
  for (const track of annotations.tracks) {
    chunk = chunker.push(trackXml(track, id++, context));
    if (chunk) yield chunk;
  }
  for (const track of shapeTracks(annotations.shapes, context)) {
    chunk = chunker.push(trackXml(track, id++, context));
    if (chunk) yield chunk;
  }
  chunker.push(XML_TAIL);
  const last = chunker.flush();
  if (last) yield last;
}
