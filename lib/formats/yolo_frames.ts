/**
 * The per-frame part every YOLO flavour's export shares: for each exported frame (formats.md
 * §3.1) a label file, the image when images are given, and at the end the subset's image list.
 * A frame's media name is its path (video frames: `frame_NNNNNN` plus `.PNG`, or `.jpg` when the
 * given bytes are a JPEG). Only one frame's objects and image are held at a time; the list is
 * written from the task's frame names afterwards (one byte per frame remembers the extension
 * chosen for a frame without one).
 *
 * @module
 */

import { type FrameItem, frameItems } from "./items.ts";
import { deletedPredicate, exportRange } from "./task_frames.ts";
import type { ExportInput, FormatTask } from "./types.ts";
import type { ZipEntry } from "./zip_writer.ts";

/** Where a subset's files go, and what a frame's label file says. */
export interface SubsetLayout {
  /** The zip path of a frame's label file (`id`: the frame path without extension). */
  labelPath(id: string): string;
  /** The zip path of a frame's image (`name`: the media name). */
  imagePath(name: string): string;
  /** The zip path of the subset's image list. */
  listPath: string;
  /** The list's line for a frame (`name`: the media name). */
  listLine(name: string): string;
  /** The lines of a frame's label file. */
  lines(item: FrameItem): string[];
  /** Whether a frame without lines still gets an (empty) label file. */
  writeEmpty: boolean;
}

const encoder = new TextEncoder();
const EXTENSIONS = ["", ".PNG", ".jpg"];

function hasExtension(name: string): boolean {
  return /\.[^/]+$/.test(name);
}

/**
 * The extension code of a frame without one: 1 `.PNG` (no bytes, or PNG bytes), 2 `.jpg`.
 *
 * @example
 * ```ts
 * import { equal } from "node:assert/strict";
 * import { extensionCode } from "./yolo_frames.ts";
 * equal(extensionCode(new Uint8Array([0x89, 0x50])), 1);
 * equal(extensionCode(new Uint8Array([0xff, 0xd8])), 2);
 * equal(extensionCode(undefined), 1);
 * ```
 */
export function extensionCode(bytes: Uint8Array | undefined): number {
  if (!bytes || (bytes[0] === 0x89 && bytes[1] === 0x50)) return 1;
  return 2;
}

/**
 * A frame's media name: its path, with the extension of `code` when it has none.
 *
 * @example
 * ```ts
 * import { equal } from "node:assert/strict";
 * import { mediaName } from "./yolo_frames.ts";
 * equal(mediaName("frame_000003", 1), "frame_000003.PNG");
 * equal(mediaName("a/b.jpg", 2), "a/b.jpg");
 * ```
 */
export function mediaName(name: string, code: number): string {
  return hasExtension(name) ? name : name + (EXTENSIONS[code] ?? ".PNG");
}

/** One task's frames as written: the task and the extension code chosen per frame. */
export interface WrittenFrames {
  /** The task (or a project plan's view of it). */
  task: FormatTask;
  /** Per task frame: 0 (not written with an image), 1 `.PNG`, 2 `.jpg`. */
  codes: Uint8Array;
}

/**
 * The label files and images of one task's frames; records the extension chosen per frame in
 * the returned `codes` (filled as the entries are produced).
 *
 * @example
 * ```ts
 * import { deepEqual } from "node:assert/strict";
 * import { frameEntries } from "./yolo_frames.ts";
 * const task = { name: "t", mode: "annotation", size: 1, startFrame: 0, stopFrame: 0,
 *   labels: [], frames: [{ name: "a.jpg", width: 4, height: 4 }] };
 * const layout = { labelPath: (id: string) => `l/${id}.txt`, imagePath: (n: string) => `i/${n}`,
 *   listPath: "list.txt", listLine: (n: string) => n, lines: () => ["x"], writeEmpty: false };
 * const names = [];
 * const input = { task, annotations: { tags: [], shapes: [], tracks: [] } };
 * const written = { task, codes: new Uint8Array(1) };
 * for await (const entry of frameEntries(input, layout, written)) names.push(entry.name);
 * deepEqual(names, ["l/a.txt"]);
 * ```
 */
