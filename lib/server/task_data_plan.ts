/**
 * What a data upload will become, decided before anything is stored: every file checked as an
 * image (headers only), sorted, cut by start/stop/step, and the chunk size (notes §2.7).
 *
 * @module
 */

import { type ImageInfo, probeImage } from "../media/probe.ts";
import { badRequest } from "./errors.ts";
import type { DataRequest, SortingMethod } from "./task_data_fields.ts";
import type { MediaSource } from "./task_data_form.ts";
import type { TaskDataRecord } from "../store/types.ts";

/** A media file with its probed size (its bytes are read again when stored). */
export interface ProbedFile extends MediaSource {
  info: ImageInfo;
}

/** The task's frames (in frame order) and its data record without an id. */
export interface DataPlan {
  files: ProbedFile[];
  data: Omit<TaskDataRecord, "id">;
}

const VIDEO = /\.(mp4|m4v|avi|mov|mkv|webm|mpe?g|wmv|flv|3gp|ogv|ts|mts|m2ts|vob|asf)$/i;
const ARCHIVE = /\.(zip|tar|tgz|gz|bz2|xz|7z|rar)$/i;
const DOCUMENT = /\.pdf$/i;
const CLOUD = /\.(pcd|bin)$/i;

/** Video, archives, PDFs and point clouds are refused with a clear message. */
function refuseKind(name: string): void {
  if (VIDEO.test(name)) throw badRequest(["video data is not supported yet"]);
  if (ARCHIVE.test(name)) throw badRequest([`archives are not supported yet: "${name}"`]);
  if (DOCUMENT.test(name)) throw badRequest([`PDF files are not supported yet: "${name}"`]);
  if (CLOUD.test(name)) throw badRequest([`3D data is not supported yet: "${name}"`]);
}

/** Probes one file; any failure is a 400 naming the file. Its bytes are not kept. */
async function probe(file: MediaSource): Promise<ProbedFile> {
  refuseKind(file.name);
  try {
    return { ...file, info: file.info ?? probeImage(await file.read(), file.name) };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw badRequest([
      message.includes(file.name) ? message : `Cannot use "${file.name}" as an image: ${message}`,
    ]);
  }
}

const chunks = (name: string) => name.split(/(\d+)/);

/**
 * Natural order: digit runs compare as numbers ("img2" < "img10"), the rest as text.
 *
 * @example
 * ```ts
 * import { deepStrictEqual } from "node:assert/strict";
 * import { naturalCompare } from "./task_data_plan.ts";
 * deepStrictEqual(["b10.png", "b2.png", "a.png"].sort(naturalCompare), ["a.png", "b2.png", "b10.png"]);
 * ```
 */
export function naturalCompare(a: string, b: string): number {
  const x = chunks(a.toLowerCase());
  const y = chunks(b.toLowerCase());
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    if (x[i] === y[i]) continue;
    if (i % 2 === 1) {
      const diff = Number(x[i]) - Number(y[i]);
      if (diff !== 0) return diff;
    }
    return x[i] < y[i] ? -1 : 1;
  }
  return x.length - y.length || (a < b ? -1 : a > b ? 1 : 0);
}

function predefined<T extends { name: string }>(files: T[], order: string[]): T[] {
  if (order.length === 0) return files;
  const byName = new Map(files.map((f) => [f.name, f]));
  const wanted = new Set(order);
  const extra = order.filter((n) => !byName.has(n)).map((n) => `${n} (extra)`);
  const missing = files.filter((f) => !wanted.has(f.name)).map((f) => `${f.name} (missing)`);
  if (extra.length + missing.length > 0) {
    throw badRequest([
      `Failed to reorder files: the upload_file_order does not match the files: ${
        [...extra, ...missing].join(", ")
      }`,
    ]);
  }
  return order.map((n) => byName.get(n)!);
}

/**
 * Files in CVAT's order for a sorting method (`random` shuffles).
 *
 * @example
 * ```ts
 * import { deepStrictEqual } from "node:assert/strict";
 * import { sortFiles } from "./task_data_plan.ts";
 * const files = [{ name: "f10.png" }, { name: "f9.png" }];
 * deepStrictEqual(sortFiles(files, "natural", []).map((f) => f.name), ["f9.png", "f10.png"]);
 * deepStrictEqual(sortFiles(files, "lexicographical", []).map((f) => f.name), ["f10.png", "f9.png"]);
 * ```
 */
export function sortFiles<T extends { name: string }>(
  files: T[],
  method: SortingMethod,
  order: string[],
): T[] {
  const list = [...files];
  if (method === "lexicographical") return list.sort((a, b) => a.name < b.name ? -1 : 1);
  if (method === "natural") return list.sort((a, b) => naturalCompare(a.name, b.name));
  if (method === "predefined") return predefined(list, order);
  for (let i = list.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [list[i], list[j]] = [list[j], list[i]];
  }
  return list;
}

/**
 * CVAT's automatic chunk size for image chunks: `max(2, min(72, 36*1920*1080 // (w*h)))` of the
 * first frame.
 *
 * @example
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import { autoChunkSize } from "./task_data_plan.ts";
 * strictEqual(autoChunkSize(1920, 1080), 36);
 * strictEqual(autoChunkSize(100, 100), 72);
 * strictEqual(autoChunkSize(10000, 10000), 2);
 * ```
 */
export function autoChunkSize(width: number, height: number): number {
  return Math.max(2, Math.min(72, Math.floor(36 * 1920 * 1080 / (width * height))));
}

/**
 * Checks and orders the uploaded files and computes the task's data record. Throws 400s (naming
 * the file) for anything that cannot become a frame.
 *
 * @example
 * ```ts
 * // const plan = await planData(files, request); plan.data.size, plan.files[0].info.width
 * ```
 */
export async function planData(files: MediaSource[], request: DataRequest): Promise<DataPlan> {
  if (files.length === 0) throw badRequest(["No media data found"]);
  const seen = new Set<string>();
  for (const file of files) {
    if (seen.has(file.name)) throw badRequest([`Duplicate file name: "${file.name}"`]);
    seen.add(file.name);
  }
  const probed: ProbedFile[] = [];
  for (const file of files) probed.push(await probe(file));
  const sorted = sortFiles(probed, request.sortingMethod, request.uploadFileOrder);
  const last = Math.min(request.stopFrame ?? sorted.length - 1, sorted.length - 1);
  const selected: ProbedFile[] = [];
  for (let i = request.startFrame; i <= last; i += request.step) selected.push(sorted[i]);
  if (selected.length === 0) {
    throw badRequest([
      `No frames selected: start_frame ${request.startFrame} is beyond the last file (${
        sorted.length - 1
      })`,
    ]);
  }
  const first = selected[0].info;
  return {
    files: selected,
    data: {
      size: selected.length,
      imageQuality: request.imageQuality,
      chunkSize: request.chunkSize ?? autoChunkSize(first.width, first.height),
      startFrame: request.startFrame,
      stopFrame: request.startFrame + (selected.length - 1) * request.step,
      frameFilter: request.step > 1 ? `step=${request.step}` : "",
      compressedChunkType: "imageset",
      originalChunkType: "imageset",
      frames: selected.map((f) => ({ name: f.name, width: f.info.width, height: f.info.height })),
      deletedFrames: [],
      sortingMethod: request.sortingMethod,
      storageMethod: "cache",
      storage: "local",
    },
  };
}
