/**
 * "ImageNet 1.0" export (formats.md §13; tags only), in one of Datumaro's two layouts:
 *
 * - with images (`imagenet`): each frame's image under a folder per tag label,
 *   `<label>/<item id><ext>` (once per distinct label, so an image with two tags is written
 *   twice), or `no_label/<item id><ext>` when the frame has no tag;
 * - without images (`imagenet_txt`): `default.txt` with a line `<item id><ext> <label index>…`
 *   per frame (ids containing white space in double quotes, ascending distinct indices, a frame
 *   without tags keeps the trailing space) and `synsets.txt`, one label name per line.
 *
 * Label indices count every label, skeleton sublabels included.
 *
 * @module
 */

import type { LabeledData } from "../core/wire_types.ts";
import { cocoFileName } from "./coco_export.ts";
import { type FrameItem, frameItems } from "./items.ts";
import { labelLookup } from "./label_lookup.ts";
import type { ExportInput, FormatTask } from "./types.ts";
import { textChunker } from "./xml_text.ts";
import type { ZipEntry } from "./zip_writer.ts";

function tagsOnly(annotations: LabeledData): LabeledData {
  return { version: annotations.version, tags: annotations.tags, shapes: [], tracks: [] };
}

function indicesOf(item: FrameItem, index: Map<number, number>): number[] {
  const set = new Set<number>();
  for (const tag of item.tags) {
    const i = index.get(tag.label_id);
    if (i !== undefined) set.add(i);
  }
  return [...set].sort((a, b) => a - b);
}

/**
 * The line of `default.txt` for one frame.
 *
 * @example
 * ```ts
 * import { equal } from "node:assert/strict";
 * import { imagenetLine } from "./imagenet_export.ts";
 * equal(imagenetLine("a b.jpg", [2, 0]), '"a b".jpg 2 0\n');
 * equal(imagenetLine("frame_000001", []), "frame_000001.PNG \n");
 * ```
 */
export function imagenetLine(name: string, indices: readonly number[]): string {
  const file = cocoFileName(name);
  const slash = file.lastIndexOf("/");
  const dot = file.lastIndexOf(".");
  const id = file.slice(0, dot > slash + 1 ? dot : file.length);
  const ext = file.slice(id.length);
  const quoted = /\s/.test(id.trim()) ? `"${id}"` : id;
  return `${quoted}${ext} ${indices.join(" ")}\n`;
}

/**
 * The list lines of one task's frames (`index`: label id → label index).
 *
 * @example
 * ```ts
 * import { deepEqual } from "node:assert/strict";
 * import { imagenetLines } from "./imagenet_export.ts";
 * const task = { name: "t", mode: "annotation", size: 1, startFrame: 0, stopFrame: 0,
 *   labels: [], frames: [{ name: "a.jpg", width: 1, height: 1 }] };
 * const tags = [{ frame: 0, label_id: 7, group: 0, source: "manual", attributes: [] }];
 * deepEqual([...imagenetLines(task, { tags, shapes: [], tracks: [] }, new Map([[7, 1]]))],
 *   ["a.jpg 1\n"]);
 * ```
 */
export function* imagenetLines(
  task: FormatTask,
  annotations: LabeledData,
  index: Map<number, number>,
): Generator<string> {
  for (const item of frameItems(task, tagsOnly(annotations))) {
    yield imagenetLine(item.name, indicesOf(item, index));
  }
}

function* listText(input: ExportInput, index: Map<number, number>): Generator<Uint8Array> {
  const chunker = textChunker();
  for (const line of imagenetLines(input.task, input.annotations, index)) {
    const chunk = chunker.push(line);
    if (chunk) yield chunk;
  }
  const last = chunker.flush();
  if (last) yield last;
}

function extensionOf(name: string, bytes: Uint8Array): string {
  if (/\.[^/.]+$/.test(name)) return "";
  return bytes[0] === 0x89 && bytes[1] === 0x50 ? ".PNG" : ".jpg";
}

/**
 * Every entry of an ImageNet export (see the module doc for the two layouts).
 *
 * @example
 * ```ts
 * import { deepEqual } from "node:assert/strict";
 * import { imagenetEntries } from "./imagenet_export.ts";
 * const task = { name: "t", mode: "annotation", size: 1, startFrame: 0, stopFrame: 0,
 *   labels: [{ id: 1, name: "cat" }], frames: [{ name: "a.jpg", width: 1, height: 1 }] };
 * const tags = [{ frame: 0, label_id: 1, group: 0, source: "manual", attributes: [] }];
 * const names = async (images?: () => Promise<Uint8Array>) => {
 *   const out = [];
 *   for await (const e of imagenetEntries({ task, annotations: { tags, shapes: [], tracks: [] },
 *     images })) out.push(e.name);
 *   return out;
 * };
 * deepEqual(await names(), ["default.txt", "synsets.txt"]);
 * deepEqual(await names(() => Promise.resolve(new Uint8Array(1))), ["cat/a.jpg"]);
 * ```
 */
export async function* imagenetEntries(input: ExportInput): AsyncGenerator<ZipEntry> {
  const lookup = labelLookup(input.task.labels);
  const index = new Map(lookup.ordered.map((label, i) => [label.id, i]));
  if (!input.images) {
    yield { name: "default.txt", data: () => listText(input, index) };
    const synsets = lookup.ordered.map((label) => `${label.name}\n`).join("");
    yield { name: "synsets.txt", data: () => [new TextEncoder().encode(synsets)] };
    return;
  }
  yield* imagenetImageEntries(input, lookup.ordered, index);
}

/**
 * The image entries of one task's frames: `<label>/<name>` per distinct tag label (`labels`
 * in index order), `no_label/<name>` for a frame without tags.
 *
 * @example
 * ```ts
 * import { deepEqual } from "node:assert/strict";
 * import { imagenetImageEntries } from "./imagenet_export.ts";
 * const task = { name: "t", mode: "annotation", size: 1, startFrame: 0, stopFrame: 0,
 *   labels: [], frames: [{ name: "a.jpg", width: 1, height: 1 }] };
 * const input = { task, annotations: { tags: [], shapes: [], tracks: [] },
 *   images: () => Promise.resolve(new Uint8Array(1)) };
 * const names = [];
 * for await (const e of imagenetImageEntries(input, [], new Map())) names.push(e.name);
 * deepEqual(names, ["no_label/a.jpg"]);
 * ```
 */
export async function* imagenetImageEntries(
  input: ExportInput,
  labels: readonly { name: string }[],
  index: Map<number, number>,
): AsyncGenerator<ZipEntry> {
  const { images } = input;
  if (!images) return;
  for (const item of frameItems(input.task, tagsOnly(input.annotations))) {
    const bytes = await images(item.frame);
    const file = item.name + extensionOf(item.name, bytes);
    const folders = indicesOf(item, index).map((i) => labels[i].name);
    for (const folder of folders.length ? folders : ["no_label"]) {
      yield { name: `${folder}/${file}`, data: () => [bytes] };
    }
  }
}
