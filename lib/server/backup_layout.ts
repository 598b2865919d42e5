/**
 * The file layout of a CVAT task backup (see docs/backup.md): `task.json` (the task manifest),
 * `annotations.json` (one LabeledData per job, without ids), `data/` (the media files) with
 * `data/manifest.jsonl` (CVAT's image manifest: the frames in order with their sizes). A project
 * backup holds `project.json` and one task backup per `task_<n>/` folder. Pure.
 *
 * @module
 */

import { DataError } from "../core/errors.ts";
import type { ZipArchive } from "../formats/zip_reader.ts";

/** The only backup version CVAT writes and reads (`task.json`'s `version`). */
export const BACKUP_VERSION = "1.0";

/** The task manifest's path in the archive. */
export const TASK_MANIFEST = "task.json";

/** The annotations' path in the archive. */
export const ANNOTATIONS_FILE = "annotations.json";

/** A project backup's manifest path. */
export const PROJECT_MANIFEST = "project.json";

/** The media directory's prefix in the archive. */
export const DATA_DIR = "data/";

/** The image manifest inside `data/`. */
export const UPLOAD_MANIFEST = "manifest.jsonl";

/** The manifest's index CVAT may keep beside it (not media; ignored when read). */
export const MANIFEST_INDEX = "index.json";

/** CVAT's image manifest version. */
const MANIFEST_VERSION = "1.1";

/** One frame as the image manifest describes it. */
export interface ManifestFrame {
  /** The path relative to `data/`, extension included. */
  name: string;
  width: number;
  height: number;
}

/**
 * `os.path.splitext` of a relative path: the extension of the last segment, without a leading
 * dot file's dot.
 *
 * @example
 * ```ts
 * import { deepStrictEqual } from "node:assert/strict";
 * import { splitExtension } from "./backup_layout.ts";
 * deepStrictEqual(splitExtension("dir/a.b.jpg"), ["dir/a.b", ".jpg"]);
 * deepStrictEqual(splitExtension(".hidden"), [".hidden", ""]);
 * ```
 */
export function splitExtension(path: string): [string, string] {
  const slash = path.lastIndexOf("/");
  const base = path.slice(slash + 1);
  const dot = base.lastIndexOf(".");
  if (dot <= 0 || /^\.+$/.test(base.slice(0, dot + 1))) return [path, ""];
  const at = slash + 1 + dot;
  return [path.slice(0, at), path.slice(at)];
}

/**
 * CVAT's image manifest (`manifest.jsonl`) of a task's frames, in frame order.
 *
 * @example
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import { imageManifest } from "./backup_layout.ts";
 * strictEqual(
 *   imageManifest([{ name: "a.png", width: 4, height: 3 }]),
 *   '{"version":"1.1"}\n{"type":"images"}\n{"name":"a","extension":".png","width":4,"height":3}\n',
 * );
 * ```
 */
export function imageManifest(frames: readonly ManifestFrame[]): string {
  const lines = [JSON.stringify({ version: MANIFEST_VERSION }), JSON.stringify({ type: "images" })];
  for (const frame of frames) {
    const [name, extension] = splitExtension(frame.name);
    lines.push(JSON.stringify({ name, extension, width: frame.width, height: frame.height }));
  }
  return lines.join("\n") + "\n";
}

function manifestLine(line: string, at: number): Record<string, unknown> {
  try {
    const value = JSON.parse(line);
    if (typeof value === "object" && value !== null && !Array.isArray(value)) return value;
  } catch {
    // reported below
  }
  throw new DataError(`${DATA_DIR}${UPLOAD_MANIFEST}: line ${at + 1} is not a JSON object`);
}

/**
 * The file names an image manifest lists, in its order (what CVAT restores a predefined or
 * random order from). Throws a DataError for a manifest that is not an image manifest.
 *
 * @example
 * ```ts
 * import { deepStrictEqual } from "node:assert/strict";
 * import { imageManifest, readImageManifest } from "./backup_layout.ts";
 * const text = imageManifest([{ name: "b.png", width: 1, height: 1 }, { name: "a", width: 1, height: 1 }]);
 * deepStrictEqual(readImageManifest(text), ["b.png", "a"]);
 * ```
 */
