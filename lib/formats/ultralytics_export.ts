/**
 * The Ultralytics YOLO exports (formats.md §7.3): `data.yaml`, `train.txt` listing
 * `images/train/<media name>` (without Datumaro's old `data/` prefix, as CVAT's documentation
 * shows it), `labels/train/<item id>.txt` for every frame with at least one line (lines per
 * ultralytics_lines.ts), and `images/train/<media name>` when images are given.
 *
 * @module
 */

import { labelLookup } from "./label_lookup.ts";
import type { ExportInput } from "./types.ts";
import { ultralyticsClasses, type UltralyticsKind, ultralyticsLines } from "./ultralytics_lines.ts";
import { dataYaml } from "./ultralytics_yaml.ts";
import { subsetEntries } from "./yolo_frames.ts";
import type { ZipEntry } from "./zip_writer.ts";

const encoder = new TextEncoder();

/**
 * The entries of an Ultralytics export of `kind` (one subset, "train").
 *
 * @example
 * ```ts
 * import { deepEqual } from "node:assert/strict";
 * import { ultralyticsEntries } from "./ultralytics_export.ts";
 * const task = { name: "t", mode: "annotation", size: 2, startFrame: 0, stopFrame: 1,
 *   labels: [{ id: 1, name: "car" }], frames: [{ name: "a.jpg", width: 4, height: 4 },
 *   { name: "b.jpg", width: 4, height: 4 }] };
 * const box = { type: "rectangle" as const, frame: 1, label_id: 1, group: 0, source: "manual",
 *   occluded: false, outside: false, z_order: 0, rotation: 0, points: [0, 0, 2, 2],
 *   attributes: [] };
 * const names = [];
 * const input = { task, annotations: { tags: [], shapes: [box], tracks: [] } };
 * for await (const entry of ultralyticsEntries("detection", input)) names.push(entry.name);
 * deepEqual(names, ["data.yaml", "labels/train/b.txt", "train.txt"]);
 * ```
 */
export async function* ultralyticsEntries(
  kind: UltralyticsKind,
  input: ExportInput,
): AsyncGenerator<ZipEntry> {
  const classes = ultralyticsClasses(kind, labelLookup(input.task.labels));
  const yaml = dataYaml(classes.names, { train: "train.txt" }, classes.keypoints);
  yield { name: "data.yaml", data: () => [encoder.encode(yaml)] };
  yield* subsetEntries(input, {
    labelPath: (id) => `labels/train/${id}.txt`,
    imagePath: (name) => `images/train/${name}`,
    listPath: "train.txt",
    listLine: (name) => `images/train/${name}`,
    lines: (item) => ultralyticsLines(kind, item, classes),
    writeEmpty: false,
  });
}
