/**
 * Plans a change of a label set from write payloads, without touching the store: every check
 * (unknown ids → 404, names unique among siblings, attribute names unique per label, input-type
 * rules) runs before anything is written, so a rejected request changes nothing.
 *
 * @module
 */

import { badRequest, HttpError } from "./errors.ts";
import { errorAt } from "./body_fields.ts";
import { type AttributeInput, attributeProblem, type LabelInput } from "./labels_parse.ts";
import type { AttributeRecord, LabelRecord } from "../store/types.ts";

/** An attribute as it will be stored; `id` 0 means "allocate one". */
export type PlannedAttribute = AttributeRecord & { at?: (string | number)[] };

/** A label as it will be stored; `id` 0 means "create". */
export interface PlannedLabel {
  id: number;
  name: string;
  color: string;
  type: string;
  attributes: PlannedAttribute[];
  /** Set when the payload gave one (skeletons). */
  svg?: string;
  /** The final sublabels (skeletons only; unchanged ones included). */
  sublabels: PlannedLabel[];
  /** Sublabel ids to delete. */
  deletedSublabels: number[];
}

/** The whole change: labels to delete (with their sublabels), to update and to create. */
export interface LabelPlan {
  deletes: number[];
  /** Final top-level labels that are new or changed. */
  labels: PlannedLabel[];
  /** Colours of the kept top-level labels after the change (for picking new ones). */
  colors: string[];
}

const notFoundLabel = (id: number) =>
  new HttpError(404, { detail: `Not found label with id #${id} to change` });

function defaultValue(attr: AttributeInput): string {
  const first = attr.values?.[0];
  if (first !== undefined) return first;
  return attr.input_type === "checkbox" ? "false" : "";
}

