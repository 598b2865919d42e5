/**
 * The per-frame view every image-style exporter shares (formats.md §3.1): one item per
 * non-deleted frame of the exported range, in frame order, empty frames included; each holds
 * the frame's plain shapes and its tracks' interpolated shapes (outside ones omitted, with
 * `track_id` = the track's index and `keyframe`), sorted by `z_order` (stable: shapes, then
 * tracks), and its tags. Items are produced lazily: only one frame's objects exist at a time.
 *
 * @module
 */

import { attributesToWire } from "../core/wire_attributes.ts";
import type { LabeledData, WireAttribute, WireShape, WireTag } from "../core/wire_types.ts";
import type { ShapeType } from "../core/enums.ts";
import { absoluteFrame, deletedPredicate, exportRange } from "./task_frames.ts";
import { cursorAt, openCursor, type TrackCursor } from "./track_cursor.ts";
import type { FormatTask } from "./types.ts";

/** A shape of an item: a plain shape, or a track at this frame. */
export interface ItemShape {
  type: ShapeType;
  label_id: number;
  group: number;
  source: string;
  occluded: boolean;
  outside: boolean;
  z_order: number;
  rotation: number;
  points: number[];
  /** Stored values; for a track: mutable values at this frame, then the track's own. */
  attributes: WireAttribute[];
  /** Skeleton elements (empty for other types). */
  elements: ItemShape[];
  /** The track's index in `annotations.tracks` (absent for plain shapes). */
  track_id?: number;
  /** Whether this frame is a keyframe of the track (absent for plain shapes). */
  keyframe?: boolean;
}

/** One frame of the export. */
export interface FrameItem {
  /** Task-relative frame. */
  frame: number;
  /** Source-media frame number (`startFrame + frame * step`). */
  absoluteFrame: number;
  /** The frame's path as the task knows it (video: `frame_NNNNNN`). */
  name: string;
  /** The name without its extension (Datumaro's item id). */
  id: string;
  width: number;
  height: number;
  shapes: ItemShape[];
  tags: WireTag[];
}

function stripExtension(name: string): string {
  const slash = name.lastIndexOf("/");
  const dot = name.lastIndexOf(".");
  return dot > slash + 1 ? name.slice(0, dot) : name;
}

/** Indices of `objects` grouped by frame (a counting sort: 4 bytes per object). */
function byFrame(objects: readonly { frame: number }[], size: number) {
  const starts = new Int32Array(size + 2);
  for (const object of objects) {
    if (object.frame >= 0 && object.frame < size) starts[object.frame + 2]++;
  }
  for (let f = 2; f < starts.length; f++) starts[f] += starts[f - 1];
  const order = new Int32Array(starts[size + 1]);
  objects.forEach((object, i) => {
    if (object.frame >= 0 && object.frame < size) order[starts[object.frame + 1]++] = i;
  });
  return (frame: number) => order.subarray(starts[frame], starts[frame + 1]);
}

function plainShape(shape: WireShape): ItemShape {
  return {
    type: shape.type,
    label_id: shape.label_id,
    group: shape.group ?? 0,
    source: shape.source,
    occluded: shape.occluded,
    outside: shape.outside,
    z_order: shape.z_order,
    rotation: shape.rotation,
    points: shape.points,
    attributes: shape.attributes,
    elements: (shape.elements ?? []).map(plainShape),
  };
}

function trackShape(cursor: TrackCursor, id: number, frame: number): ItemShape | null {
  const at = cursorAt(cursor, frame);
  if (!at || at.position.outside) return null;
  const { track } = cursor;
  const elements: ItemShape[] = [];
  for (const element of cursor.elements) {
    const shape = trackShape(element, id, frame);
    if (shape) elements.push(shape);
    else if (cursorAt(element, frame)) elements.push(outsideElement(element, id, frame));
  }
  if (cursor.elements.length && !elements.some((element) => !element.outside)) return null;
  return {
    type: cursor.options.shapeType,
    label_id: track.label_id,
    group: track.group ?? 0,
    source: track.source,
    occluded: at.position.occluded,
    outside: false,
    z_order: at.position.zOrder,
    rotation: at.position.rotation,
    points: at.position.points,
    attributes: attributesToWire(at.attributes).concat(track.attributes),
    elements,
    track_id: id,
    // a skeleton is a keyframe where any of its elements is one
    keyframe: at.keyframe || elements.some((element) => element.keyframe === true),
  };
}

