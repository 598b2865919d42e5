/**
 * The Ultralytics YOLO imports (formats.md §7.3): a zip with `data.yaml` (the shallowest one;
 * its folder is the dataset root). Each subset's images come from a list file (`*.txt`, lines
 * with or without a `data/` prefix), a folder (`images/<subset>` or Roboflow's
 * `<subset>/images`; the label files of its `labels` twin stand for images the archive lacks;
 * a folder that is not there gives no items, as Roboflow lists splits it may leave out) or a
 * list of image paths. An image's label file is its path with the last
 * `images` folder renamed `labels` and `.txt` for its extension; a missing one means no
 * objects. The item id is the image path without its first two folders and extension. Items
 * are matched to task frames (§3.2, with the root hint); lines are read by ultralytics_parse.ts.
 *
 * @module
 */

import { DataError } from "../core/errors.ts";
import type { LabeledData } from "../core/wire_types.ts";
import { datasetCollector, type ImportedShape } from "./dataset_import.ts";
import { findRootHint, frameMatcher } from "./frame_match.ts";
import { labelLookup } from "./label_lookup.ts";
import type { ImportInput, ImportSource } from "./types.ts";
import type { UltralyticsKind } from "./ultralytics_lines.ts";
import { ultralyticsShape } from "./ultralytics_parse.ts";
import { readDataYaml } from "./ultralytics_yaml.ts";
import { localPath, openYoloArchive, withoutExtension, type YoloArchive } from "./yolo_archive.ts";
import { yoloLines } from "./yolo_line.ts";

/** One image of the dataset. */
interface UltralyticsItem {
  id: string;
  ext: string;
  labels: string;
}

/**
 * The label file of an image path: the last `images` folder renamed `labels`, `.txt` added.
 *
 * @example
 * ```ts
 * import { equal } from "node:assert/strict";
 * import { labelPathOf } from "./ultralytics_import.ts";
 * equal(labelPathOf("images/train/a.jpg"), "labels/train/a.txt");
 * equal(labelPathOf("train/images/s/a.png"), "train/labels/s/a.txt");
 * equal(labelPathOf("x/a.jpg"), "x/a.txt");
 * ```
 */
export function labelPathOf(image: string): string {
  const parts = withoutExtension(image).split("/");
  for (let i = parts.length - 2; i >= 0; i--) {
    if (parts[i] === "images") {
      parts[i] = "labels";
      break;
    }
  }
  return parts.join("/") + ".txt";
}

/**
 * The item id of an image path: without its first two folders (or a lone `images` folder)
 * and its extension.
 *
 * @example
 * ```ts
 * import { equal } from "node:assert/strict";
 * import { ultralyticsItemId } from "./ultralytics_import.ts";
 * equal(ultralyticsItemId("images/train/sub/a.jpg"), "sub/a");
 * equal(ultralyticsItemId("valid/images/a.jpg"), "a");
 * equal(ultralyticsItemId("images/a.jpg"), "a");
 * ```
 */
export function ultralyticsItemId(image: string): string {
  const parts = image.split("/");
  const drop = parts.length > 2 ? 2 : parts.length === 2 && parts[0] === "images" ? 1 : 0;
  return withoutExtension(parts.slice(drop).join("/"));
}

function folderImages(archive: YoloArchive, dir: string): string[] {
  const prefix = dir ? dir + "/" : "";
  const images = archive.paths.filter((p) => p.startsWith(prefix) && !p.endsWith(".txt"));
  const labelDir = withoutExtension(labelPathOf(prefix + "x")).slice(0, -1);
  const known = new Set(images.map((image) => labelPathOf(image)));
  const fromLabels = archive.paths
    .filter((p) => p.startsWith(labelDir) && p.endsWith(".txt") && !known.has(p))
    .map((p) => prefix + withoutExtension(p.slice(labelDir.length)));
  return images.concat(fromLabels);
}

