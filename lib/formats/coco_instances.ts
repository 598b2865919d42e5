/**
 * COCO instances of one frame (formats.md §6.2): rectangles, polygons, masks and ellipses (as
 * masks) become instances; shapes sharing a non-zero group form one instance (ungrouped shapes
 * first, then groups by id). The leader is the member with the largest area (its label and
 * attributes win), `bbox` is the union box of the members (not clipped), rounded to 2 decimals.
 * The instance is RLE (`iscrowd: 1`, uncompressed, whole image, column-major) when the
 * leader's `is_crowd` attribute is boolean true or, without such an attribute, when a member
 * mask has the leader's label; otherwise its polygons are listed and `area` is the pixel
 * count of their union as pycocotools rasterises it (clipped to the image). A box-only
 * instance has `segmentation: []` and `area = w * h`.
 *
 * Deliberate difference: CVAT turns the masks of a polygon-mode instance into polygons by
 * contour tracing; here such an instance is written as RLE (with its polygons merged in).
 *
 * @module
 */

import { maskArea, maskBox } from "../core/mask.ts";
import { cvatMaskIntervals } from "./coco_mask.ts";
import { type Intervals, intervalsArea, intervalsToCounts, unionIntervals } from "./coco_rle.ts";
import { ellipseMask } from "./ellipse_mask.ts";
import { typedAttributes, type TypedValue } from "./item_attributes.ts";
import type { FrameItem, ItemShape } from "./items.ts";
import type { LabelLookup } from "./label_lookup.ts";
import { polygonIntervals } from "./polygon_raster.ts";

/** An instance ready to be written (without ids). */
export interface CocoInstance {
  leader: ItemShape;
  segmentation: number[][] | { counts: number[]; size: [number, number] };
  area: number;
  bbox: number[];
  iscrowd: 0 | 1;
}

interface Member {
  shape: ItemShape;
  /** [x0, y0, x1, y1] */
  box: number[];
  area: number;
}

const round2 = (value: number) => Math.round(value * 100) / 100;

function extent(points: readonly number[]): number[] {
  let [x0, y0, x1, y1] = [Infinity, Infinity, -Infinity, -Infinity];
  for (let i = 0; i + 1 < points.length; i += 2) {
    x0 = Math.min(x0, points[i]);
    x1 = Math.max(x1, points[i]);
    y0 = Math.min(y0, points[i + 1]);
    y1 = Math.max(y1, points[i + 1]);
  }
  return [x0, y0, x1, y1];
}

function member(shape: ItemShape, item: FrameItem): Member | null {
  if (shape.type === "ellipse") {
    const points = ellipseMask(shape.points, shape.rotation, item.width, item.height);
    if (points.length < 6) return null;
    return member({ ...shape, type: "mask", points }, item);
  }
  if (shape.type === "mask") {
    const box = maskBox(shape.points);
    if (maskArea(shape.points) === 0) return null;
    return { shape, box: [box.left, box.top, box.right + 1, box.bottom + 1], area: 0 };
  }
  if (shape.type !== "rectangle" && shape.type !== "polygon") return null;
  const box = extent(shape.points);
  return { shape, box, area: 0 };
}

function memberArea(m: Member): number {
  const { shape, box } = m;
  if (shape.type === "mask") return maskArea(shape.points);
  if (shape.type === "rectangle") return (box[2] - box[0]) * (box[3] - box[1]);
  const width = Math.max(Math.trunc(box[2]), 0);
  const height = Math.max(Math.trunc(box[3]), 0);
  return intervalsArea(polygonIntervals(shape.points, width, height));
}

/** Ungrouped members one by one, then each group (ascending group id). */
function groupsOf(members: Member[]): Member[][] {
  const sorted = members.slice().sort((a, b) => a.shape.group - b.shape.group);
  const out: Member[][] = [];
  const byGroup = new Map<number, Member[]>();
  for (const m of sorted) {
    if (!m.shape.group) out.push([m]);
    else if (byGroup.has(m.shape.group)) byGroup.get(m.shape.group)!.push(m);
    else {
      const list = [m];
      byGroup.set(m.shape.group, list);
      out.push(list);
    }
  }
  return out;
}