function mergeAttributes(
  existing: readonly AttributeRecord[],
  inputs: readonly AttributeInput[] | undefined,
  path: (string | number)[],
): PlannedAttribute[] {
  const result: PlannedAttribute[] = existing.map((a) => ({ ...a }));
  checkNames((inputs ?? []).flatMap((a) => a.name === undefined ? [] : [a.name]));
  (inputs ?? []).forEach((input, k) => {
    const at = [...path, "attributes", k];
    const found = input.id !== undefined
      ? result.find((a) => a.id === input.id)
      : result.find((a) => a.name === input.name);
    if (input.id !== undefined && !found) {
      throw new HttpError(404, { detail: `Not found attribute with id #${input.id} to change` });
    }
    if (found) {
      Object.assign(found, stripUndefined({ ...input, id: undefined }), { at });
      return;
    }
    if (!input.input_type) {
      throw badRequest(errorAt([...at, "input_type"], ["This field is required."]));
    }
    result.push({
      id: 0,
      name: input.name!,
      mutable: input.mutable ?? false,
      input_type: input.input_type,
      default_value: input.default_value ?? defaultValue(input),
      values: input.values ?? [],
      at,
    });
  });
  return result;
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

function checkNames(names: readonly string[]): void {
  const seen = new Set<string>();
  for (const name of names) {
    if (seen.has(name)) throw badRequest([`Duplicate attribute with name '${name}' exists`]);
    seen.add(name);
  }
}

function checkAttributes(attributes: readonly PlannedAttribute[]): void {
  checkNames(attributes.map((a) => a.name));
  for (const attr of attributes) {
    const problem = attributeProblem(attr);
    if (problem) throw badRequest(errorAt([...(attr.at ?? []), problem[0]], [problem[1]]));
  }
}

function checkUnique(names: readonly string[]): void {
  if (new Set(names).size !== names.length) throw badRequest(["All label names must be unique"]);
}

function newLabel(input: LabelInput, path: (string | number)[], depth: number): PlannedLabel {
  const type = input.type || "any";
  const label: PlannedLabel = {
    id: 0,
    name: input.name!,
    color: input.color ?? "",
    type,
    attributes: mergeAttributes([], input.attributes, path),
    sublabels: [],
    deletedSublabels: [],
  };
  checkAttributes(label.attributes);
  if (type === "skeleton" && depth === 0) {
    label.svg = input.svg ?? "";
    label.sublabels = (input.sublabels ?? []).filter((s) => !s.deleted).map((s, j) =>
      newLabel(s, [...path, "sublabels", j], 1)
    );
    checkUnique(label.sublabels.map((s) => s.name));
  }
  return label;
}

function mergeLabel(
  record: LabelRecord,
  children: readonly LabelRecord[],
  input: LabelInput,
  path: (string | number)[],
): PlannedLabel {
  const keepType = (record.type === "skeleton") !== (input.type === "skeleton");
  const label: PlannedLabel = {
    id: record.id,
    name: input.name ?? record.name,
    color: input.color || record.color,
    type: input.type === undefined || keepType ? record.type : input.type || "any",
    attributes: mergeAttributes(record.attributes, input.attributes, path),
    svg: record.type === "skeleton" ? input.svg : undefined,
    sublabels: [],
    deletedSublabels: [],
  };
  checkAttributes(label.attributes);
  if (record.type !== "skeleton") return label;
  const current = new Map(children.map((c) => [c.id, toPlanned(c, [])]));
  const added: PlannedLabel[] = [];
  (input.sublabels ?? []).forEach((sub, j) => {
    const at = [...path, "sublabels", j];
    if (sub.id === undefined) return void (sub.deleted || added.push(newLabel(sub, at, 1)));
    const child = children.find((c) => c.id === sub.id);
    if (!child) throw notFoundLabel(sub.id);
    if (sub.deleted) {
      label.deletedSublabels.push(child.id);
      current.delete(child.id);
    } else current.set(child.id, mergeLabel(child, [], sub, at));
  });
  label.sublabels = [...current.values(), ...added];
  checkUnique(label.sublabels.map((s) => s.name));
  return label;
}

function toPlanned(record: LabelRecord, children: readonly LabelRecord[]): PlannedLabel {
  return {
    id: record.id,
    name: record.name,
    color: record.color,
    type: record.type,
    attributes: record.attributes,
    sublabels: children.map((c) => toPlanned(c, [])),
    deletedSublabels: [],
  };
}

/**
 * Plans the change `inputs` make to the label set `existing` (all labels of one task or project,
 * sublabels included). "create" mode makes every input a new label; "patch" mode follows CVAT's
 * PATCH rules: no `id` → create, `id` → update, `id` + `deleted` → delete, others kept.
 * Throws the 400/404 of the first problem; field errors sit under `pathOf(index)` of the input
 * (default `["labels", index]`).
 *
 * @example
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import { planLabels } from "./labels_plan.ts";
 * const plan = planLabels([], [{ name: "car", deleted: false }], "patch");
 * strictEqual(plan.labels[0].type, "any");
 * ```
 */
export function planLabels(
  existing: readonly LabelRecord[],
  inputs: readonly LabelInput[],
  mode: "create" | "patch",
  pathOf: (index: number) => (string | number)[] = (index) => ["labels", index],
): LabelPlan {
  const top = existing.filter((l) => l.parentId === null);
  const childrenOf = (id: number) => existing.filter((l) => l.parentId === id);
  const plan: LabelPlan = { deletes: [], labels: [], colors: [] };
  const final = new Map<number, string>(top.map((l) => [l.id, l.name]));
  const added: PlannedLabel[] = [];
  inputs.forEach((input, i) => {
    const path = pathOf(i);
    if (mode === "create" || input.id === undefined) {
      return void added.push(newLabel(input, path, 0));
    }
    const record = top.find((l) => l.id === input.id);
    if (!record) throw notFoundLabel(input.id);
    if (input.deleted) {
      plan.deletes.push(record.id);
      final.delete(record.id);
      return;
    }
    const merged = mergeLabel(record, childrenOf(record.id), input, path);
    final.set(record.id, merged.name);
    plan.labels.push(merged);
  });
  checkUnique([...final.values(), ...added.map((l) => l.name)]);
  plan.labels.push(...added);
  const changed = new Map(plan.labels.map((l) => [l.id, l.color]));
  plan.colors = top.filter((l) => final.has(l.id)).map((l) => changed.get(l.id) ?? l.color);
  return plan;
}
