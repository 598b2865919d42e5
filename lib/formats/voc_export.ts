/**
 * "PASCAL VOC 1.1" export (formats.md §8): per frame `Annotations/<id>.xml` (rectangles only)
 * and, for frames with masks or ellipses, `SegmentationClass/<id>.png` and
 * `SegmentationObject/<id>.png`; then the `ImageSets` lists (`Main` every item, per-label
 * class lists when there are tags, `Segmentation` the segmented and the empty items, `Action`
 * and `Layout` the empty items, as Datumaro writes them) and `labelmap.txt`. Polygons,
 * polylines, points, skeletons and cuboids are not exported. Images go to `JPEGImages/`.
 *
 * @module
 */

import { imageEntries } from "./cvat_codecs.ts";
import { type FrameItem, frameItems } from "./items.ts";
import { labelLookup } from "./label_lookup.ts";
import { encodeIndexPng } from "./png_encode.ts";
import type { ExportInput } from "./types.ts";
import { labelMapText, vocExportLabelMap, type VocLabelMap } from "./voc_labelmap.ts";
import { type PaintedInstance, paintInstances, shapeIntervals } from "./voc_paint.ts";
import { vocColor } from "./voc_palette.ts";
import { vocAnnotationXml } from "./voc_xml_export.ts";
import type { ZipEntry } from "./zip_writer.ts";

const encoder = new TextEncoder();

/**
 * A text file entry.
 *
 * @example
 * ```ts
 * import { equal } from "node:assert/strict";
 * import { textEntry } from "./voc_export.ts";
 * equal(textEntry("a.txt", "x").name, "a.txt");
 * ```
 */
export function textEntry(name: string, text: string): ZipEntry {
  return { name, data: () => [encoder.encode(text)] };
}

/**
 * The file name Datumaro writes for a frame: its path, `.PNG` added to a video frame.
 *
 * @example
 * ```ts
 * import { equal } from "node:assert/strict";
 * import { vocFileName } from "./voc_export.ts";
 * equal(vocFileName("frame_000001"), "frame_000001.PNG");
 * equal(vocFileName("a/b.jpg"), "a/b.jpg");
 * ```
 */
export function vocFileName(name: string): string {
  return /\.[^/]+$/.test(name) ? name : `${name}.PNG`;
}

/**
 * The two segmentation PNG entries of a frame: class indices painted with the label map's
 * colours, instance indices with the VOC palette.
 *
 * @example
 * ```ts
 * import { deepEqual } from "node:assert/strict";
 * import { segmentationEntries } from "./voc_export.ts";
 * const map = { background: 0, labels: [] };
 * const entries = await segmentationEntries("a", [], map, 2, 2);
 * deepEqual(entries.map((e) => e.name), ["SegmentationClass/a.png", "SegmentationObject/a.png"]);
 * ```
 */
export async function segmentationEntries(
  id: string,
  instances: readonly PaintedInstance[],
  map: VocLabelMap,
  width: number,
  height: number,
): Promise<ZipEntry[]> {
  const images = paintInstances(instances, width, height, map.background);
  const classColor = (i: number) => map.labels[i]?.color ?? vocColor(i);
  const classPng = await encodeIndexPng(images.classes, width, height, classColor);
  const objectPng = await encodeIndexPng(images.instances, width, height, vocColor);
  return [
    { name: `SegmentationClass/${id}.png`, data: () => [classPng] },
    { name: `SegmentationObject/${id}.png`, data: () => [objectPng] },
  ];
}

/**
 * Whether Datumaro sees no annotation on a frame (cuboids are dropped before it looks).
 *
 * @example
 * ```ts
 * import { equal } from "node:assert/strict";
 * import { isEmptyItem } from "./voc_export.ts";
 * equal(isEmptyItem({ shapes: [], tags: [] }), true);
 * ```
 */
export function isEmptyItem(item: Pick<FrameItem, "shapes" | "tags">): boolean {
  return item.tags.length === 0 && item.shapes.every((shape) => shape.type === "cuboid");
}

function listText(ids: readonly string[]): string {
  return ids.map((id) => `${id}\n`).join("");
}

function quoted(id: string): string {
  return id.trim().split(/\s+/).length > 1 ? `"${id}"` : id;
}

interface Lists {
  all: string[];
  segmented: string[];
  empty: string[];
  tagged: { id: string; labels: Set<string> }[];
}

function* listEntries(lists: Lists, map: VocLabelMap): Generator<ZipEntry> {
  yield textEntry("ImageSets/Main/default.txt", listText(lists.all));
  if (lists.tagged.length) {
    for (const label of map.labels) {
      const lines = lists.tagged.map(({ id, labels }) =>
        `${id} ${labels.has(label.name) ? " 1" : "-1"}\n`
      );
      yield textEntry(`ImageSets/Main/${label.name}_default.txt`, lines.join(""));
    }
  }
  if (lists.segmented.length) {
    yield textEntry("ImageSets/Segmentation/default.txt", listText(lists.segmented));
  }
  if (lists.empty.length) {
    yield textEntry("ImageSets/Action/default.txt", listText(lists.empty));
    yield textEntry("ImageSets/Layout/default.txt", listText(lists.empty.map(quoted)));
  }
}

/**
 * The entries of a "PASCAL VOC 1.1" export, produced frame by frame.
 *
 * @example
 * ```ts
 * import { ok } from "node:assert/strict";
 * import { vocEntries } from "./voc_export.ts";
 * const task = { name: "t", mode: "annotation", labels: [{ id: 1, name: "car" }], size: 1,
 *   startFrame: 0, stopFrame: 0, frames: [{ name: "a.jpg", width: 2, height: 2 }] };
 * const names = [];
 * for await (const entry of vocEntries({ task, annotations: { version: 0, tags: [], shapes: [],
 *   tracks: [] } })) names.push(entry.name);
 * ok(names.includes("Annotations/a.xml") && names.includes("labelmap.txt"));
 * ```
 */
export async function* vocEntries(input: ExportInput): AsyncGenerator<ZipEntry> {
  const lookup = labelLookup(input.task.labels);
  const map = vocExportLabelMap(input.task);
  const classIndex = new Map(map.labels.map((label, i) => [label.name, i]));
  const lists: Lists = { all: [], segmented: [], empty: [], tagged: [] };
  yield textEntry("labelmap.txt", labelMapText(map));
  for (const item of frameItems(input.task, input.annotations)) {
    const instances: PaintedInstance[] = [];
    for (const shape of item.shapes) {
      if (shape.type !== "mask" && shape.type !== "ellipse") continue;
      const name = lookup.byId.get(shape.label_id)?.name ?? "";
      const intervals = shapeIntervals(shape, item.width, item.height) ?? [];
      instances.push({ intervals, classIndex: classIndex.get(name) ?? map.background });
    }
    const xml = vocAnnotationXml(item, vocFileName(item.name), lookup, instances.length > 0);
    yield textEntry(`Annotations/${item.id}.xml`, xml);
    if (instances.length) {
      yield* await segmentationEntries(item.id, instances, map, item.width, item.height);
    }
    lists.all.push(item.id);
    if (instances.length || isEmptyItem(item)) lists.segmented.push(item.id);
    if (isEmptyItem(item)) lists.empty.push(item.id);
    if (item.tags.length) {
      const names = item.tags.map((tag) => lookup.byId.get(tag.label_id)?.name ?? "");
      lists.tagged.push({ id: item.id, labels: new Set(names) });
    }
  }
  yield* listEntries(lists, map);
  yield* imageEntries(input, "JPEGImages");
}
