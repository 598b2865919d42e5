/**
 * The LabelMe objects of one frame (formats.md §12): rectangles (their unrotated box),
 * polygons, and masks and ellipses as masks clipped to the image (an empty one is dropped);
 * other shapes and tags are not exported. Objects are numbered 0..n in z_order; each keeps its
 * label name, occluded flag, group and typed attributes (the built-ins `rotation`, `track_id`,
 * `keyframe` included, `occluded` and `username` taken out). Mask PNGs are full-image RGB
 * images, (255, 203, 0) on black.
 *
 * Deliberate difference: Datumaro paints the mask as RGBA, (255, 203, 0, 153) on a transparent
 * background; we write the same colours without the alpha channel (any non-zero channel is
 * what LabelMe readers, Datumaro's included, take as the mask).
 *
 * @module
 */

import { cropMask, rleToMask } from "../core/mask.ts";
import { ellipseMask } from "./ellipse_mask.ts";
import { typedAttributes, type TypedValue } from "./item_attributes.ts";
import type { FrameItem, ItemShape } from "./items.ts";
import type { LabelLookup } from "./label_lookup.ts";
import { encodeIndexPng } from "./png_encode.ts";

/** One object of a LabelMe file. */
export interface LabelMeObject {
  /** The object's number in its file (0..n). */
  id: number;
  /** The label name. */
  name: string;
  /** Written as `occluded yes|no`. */
  occluded: boolean;
  /** The shape's group (0: none). */
  group: number;
  /** What geometry is written. */
  kind: "box" | "polygon" | "mask";
  /** Box: x1, y1, x2, y2; polygon: x, y pairs; mask: CVAT mask points clipped to the image. */
  points: number[];
  /** The `username` attribute's value, if the label has one. */
  username: string;
  /** The other attributes, typed. */
  attributes: Record<string, TypedValue>;
}

function geometry(
  shape: ItemShape,
  item: FrameItem,
): Pick<LabelMeObject, "kind" | "points"> | null {
  const frame = { width: item.width, height: item.height };
  switch (shape.type) {
    case "rectangle":
      return { kind: "box", points: shape.points };
    case "polygon":
      return { kind: "polygon", points: shape.points };
    case "mask":
    case "ellipse": {
      const mask = shape.type === "mask"
        ? cropMask(shape.points, frame)
        : ellipseMask(shape.points, shape.rotation, item.width, item.height);
      return mask.length < 6 ? null : { kind: "mask", points: mask };
    }
    default:
      return null;
  }
}

/**
 * The frame's LabelMe objects.
 *
 * @example
 * ```ts
 * import { deepEqual } from "node:assert/strict";
 * import { labelMeObjects } from "./labelme_objects.ts";
 * import { labelLookup } from "./label_lookup.ts";
 * const box = { type: "rectangle" as const, label_id: 1, group: 0, source: "manual",
 *   occluded: true, outside: false, z_order: 0, rotation: 0, points: [1, 2, 3, 4],
 *   attributes: [], elements: [] };
 * const item = { frame: 0, absoluteFrame: 0, name: "a.jpg", id: "a", width: 9, height: 9,
 *   shapes: [box, { ...box, type: "points" as const }], tags: [] };
 * const [object, ...rest] = labelMeObjects(item, labelLookup([{ id: 1, name: "car" }]));
 * deepEqual([object.name, object.kind, object.occluded, object.attributes, rest.length],
 *   ["car", "box", true, { rotation: 0 }, 0]);
 * ```
 */
export function labelMeObjects(item: FrameItem, lookup: LabelLookup): LabelMeObject[] {
  const out: LabelMeObject[] = [];
  for (const shape of item.shapes) {
    const shaped = geometry(shape, item);
    if (!shaped) continue;
    const label = lookup.byId.get(shape.label_id);
    const attributes = label ? typedAttributes(label, shape.attributes, shape) : {};
    const username = attributes.username;
    delete attributes.occluded;
    delete attributes.username;
    out.push({
      id: out.length,
      name: label?.name ?? "",
      occluded: shape.occluded,
      group: shape.group,
      ...shaped,
      username: username === undefined ? "" : String(username),
      attributes,
    });
  }
  return out;
}

/**
 * The full-image PNG of a clipped CVAT mask.
 *
 * @example
 * ```ts
 * import { equal } from "node:assert/strict";
 * import { labelMeMaskPng } from "./labelme_objects.ts";
 * import { decodePng } from "./png_decode.ts";
 * const png = await labelMeMaskPng([0, 1, 1, 1, 1, 1], 3, 2);
 * const image = await decodePng(png, "m.png");
 * equal(image.values[4], 0xffcb00);
 * equal(image.values[0], 0);
 * ```
 */
export function labelMeMaskPng(
  points: number[],
  width: number,
  height: number,
): Promise<Uint8Array> {
  const [left, top, right, bottom] = points.slice(-4);
  const w = right - left + 1;
  const bits = rleToMask(points.slice(0, -4), w, bottom - top + 1);
  const indices = new Uint8Array(width * height);
  for (let y = top; y <= bottom; y++) {
    indices.set(bits.subarray((y - top) * w, (y - top + 1) * w), y * width + left);
  }
  return encodeIndexPng(indices, width, height, (i) => i ? [255, 203, 0] : [0, 0, 0]);
}
