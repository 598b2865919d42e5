/**
 * A YOLO upload as the importers read it: a zip (read through the safe zip reader) whose
 * dataset root is the folder of its descriptor file (`obj.data`, `data.yaml`), the shallowest one
 * when there are several. Paths are then relative to that root; files are read on demand.
 *
 * @module
 */

import { DataError } from "../core/errors.ts";
import { isZipHead, peekSource } from "./source.ts";
import type { ImportSource } from "./types.ts";
import { type UploadFile, uploadFiles } from "./upload_files.ts";

/** The files of a YOLO dataset, relative to its root. */
export interface YoloArchive {
  /** The descriptor's path relative to the root (its base name). */
  descriptor: string;
  /** Every file path, relative to the root, sorted. */
  paths: string[];
  /** Whether the file exists. */
  has(path: string): boolean;
  /** The file's text (UTF-8, a BOM dropped). */
  text(path: string): Promise<string>;
}

function depth(path: string): number {
  return path.split("/").length;
}

/**
 * Opens a YOLO upload. `rank` tells descriptor candidates (lower first, `null` for others);
 * among equal ranks the shallowest path wins.
 *
 * @throws {DataError} When the upload is not a zip or holds no descriptor.
 * @example
 * ```ts
 * import { equal } from "node:assert/strict";
 * import { zipSync } from "npm:fflate@^0.8";
 * import { openYoloArchive } from "./yolo_archive.ts";
 * const zip = zipSync({ "ds/obj.data": new TextEncoder().encode("names = obj.names\n") });
 * const archive = await openYoloArchive(zip, (p) => p.endsWith("obj.data") ? 0 : null, "obj.data");
 * equal(await archive.text("obj.data"), "names = obj.names\n");
 * ```
 */
export async function openYoloArchive(
  source: ImportSource,
  rank: (path: string) => number | null,
  what: string,
): Promise<YoloArchive> {
  const peeked = await peekSource(source, 4);
  if (!isZipHead(peeked.head)) {
    throw new DataError(`This format expects a zip archive with ${what}`);
  }
  const files = await uploadFiles(peeked.source);
  let best: UploadFile | null = null;
  let bestRank = Infinity;
  for (const file of files) {
    const r = rank(file.name);
    if (r === null) continue;
    if (r < bestRank || (r === bestRank && best && depth(file.name) < depth(best.name))) {
      best = file;
      bestRank = r;
    }
  }
  if (!best) throw new DataError(`The archive holds no ${what}`);
  const root = best.name.slice(0, best.name.lastIndexOf("/") + 1);
  const byPath = new Map<string, UploadFile>();
  for (const file of files) {
    if (file.name.startsWith(root)) byPath.set(file.name.slice(root.length), file);
  }
  return {
    descriptor: best.name.slice(root.length),
    paths: [...byPath.keys()].sort(),
    has: (path) => byPath.has(path),
    async text(path) {
      const file = byPath.get(path);
      if (!file) throw new DataError(`The archive holds no file "${root}${path}"`);
      const text = await new Response(file.open()).text();
      return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
    },
  };
}

/**
 * A path from a YOLO list or descriptor made relative to the dataset root: `\` as `/`, `.` and
 * `..` segments resolved (ones above the root dropped), a leading `data/` dropped.
 *
 * @example
 * ```ts
 * import { equal } from "node:assert/strict";
 * import { localPath } from "./yolo_archive.ts";
 * equal(localPath(" data/obj_train_data/a.jpg\r"), "obj_train_data/a.jpg");
 * equal(localPath("../train/images"), "train/images");
 * equal(localPath("./images\\train/"), "images/train");
 * ```
 */
export function localPath(path: string): string {
  const parts: string[] = [];
  for (const part of path.trim().replaceAll("\\", "/").split("/")) {
    if (part === "" || part === ".") continue;
    if (part === "..") parts.pop();
    else parts.push(part);
  }
  if (parts[0] === "data" && parts.length > 1) parts.shift();
  return parts.join("/");
}

/**
 * The path without its extension.
 *
 * @example
 * ```ts
 * import { equal } from "node:assert/strict";
 * import { withoutExtension } from "./yolo_archive.ts";
 * equal(withoutExtension("a/b.c/d.jpg"), "a/b.c/d");
 * equal(withoutExtension("a/b.c/d"), "a/b.c/d");
 * ```
 */
export function withoutExtension(path: string): string {
  const slash = path.lastIndexOf("/");
  const dot = path.lastIndexOf(".");
  return dot > slash + 1 ? path.slice(0, dot) : path;
}
