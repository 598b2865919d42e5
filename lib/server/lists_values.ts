/**
 * How list values compare: query values coerced to the item value's type (as Django coerces a
 * lookup value to the field's type), and a total order for `sort=` (nulls last ascending, as
 * PostgreSQL orders them).
 *
 * @module
 */

const NUMBER = /^\s*[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?\s*$/;
const INSTANT =
  /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}:\d{2})(?::(\d{2})(?:\.(\d{1,6})\d*)?)?)?(Z|[+-]\d{2}:?\d{2})?$/;

/**
 * A decimal number written as Django's `DecimalField` reads it (`"5"`, `" -1.5 "`, `"1e3"`), or
 * null for anything else (`"abc"`, `"0x10"`, `""`).
 *
 * @example
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import { parseDecimal } from "./lists_values.ts";
 * strictEqual(parseDecimal(" 12 "), 12);
 * strictEqual(parseDecimal("abc"), null);
 * ```
 */
export function parseDecimal(text: string): number | null {
  if (!NUMBER.test(text)) return null;
  const value = Number(text.trim());
  return Number.isFinite(value) ? value : null;
}

/**
 * An ISO date or date-time as microseconds since the epoch (no zone means UTC), or null.
 *
 * @example
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import { parseInstant } from "./lists_values.ts";
 * strictEqual(parseInstant("1970-01-01T00:00:01.000002Z"), 1_000_002);
 * strictEqual(parseInstant("1970-01-02"), 86_400_000_000);
 * ```
 */
export function parseInstant(text: string): number | null {
  const match = INSTANT.exec(text);
  if (!match) return null;
  const [, date, hm = "00:00", sec = "00", frac = "", zone = "Z"] = match;
  const offset = zone === "Z" ? zone : `${zone.slice(0, 3)}:${zone.slice(-2)}`;
  const ms = Date.parse(`${date}T${hm}:${sec}${offset}`);
  return Number.isFinite(ms) ? ms * 1000 + Number(frac.padEnd(6, "0")) : null;
}

/**
 * A scalar as text (`contains` lookups), or null for null, undefined and objects.
 *
 * @example
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import { asText } from "./lists_values.ts";
 * strictEqual(asText(15), "15");
 * ```
 */
export function asText(value: unknown): string | null {
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return null;
}

function toNumber(value: unknown): number | null {
  if (typeof value === "number") return value;
  if (typeof value === "boolean") return Number(value);
  return typeof value === "string" ? parseDecimal(value) : null;
}

function toBoolean(value: unknown): boolean | null {
  if (typeof value === "boolean") return value;
  if (value === 1 || value === 0) return value === 1;
  if (value === "t" || value === "True" || value === "true" || value === "1") return true;
  if (value === "f" || value === "False" || value === "false" || value === "0") return false;
  return null;
}

const order = <V extends string | number>(a: V, b: V): number => a < b ? -1 : a > b ? 1 : 0;

/**
 * Compares an item's value with a query value coerced to its type: the sign of the difference,
 * or null when they cannot be compared (null on either side, or a value of the wrong type).
 *
 * @example
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import { compareScalars } from "./lists_values.ts";
 * strictEqual(compareScalars(5, "5"), 0);
 * strictEqual(compareScalars(true, "t"), 0);
 * strictEqual(compareScalars("2024-01-02T10:00:00.000000Z", "2024-01-02"), 1);
 * strictEqual(compareScalars(null, 1), null);
 * ```
 */
export function compareScalars(value: unknown, query: unknown): number | null {
  if (value == null || query == null) return null;
  if (typeof value === "number") {
    const number = toNumber(query);
    return number === null ? null : order(value, number);
  }
  if (typeof value === "boolean") {
    const flag = toBoolean(query);
    return flag === null ? null : Number(value) - Number(flag);
  }
  if (typeof value !== "string") return null;
  const text = asText(query);
  if (text === null) return null;
  const instant = parseInstant(value);
  const other = instant === null ? null : parseInstant(text);
  return instant !== null && other !== null ? order(instant, other) : order(value, text);
}

function rank(value: unknown): number {
  switch (typeof value) {
    case "number":
      return 0;
    case "boolean":
      return 1;
    case "string":
      return 2;
    default:
      return value == null ? 4 : 3;
  }
}

/**
 * The ascending `sort=` order of two field values: numbers, booleans and strings (by code
 * point) in their own order, nulls last.
 *
 * @example
 * ```ts
 * import { deepStrictEqual } from "node:assert/strict";
 * import { compareSortValues } from "./lists_values.ts";
 * deepStrictEqual([null, "b", "a"].sort(compareSortValues), ["a", "b", null]);
 * ```
 */
export function compareSortValues(a: unknown, b: unknown): number {
  const [ra, rb] = [rank(a), rank(b)];
  if (ra !== rb) return ra - rb;
  if (ra === 0 || ra === 2) return order(a as string | number, b as string | number);
  if (ra === 1) return Number(a) - Number(b);
  return 0;
}
