/**
 * "MOT 1.1" export (formats.md §11, Datumaro's `mot_seq_gt`): `gt/gt.txt` as CSV with CRLF line
 * ends and no header — `frame,track,x,y,w,h,not_ignored,class,visibility` per rectangle —,
 * `gt/labels.txt` (every label name, sublabels included, `\n`-joined without a trailing
 * newline) and, with images, `img1/<item id><ext>`.
 *
 * - `frame`: see mot_frames.ts; `track`: track ids renumbered 1..T by first appearance, `-1`
 *   for plain boxes; x, y, w, h as Python float reprs (a rotated box keeps its unrotated box).
 * - `not_ignored`: 0 when the attribute `ignored` is the boolean true (a checkbox), else 1.
 * - `class`: label index + 1 (sublabels counted); `visibility`: the attribute `visibility` as a
 *   float, else 1 − occluded. Deliberate difference: a `visibility` value that is not a number
 *   (a text attribute) falls back to 1 − occluded where CVAT's export fails.
 *
 * @module
 */

import { typedAttributes } from "./item_attributes.ts";
import { type FrameItem, frameItems } from "./items.ts";
import { type LabelLookup, labelLookup } from "./label_lookup.ts";
import { motFrameId } from "./mot_frames.ts";
import { pyFloat } from "./py_repr.ts";
import type { ExportInput, FormatTask } from "./types.ts";
import { textChunker } from "./xml_text.ts";
import type { ZipEntry } from "./zip_writer.ts";

interface MotContext {
  lookup: LabelLookup;
  classes: Map<number, number>;
  /** The current task's track ids → MOT track ids. */
  tracks: Map<number, number>;
  /** The MOT track ids given so far. */
  given: number;
  /** The 0-based position of the next item. */
  index: number;
}

function floatOf(value: unknown, fallback: number): number {
  if (typeof value === "number") return value;
  if (typeof value === "boolean") return value ? 1 : 0;
  const text = String(value).trim();
  if (/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(text)) return Number(text);
  return fallback;
}

function rowsOf(item: FrameItem, ctx: MotContext): string {
  const frameId = motFrameId(item.id, ctx.index++);
  let text = "";
  for (const shape of item.shapes) {
    if (shape.type !== "rectangle") continue;
    const label = ctx.lookup.byId.get(shape.label_id);
    const attributes = label ? typedAttributes(label, shape.attributes, shape) : {};
    let track = -1;
    if (shape.track_id !== undefined) {
      track = ctx.tracks.get(shape.track_id) ?? ++ctx.given;
      ctx.tracks.set(shape.track_id, track);
    }
    const [x1, y1, x2, y2] = shape.points;
    const occluded = shape.occluded ? 1 : 0;
    const visibility = "visibility" in attributes
      ? floatOf(attributes.visibility, 1 - occluded)
      : 1 - occluded;
    const cells = [
      frameId,
      track,
      pyFloat(x1),
      pyFloat(y1),
      pyFloat(x2 - x1),
      pyFloat(y2 - y1),
      attributes.ignored === true ? 0 : 1,
      (ctx.classes.get(shape.label_id) ?? -2) + 1,
      pyFloat(visibility),
    ];
    text += cells.join(",") + "\r\n";
  }
  return text;
}

/** Writes the rows of `gt/gt.txt` item by item, over one or more tasks. */
export interface MotRowWriter {
  /** Starts a task: its track ids are new MOT tracks. */
  startTask(): void;
  /** The CRLF rows of an item (the next one of the sequence). */
  rows(item: FrameItem): string;
}

/**
 * A `gt/gt.txt` row writer for the labels (the task's, or a project's).
 *
 * @example
 * ```ts
 * import { equal } from "node:assert/strict";
 * import { motRowWriter } from "./mot_export.ts";
 * const writer = motRowWriter([{ id: 1, name: "car" }]);
 * const box = { type: "rectangle" as const, label_id: 1, occluded: false, attributes: [],
 *   points: [0, 0, 1, 1], track_id: 0 };
 * const item = { id: "a", shapes: [box] } as never;
 * writer.startTask();
 * equal(writer.rows(item), "1,1,0.0,0.0,1.0,1.0,1,1,1.0\r\n");
 * writer.startTask();
 * equal(writer.rows(item), "2,2,0.0,0.0,1.0,1.0,1,1,1.0\r\n");
 * ```
 */
export function motRowWriter(labels: FormatTask["labels"]): MotRowWriter {
  const lookup = labelLookup(labels);
  const ctx: MotContext = {
    lookup,
    classes: new Map(lookup.ordered.map((label, i) => [label.id, i])),
    tracks: new Map(),
    given: 0,
    index: 0,
  };
  return {
    startTask: () => {
      ctx.tracks = new Map();
    },
    rows: (item) => rowsOf(item, ctx),
  };
}

