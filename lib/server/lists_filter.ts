/**
 * CVAT's `filter=` parameter: JSON logic in CVAT's narrower dialect, compiled once into a
 * predicate (reference §3). Operators: `and`, `or` (lists), `!`, `!!`, `var` alone ("is not
 * null"), binary `==`, `<`, `>`, `<=`, `>=` as `{"op": [{"var": F}, value]}`, `in` as membership
 * (`{"in": [{"var": F}, [v1, v2]]}`) or substring (`{"in": ["sub", {"var": F}]}`) and the ternary
 * between `{"<=": [a, {"var": F}, b]}`. Errors are 400s with a plain list body, as CVAT's.
 *
 * Values compare as Django would after coercing the query value to the field's type: numeric
 * strings against numbers, `true`/`"t"`/`1` against booleans, numbers against strings as text,
 * ISO dates as instants. `null` only matches with `==` ("is null"); an incomparable value matches
 * nothing (where CVAT would fail with a 500).
 *
 * @module
 */

import { badRequest, type HttpError } from "./errors.ts";
import { asText, compareScalars } from "./lists_values.ts";

/** A compiled filter. */
export type Predicate = (item: unknown) => boolean;

type Getter = (item: unknown) => unknown;
type Rule = Record<string, unknown>;
type Scalar = string | number | boolean | null;

const isRule = (value: unknown): value is Rule =>
  typeof value === "object" && value !== null && !Array.isArray(value) &&
  Object.keys(value).length > 0;

const isScalar = (value: unknown): value is Scalar =>
  value === null || ["string", "number", "boolean"].includes(typeof value);

const filterError = (message: string): HttpError => badRequest([message]);

const notImplemented = (op: string, args: unknown): HttpError =>
  filterError(`filter: ${op} operation with ${pythonRepr(args)} arguments is not implemented`);

const unsupported = (term: unknown): HttpError =>
  filterError(`filter: ${pythonRepr(term)} term is not supported`);

/**
 * Compiles a `filter=` value against the resource's filter fields; throws CVAT's 400s.
 *
 * @example
 * ```ts
 * import { ok } from "node:assert/strict";
 * import { compileFilter } from "./lists_filter.ts";
 * const match = compileFilter('{"and":[{"==":[{"var":"id"},5]}]}', { id: (x) => (x as { id: number }).id });
 * ok(match({ id: 5 }) && !match({ id: 6 }));
 * ```
 */
export function compileFilter<T>(
  text: string,
  fields: Record<string, (item: T) => unknown>,
): Predicate {
  let rules: unknown;
  try {
    rules = JSON.parse(text);
  } catch {
    throw filterError("filter: Json syntax should be used");
  }
  const empty = rules === "" || (Array.isArray(rules) && rules.length === 0) ||
    (typeof rules === "object" && rules !== null && Object.keys(rules).length === 0);
  if (empty) throw filterError("filter shouldn't be empty");
  if (!isRule(rules)) throw filterError("filter: Json syntax should be used");
  return compileRule(rules, fields as Record<string, Getter>);
}

/** One rule: the first key is the operator, its value the arguments (as CVAT reads them). */
function compileRule(rule: Rule, fields: Record<string, Getter>): Predicate {
  const [op, args] = Object.entries(rule)[0];
  if (op === "and" || op === "or") {
    if (!Array.isArray(args) || args.length === 0 || !args.every(isRule)) {
      throw notImplemented(op, args);
    }
    const parts = args.map((arg) => compileRule(arg, fields));
    return op === "and"
      ? (item) => parts.every((part) => part(item))
      : (item) => parts.some((part) => part(item));
  }
  if (op === "!" || op === "!!") {
    const inner = Array.isArray(args) && args.length === 1 ? args[0] : args;
    if (!isRule(inner)) throw notImplemented(op, args);
    const part = compileRule(inner, fields);
    return op === "!" ? (item) => !part(item) : part;
  }
  if (op === "var") {
    const get = lookup(fields, args);
    return (item) => get(item) != null;
  }
  return compileComparison(op, args, fields);
}

const BINARY: Record<string, (sign: number) => boolean> = {
  "==": (sign) => sign === 0,
  "<": (sign) => sign < 0,
  ">": (sign) => sign > 0,
  "<=": (sign) => sign <= 0,
  ">=": (sign) => sign >= 0,
};

