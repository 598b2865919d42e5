/**
 * Label and attribute payloads (`labels: [...]` of projects and tasks, `PATCH /api/labels/{id}`):
 * field checks with DRF's nested error shapes, and the per-input-type attribute rules.
 *
 * @module
 */

import { Fields } from "./body_fields.ts";
import { typeName } from "./body.ts";
import { badRequest } from "./errors.ts";
import type { AttributeRecord } from "../store/types.ts";

/** The five attribute input types. */
export const INPUT_TYPES = ["select", "radio", "checkbox", "number", "text"] as const;

/** An attribute input type. */
export type InputType = (typeof INPUT_TYPES)[number];

/** An attribute as written; absent fields are `undefined`. */
export interface AttributeInput {
  id?: number;
  name?: string;
  mutable?: boolean;
  input_type?: InputType;
  default_value?: string;
  values?: string[];
}

/** A label as written; absent fields are `undefined`. */
export interface LabelInput {
  id?: number;
  name?: string;
  color?: string;
  type?: string;
  attributes?: AttributeInput[];
  deleted: boolean;
  svg?: string;
  sublabels?: LabelInput[];
}

/** "create": ids and `deleted` are ignored (POST); "patch": they select labels to change. */
export type LabelMode = "create" | "patch";

type Parsed<T> = { value?: T; error?: Record<string, unknown> };

const notAnObject = (value: unknown) => ({
  non_field_errors: [`Invalid data. Expected a dictionary, but got ${typeName(value)}.`],
});

function parseValues(fields: Fields): string[] | undefined {
  const list = fields.list("values", {});
  if (!list) return undefined;
  const errors: Record<string, string[]> = {};
  const values = list.map((item, index) => {
    if (typeof item !== "string" && typeof item !== "number") {
      errors[index] = ["Not a valid string."];
    } else if (String(item).length > 200) {
      errors[index] = ["Ensure this field has no more than 200 characters."];
    }
    return String(item);
  });
  if (Object.keys(errors).length) return fields.fail("values", errors);
  return values;
}

function parseAttribute(raw: unknown, mode: LabelMode): Parsed<AttributeInput> {
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) {
    return { error: notAnObject(raw) };
  }
  const f = new Fields(raw as Record<string, unknown>);
  const id = mode === "patch" ? f.int("id", { nullable: true, min: 0 }) ?? undefined : undefined;
  const value: AttributeInput = {
    id,
    name: f.text("name", { required: id === undefined, max: 64 }) ?? undefined,
    mutable: f.bool("mutable") ?? undefined,
    input_type: f.choice("input_type", INPUT_TYPES, { required: mode === "create" }) ?? undefined,
    default_value: f.text("default_value", { max: 128, allowBlank: true }) ?? undefined,
    values: parseValues(f),
  };
  return f.ok ? { value } : { error: f.errors };
}

/**
 * Parses a list of items with `parse`; the error is DRF's list of per-item errors (`{}` for good
 * items), or null.
 */
function parseList<T>(
  items: unknown[],
  parse: (raw: unknown) => Parsed<T>,
): { values: T[]; error: unknown[] | null } {
  const values: T[] = [];
  const errors: Record<string, unknown>[] = [];
  for (const raw of items) {
    const parsed = parse(raw);
    errors.push(parsed.error ?? {});
    if (parsed.value) values.push(parsed.value);
  }
  return { values, error: errors.some((e) => Object.keys(e).length) ? errors : null };
}

