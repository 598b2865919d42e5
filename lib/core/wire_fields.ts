/**
 * Field readers for validating wire data the way CVAT's serializers (DRF) do, with DRF's
 * error texts: JSON types only (no string-to-number coercion), integers within int32.
 *
 * @module
 */

import {
  failField,
  failValue,
  FieldFail,
  isRawObject,
  nestFail,
  pythonType,
  type RawObject,
} from "./wire_fail.ts";

const INT32_MIN = -2147483648;
const INT32_MAX = 2147483647;

/** Options of {@linkcode readInt}. */
export interface IntOptions {
  /** The smallest allowed value (else the int32 minimum). */
  min?: number;
  /** Whether null is allowed (and returned). */
  nullable?: boolean;
  /** The value of an absent field; without it the field is required. */
  fallback?: number | null;
}

/**
 * Reads an integer field (JSON integers only; booleans, strings and fractions are errors)
 * within [min, 2^31−1].
 *
 * @example
 * ```ts
 * import { ok } from "node:assert/strict";
 * import { readInt } from "./wire_fields.ts";
 * ok(readInt({ frame: 3 }, "frame", { min: 0 }) === 3);
 * ok(readInt({}, "group", { nullable: true, fallback: null }) === null);
 * ```
 */
export function readInt(obj: RawObject, key: string, options: IntOptions): number | null {
  const value = obj[key];
  if (typeof value === "number" && Number.isInteger(value)) {
    const min = options.min ?? INT32_MIN;
    if (value < min) {
      failField(
        key,
        `Ensure this value is greater than or equal to ${min}.`,
        `expected an integer ≥ ${min}`,
        value,
      );
    }
    if (value > INT32_MAX) {
      failField(
        key,
        `Ensure this value is less than or equal to ${INT32_MAX}.`,
        `expected an integer ≤ ${INT32_MAX}`,
        value,
      );
    }
    return value;
  }
  if (value === undefined && options.fallback !== undefined) return options.fallback;
  if (value === null && options.nullable) return null;
  return failValue(key, value, "A valid integer is required.", "expected an integer");
}

/**
 * Reads a boolean field; JSON booleans only.
 *
 * @example
 * ```ts
 * import { ok } from "node:assert/strict";
 * import { readBool } from "./wire_fields.ts";
 * ok(readBool({}, "occluded", false) === false);
 * ```
 */
export function readBool(obj: RawObject, key: string, fallback: boolean): boolean {
  const value = obj[key];
  if (typeof value === "boolean") return value;
  if (value === undefined) return fallback;
  return failValue(key, value, "Must be a valid boolean.", "expected true or false");
}

/**
 * Reads a finite number field within [min, max].
 *
 * @example
 * ```ts
 * import { ok } from "node:assert/strict";
 * import { readNumber } from "./wire_fields.ts";
 * ok(readNumber({ rotation: 45.5 }, "rotation", 0, 0, 360) === 45.5);
 * ```
 */
export function readNumber(
  obj: RawObject,
  key: string,
  fallback: number,
  min: number,
  max: number,
): number {
  const value = obj[key];
  if (typeof value === "number" && Number.isFinite(value)) {
    if (value < min) {
      failField(
        key,
        `Ensure this value is greater than or equal to ${min}.`,
        `expected a number ≥ ${min}`,
        value,
      );
    }
    if (value > max) {
      failField(
        key,
        `Ensure this value is less than or equal to ${max}.`,
        `expected a number ≤ ${max}`,
        value,
      );
    }
    return value;
  }
  if (value === undefined) return fallback;
  return failValue(key, value, "A valid number is required.", "expected a number");
}

/**
 * Reads a string field of at most `maxLength` characters; `fallback` (if given) replaces
 * an absent field, and a blank string is an error unless `allowBlank`.
 *
 * @example
 * ```ts
 * import { ok } from "node:assert/strict";
 * import { readString } from "./wire_fields.ts";
 * ok(readString({}, "source", { fallback: "manual" }) === "manual");
 * ```
 */
