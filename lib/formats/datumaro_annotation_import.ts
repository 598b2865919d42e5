/**
 * One Datumaro 1.0 annotation read back (formats.md §10): `label` → tag, `bbox` → rectangle,
 * `polygon`/`polyline`/`points` as they are, `mask` (compressed string or list counts) → CVAT
 * mask, `ellipse` (a box) → ellipse, `skeleton` (`points` as `[x, y, v]` in category order, or
 * newer `elements`) → skeleton; other types (`cuboid_3d`, `caption`, ...) are skipped. Missing
 * keys are tolerated.
 *
 * @module
 */

import { DataError } from "../core/errors.ts";
import { intervalsToCvatMask } from "./coco_mask.ts";
import { countsToIntervals, decodeRleString } from "./coco_rle.ts";
import type {
  ImportedElement,
  ImportedShape,
  ImportedTag,
  RawAttributes,
} from "./dataset_import.ts";
import type { LabelInfo } from "./label_lookup.ts";

type Json = Record<string, unknown>;

/** How label indices resolve. */
export interface DatumaroLabels {
  /** The label of a category index (DataError when unknown). */
  label(index: unknown, what: string): LabelInfo;
  /** The point names of a skeleton category index. */
  pointNames(index: unknown): string[];
}

function numbers(value: unknown, what: string, field: string): number[] {
  if (!Array.isArray(value) || value.some((v) => typeof v !== "number" || !Number.isFinite(v))) {
    throw new DataError(`${what}: "${field}" must be a list of numbers`);
  }
  return value as number[];
}

function attributesOf(annotation: Json): RawAttributes {
  const given = annotation.attributes;
  return given && typeof given === "object" && !Array.isArray(given) ? given as RawAttributes : {};
}

function maskPoints(annotation: Json, what: string): number[] {
  const rle = (annotation.rle ?? {}) as Json;
  const [height, width] = numbers(rle.size, what, "rle.size");
  const counts = typeof rle.counts === "string"
    ? decodeRleString(rle.counts)
    : numbers(rle.counts, what, "rle.counts");
  return intervalsToCvatMask(countsToIntervals(counts, height * width), height, what);
}

function skeletonElements(
  annotation: Json,
  label: LabelInfo,
  labels: DatumaroLabels,
  what: string,
): ImportedElement[] {
  const out: ImportedElement[] = [];
  const element = (name: string, x: number, y: number, v: number, attributes: RawAttributes) => {
    const sub = label.sublabels.get(name);
    if (!sub) throw new DataError(`${what}: "${label.name}" has no element "${name}"`);
    out.push({ label: sub, points: [x, y], occluded: v === 1, outside: v === 0, attributes });
  };
  if (Array.isArray(annotation.elements)) {
    for (const e of annotation.elements as Json[]) {
      const sub = labels.label(e.label_id, what);
      const [x = 0, y = 0] = numbers(e.points ?? [], what, "elements.points");
      const v = Array.isArray(e.visibility) ? Number(e.visibility[0]) : 2;
      element(sub.name, x, y, v, attributesOf(e));
    }
  } else {
    const points = numbers(annotation.points ?? [], what, "points");
    const extra = Array.isArray(annotation.points_attributes) ? annotation.points_attributes : [];
    labels.pointNames(annotation.label_id).forEach((name, i) => {
      const attrs = (extra[i] && typeof extra[i] === "object" ? extra[i] : {}) as RawAttributes;
      element(name, points[3 * i] ?? 0, points[3 * i + 1] ?? 0, points[3 * i + 2] ?? 0, attrs);
    });
  }
  for (const sub of label.sublabels.values()) {
    if (!out.some((e) => e.label === sub)) {
      out.push({ label: sub, points: [0, 0], occluded: false, outside: true, attributes: {} });
    }
  }
  return out;
}

function geometry(annotation: Json, label: LabelInfo, labels: DatumaroLabels, what: string) {
  switch (annotation.type) {
    case "bbox": {
      const [x, y, w, h] = numbers(annotation.bbox, what, "bbox");
      return { type: "rectangle" as const, points: [x, y, x + w, y + h] };
    }
    case "polygon":
    case "polyline":
    case "points":
      return { type: annotation.type, points: numbers(annotation.points, what, "points") };
    case "mask":
      return { type: "mask" as const, points: maskPoints(annotation, what) };
    case "ellipse": {
      const [x1, y1, x2, y2] = numbers(annotation.points, what, "points");
      return { type: "ellipse" as const, points: [(x1 + x2) / 2, (y1 + y2) / 2, x2, y1] };
    }
    case "skeleton":
      return {
        type: "skeleton" as const,
        points: [],
        elements: skeletonElements(annotation, label, labels, what),
      };
    default:
      return null;
  }
}

/**
 * One annotation as a shape, a tag, or null when CVAT ignores its type.
 *
 * @throws {DataError} For an unknown label or bad geometry (naming the item).
 * @example
 * ```ts
 * import { deepEqual } from "node:assert/strict";
 * import { readDatumaroAnnotation } from "./datumaro_annotation_import.ts";
 * import { labelLookup } from "./label_lookup.ts";
 * const car = labelLookup([{ id: 1, name: "car" }]).byId.get(1)!;
 * const labels = { label: () => car, pointNames: () => [] };
 * const read = readDatumaroAnnotation({ type: "bbox", label_id: 0, bbox: [1, 2, 3, 4] },
 *   labels, "item a");
 * deepEqual(read?.shape?.points, [1, 2, 4, 6]);
 * ```
 */
export function readDatumaroAnnotation(
  annotation: Json,
  labels: DatumaroLabels,
  what: string,
): { shape?: ImportedShape; tag?: ImportedTag } | null {
  const known = ["label", "bbox", "polygon", "polyline", "points", "mask", "ellipse", "skeleton"];
  if (!known.includes(String(annotation.type))) return null;
  if (annotation.label_id === undefined || annotation.label_id === null) {
    throw new DataError(`${what}: an annotation without a label`);
  }
  const label = labels.label(annotation.label_id, what);
  const group = Number.isInteger(annotation.group) ? annotation.group as number : 0;
  const attributes = attributesOf(annotation);
  if (annotation.type === "label") return { tag: { label, group, attributes } };
  const z = Number(annotation.z_order ?? 0);
  const shape = geometry(annotation, label, labels, what)!;
  return {
    shape: { ...shape, label, group, z_order: Number.isInteger(z) ? z : 0, attributes },
  };
}