function outsideElement(cursor: TrackCursor, id: number, frame: number): ItemShape {
  const at = cursorAt(cursor, frame)!;
  return {
    type: cursor.options.shapeType,
    label_id: cursor.track.label_id,
    group: 0,
    source: cursor.track.source,
    occluded: at.position.occluded,
    outside: true,
    z_order: at.position.zOrder,
    rotation: at.position.rotation,
    points: at.position.points,
    attributes: attributesToWire(at.attributes).concat(cursor.track.attributes),
    elements: [],
    track_id: id,
    keyframe: at.keyframe,
  };
}

/**
 * The export's frames, one item at a time (see the module doc). Objects on frames outside
 * the task are ignored.
 *
 * @example
 * ```ts
 * import { equal } from "node:assert/strict";
 * import { frameItems } from "./items.ts";
 * const task = { name: "t", mode: "annotation", labels: [{ id: 1, name: "car" }], size: 3,
 *   startFrame: 0, stopFrame: 2, deletedFrames: [1],
 *   frames: ["a.jpg", "b.jpg", "c.jpg"].map((name) => ({ name, width: 8, height: 8 })) };
 * const box = (frame: number, outside: boolean) => ({ type: "rectangle" as const, frame,
 *   occluded: false, outside, z_order: 0, rotation: 0, points: [0, 0, 2, 2], attributes: [] });
 * const annotations = { tags: [], shapes: [], tracks: [{ frame: 0, label_id: 1, group: 0,
 *   source: "manual", attributes: [], shapes: [box(0, false), box(2, true)] }] };
 * const items = [...frameItems(task, annotations)];
 * equal(items.length, 2); // frame 1 is deleted
 * equal(items[0].shapes[0].track_id, 0);
 * equal(items[1].shapes.length, 0); // outside at frame 2
 * ```
 */
export function* frameItems(task: FormatTask, annotations: LabeledData): Generator<FrameItem> {
  const range = exportRange(task);
  const isDeleted = deletedPredicate(task);
  const shapesAt = byFrame(annotations.shapes, task.size);
  const tagsAt = byFrame(annotations.tags, task.size);
  const order = annotations.tracks.map((_, i) => i)
    .sort((a, b) => annotations.tracks[a].frame - annotations.tracks[b].frame);
  let pending = 0;
  let active: { id: number; cursor: TrackCursor }[] = [];
  for (let frame = range.start; frame <= range.stop; frame++) {
    while (pending < order.length && annotations.tracks[order[pending]].frame <= frame) {
      const id = order[pending++];
      const cursor = openCursor(annotations.tracks[id], { stopFrame: range.stop, isDeleted });
      if (cursor.first <= cursor.last) active.push({ id, cursor });
    }
    active = active.filter((entry) => entry.cursor.last >= frame);
    if (isDeleted(frame)) continue;
    yield frameItem(task, annotations, frame, {
      shapes: shapesAt(frame),
      tags: tagsAt(frame),
      active,
    });
  }
}

function frameItem(
  task: FormatTask,
  annotations: LabeledData,
  frame: number,
  at: { shapes: Int32Array; tags: Int32Array; active: { id: number; cursor: TrackCursor }[] },
): FrameItem {
  const shapes: ItemShape[] = [];
  for (const i of at.shapes) shapes.push(plainShape(annotations.shapes[i]));
  const fromTracks: ItemShape[] = [];
  for (const { id, cursor } of at.active) {
    const shape = trackShape(cursor, id, frame);
    if (shape) fromTracks.push(shape);
  }
  fromTracks.sort((a, b) => a.track_id! - b.track_id!);
  const all = shapes.concat(fromTracks);
  all.sort((a, b) => a.z_order - b.z_order);
  const info = task.frames[frame] ?? { name: String(frame), width: 0, height: 0 };
  return {
    frame,
    absoluteFrame: absoluteFrame(task, frame),
    name: info.name,
    id: stripExtension(info.name),
    width: info.width,
    height: info.height,
    shapes: all,
    tags: Array.from(at.tags, (i) => annotations.tags[i]),
  };
}
