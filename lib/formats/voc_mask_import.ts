/**
 * VOC segmentation PNGs to polygons (formats.md §8, §9), as CVAT's import with its default
 * mask-to-polygon conversion does: class colours map back to label-map indices and instance
 * colours to VOC palette indices (greyscale PNGs hold the indices themselves); each instance
 * of `SegmentationObject` becomes a mask labelled with its class (the highest class index
 * under it, as Datumaro picks it), and without an instance image each class but the
 * background becomes one mask. Every mask becomes the outlines of its regions; the regions of
 * one mask share a group (its instance id).
 *
 * @module
 */

import { DataError } from "../core/errors.ts";
import { type FlatPolygon, maskToPolygons } from "./mask_contours.ts";
import type { DecodedPng } from "./png_decode.ts";
import type { VocLabelMap } from "./voc_labelmap.ts";
import { packRgb, vocColor } from "./voc_palette.ts";

/** One mask read back: its label-map index, group and outlines. */
export interface MaskRegion {
  classIndex: number;
  /** The instance id (0 for class-only masks). */
  group: number;
  polygons: FlatPolygon[];
}

const INSTANCE_COLORS = new Map(
  Array.from({ length: 256 }, (_, i) => [packRgb(vocColor(i)), i] as [number, number]),
);

function indices(image: DecodedPng, inverse: Map<number, number>, what: string): Uint32Array {
  if (image.gray) return image.values;
  const out = new Uint32Array(image.values.length);
  image.values.forEach((color, i) => {
    const index = inverse.get(color);
    if (index === undefined) {
      const rgb = [color >> 16, (color >> 8) & 255, color & 255].join(", ");
      throw new DataError(`${what}: the colour (${rgb}) is not in the label map`);
    }
    out[i] = index;
  });
  return out;
}

interface Extent {
  left: number;
  top: number;
  right: number;
  bottom: number;
  classIndex: number;
}

function extents(values: Uint32Array, width: number, skip: number, classes?: Uint32Array) {
  const out = new Map<number, Extent>();
  values.forEach((id, i) => {
    if (id === skip) return;
    const [x, y] = [i % width, Math.floor(i / width)];
    const extent = out.get(id);
    const classIndex = classes ? classes[i] : id;
    if (!extent) out.set(id, { left: x, top: y, right: x, bottom: y, classIndex });
    else {
      extent.left = Math.min(extent.left, x);
      extent.right = Math.max(extent.right, x);
      extent.bottom = y;
      extent.classIndex = Math.max(extent.classIndex, classIndex);
    }
  });
  return out;
}

function outlines(values: Uint32Array, width: number, id: number, e: Extent): FlatPolygon[] {
  const w = e.right - e.left + 1;
  const h = e.bottom - e.top + 1;
  const bits = new Uint8Array(w * h);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      if (values[(e.top + y) * width + e.left + x] === id) bits[y * w + x] = 1;
    }
  }
  return maskToPolygons(bits, w, h, { left: e.left, top: e.top });
}

/**
 * The masks of one item from its decoded class and/or instance PNG (`what` names the item).
 *
 * @throws {DataError} For a colour outside the label map or palette, images of different
 *   sizes, an instance without a class image, or a class index past the label map.
 * @example
 * ```ts
 * import { deepEqual } from "node:assert/strict";
 * import { maskRegions } from "./voc_mask_import.ts";
 * import { parseLabelMap } from "./voc_labelmap.ts";
 * const map = parseLabelMap("background:0,0,0::\ncar:128,0,0::\n", "labelmap.txt");
 * const classes = { width: 2, height: 1, gray: false, values: new Uint32Array([0x800000, 0]) };
 * deepEqual(maskRegions(classes, undefined, map, "a"), [
 *   { classIndex: 1, group: 0, polygons: [[0, 0, 1, 0, 1, 1, 0, 1]] },
 * ]);
 * ```
 */
export function maskRegions(
  classImage: DecodedPng | undefined,
  objectImage: DecodedPng | undefined,
  map: VocLabelMap,
  what: string,
): MaskRegion[] {
  const inverse = new Map<number, number>();
  map.labels.forEach((label, i) => label.color && inverse.set(packRgb(label.color), i));
  const classes = classImage && indices(classImage, inverse, `${what}: class mask`);
  const width = (objectImage ?? classImage)?.width ?? 0;
  if (classImage && objectImage) {
    if (classImage.width !== objectImage.width || classImage.height !== objectImage.height) {
      throw new DataError(`${what}: the class and instance masks differ in size`);
    }
  }
  const check = (index: number) => {
    if (index >= map.labels.length) {
      throw new DataError(`${what}: a mask has an unexpected class number ${index}`);
    }
    return index;
  };
  if (objectImage) {
    const ids = indices(objectImage, INSTANCE_COLORS, `${what}: instance mask`);
    if (!classes) throw new DataError(`${what}: an instance mask without a class mask`);
    return [...extents(ids, width, 0, classes)].sort(([a], [b]) => a - b).map(([id, e]) => ({
      classIndex: check(e.classIndex),
      group: id,
      polygons: outlines(ids, width, id, e),
    }));
  }
  if (!classes) return [];
  return [...extents(classes, width, map.background)].sort(([a], [b]) => a - b)
    .map(([index, e]) => ({
      classIndex: check(index),
      group: 0,
      polygons: outlines(classes, width, index, e),
    }));
}