function useMasks(leader: ItemShape, group: Member[], attrs: Record<string, TypedValue>) {
  if ("is_crowd" in attrs) return attrs.is_crowd === true;
  return group.some((m) => m.shape.type === "mask" && m.shape.label_id === leader.label_id);
}

function instance(group: Member[], item: FrameItem, lookup: LabelLookup): CocoInstance {
  for (const m of group) if (group.length > 1) m.area = memberArea(m);
  let leader = group[0];
  for (const m of group) if (m.area > leader.area) leader = m;
  const box = [Infinity, Infinity, -Infinity, -Infinity];
  for (const m of group) {
    box[0] = Math.min(box[0], m.box[0]);
    box[1] = Math.min(box[1], m.box[1]);
    box[2] = Math.max(box[2], m.box[2]);
    box[3] = Math.max(box[3], m.box[3]);
  }
  const bbox = [box[0], box[1], box[2] - box[0], box[3] - box[1]].map(round2);
  const width = item.width || Math.trunc(box[2]);
  const height = item.height || Math.trunc(box[3]);
  const polygons = group.filter((m) => m.shape.type === "polygon").map((m) => m.shape.points);
  const masks = group.filter((m) => m.shape.type === "mask");
  const label = lookup.byId.get(leader.shape.label_id);
  const attrs = label ? typedAttributes(label, leader.shape.attributes) : {};
  const base = { leader: leader.shape, bbox };
  if (useMasks(leader.shape, group, attrs) || masks.length) {
    const parts: Intervals[] = polygons.map((p) => polygonIntervals(p, width, height));
    for (const m of masks) parts.push(cvatMaskIntervals(m.shape.points, width, height));
    const merged = unionIntervals(parts.length ? parts : [[]]);
    const counts = intervalsToCounts(merged, width * height);
    const segmentation = { counts, size: [height, width] as [number, number] };
    return { ...base, segmentation, area: intervalsArea(merged), iscrowd: 1 };
  }
  if (polygons.length === 0) {
    return { ...base, segmentation: [], area: bbox[2] * bbox[3], iscrowd: 0 };
  }
  const area = intervalsArea(
    unionIntervals(polygons.map((p) => polygonIntervals(p, width, height))),
  );
  return { ...base, segmentation: polygons.map((p) => p.slice()), area, iscrowd: 0 };
}

/**
 * The COCO instances of a frame, in COCO order.
 *
 * @example
 * ```ts
 * import { deepEqual, equal } from "node:assert/strict";
 * import { cocoInstances } from "./coco_instances.ts";
 * import { labelLookup } from "./label_lookup.ts";
 * const box = { type: "rectangle" as const, label_id: 1, group: 0, source: "manual",
 *   occluded: false, outside: false, z_order: 0, rotation: 0, points: [90, 10, 120, 20],
 *   attributes: [], elements: [] };
 * const poly = { ...box, type: "polygon" as const, points: [90, 10, 120, 10, 120, 20, 90, 20] };
 * const item = { frame: 0, absoluteFrame: 0, name: "a.jpg", id: "a", width: 100, height: 50,
 *   shapes: [box, poly], tags: [] };
 * const [a, b] = cocoInstances(item, labelLookup([{ id: 1, name: "car" }]));
 * deepEqual([a.bbox, a.area, a.segmentation], [[90, 10, 30, 10], 300, []]);
 * equal(b.area, 100); // clipped at x = 100
 * ```
 */
export function cocoInstances(item: FrameItem, lookup: LabelLookup): CocoInstance[] {
  const members: Member[] = [];
  for (const shape of item.shapes) {
    const m = member(shape, item);
    if (m) members.push(m);
  }
  return groupsOf(members).map((group) => instance(group, item, lookup));
}
