/**
 * The COCO JSON document (formats.md §6.2), written as a stream so that memory stays flat:
 * `licenses`, `info`, `categories`, then `images` (one per exported frame, ids 1..N in frame
 * order) and `annotations` generated frame by frame (ids 1..M). Compact JSON, CVAT's key order.
 *
 * @module
 */

import { type FrameItem, frameItems } from "./items.ts";
import { deletedPredicate, exportRange } from "./task_frames.ts";
import type { ExportInput } from "./types.ts";
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
  const range = exportRange(task);
  const isDeleted = deletedPredicate(task);
  let chunk = chunker.push(HEAD + `"categories":${JSON.stringify(flavour.categories)},"images":[`);
  if (chunk) yield chunk;
  let imageId = 0;
  for (let frame = range.start; frame <= range.stop; frame++) {
    if (isDeleted(frame)) continue;
    const info = task.frames[frame] ?? { name: String(frame), width: 0, height: 0 };
    const image = {
      id: ++imageId,
      width: info.width,
      height: info.height,
      file_name: cocoFileName(info.name),
      license: 0,
      flickr_url: "",
      coco_url: "",
      date_captured: 0,
    };
    chunk = chunker.push((imageId > 1 ? "," : "") + JSON.stringify(image));
    if (chunk) yield chunk;
  }
  chunk = chunker.push('],"annotations":[');
  if (chunk) yield chunk;
  imageId = 0;
  let id = 0;
  for (const item of frameItems(task, input.annotations)) {
    imageId++;
    for (const annotation of flavour.annotations(item)) {
      const json = JSON.stringify({ id: ++id, image_id: imageId, ...annotation });
      chunk = chunker.push(id > 1 ? "," + json : json);
      if (chunk) yield chunk;
    }
  }
  chunker.push("]}");
  const last = chunker.flush();
  if (last) yield last;
}
