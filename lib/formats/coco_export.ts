/**
 * The COCO JSON document (formats.md §6.2), written as a stream so that memory stays flat:
 * `licenses`, `info`, `categories`, then `images` (one per exported frame, ids 1..N in frame
 * order) and `annotations` generated frame by frame (ids 1..M). Compact JSON, CVAT's key order.
 *
 * @module
 */

import { type FrameItem, frameItems } from "./items.ts";
import { deletedPredicate, exportRange } from "./task_frames.ts";
import type { ExportInput, FormatTask } from "./types.ts";
import type { LabeledData } from "../core/wire_types.ts";
import { textChunker } from "./xml_text.ts";

/** One annotation of a frame, without `id` and `image_id` (filled in by the writer). */
export type CocoAnnotation = Record<string, unknown>;

/** What differs between COCO flavours. */
export interface CocoFlavour {
  categories: Record<string, unknown>[];
  /** The annotations of one frame (produced one by one). */
  annotations(item: FrameItem): Iterable<CocoAnnotation>;
}

const HEAD = '{"licenses":[{"name":"","id":0,"url":""}],"info":{"contributor":"",' +
  '"date_created":"","description":"","url":"","version":"","year":""},';

/**
 * The file name COCO lists for a frame: its path, with `.PNG` added when it has no extension
 * (video frames).
 *
 * @example
 * ```ts
 * import { equal } from "node:assert/strict";
 * import { cocoFileName } from "./coco_export.ts";
 * equal(cocoFileName("frame_000001"), "frame_000001.PNG");
 * equal(cocoFileName("a/b.jpg"), "a/b.jpg");
 * ```
 */
export function cocoFileName(name: string): string {
  return /\.[^/]+$/.test(name) ? name : `${name}.PNG`;
}

/** Image and annotation counters of one COCO document (ids run over all its tasks). */
export interface CocoCounters {
  imageId: number;
  annotationId: number;
}

/**
 * The opening of a COCO document, up to the `images` array's `[`.
 *
 * @example
 * ```ts
 * import { ok } from "node:assert/strict";
 * import { cocoHead } from "./coco_export.ts";
 * ok(cocoHead({ categories: [], annotations: () => [] }).endsWith('"categories":[],"images":['));
 * ```
 */
export function cocoHead(flavour: CocoFlavour): string {
  return HEAD + `"categories":${JSON.stringify(flavour.categories)},"images":[`;
}

/** What separates the `images` array from the `annotations` array. */
export const COCO_MIDDLE = '],"annotations":[';
/** What closes a COCO document. */
export const COCO_TAIL = "]}";

/**
 * The `images` entries of one task's exported frames (comma-separated across tasks), taking
 * ids from `counters.imageId`.
 *
 * @example
 * ```ts
 * import { deepEqual } from "node:assert/strict";
 * import { cocoImageTexts } from "./coco_export.ts";
 * const task = { name: "t", mode: "annotation", size: 1, startFrame: 0, stopFrame: 0,
 *   labels: [], frames: [{ name: "a.jpg", width: 4, height: 3 }] };
 * const counters = { imageId: 1, annotationId: 0 };
 * const [text] = cocoImageTexts(task, counters);
 * deepEqual([text.slice(0, 8), counters.imageId], [',{"id":2', 2]);
 * ```
 */
export function* cocoImageTexts(task: FormatTask, counters: CocoCounters): Generator<string> {
  const range = exportRange(task);
  const isDeleted = deletedPredicate(task);
  for (let frame = range.start; frame <= range.stop; frame++) {
    if (isDeleted(frame)) continue;
    const info = task.frames[frame] ?? { name: String(frame), width: 0, height: 0 };
    const image = {
      id: ++counters.imageId,
      width: info.width,
      height: info.height,
      file_name: cocoFileName(info.name),
      license: 0,
      flickr_url: "",
      coco_url: "",
      date_captured: 0,
    };
    yield (counters.imageId > 1 ? "," : "") + JSON.stringify(image);
  }
}

/**
 * The `annotations` entries of one task, frame by frame; image ids continue from
 * `counters.imageId` (reset it to the task's first id minus one), annotation ids from
 * `counters.annotationId`.
 *
 * @example
 * ```ts
 * import { equal } from "node:assert/strict";
 * import { cocoAnnotationTexts } from "./coco_export.ts";
 * const task = { name: "t", mode: "annotation", size: 1, startFrame: 0, stopFrame: 0,
 *   labels: [], frames: [{ name: "a.jpg", width: 4, height: 3 }] };
 * const counters = { imageId: 0, annotationId: 0 };
 * const texts = [...cocoAnnotationTexts(task, { tags: [], shapes: [], tracks: [] },
 *   { categories: [], annotations: () => [{ x: 1 }] }, counters)];
 * equal(texts[0], '{"id":1,"image_id":1,"x":1}');
 * ```
 */
export function* cocoAnnotationTexts(
  task: FormatTask,
  annotations: LabeledData,
  flavour: CocoFlavour,
  counters: CocoCounters,
): Generator<string> {
  for (const item of frameItems(task, annotations)) {
    const imageId = ++counters.imageId;
    for (const annotation of flavour.annotations(item)) {
      const id = ++counters.annotationId;
      const json = JSON.stringify({ id, image_id: imageId, ...annotation });
      yield id > 1 ? "," + json : json;
    }
  }
}

/**
 * The chunks of the COCO document.
 *
 * @example
 * ```ts
 * import { equal } from "node:assert/strict";
 * import { cocoJson } from "./coco_export.ts";
 * const task = { name: "t", mode: "annotation", size: 1, startFrame: 0, stopFrame: 0,
 *   labels: [], frames: [{ name: "a.jpg", width: 4, height: 3 }] };
 * const input = { task, annotations: { tags: [], shapes: [], tracks: [] } };
 * const parts = [...cocoJson(input, { categories: [], annotations: () => [{ x: 1 }] })];
 * const json = JSON.parse(new TextDecoder().decode(parts[0]));
 * equal(json.images[0].file_name, "a.jpg");
 * equal(json.annotations[0].image_id, 1);
 * ```
 */
export function* cocoJson(input: ExportInput, flavour: CocoFlavour): Generator<Uint8Array> {
  const { task } = input;
  const chunker = textChunker();
  const counters: CocoCounters = { imageId: 0, annotationId: 0 };
  const texts = [cocoHead(flavour)];
  const all = [texts, cocoImageTexts(task, counters), [COCO_MIDDLE]];
  for (const part of all) {
    for (const text of part) {
      const chunk = chunker.push(text);
      if (chunk) yield chunk;
    }
  }
  counters.imageId = 0;
  for (const text of cocoAnnotationTexts(task, input.annotations, flavour, counters)) {
    const chunk = chunker.push(text);
    if (chunk) yield chunk;
  }
  chunker.push(COCO_TAIL);
  const last = chunker.flush();
  if (last) yield last;
}
