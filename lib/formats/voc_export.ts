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
import type { LabeledData } from "../core/wire_types.ts";
import type { ExportInput, FormatTask } from "./types.ts";
import { labelMapText, vocExportLabelMap, type VocLabelMap } from "./voc_labelmap.ts";
import { type PaintedInstance, paintInstances, shapeIntervals } from "./voc_paint.ts";
import { vocColor } from "./voc_palette.ts";
import { vocAnnotationXmlParts } from "./voc_xml_export.ts";
import { textChunker } from "./xml_text.ts";
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

/** Encodes parts as they come (each part's pieces die young), in ~64 KiB chunks. */
function* encodedParts(parts: Iterable<string>): Generator<Uint8Array> {
  const chunker = textChunker();
  for (const part of parts) {
    const chunk = chunker.push(part);
    if (chunk) yield chunk;
  }
  const last = chunker.flush();
  if (last) yield last;
}

function listText(ids: readonly string[]): string {
  return ids.map((id) => `${id}\n`).join("");
}

function quoted(id: string): string {
  return id.trim().split(/\s+/).length > 1 ? `"${id}"` : id;
}

/** The item ids of one subset's `ImageSets` lists, collected frame by frame. */
export interface VocLists {
  all: string[];
  segmented: string[];
  empty: string[];
  tagged: { id: string; labels: Set<string> }[];
}

/**
 * Empty lists for a subset.
 *
 * @example
 * ```ts
 * import { deepEqual } from "node:assert/strict";
 * import { vocLists } from "./voc_export.ts";
 * deepEqual(vocLists().all, []);
 * ```
 */
export function vocLists(): VocLists {
  return { all: [], segmented: [], empty: [], tagged: [] };
}

/**
 * The `ImageSets` entries of one subset.
 *
 * @example
 * ```ts
 * import { deepEqual } from "node:assert/strict";
 * import { vocListEntries, vocLists } from "./voc_export.ts";
 * const lists = { ...vocLists(), all: ["a"] };
 * const map = { background: 0, labels: [] };
 * deepEqual([...vocListEntries(lists, map, "val")].map((e) => e.name), ["ImageSets/Main/val.txt"]);
 * ```
 */
export function* vocListEntries(
  lists: VocLists,
  map: VocLabelMap,
  subset = "default",
): Generator<ZipEntry> {
  yield textEntry(`ImageSets/Main/${subset}.txt`, listText(lists.all));
  if (lists.tagged.length) {
    for (const label of map.labels) {
      const lines = lists.tagged.map(({ id, labels }) =>
        `${id} ${labels.has(label.name) ? " 1" : "-1"}\n`
      );
      yield textEntry(`ImageSets/Main/${label.name}_${subset}.txt`, lines.join(""));
    }
  }
  if (lists.segmented.length) {
    yield textEntry(`ImageSets/Segmentation/${subset}.txt`, listText(lists.segmented));
  }
  if (lists.empty.length) {
    yield textEntry(`ImageSets/Action/${subset}.txt`, listText(lists.empty));
    yield textEntry(`ImageSets/Layout/${subset}.txt`, listText(lists.empty.map(quoted)));
  }
}

/**
 * The `Annotations/` and segmentation entries of one task's frames (the task's `labels` give
 * the names, `map` the classes), adding its items to `lists`.
 *
 * @example
 * ```ts
 * import { deepEqual } from "node:assert/strict";
 * import { vocFrameEntries, vocLists } from "./voc_export.ts";
 * import { vocExportLabelMap } from "./voc_labelmap.ts";
 * const task = { name: "t", mode: "annotation", labels: [{ id: 1, name: "car" }], size: 1,
 *   startFrame: 0, stopFrame: 0, frames: [{ name: "a.jpg", width: 2, height: 2 }] };
 * const lists = vocLists();
 * const names = [];
 * for await (const entry of vocFrameEntries(task, { tags: [], shapes: [], tracks: [] },
 *   vocExportLabelMap(task), lists)) names.push(entry.name);
 * deepEqual([names, lists.all], [["Annotations/a.xml"], ["a"]]);
 * ```
 */
export async function* vocFrameEntries(
  task: FormatTask,
  annotations: LabeledData,
  map: VocLabelMap,
  lists: VocLists,
): AsyncGenerator<ZipEntry> {
  const lookup = labelLookup(task.labels);
  const classIndex = new Map(map.labels.map((label, i) => [label.name, i]));
  for (const item of frameItems(task, annotations)) {
    const instances: PaintedInstance[] = [];
    for (const shape of item.shapes) {
      if (shape.type !== "mask" && shape.type !== "ellipse") continue;
      const name = lookup.byId.get(shape.label_id)?.name ?? "";
      const intervals = shapeIntervals(shape, item.width, item.height) ?? [];
      instances.push({ intervals, classIndex: classIndex.get(name) ?? map.background });
    }
    const parts = vocAnnotationXmlParts(item, vocFileName(item.name), lookup, instances.length > 0);
    yield { name: `Annotations/${item.id}.xml`, data: () => encodedParts(parts) };
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
  const map = vocExportLabelMap(input.task);
  const lists = vocLists();
  yield textEntry("labelmap.txt", labelMapText(map));
  yield* vocFrameEntries(input.task, input.annotations, map, lists);
  yield* vocListEntries(lists, map);
  yield* imageEntries(input, "JPEGImages");
}