function parseLabel(raw: unknown, mode: LabelMode, depth: number): Parsed<LabelInput> {
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) {
    return { error: notAnObject(raw) };
  }
  const f = new Fields(raw as Record<string, unknown>);
  const id = mode === "patch" ? f.int("id", { nullable: true, min: 0 }) ?? undefined : undefined;
  const deleted = mode === "patch" ? f.bool("deleted") ?? false : false;
  if (deleted && id === undefined && f.ok) {
    f.fail("non_field_errors", "Deleted label must have an ID");
  }
  const value: LabelInput = {
    id,
    deleted,
    name: f.text("name", { required: id === undefined && !deleted, max: 64 }) ?? undefined,
    color: f.text("color", { max: 8, allowBlank: true }) ?? undefined,
    type: f.text("type", { max: 32, allowBlank: true }) ?? undefined,
    svg: f.text("svg", { max: 1_000_000, allowBlank: true }) ?? undefined,
  };
  const attributes = f.list("attributes");
  if (attributes) {
    const parsed = parseList(attributes, (a) => parseAttribute(a, mode));
    if (parsed.error) f.fail("attributes", parsed.error);
    value.attributes = parsed.values;
  }
  const sublabels = depth === 0 ? f.list("sublabels") : undefined;
  if (sublabels) {
    const parsed = parseList(sublabels, (s) => parseLabel(s, mode, depth + 1));
    if (parsed.error) f.fail("sublabels", parsed.error);
    value.sublabels = parsed.values;
  }
  return f.ok ? { value } : { error: f.errors };
}

/**
 * Reads the `labels` field of a body into `fields` (errors are collected there); undefined when
 * absent or wrong.
 *
 * @example
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import { Fields } from "./body_fields.ts";
 * import { readLabels } from "./labels_parse.ts";
 * const fields = new Fields({ labels: [{ name: "car" }] });
 * strictEqual(readLabels(fields, "create")?.[0].name, "car");
 * ```
 */
export function readLabels(fields: Fields, mode: LabelMode): LabelInput[] | undefined {
  const list = fields.list("labels");
  if (!list) return undefined;
  const parsed = parseList(list, (raw) => parseLabel(raw, mode, 0));
  if (parsed.error) return fields.fail("labels", parsed.error);
  return parsed.values;
}

/**
 * Parses one label object (the body of `PATCH /api/labels/{id}`); throws a 400 on bad fields.
 *
 * @example
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import { parseLabelBody } from "./labels_parse.ts";
 * strictEqual(parseLabelBody({ name: "car" }).name, "car");
 * ```
 */
export function parseLabelBody(body: Record<string, unknown>): LabelInput {
  const parsed = parseLabel({ ...body, id: 0, deleted: false }, "patch", 0);
  if (parsed.error) throw badRequest(parsed.error);
  return { ...parsed.value!, id: undefined };
}

function isNumber(text: string): boolean {
  return text.trim() !== "" && Number.isFinite(Number(text));
}

/**
 * What is wrong with an attribute for its input type, as `[field, message]`, or null.
 * number: values are `[min, max, step]` numbers with min ≤ max and step > 0; checkbox: values and
 * default are "true"/"false"; select/radio: the default is one of the values.
 *
 * @example
 * ```ts
 * import { deepStrictEqual } from "node:assert/strict";
 * import { attributeProblem } from "./labels_parse.ts";
 * const attr = { input_type: "number" as const, values: ["0", "10"], default_value: "0" };
 * deepStrictEqual(attributeProblem(attr)?.[0], "values");
 * ```
 */
export function attributeProblem(
  attr: Pick<AttributeRecord, "input_type" | "values" | "default_value">,
): [string, string] | null {
  const { values, default_value: fallback } = attr;
  switch (attr.input_type) {
    case "number": {
      const [min, max, step] = values.map(Number);
      if (values.length !== 3 || !values.every(isNumber) || min > max || step <= 0) {
        return ["values", 'Number attribute values must be ["min", "max", "step"] numbers.'];
      }
      if (fallback !== "" && !isNumber(fallback)) {
        return ["default_value", `"${fallback}" is not a number.`];
      }
      return null;
    }
    case "checkbox": {
      const bools = ["true", "false"];
      if (!values.every((v) => bools.includes(v.toLowerCase()))) {
        return ["values", 'Checkbox attribute values must be "true" or "false".'];
      }
      return bools.includes(fallback.toLowerCase())
        ? null
        : ["default_value", 'Checkbox attribute default must be "true" or "false".'];
    }
    case "select":
    case "radio":
      return values.length && !values.includes(fallback)
        ? ["default_value", `"${fallback}" is not one of the attribute values.`]
        : null;
    default:
      return null;
  }
}
