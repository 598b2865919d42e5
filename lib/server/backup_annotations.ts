/**
 * `annotations.json` of a backup: one LabeledData per job, where objects carry no ids, labels
 * are named (`label`) and attributes too (`name`). An element's label is found by its parent's
 * name followed by its own (CVAT's key, without a separator). Pure.
 *
 * @module
 */

import { badRequest } from "./errors.ts";
import type { LabeledData } from "../core/wire_types.ts";
import type { LabelRecord } from "../store/types.ts";

/** The object keys CVAT keeps in a backup (`_prepare_annotations`). */
const KEPT = new Set([
  "label",
  "label_id",
  "type",
  "occluded",
  "outside",
  "z_order",
  "points",
  "rotation",
  "frame",
  "group",
  "source",
  "attributes",
  "shapes",
  "elements",
]);

type Json = Record<string, unknown>;

/** A label's id and its attributes' ids, by name (import side). */
export interface NamedLabel {
  id: number;
  attributes: Map<string, number>;
}

const isObject = (value: unknown): value is Json =>
  typeof value === "object" && value !== null && !Array.isArray(value);

function listOf(value: unknown, where: string): unknown[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw badRequest([`${where} must be a list`]);
  return value;
}

/** Export side: ids → names, unknown keys dropped (CVAT moves `label` to the end). */
function toNamed(object: Json, labels: Map<number, LabelRecord>, owner?: LabelRecord): Json {
  const label = labels.get(object.label_id as number) ?? owner;
  const names = new Map(label?.attributes.map((a) => [a.id, a.name]) ?? []);
  const out: Json = {};
  for (const [key, value] of Object.entries(object)) {
    if (!KEPT.has(key) || key === "label_id") continue;
    if (key === "attributes") {
      out.attributes = (value as Json[]).map((a) => ({
        value: a.value,
        name: names.get(a.spec_id as number) ?? String(a.spec_id),
      }));
    } else if (key === "shapes") {
      // A track's shapes use the track's label for their attributes.
      out.shapes = (value as Json[]).map((shape) => toNamed(shape, labels, label));
    } else if (key === "elements") {
      out.elements = (value as Json[]).map((element) => toNamed(element, labels));
    } else out[key] = value;
  }
  if ("label_id" in object) out.label = label?.name ?? String(object.label_id);
  return out;
}

/**
 * One job's annotations as `annotations.json` holds them.
 *
 * @example
 * ```ts
 * import { deepStrictEqual } from "node:assert/strict";
 * import { toBackupAnnotations } from "./backup_annotations.ts";
 * const car = { id: 4, name: "car", color: "", type: "any", parentId: null, taskId: 1,
 *   projectId: null, attributes: [{ id: 9, name: "model", mutable: false, input_type: "text" as const,
 *   default_value: "", values: [""] }] };
 * const data = { version: 2, tags: [{ id: 1, frame: 0, label_id: 4, group: 0, source: "manual",
 *   attributes: [{ spec_id: 9, value: "x" }] }], shapes: [], tracks: [] };
 * deepStrictEqual(toBackupAnnotations(data, [car]).tags, [
 *   { frame: 0, group: 0, source: "manual", attributes: [{ value: "x", name: "model" }], label: "car" },
 * ]);
 * ```
 */
export function toBackupAnnotations(
  data: LabeledData & { version?: number },
  labels: readonly LabelRecord[],
): Json {
  const byId = new Map(labels.map((label) => [label.id, label]));
  const named = (list: readonly object[]) => list.map((o) => toNamed(o as Json, byId));
  return {
    version: data.version ?? 0,
    tags: named(data.tags),
    shapes: named(data.shapes),
    tracks: named(data.tracks),
  };
}

/**
 * The import side's label index: `parent name + name` → ids (CVAT's `label_mapping` keys).
 *
 * @example
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import { namedLabels } from "./backup_annotations.ts";
 * const base = { color: "", type: "any", attributes: [], taskId: 1, projectId: null };
 * const index = namedLabels([
 *   { ...base, id: 1, name: "person", type: "skeleton", parentId: null },
 *   { ...base, id: 2, name: "head", parentId: 1 },
 * ]);
 * strictEqual(index.get("personhead")?.id, 2);
 * ```
 */
