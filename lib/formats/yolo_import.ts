/**
 * "YOLO 1.1" import (formats.md §7.2): a zip with `obj.data` (`key = value` lines; every key but
 * `classes`, `names` and `backup` is a subset whose value is its image list; a leading `data/`
 * is dropped from paths) and the names file it points to. Each listed image is an item whose id
 * is its path without the first folder and the extension; its label file is the image path
 * with `.txt` (it must exist). Lines are `<class> <cx> <cy> <w> <h>` (exactly five fields),
 * scaled by the matched task frame's size; the class indexes the names file and its name must
 * be a task label. Items are matched to frames as §3.2 says (with the root hint); no match, an
 * unknown class or label, or a malformed line fails the whole import.
 *
 * @module
 */

import { DataError } from "../core/errors.ts";
import type { LabeledData } from "../core/wire_types.ts";
import { datasetCollector, type ImportedShape } from "./dataset_import.ts";
import { findRootHint, frameMatcher } from "./frame_match.ts";
import { type LabelInfo, labelLookup } from "./label_lookup.ts";
import type { ImportInput, ImportSource } from "./types.ts";
import { localPath, openYoloArchive, withoutExtension, type YoloArchive } from "./yolo_archive.ts";
import { boxFromCenter, intField, yoloLines } from "./yolo_line.ts";

const RESERVED = new Set(["classes", "names", "backup"]);

/** One listed image. */
interface DarknetItem {
  id: string;
  ext: string;
  image: string;
}

/**
 * The `key = value` pairs of an `obj.data` file (later keys win; other lines are ignored).
 *
 * @example
 * ```ts
 * import { deepEqual } from "node:assert/strict";
 * import { parseObjData } from "./yolo_import.ts";
 * deepEqual(parseObjData("classes = 2\n train=data/train.txt\n# x\n"),
 *   new Map([["classes", "2"], ["train", "data/train.txt"]]));
 * ```
 */
export function parseObjData(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const line of text.split("\n")) {
    const match = /^\s*(\w+)\s*=\s*(.+?)\s*$/.exec(line);
    if (match) out.set(match[1], match[2]);
  }
  return out;
}

/**
 * The item id of an image path from a list: without its first folder and its extension.
 *
 * @example
 * ```ts
 * import { equal } from "node:assert/strict";
 * import { darknetItemId } from "./yolo_import.ts";
 * equal(darknetItemId("obj_train_data/sub/a.jpg"), "sub/a");
 * equal(darknetItemId("a.jpg"), "a");
 * ```
 */
export function darknetItemId(path: string): string {
  const parts = path.split("/");
  return withoutExtension(parts.length > 1 ? parts.slice(1).join("/") : path);
}

async function listedItems(archive: YoloArchive, data: Map<string, string>) {
  const items: DarknetItem[] = [];
  for (const [subset, value] of data) {
    if (RESERVED.has(subset)) continue;
    const list = localPath(value);
    if (!archive.has(list)) {
      throw new DataError(`obj.data: the "${subset}" subset list "${value}" is not in the archive`);
    }
    for (const line of (await archive.text(list)).split("\n")) {
      if (!line.trim()) continue;
      const image = localPath(line);
      const id = darknetItemId(image);
      items.push({ id, ext: image.slice(withoutExtension(image).length), image });
    }
  }
  return items;
}

async function classNames(archive: YoloArchive, data: Map<string, string>): Promise<string[]> {
  const names = data.get("names");
  if (!names) throw new DataError("obj.data: no names file is given");
  const path = localPath(names);
  if (!archive.has(path)) throw new DataError(`obj.data: the names file "${names}" is missing`);
  return (await archive.text(path)).split("\n").map((name) => name.trim()).filter(Boolean);
}

function classLabel(
  names: string[],
  byName: Map<string, LabelInfo>,
  field: string,
  what: string,
): LabelInfo {
  const cls = intField(field, what, "class");
  if (cls < 0 || cls >= names.length) throw new DataError(`${what}: unknown class ${cls}`);
  const label = byName.get(names[cls]);
  if (!label) throw new DataError(`${what}: unknown label "${names[cls]}"`);
  return label;
}

/**
 * Reads a "YOLO 1.1" upload into LabeledData for `input.task`.
 *
 * @throws {DataError} See the module doc.
 * @example
 * ```ts
 * import { deepEqual } from "node:assert/strict";
 * import { zipSync } from "npm:fflate@^0.8";
 * import { importDarknet } from "./yolo_import.ts";
 * const text = (s: string) => new TextEncoder().encode(s);
 * const zip = zipSync({ "obj.data": text("train = data/train.txt\nnames = data/obj.names\n"),
 *   "obj.names": text("car\n"), "train.txt": text("data/obj_train_data/a.jpg\n"),
 *   "obj_train_data/a.txt": text("0 0.5 0.5 0.2 0.5\n") });
 * const task = { name: "t", mode: "annotation", size: 1, startFrame: 0, stopFrame: 0,
 *   labels: [{ id: 1, name: "car" }], frames: [{ name: "a.jpg", width: 10, height: 8 }] };
 * const data = await importDarknet(zip, { task });
 * deepEqual(data.shapes[0].points, [4, 2, 6, 6]);
 * ```
 */
export async function importDarknet(
  source: ImportSource,
  input: ImportInput,
): Promise<LabeledData> {
  const { task } = input;
  const archive = await openYoloArchive(
    source,
    (path) => path.endsWith(".data") ? (path.endsWith("obj.data") ? 0 : 1) : null,
    "obj.data",
  );
  const data = parseObjData(await archive.text(archive.descriptor));
  const names = await classNames(archive, data);
  const items = await listedItems(archive, data);
  const byName = labelLookup(task.labels).byName;
  const matcher = frameMatcher(task, { rootHint: findRootHint(task, items.map((i) => i.id)) });
  const collector = datasetCollector(task);
  for (const item of items) {
    const frame = matcher.match(item);
    const size = task.frames[frame] ?? { width: 0, height: 0 };
    const labels = withoutExtension(item.image) + ".txt";
    if (!archive.has(labels)) {
      throw new DataError(`Item "${item.id}": its label file "${labels}" is missing`);
    }
    const shapes: ImportedShape[] = [];
    for (const { fields, what } of yoloLines(await archive.text(labels), labels)) {
      if (fields.length !== 5) {
        throw new DataError(`${what}: expected 5 fields (class cx cy w h), got ${fields.length}`);
      }
      const label = classLabel(names, byName, fields[0], what);
      const points = boxFromCenter(fields.slice(1), size, what);
      shapes.push({ type: "rectangle", label, points, group: 0, z_order: 0, attributes: {} });
    }
    collector.add(frame, `Item "${item.id}"`, shapes, []);
  }
  return collector.finish();
}