/**
 * The chunks of `gt/gt.txt`, produced frame by frame.
 *
 * @example
 * ```ts
 * import { equal } from "node:assert/strict";
 * import { motGtText } from "./mot_export.ts";
 * const task = { name: "t", mode: "annotation", size: 1, startFrame: 0, stopFrame: 0,
 *   labels: [{ id: 1, name: "car" }], frames: [{ name: "a.jpg", width: 9, height: 9 }] };
 * const box = { type: "rectangle" as const, frame: 0, label_id: 1, group: 0, source: "manual",
 *   occluded: true, outside: false, z_order: 0, rotation: 0, points: [1, 2, 4, 6.5],
 *   attributes: [] };
 * const chunks = [...motGtText({ task, annotations: { tags: [], shapes: [box], tracks: [] } })];
 * equal(new TextDecoder().decode(chunks[0]), "1,-1,1.0,2.0,3.0,4.5,1,1,0.0\r\n");
 * ```
 */
export function* motGtText(input: ExportInput): Generator<Uint8Array> {
  const writer = motRowWriter(input.task.labels);
  const chunker = textChunker();
  writer.startTask();
  for (const item of frameItems(input.task, input.annotations)) {
    const chunk = chunker.push(writer.rows(item));
    if (chunk) yield chunk;
  }
  const last = chunker.flush();
  if (last) yield last;
}

/**
 * The text of `gt/labels.txt`.
 *
 * @example
 * ```ts
 * import { equal } from "node:assert/strict";
 * import { motLabelsText } from "./mot_export.ts";
 * equal(motLabelsText([{ id: 1, name: "car" }, { id: 2, name: "bus" }]), "car\nbus");
 * ```
 */
export function motLabelsText(labels: ExportInput["task"]["labels"]): string {
  return labelLookup(labels).ordered.map((label) => label.name).join("\n");
}

function extensionOf(name: string, bytes: Uint8Array): string {
  const match = /\.[^/.]+$/.exec(name);
  if (match) return match[0];
  return bytes[0] === 0x89 && bytes[1] === 0x50 ? ".PNG" : ".jpg";
}

/**
 * Every entry of a MOT export: the two text files, then `img1/<item id><ext>` per frame when
 * images are given.
 *
 * @example
 * ```ts
 * import { deepEqual } from "node:assert/strict";
 * import { motEntries } from "./mot_export.ts";
 * const task = { name: "t", mode: "annotation", size: 1, startFrame: 0, stopFrame: 0,
 *   labels: [], frames: [{ name: "d/a.png", width: 1, height: 1 }] };
 * const input = { task, annotations: { tags: [], shapes: [], tracks: [] },
 *   images: () => Promise.resolve(new Uint8Array(1)) };
 * const names = [];
 * for await (const entry of motEntries(input)) names.push(entry.name);
 * deepEqual(names, ["gt/gt.txt", "gt/labels.txt", "img1/d/a.png"]);
 * ```
 */
export async function* motEntries(input: ExportInput): AsyncGenerator<ZipEntry> {
  yield { name: "gt/gt.txt", data: () => motGtText(input) };
  const labels = new TextEncoder().encode(motLabelsText(input.task.labels));
  yield { name: "gt/labels.txt", data: () => [labels] };
  yield* motImageEntries(input);
}

/**
 * The `img1/<item id><ext>` entries of a task's frames, when images are given.
 *
 * @example
 * ```ts
 * import { deepEqual } from "node:assert/strict";
 * import { motImageEntries } from "./mot_export.ts";
 * const task = { name: "t", mode: "annotation", size: 1, startFrame: 0, stopFrame: 0,
 *   labels: [], frames: [{ name: "frame_000000", width: 1, height: 1 }] };
 * const images = () => Promise.resolve(new Uint8Array([0xff, 0xd8]));
 * const names = [];
 * for await (const entry of motImageEntries({ task, images })) names.push(entry.name);
 * deepEqual(names, ["img1/frame_000000.jpg"]);
 * ```
 */
export async function* motImageEntries(
  input: Pick<ExportInput, "task" | "images">,
): AsyncGenerator<ZipEntry> {
  const { images } = input;
  if (!images) return;
  for (const item of frameItems(input.task, { version: 0, tags: [], shapes: [], tracks: [] })) {
    const bytes = await images(item.frame);
    yield { name: `img1/${item.id}${extensionOf(item.name, bytes)}`, data: () => [bytes] };
  }
}
