/**
 * A fast, allocation-free pre-check of LabeledData: true only for data that
 * `validateLabeledData` accepts as it is. The collection's import converts such data directly
 * and calls `validateLabeledData` only when this says no (for its detailed error, or for the
 * clean copy of data that needs normalising), so the common case pays for one pass, not two.
 *
 * @module
 */

import { ShapeType } from "./enums.ts";
import type { LabelEntry, LabelIndex } from "./wire_labels.ts";

const SHAPE_TYPES = new Set<string>(Object.values(ShapeType));
const INT32_MAX = 2147483647;
const INT32_MIN = -2147483648;

type Raw = Record<string, unknown>;
type SpecClass = "all" | "immutable" | "mutable";

const isObject = (v: unknown): v is Raw => typeof v === "object" && v !== null && !Array.isArray(v);
const isInt = (v: unknown, min: number): boolean =>
  typeof v === "number" && Number.isInteger(v) && v >= min && v <= INT32_MAX;
const optionalInt = (v: unknown, min: number) => v === undefined || v === null || isInt(v, min);
const optionalBool = (v: unknown) => v === undefined || typeof v === "boolean";

function attributesOk(list: unknown, entry: LabelEntry, specClass: SpecClass): boolean {
  if (list === undefined) return true;
  if (!Array.isArray(list)) return false;
  for (const a of list) {
    if (!isObject(a) || !isInt(a.spec_id, INT32_MIN)) return false;
    if (typeof a.value !== "string" || a.value.length > 4096) return false;
    const mutable = entry.specs.get(a.spec_id as number);
    if (mutable === undefined) return false;
    if (specClass !== "all" && mutable !== (specClass === "mutable")) return false;
  }
  return true;
}

function labelOk(labels: LabelIndex, id: unknown, parent: number | null): LabelEntry | null {
  if (!isInt(id, 0)) return null;
  const entry = labels.get(id as number);
  if (!entry || (parent !== null && entry.parentId !== parent)) return null;
  return entry;
}

function baseOk(o: Raw): boolean {
  return optionalInt(o.id, INT32_MIN) && isInt(o.frame, 0) && optionalInt(o.group, 0) &&
    (o.source === undefined || (typeof o.source === "string" && o.source.trim() !== ""));
}

function geometryOk(o: Raw): boolean {
  if (typeof o.type !== "string" || !SHAPE_TYPES.has(o.type)) return false;
  if (!optionalBool(o.occluded) || !optionalBool(o.outside)) return false;
  if (o.z_order !== undefined && !isInt(o.z_order, INT32_MIN)) return false;
  const r = o.rotation;
  if (r !== undefined && (typeof r !== "number" || !(r >= 0 && r <= 360))) return false;
  const points = o.points;
  if (points === undefined) return true;
  if (!Array.isArray(points)) return false;
  for (const p of points) if (typeof p !== "number" || !Number.isFinite(p)) return false;
  return true;
}

function shapeOk(labels: LabelIndex, o: unknown, parent: number | null): boolean {
  if (!isObject(o) || !baseOk(o) || !geometryOk(o)) return false;
  const entry = labelOk(labels, o.label_id, parent);
  if (!entry || !attributesOk(o.attributes, entry, "all")) return false;
  return elementsOk(o.elements, parent, (e) => shapeOk(labels, e, entry.id));
}

function trackOk(labels: LabelIndex, o: unknown, parent: number | null): boolean {
  if (!isObject(o) || !baseOk(o) || !Array.isArray(o.shapes)) return false;
  const entry = labelOk(labels, o.label_id, parent);
  if (!entry || !attributesOk(o.attributes, entry, "immutable")) return false;
  for (const s of o.shapes) {
    if (!isObject(s) || !optionalInt(s.id, INT32_MIN) || !isInt(s.frame, 0)) return false;
    if (!geometryOk(s) || !attributesOk(s.attributes, entry, "mutable")) return false;
  }
  return elementsOk(o.elements, parent, (e) => trackOk(labels, e, entry.id));
}

function elementsOk(list: unknown, parent: number | null, ok: (e: unknown) => boolean): boolean {
  if (list === undefined) return true;
  if (!Array.isArray(list)) return false;
  if (parent !== null) return list.length === 0;
  return list.every(ok);
}

function tagOk(labels: LabelIndex, o: unknown): boolean {
  if (!isObject(o) || !baseOk(o)) return false;
  const entry = labelOk(labels, o.label_id, null);
  return entry !== null && attributesOk(o.attributes, entry, "all");
}

function listOk(list: unknown, ok: (o: unknown) => boolean): boolean {
  return list === undefined || (Array.isArray(list) && list.every(ok));
}

/**
 * Whether LabeledData passes the server's checks as it is (see `validateLabeledData`).
 * False means "ask `validateLabeledData`", not necessarily "invalid".
 *
 * @example
 * ```ts
 * import { ok } from "node:assert/strict";
 * import { isValidLabeledData } from "./wire_check.ts";
 * import { indexLabels } from "./wire_labels.ts";
 * const labels = indexLabels([{ id: 1, name: "car", attributes: [] }]);
 * ok(isValidLabeledData({ shapes: [{ type: "points", frame: 0, label_id: 1 }] }, labels));
 * ok(!isValidLabeledData({ shapes: [{ type: "points", frame: -1, label_id: 1 }] }, labels));
 * ```
 */
export function isValidLabeledData(data: unknown, labels: LabelIndex): boolean {
  if (!isObject(data)) return false;
  if (data.version !== undefined && !isInt(data.version, INT32_MIN)) return false;
  return listOk(data.tags, (o) => tagOk(labels, o)) &&
    listOk(data.shapes, (o) => shapeOk(labels, o, null)) &&
    listOk(data.tracks, (o) => trackOk(labels, o, null));
}