export async function* frameEntries(
  input: Pick<ExportInput, "task" | "annotations" | "images">,
  layout: SubsetLayout,
  written: WrittenFrames,
): AsyncGenerator<ZipEntry> {
  const { task, images } = input;
  for (const item of frameItems(task, input.annotations)) {
    const lines = layout.lines(item);
    if (lines.length || layout.writeEmpty) {
      const text = lines.map((line) => line + "\n").join("");
      yield { name: layout.labelPath(item.id), data: () => [encoder.encode(text)] };
    }
    if (!images) continue;
    const bytes = await images(item.frame);
    written.codes[item.frame] = extensionCode(bytes);
    const name = mediaName(item.name, written.codes[item.frame]);
    yield { name: layout.imagePath(name), data: () => [bytes] };
  }
}

/**
 * The label files, images and image list of one subset (the whole task or job of `input`).
 *
 * @example
 * ```ts
 * import { deepEqual } from "node:assert/strict";
 * import { subsetEntries } from "./yolo_frames.ts";
 * const task = { name: "t", mode: "annotation", size: 2, startFrame: 0, stopFrame: 1,
 *   labels: [], frames: [{ name: "a.jpg", width: 4, height: 4 }, { name: "b.png", width: 4,
 *   height: 4 }] };
 * const layout = { labelPath: (id: string) => `l/${id}.txt`, imagePath: (n: string) => `i/${n}`,
 *   listPath: "list.txt", listLine: (n: string) => `i/${n}`,
 *   lines: (item: { frame: number }) => item.frame ? ["x"] : [], writeEmpty: false };
 * const names = [];
 * const input = { task, annotations: { tags: [], shapes: [], tracks: [] } };
 * for await (const entry of subsetEntries(input, layout)) names.push(entry.name);
 * deepEqual(names, ["l/b.txt", "list.txt"]);
 * ```
 */
export async function* subsetEntries(
  input: Pick<ExportInput, "task" | "annotations" | "images">,
  layout: SubsetLayout,
): AsyncGenerator<ZipEntry> {
  const written = { task: input.task, codes: new Uint8Array(input.task.size) };
  yield* frameEntries(input, layout, written);
  yield { name: layout.listPath, data: () => listChunks([written], layout) };
}

/**
 * The chunks of a subset's image list over the frames of its tasks, in order.
 *
 * @example
 * ```ts
 * import { equal } from "node:assert/strict";
 * import { listChunks } from "./yolo_frames.ts";
 * const task = { name: "t", mode: "annotation", size: 1, startFrame: 0, stopFrame: 0,
 *   labels: [], frames: [{ name: "frame_000000", width: 4, height: 4 }] };
 * const layout = { listLine: (n: string) => `i/${n}` };
 * const [chunk] = listChunks([{ task, codes: new Uint8Array([2]) }], layout);
 * equal(new TextDecoder().decode(chunk), "i/frame_000000.jpg\n");
 * ```
 */
export function* listChunks(
  tasks: readonly WrittenFrames[],
  layout: Pick<SubsetLayout, "listLine">,
): Generator<Uint8Array> {
  let text = "";
  for (const { task, codes } of tasks) {
    const range = exportRange(task);
    const isDeleted = deletedPredicate(task);
    for (let frame = range.start; frame <= range.stop; frame++) {
      if (isDeleted(frame)) continue;
      const name = task.frames[frame]?.name ?? `frame_${String(frame).padStart(6, "0")}`;
      text += layout.listLine(mediaName(name, codes[frame] || 1)) + "\n";
      if (text.length >= 65536) {
        yield encoder.encode(text);
        text = "";
      }
    }
  }
  if (text) yield encoder.encode(text);
}
