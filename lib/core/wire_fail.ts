/**
 * Failures of wire validation: a {@linkcode FieldFail} carries both a readable message
 * (the path and the value) and the DRF-shaped error body CVAT would answer with; list
 * readers nest both on the way out.
 *
 * @module
 */

/** A JSON error body in DRF's shape: message lists nested in objects and lists. */
export type DrfErrors = string[] | DrfErrors[] | { [key: string]: DrfErrors };

/** A plain JSON object being read. */
export type RawObject = Record<string, unknown>;

/**
 * One failed field: where it is, what was wrong and the DRF body for it. Internal to the
 * validation; {@linkcode validateLabeledData} turns it into a `DataError`.
 *
 * @example
 * ```ts
 * import { ok } from "node:assert/strict";
 * import { FieldFail } from "./wire_fail.ts";
 * const fail = new FieldFail(["frame"], { frame: ["A valid integer is required."] }, "x", "a");
 * ok(fail.path[0] === "frame");
 * ```
 */
export class FieldFail {
  /**
   * @param path Keys and list indexes from the object being read down to the field.
   * @param body The DRF error body at that level.
   * @param problem What was expected (for the message).
   * @param value The offending value.
   */
  constructor(
    public path: (string | number)[],
    public body: DrfErrors,
    public problem: string,
    public value: unknown,
  ) {}

  /** A readable message: `shapes[3].points[1]: expected a number, got "a"`. */
  message(): string {
    let where = "";
    for (const part of this.path) {
      where += typeof part === "number" ? `[${part}]` : where === "" ? part : `.${part}`;
    }
    const got = this.value === MISSING ? "" : `, got ${show(this.value)}`;
    return `${where === "" ? "data" : where}: ${this.problem}${got}`;
  }
}

/** Marks a required field that is absent (no "got ..." in the message). */
export const MISSING: unique symbol = Symbol("missing");

function show(value: unknown): string {
  if (typeof value === "number" && !Number.isFinite(value)) return String(value);
  if (value === undefined || typeof value === "function" || typeof value === "symbol") {
    return String(value);
  }
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = String(value);
  }
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

/**
 * The Python type name DRF would print for a JSON value.
 *
 * @example
 * ```ts
 * import { ok } from "node:assert/strict";
 * import { pythonType } from "./wire_fail.ts";
 * ok(pythonType([]) === "list" && pythonType("a") === "str");
 * ```
 */
export function pythonType(value: unknown): string {
  if (value === null || value === undefined) return "NoneType";
  if (Array.isArray(value)) return "list";
  if (typeof value === "string") return "str";
  if (typeof value === "boolean") return "bool";
  if (typeof value === "number") return Number.isInteger(value) ? "int" : "float";
  return "dict";
}

/**
 * True for a plain JSON object (not null, not an array).
 *
 * @example
 * ```ts
 * import { ok } from "node:assert/strict";
 * import { isRawObject } from "./wire_fail.ts";
 * ok(isRawObject({}) && !isRawObject([]) && !isRawObject(null));
 * ```
 */
export function isRawObject(value: unknown): value is RawObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * Throws a failure of field `key`: body `{ [key]: [drf] }`.
 *
 * @example
 * ```ts
 * import { ok } from "node:assert/strict";
 * import { failField } from "./wire_fail.ts";
 * try { failField("frame", "A valid integer is required.", "expected an integer", "a"); }
 * catch (fail) { ok((fail as { path: string[] }).path[0] === "frame"); }
 * ```
 */
export function failField(key: string, drf: string, problem: string, value: unknown): never {
  throw new FieldFail([key], { [key]: [drf] }, problem, value);
}

/**
 * Adds a list position to a failure thrown while reading item `index` of list `key`:
 * the path gains `key[index]` and the body becomes `{ key: [{}, ..., body] }`.
 *
 * @example
 * ```ts
 * import { ok } from "node:assert/strict";
 * import { FieldFail, nestFail } from "./wire_fail.ts";
 * const fail = nestFail(new FieldFail(["frame"], { frame: ["x"] }, "p", 1), "shapes", 1);
 * ok(JSON.stringify(fail.body) === '{"shapes":[{},{"frame":["x"]}]}');
 * ```
 */
export function nestFail(fail: FieldFail, key: string, index: number): FieldFail {
  const items: DrfErrors[] = [];
  for (let i = 0; i < index; i++) items.push({});
  items.push(fail.body);
  fail.path.unshift(key, index);
  fail.body = { [key]: items };
  return fail;
}

/**
 * Throws the failure of field `key` for a wrong `value`: DRF's "required" or "may not be
 * null" texts for an absent or null value, else `drf`.
 *
 * @example
 * ```ts
 * import { ok } from "node:assert/strict";
 * import { failValue } from "./wire_fail.ts";
 * try { failValue("frame", undefined, "A valid integer is required.", "expected an integer"); }
 * catch (fail) { ok((fail as { body: unknown }).body !== undefined); }
 * ```
 */
export function failValue(key: string, value: unknown, drf: string, problem: string): never {
  if (value === undefined) {
    failField(key, "This field is required.", "this field is required", MISSING);
  }
  if (value === null) failField(key, "This field may not be null.", `${problem}`, null);
  return failField(key, drf, problem, value);
}
