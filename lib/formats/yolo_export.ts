/**
 * "YOLO 1.1" export (Darknet layout, formats.md §7.1): `obj.data`, `obj.names` (every label in
 * category order, skeleton sublabels included), `train.txt` listing
 * `data/obj_train_data/<media name>`, and one `obj_train_data/<item id>.txt` per frame (empty
 * when it has no box), with the images beside them when given. Each rectangle is a line
 * `<class> <cx> <cy> <w> <h>` normalised by the image size with `%.6f`; the class is the label's
 * index in `obj.names`. Other shapes, attributes and tags are dropped; so are rotated boxes (as
 * CVAT does since 2.17; 2.15 wrote their unrotated extent). Values outside [0, 1] are kept.
 *
 * @module
 */

import type { FrameItem, ItemShape } from "./items.ts";
import { type LabelLookup, labelLookup } from "./label_lookup.ts";
import type { ExportInput } from "./types.ts";
import { fixed6 } from "./yolo_fixed.ts";
import { subsetEntries, type SubsetLayout } from "./yolo_frames.ts";
import type { ZipEntry } from "./zip_writer.ts";

const encoder = new TextEncoder();

/**
 * Whether a rectangle's rotation counts as none (CVAT skips boxes rotated by more than 1e-5°).
 *
 * @example
 * ```ts
 * import { ok } from "node:assert/strict";
 * import { isUnrotated } from "./yolo_export.ts";
 * ok(isUnrotated(360) && isUnrotated(0) && !isUnrotated(15));
 * ```
 */
export function isUnrotated(rotation: number): boolean {
  const turn = ((rotation % 360) + 360) % 360;
  return turn <= 0.00001 || 360 - turn <= 0.00001;
}

/**
 * The normalised `cx cy w h` of the box `[x1, y1, x2, y2]` on a `width` × `height` image.
 *
 * @example
 * ```ts
 * import { equal } from "node:assert/strict";
 * import { yoloBox } from "./yolo_export.ts";
 * equal(yoloBox([10, 10, 50, 40], 100, 80), "0.300000 0.312500 0.400000 0.375000");
 * ```
 */
export function yoloBox(points: readonly number[], width: number, height: number): string {
  const [x1, y1, x2, y2] = points;
  return [(x1 + x2) / 2 / width, (y1 + y2) / 2 / height, (x2 - x1) / width, (y2 - y1) / height]
    .map(fixed6).join(" ");
}

/**
 * The class index of every label id: its position among all labels (sublabels included).
 *
 * @example
 * ```ts
 * import { equal } from "node:assert/strict";
 * import { darknetClasses } from "./yolo_export.ts";
 * import { labelLookup } from "./label_lookup.ts";
 * equal(darknetClasses(labelLookup([{ id: 5, name: "a" }, { id: 2, name: "b" }])).get(2), 1);
 * ```
 */
export function darknetClasses(lookup: LabelLookup): Map<number, number> {
  return new Map(lookup.ordered.map((label, i) => [label.id, i]));
}

/**
 * The label lines of one frame.
 *
 * @example
 * ```ts
 * import { deepEqual } from "node:assert/strict";
 * import { darknetLines } from "./yolo_export.ts";
 * const box = { type: "rectangle" as const, label_id: 1, rotation: 0, points: [0, 0, 5, 5] };
 * const item = { width: 10, height: 10, shapes: [box, { ...box, rotation: 9 }] };
 * deepEqual(darknetLines(item as never, new Map([[1, 3]])),
 *   ["3 0.250000 0.250000 0.500000 0.500000"]);
 * ```
 */
export function darknetLines(item: FrameItem, classes: Map<number, number>): string[] {
  const lines: string[] = [];
  for (const shape of item.shapes as ItemShape[]) {
    const cls = classes.get(shape.label_id);
    if (shape.type !== "rectangle" || cls === undefined || !isUnrotated(shape.rotation)) continue;
    lines.push(`${cls} ${yoloBox(shape.points, item.width, item.height)}`);
  }
  return lines;
}

/**
 * The entries of a "YOLO 1.1" export (subset "train").
 *
 * @example
 * ```ts
 * import { deepEqual } from "node:assert/strict";
 * import { darknetEntries } from "./yolo_export.ts";
 * const task = { name: "t", mode: "annotation", size: 1, startFrame: 0, stopFrame: 0,
 *   labels: [{ id: 1, name: "car" }], frames: [{ name: "a.jpg", width: 4, height: 4 }] };
 * const names = [];
 * for await (const entry of darknetEntries({ task, annotations: { tags: [], shapes: [],
 *   tracks: [] } })) names.push(entry.name);
 * deepEqual(names, ["obj.data", "obj.names", "obj_train_data/a.txt", "train.txt"]);
 * ```
 */
export async function* darknetEntries(input: ExportInput): AsyncGenerator<ZipEntry> {
  const lookup = labelLookup(input.task.labels);
  const names = lookup.ordered.map((label) => label.name + "\n").join("");
  const data = `classes = ${lookup.ordered.length}\ntrain = data/train.txt\n` +
    "names = data/obj.names\nbackup = backup/\n";
  yield { name: "obj.data", data: () => [encoder.encode(data)] };
  yield { name: "obj.names", data: () => [encoder.encode(names)] };
  const classes = darknetClasses(lookup);
  const layout: SubsetLayout = {
    labelPath: (id) => `obj_train_data/${id}.txt`,
    imagePath: (name) => `obj_train_data/${name}`,
    listPath: "train.txt",
    listLine: (name) => `data/obj_train_data/${name}`,
    lines: (item) => darknetLines(item, classes),
    writeEmpty: true,
  };
  yield* subsetEntries(input, layout);
}