/** Binary comparisons, `in` (membership or substring) and the ternary between. */
function compileComparison(op: string, args: unknown, fields: Record<string, Getter>): Predicate {
  const list = Array.isArray(args) ? args : null;
  if (list && list.length === 2 && op in BINARY) {
    const get = lookupVar(fields, list[0], op, args);
    const value = list[1];
    if (!isScalar(value)) throw notImplemented(op, args);
    const test = BINARY[op];
    if (value === null) return op === "==" ? (item) => get(item) == null : () => false;
    return (item) => {
      const sign = compareScalars(get(item), value);
      return sign !== null && test(sign);
    };
  }
  if (list && list.length === 2 && op === "in") return compileIn(list, fields);
  if (list && list.length === 3 && op === "<=") {
    const get = lookupVar(fields, list[1], op, args);
    const [low, high] = [list[0], list[2]];
    if (!isScalar(low) || !isScalar(high)) throw notImplemented(op, args);
    return (item) => {
      const value = get(item);
      const above = compareScalars(value, low);
      const below = compareScalars(value, high);
      return above !== null && below !== null && above >= 0 && below <= 0;
    };
  }
  throw notImplemented(op, args);
}

/** `{"in": [{"var": F}, [values]]}` or `{"in": ["substring", {"var": F}]}`. */
function compileIn(args: unknown[], fields: Record<string, Getter>): Predicate {
  if (typeof args[0] === "object" && args[0] !== null && !Array.isArray(args[0])) {
    const get = lookupVar(fields, args[0], "in", args);
    const values = args[1];
    if (!Array.isArray(values) || !values.every(isScalar)) throw notImplemented("in", args);
    return (item) => {
      const value = get(item);
      return values.some((candidate) => compareScalars(value, candidate) === 0);
    };
  }
  const get = lookupVar(fields, args[1], "in", args);
  const needle = args[0];
  if (!isScalar(needle) || needle === null) throw notImplemented("in", args);
  const text = asText(needle);
  return (item) => {
    const value = asText(get(item));
    return value !== null && value.includes(text!);
  };
}

/** `{"var": F}` → F's getter; a missing `var` or an unknown F is "term is not supported". */
function lookupVar(fields: Record<string, Getter>, operand: unknown, op: string, args: unknown) {
  if (typeof operand !== "object" || operand === null || Array.isArray(operand)) {
    throw notImplemented(op, args);
  }
  if (!Object.hasOwn(operand, "var")) throw unsupported("var");
  return lookup(fields, (operand as Rule).var);
}

function lookup(fields: Record<string, Getter>, name: unknown): Getter {
  if (typeof name !== "string" || !Object.hasOwn(fields, name)) throw unsupported(name);
  return fields[name];
}

/**
 * A JSON value as Python's `repr` prints it (CVAT's error messages quote the parsed rules).
 *
 * @example
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import { pythonRepr } from "./lists_filter.ts";
 * strictEqual(pythonRepr([{ var: "id" }, true, null]), "[{'var': 'id'}, True, None]");
 * ```
 */
export function pythonRepr(value: unknown): string {
  if (value === null || value === undefined) return "None";
  if (typeof value === "boolean") return value ? "True" : "False";
  if (typeof value === "number") {
    return Number.isInteger(value) ? BigInt(value).toString() : String(value);
  }
  if (typeof value === "string") return pythonString(value);
  if (Array.isArray(value)) return `[${value.map(pythonRepr).join(", ")}]`;
  const entries = Object.entries(value as Rule);
  return `{${entries.map(([k, v]) => `${pythonString(k)}: ${pythonRepr(v)}`).join(", ")}}`;
}

function pythonString(text: string): string {
  const quote = text.includes("'") && !text.includes('"') ? '"' : "'";
  let out = "";
  for (const char of text) {
    const code = char.codePointAt(0)!;
    if (char === "\\" || char === quote) out += "\\" + char;
    else if (char === "\n") out += "\\n";
    else if (char === "\r") out += "\\r";
    else if (char === "\t") out += "\\t";
    else if (code < 0x20 || (code >= 0x7f && code < 0xa0)) {
      out += "\\x" + code.toString(16).padStart(2, "0");
    } else out += char;
  }
  return quote + out + quote;
}