async function subsetImages(
  archive: YoloArchive,
  subset: string,
  source: string | string[],
): Promise<string[]> {
  const isFolder = (path: string) => archive.paths.some((p) => p.startsWith(path + "/"));
  if (Array.isArray(source)) {
    return source.map(localPath).flatMap((path) =>
      isFolder(path) ? folderImages(archive, path) : [path]
    );
  }
  const path = localPath(source);
  if (!source.toLowerCase().endsWith(".txt")) return folderImages(archive, path);
  if (!archive.has(path)) {
    throw new DataError(`data.yaml: the "${subset}" subset list "${source}" is not in the archive`);
  }
  const lines = (await archive.text(path)).split("\n").filter((line) => line.trim());
  return lines.map(localPath);
}

async function datasetItems(archive: YoloArchive, subsets: Map<string, string | string[]>) {
  const seen = new Set<string>();
  const items: UltralyticsItem[] = [];
  for (const [subset, source] of subsets) {
    for (const image of await subsetImages(archive, subset, source)) {
      if (seen.has(image)) continue;
      seen.add(image);
      const ext = image.slice(withoutExtension(image).length);
      items.push({ id: ultralyticsItemId(image), ext, labels: labelPathOf(image) });
    }
  }
  return items;
}

/**
 * Reads an Ultralytics upload of `kind` into LabeledData for `input.task`.
 *
 * @throws {DataError} For a missing or malformed `data.yaml`, a missing list or folder, an
 *   unmatched item, an unknown class or label, a malformed line.
 * @example
 * ```ts
 * import { deepEqual } from "node:assert/strict";
 * import { zipSync } from "npm:fflate@^0.8";
 * import { importUltralytics } from "./ultralytics_import.ts";
 * const text = (s: string) => new TextEncoder().encode(s);
 * const zip = zipSync({ "data.yaml": text("names:\n  0: car\ntrain: train.txt\n"),
 *   "train.txt": text("images/train/a.jpg\n"),
 *   "labels/train/a.txt": text("0 0.5 0.5 0.2 0.5\n") });
 * const task = { name: "t", mode: "annotation", size: 1, startFrame: 0, stopFrame: 0,
 *   labels: [{ id: 1, name: "car" }], frames: [{ name: "a.jpg", width: 10, height: 8 }] };
 * const data = await importUltralytics("detection", zip, { task });
 * deepEqual(data.shapes[0].points, [4, 2, 6, 6]);
 * ```
 */
export async function importUltralytics(
  kind: UltralyticsKind,
  source: ImportSource,
  input: ImportInput,
): Promise<LabeledData> {
  const { task } = input;
  const archive = await openYoloArchive(
    source,
    (path) => /(^|\/)data\.ya?ml$/.test(path) ? 0 : /\.ya?ml$/.test(path) ? 1 : null,
    "data.yaml",
  );
  const config = readDataYaml(await archive.text(archive.descriptor), archive.descriptor);
  if (kind === "pose" && !config.kptShape) {
    throw new DataError(`${archive.descriptor}: "kpt_shape" is missing`);
  }
  const items = await datasetItems(archive, config.subsets);
  if (!items.length) {
    throw new DataError(`${archive.descriptor}: no subset names images or label files`);
  }
  const byName = labelLookup(task.labels).byName;
  const matcher = frameMatcher(task, { rootHint: findRootHint(task, items.map((i) => i.id)) });
  const collector = datasetCollector(task);
  for (const item of items) {
    const frame = matcher.match(item);
    const size = task.frames[frame] ?? { width: 0, height: 0 };
    const shapes: ImportedShape[] = [];
    if (archive.has(item.labels)) {
      const context = { kind, names: config.names, byName, kptShape: config.kptShape, size };
      for (const line of yoloLines(await archive.text(item.labels), item.labels)) {
        shapes.push(ultralyticsShape(line, context));
      }
    }
    collector.add(frame, `Item "${item.id}"`, shapes, []);
  }
  return collector.finish();
}