export function namedLabels(labels: readonly LabelRecord[]): Map<string, NamedLabel> {
  const names = new Map(labels.map((label) => [label.id, label.name]));
  const index = new Map<string, NamedLabel>();
  for (const label of labels) {
    const parent = label.parentId === null ? "" : names.get(label.parentId) ?? "";
    const attributes = new Map(label.attributes.map((a) => [a.name, a.id]));
    index.set(parent + label.name, { id: label.id, attributes });
  }
  return index;
}

interface Scope {
  labels: Map<string, NamedLabel>;
  where: string;
}

function attributesFrom(value: unknown, label: NamedLabel, where: string): Json[] {
  return listOf(value, `${where}.attributes`).map((raw, i) => {
    if (!isObject(raw)) throw badRequest([`${where}.attributes[${i}] must be an object`]);
    const { name, spec_id: _spec, ...rest } = raw;
    const id = label.attributes.get(String(name));
    if (id === undefined) throw badRequest([`${where}: unknown attribute "${String(name)}"`]);
    return { spec_id: id, ...rest };
  });
}

/** Import side: names → ids; `parent` is the enclosing label's name for elements. */
function fromNamed(raw: unknown, scope: Scope, parent: string, inherited?: NamedLabel): Json {
  const { where } = scope;
  if (!isObject(raw)) throw badRequest([`${where} must be an object`]);
  const { label: name, label_id: _id, id: _objectId, ...rest } = raw;
  let label = inherited;
  if (name !== undefined || !inherited) {
    const key = parent + String(name);
    label = scope.labels.get(key);
    if (!label) throw badRequest([`${where}: unknown label "${String(name)}"`]);
  }
  const out: Json = {};
  for (const [key, value] of Object.entries(rest)) {
    if (!KEPT.has(key)) continue;
    if (key === "attributes") out.attributes = attributesFrom(value, label!, where);
    else if (key === "shapes") {
      out.shapes = listOf(value, `${where}.shapes`).map((s, i) =>
        fromNamed(s, { ...scope, where: `${where}.shapes[${i}]` }, parent, label)
      );
    } else if (key === "elements") {
      const own = parent + String(name);
      out.elements = listOf(value, `${where}.elements`).map((e, i) =>
        fromNamed(e, { ...scope, where: `${where}.elements[${i}]` }, own)
      );
    } else out[key] = value;
  }
  if (!("attributes" in out)) out.attributes = [];
  if (!inherited || name !== undefined) out.label_id = label!.id;
  return out;
}

/**
 * One job's entry of `annotations.json` as a LabeledData write body (label and attribute ids
 * of the new task); a 400 names the first object whose label or attribute is unknown.
 *
 * @example
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import { fromBackupAnnotations, namedLabels } from "./backup_annotations.ts";
 * const labels = namedLabels([{ id: 7, name: "car", color: "", type: "any", attributes: [],
 *   parentId: null, taskId: 1, projectId: null }]);
 * const body = fromBackupAnnotations({ tags: [{ frame: 0, label: "car" }] }, labels, 0);
 * strictEqual(body.tags[0].label_id, 7);
 * ```
 */
export function fromBackupAnnotations(
  raw: unknown,
  labels: Map<string, NamedLabel>,
  job: number,
): { tags: Json[]; shapes: Json[]; tracks: Json[] } {
  const where = `annotations.json[${job}]`;
  if (!isObject(raw)) throw badRequest([`${where} must be an object`]);
  const convert = (kind: "tags" | "shapes" | "tracks") =>
    listOf(raw[kind], `${where}.${kind}`).map((o, i) =>
      fromNamed(o, { labels, where: `${where}.${kind}[${i}]` }, "")
    );
  return { tags: convert("tags"), shapes: convert("shapes"), tracks: convert("tracks") };
}