export function readString(
  obj: RawObject,
  key: string,
  options: { fallback?: string; allowBlank?: boolean; maxLength?: number },
): string {
  const value = obj[key];
  if (typeof value === "string") {
    if (!options.allowBlank && value.trim() === "") {
      failField(key, "This field may not be blank.", "expected a non-blank string", value);
    }
    const max = options.maxLength;
    if (max !== undefined && value.length > max && [...value].length > max) {
      failField(
        key,
        `Ensure this field has no more than ${max} characters.`,
        `expected at most ${max} characters`,
        value,
      );
    }
    return value;
  }
  if (value === undefined && options.fallback !== undefined) return options.fallback;
  return failValue(key, value, "Not a valid string.", "expected a string");
}

/**
 * Reads `points`: a list of finite JSON numbers (booleans and strings are errors), copied.
 * An absent field gives `[]`.
 *
 * @example
 * ```ts
 * import { ok } from "node:assert/strict";
 * import { readPoints } from "./wire_fields.ts";
 * ok(readPoints({ points: [1, 2.5] }).length === 2);
 * ```
 */
export function readPoints(obj: RawObject): number[] {
  const value = obj.points;
  if (value === undefined) return [];
  if (!Array.isArray(value)) {
    if (value === null) {
      failField("points", "This field may not be null.", "expected a list of numbers", null);
    }
    const drf = `Expected a list of items but got type "${pythonType(value)}".`;
    failField("points", drf, "expected a list of numbers", value);
  }
  for (let i = 0; i < value.length; i++) {
    const item = value[i];
    if (typeof item !== "number" || !Number.isFinite(item)) {
      const body = { points: { [i]: ["Value must be a float or an integer"] } };
      throw new FieldFail(["points", i], body, "expected a number", item);
    }
  }
  return value.slice();
}

/** Options of {@linkcode readList}. */
export interface ListOptions {
  /** An absent list is an error (else it reads as `[]`). */
  required?: boolean;
  /** An empty list is an error. */
  nonEmpty?: boolean;
}

function failList(key: string, drf: string, problem: string, value: unknown): never {
  throw new FieldFail([key], { [key]: { non_field_errors: [drf] } }, problem, value);
}

/**
 * Reads a list of objects, cleaning each with `item(raw, context, owner)`; failures inside
 * an item get the item's position added (see {@linkcode nestFail}).
 *
 * @example
 * ```ts
 * import { ok } from "node:assert/strict";
 * import { readList, readInt } from "./wire_fields.ts";
 * const frames = readList({ tags: [{ frame: 1 }] }, "tags", (raw) => readInt(raw, "frame", {}), null, 0, {});
 * ok(frames[0] === 1);
 * ```
 */
export function readList<T, C>(
  obj: RawObject,
  key: string,
  item: (raw: RawObject, context: C, owner: number) => T,
  context: C,
  owner: number,
  options: ListOptions,
): T[] {
  const value = obj[key];
  if (!Array.isArray(value)) {
    if (value === undefined && !options.required) return [];
    if (value === undefined || value === null) failValue(key, value, "", "expected a list");
    const drf = `Expected a list of items but got type "${pythonType(value)}".`;
    failList(key, drf, "expected a list", value);
  }
  if (value.length === 0 && options.nonEmpty) {
    failList(key, "This list may not be empty.", "expected a non-empty list", value);
  }
  const out: T[] = new Array(value.length);
  for (let i = 0; i < value.length; i++) {
    const raw = value[i];
    try {
      if (!isRawObject(raw)) {
        const drf = `Invalid data. Expected a dictionary, but got ${pythonType(raw)}.`;
        throw new FieldFail([], { non_field_errors: [drf] }, "expected an object", raw);
      }
      out[i] = item(raw, context, owner);
    } catch (error) {
      throw error instanceof FieldFail ? nestFail(error, key, i) : error;
    }
  }
  return out;
}