export function readImageManifest(text: string): string[] {
  const names: string[] = [];
  const lines = text.split("\n").map((line) => line.trim());
  lines.forEach((line, at) => {
    if (line === "") return;
    const value = manifestLine(line, at);
    if ("version" in value || "type" in value) {
      if (value.type !== undefined && value.type !== "images") {
        throw new DataError(`${DATA_DIR}${UPLOAD_MANIFEST} is not an image manifest`);
      }
      return;
    }
    const { name, extension } = value;
    if (typeof name !== "string" || (extension !== undefined && typeof extension !== "string")) {
      throw new DataError(`${DATA_DIR}${UPLOAD_MANIFEST}: line ${at + 1} has no valid name`);
    }
    names.push(`${name}${extension ?? ""}`);
  });
  return names;
}

/**
 * CVAT's download name of a backup: `<task|project>_<name>_backup_<timestamp>.zip`, lower case.
 *
 * @example
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import { backupFileName } from "./backup_layout.ts";
 * strictEqual(
 *   backupFileName("My Task", "2024-05-01T10:20:30.000000Z"),
 *   "task_my task_backup_2024_05_01_10_20_30.zip",
 * );
 * strictEqual(backupFileName("P", "2024-05-01T10:20:30Z", "project"), "project_p_backup_2024_05_01_10_20_30.zip");
 * ```
 */
export function backupFileName(
  name: string,
  updated: string,
  kind: "task" | "project" = "task",
): string {
  const stamp = updated.slice(0, 19).replace(/[-T:]/g, "_");
  return `${kind}_${name}_backup_${stamp}.zip`.toLowerCase();
}

/**
 * The folder of a project backup's task number `index` (CVAT's `task_{}`; CVAT numbers every task
 * of the project in id order, and skips writing those without data).
 *
 * @example
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import { taskFolder } from "./backup_layout.ts";
 * strictEqual(taskFolder(3), "task_3/");
 * ```
 */
export function taskFolder(index: number): string {
  return `task_${index}/`;
}

/**
 * The task folders of a project backup, ordered by their number as CVAT restores them.
 *
 * @example
 * ```ts
 * import { deepStrictEqual } from "node:assert/strict";
 * import { taskFolders } from "./backup_layout.ts";
 * deepStrictEqual(
 *   taskFolders(["project.json", "task_10/task.json", "task_2/data/a.png", "task_2/task.json"]),
 *   ["task_2/", "task_10/"],
 * );
 * ```
 */
export function taskFolders(names: Iterable<string>): string[] {
  const found = new Map<number, string>();
  for (const name of names) {
    const match = /^task_(\d+)\//.exec(name);
    if (match) found.set(Number(match[1]), match[0]);
  }
  return [...found].sort((a, b) => a[0] - b[0]).map(([, folder]) => folder);
}

/**
 * The archive seen from inside `folder`: its entries under it, with the folder cut from their
 * names (the whole archive for "").
 *
 * @example
 * ```ts
 * import { deepStrictEqual } from "node:assert/strict";
 * import { backupFolder } from "./backup_layout.ts";
 * const entry = (name: string) => ({ name }) as never;
 * const archive = { entries: [entry("task_0/task.json"), entry("project.json")] } as never;
 * deepStrictEqual(backupFolder(archive, "task_0/").entries.map((e) => e.name), ["task.json"]);
 * ```
 */
export function backupFolder(archive: ZipArchive, folder: string): ZipArchive {
  if (folder === "") return archive;
  const entries = archive.entries
    .filter((entry) => entry.name.startsWith(folder))
    .map((entry) => ({ ...entry, name: entry.name.slice(folder.length) }));
  return { entries, stream: archive.stream, bytes: archive.bytes };
}
