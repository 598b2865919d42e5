/**
 * "Segmentation mask 1.1" export (formats.md §9): per frame the area shapes (rectangles,
 * rotated ones as their corner polygon, polygons, masks, ellipses) become masks, the members
 * of a group are merged into one instance (the largest member gives label and z_order), and
 * instances are painted by z_order into `SegmentationClass/<id>.png` (label colours) and
 * `SegmentationObject/<id>.png` (VOC palette); `ImageSets/Segmentation/default.txt` lists the
 * segmented and the empty frames; `labelmap.txt` holds the label colours sorted by name.
 * Polylines, points, skeletons, cuboids, tags and attributes are dropped.
 *
 * The instance order reproduces Datumaro's transforms: rotated boxes move behind the other
 * shapes, ungrouped shapes come before groups (groups by ascending id), then a stable sort by
 * z_order.
 *
 * @module
 */

import { type Intervals, intervalsArea, unionIntervals } from "./coco_rle.ts";
import { imageEntries } from "./cvat_codecs.ts";
import { type FrameItem, frameItems, type ItemShape } from "./items.ts";
import { type LabelLookup, labelLookup } from "./label_lookup.ts";
import type { LabeledData } from "../core/wire_types.ts";
import type { ExportInput, FormatTask } from "./types.ts";
import { isEmptyItem, segmentationEntries, textEntry } from "./voc_export.ts";
import { labelMapText, maskExportLabelMap, type VocLabelMap } from "./voc_labelmap.ts";
import { type PaintedInstance, shapeIntervals } from "./voc_paint.ts";
import type { ZipEntry } from "./zip_writer.ts";

interface Area {
  shape: ItemShape;
  intervals: Intervals;
}

interface Instance {
  label_id: number;
  z_order: number;
  intervals: Intervals;
}

function areas(item: FrameItem): Area[] {
  const out: Area[] = [];
  const rotated: Area[] = [];
  for (const shape of item.shapes) {
    const intervals = shapeIntervals(shape, item.width, item.height);
    if (!intervals) continue;
    if (shape.type === "rectangle" && shape.rotation) rotated.push({ shape, intervals });
    else out.push({ shape, intervals });
  }
  return out.concat(rotated);
}

function merge(members: Area[]): Instance {
  if (members.length === 1) {
    const [{ shape, intervals }] = members;
    return { label_id: shape.label_id, z_order: shape.z_order, intervals };
  }
  let leader = members[0];
  let best = intervalsArea(leader.intervals);
  for (const member of members.slice(1)) {
    const area = intervalsArea(member.intervals);
    if (area > best) [leader, best] = [member, area];
  }
  return {
    label_id: leader.shape.label_id,
    z_order: leader.shape.z_order,
    intervals: unionIntervals(members.map((member) => member.intervals)),
  };
}

/**
 * A frame's instances in painting order: groups merged, sorted as Datumaro sorts them.
 *
 * @example
 * ```ts
 * import { deepEqual } from "node:assert/strict";
 * import { frameInstances } from "./segmentation_mask_export.ts";
 * const box = (group: number, z_order: number, x: number) => ({ type: "rectangle" as const,
 *   label_id: 1, group, source: "manual", occluded: false, outside: false, z_order,
 *   rotation: 0, points: [x, 0, x + 1, 1], attributes: [], elements: [] });
 * const item = { frame: 0, absoluteFrame: 0, name: "a.png", id: "a", width: 4, height: 1,
 *   tags: [], shapes: [box(1, 0, 0), box(0, 0, 1), box(1, 0, 2)] };
 * const instances = frameInstances(item);
 * deepEqual(instances.map((i) => i.intervals), [[1, 2], [0, 1, 2, 3]]);
 * ```
 */
export function frameInstances(item: FrameItem): Instance[] {
  const all = areas(item);
  const single = all.filter((area) => !area.shape.group);
  const groups = new Map<number, Area[]>();
  for (const area of all) {
    if (area.shape.group) {
      groups.set(area.shape.group, [...groups.get(area.shape.group) ?? [], area]);
    }
  }
  const merged = [...groups.keys()].sort((a, b) => a - b).map((id) => merge(groups.get(id)!));
  const instances = single.map((area) => merge([area])).concat(merged);
  return instances.map((instance, i) => ({ instance, i }))
    .sort((a, b) => a.instance.z_order - b.instance.z_order || a.i - b.i)
    .map(({ instance }) => instance);
}

function painted(
  instances: Instance[],
  lookup: LabelLookup,
  index: Map<string, number>,
  background: number,
) {
  return instances.map((instance): PaintedInstance => ({
    intervals: instance.intervals,
    classIndex: index.get(lookup.byId.get(instance.label_id)?.name ?? "") ?? background,
  }));
}

/**
 * The segmentation PNG entries of one task's frames (the task's `labels` give the names, `map`
 * the classes), adding the segmented and the empty items to `listed`.
 *
 * @example
 * ```ts
 * import { deepEqual } from "node:assert/strict";
 * import { maskFrameEntries } from "./segmentation_mask_export.ts";
 * import { maskExportLabelMap } from "./voc_labelmap.ts";
 * const task = { name: "t", mode: "annotation", labels: [{ id: 1, name: "car" }], size: 1,
 *   startFrame: 0, stopFrame: 0, frames: [{ name: "a.jpg", width: 2, height: 2 }] };
 * const listed: string[] = [];
 * for await (const _ of maskFrameEntries(task, { tags: [], shapes: [], tracks: [] },
 *   maskExportLabelMap(task), listed));
 * deepEqual(listed, ["a"]);
 * ```
 */
export async function* maskFrameEntries(
  task: FormatTask,
  annotations: LabeledData,
  map: VocLabelMap,
  listed: string[],
): AsyncGenerator<ZipEntry> {
  const lookup = labelLookup(task.labels);
  const index = new Map(map.labels.map((label, i) => [label.name, i]));
  for (const item of frameItems(task, annotations)) {
    const instances = frameInstances(item);
    if (instances.length) {
      const paint = painted(instances, lookup, index, map.background);
      yield* await segmentationEntries(item.id, paint, map, item.width, item.height);
    }
    if (instances.length || isEmptyItem(item)) listed.push(item.id);
  }
}

/**
 * The entries of a "Segmentation mask 1.1" export, produced frame by frame.
 *
 * @example
 * ```ts
 * import { deepEqual } from "node:assert/strict";
 * import { segmentationMaskEntries } from "./segmentation_mask_export.ts";
 * const task = { name: "t", mode: "annotation", labels: [{ id: 1, name: "car" }], size: 1,
 *   startFrame: 0, stopFrame: 0, frames: [{ name: "a.jpg", width: 2, height: 2 }] };
 * const names = [];
 * for await (const entry of segmentationMaskEntries({ task, annotations: { version: 0,
 *   tags: [], shapes: [], tracks: [] } })) names.push(entry.name);
 * deepEqual(names, ["labelmap.txt", "ImageSets/Segmentation/default.txt"]);
 * ```
 */
export async function* segmentationMaskEntries(input: ExportInput): AsyncGenerator<ZipEntry> {
  const map = maskExportLabelMap(input.task);
  const listed: string[] = [];
  yield textEntry("labelmap.txt", labelMapText(map));
  yield* maskFrameEntries(input.task, input.annotations, map, listed);
  if (listed.length) {
    yield textEntry("ImageSets/Segmentation/default.txt", listed.map((id) => `${id}\n`).join(""));
  }
  yield* imageEntries(input, "JPEGImages");
}
