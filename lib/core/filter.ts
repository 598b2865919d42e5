/**
 * The annotation filter language: one JSON-logic object, compiled once into a predicate over
 * cvat-core's flattened object record ({@linkcode FilterRecord}).
 *
 * Supported: literals, arrays, `var` (dotted path, optional default), `==` `===` `!=` `!==`
 * `<` `<=` (both also with three arguments, "between") `>` `>=` `!` `!!` `and` `or` `in`.
 * Anything else, or a wrong number of arguments, throws {@linkcode ArgumentError}.
 *
 * @module
 */

import { ArgumentError } from "./errors.ts";
import { type Evaluator, OPERATORS, truthy } from "./filter_operators.ts";

/** The record a filter sees for each object (reference/cvat-core.md §6). */
export interface FilterRecord {
  /** The bounding-box width; null for tags. */
  width: number | null;
  /** The bounding-box height; null for tags. */
  height: number | null;
  /** `attr[filterKey(label)][filterKey(attribute)]` = the typed value. */
  attr: Record<string, Record<string, string | number | boolean>>;
  /** The label name. */
  label: string;
  serverID: number | null;
  /** The clientID. */
  objectID: number;
  clientID: number;
  type: "tag" | "shape" | "track";
  /** The shape type; null for tags. */
  shape: string | null;
  occluded: boolean;
}

/** The fields of a {@linkcode FilterRecord}: the first segment of every `var` path. */
const RECORD_KEYS: ReadonlySet<string> = new Set([
  "width",
  "height",
  "attr",
  "label",
  "serverID",
  "objectID",
  "clientID",
  "type",
  "shape",
  "occluded",
]);

/** A compiled filter. */
export type FilterPredicate = (record: FilterRecord) => boolean;

/** Deeper filters are refused (also protects against cyclic input). */
const MAX_DEPTH = 100;
const SIZE_KEYS = new Set(["width", "height"]);

/** A short printable form of a value for error messages. */
function show(value: unknown): string {
  if (typeof value === "number") return String(value);
  let text: string | undefined;
  try {
    text = JSON.stringify(value);
  } catch {
    text = undefined;
  }
  if (text === undefined) text = String(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

function invalid(message: string): ArgumentError {
  return new ArgumentError(`Invalid filter: ${message}`);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

function plural(count: number): string {
  return count === 1 ? "argument" : "arguments";
}

function checkArity(op: string, count: number, min: number, max: number): void {
  if (count >= min && count <= max) return;
  let expected: string;
  if (max === Infinity) expected = `at least ${min} ${plural(min)}`;
  else if (min === max) expected = `${min} ${plural(min)}`;
  else if (min === 0) expected = `at most ${max} ${plural(max)}`;
  else expected = `${min} to ${max} arguments`;
  throw invalid(`operator "${op}" takes ${expected}, got ${count}`);
}

/** `var`: a literal path (dots separate segments) and an optional default expression. */
function compileVar(args: unknown[], depth: number): Evaluator<FilterRecord> {
  checkArity("var", args.length, 0, 2);
  const [path, fallbackNode] = args;
  if (path !== undefined && path !== null && typeof path !== "string" && typeof path !== "number") {
    throw invalid(`"var" expects a string path, got ${show(path)}`);
  }
  const fallback = fallbackNode === undefined ? () => null : compileNode(fallbackNode, depth + 1);
  const text = path === undefined || path === null ? "" : String(path);
  if (text === "") return fallback;
  const [head, ...segments] = text.split(".");
  // The record may compute its fields lazily (getters), so its own keys are checked by name.
  if (!RECORD_KEYS.has(head)) return fallback;
  return (record) => {
    let current: unknown = record[head as keyof FilterRecord];
    if (current === undefined) return fallback(record);
    for (const segment of segments) {
      if (typeof current !== "object" || current === null || !Object.hasOwn(current, segment)) {
        return fallback(record);
      }
      current = (current as Record<string, unknown>)[segment];
    }
    return current === undefined ? fallback(record) : current;
  };
}

function compileOperation(node: Record<string, unknown>, depth: number): Evaluator<FilterRecord> {
  const keys = Object.keys(node);
  if (keys.length !== 1) throw invalid(`expected one operator per object, got ${show(node)}`);
  const op = keys[0];
  const raw = node[op];
  const args = Array.isArray(raw) ? raw : [raw];
  if (op === "var") return compileVar(args, depth);
  const spec = OPERATORS.get(op);
  if (spec === undefined) throw invalid(`unknown operator ${show(op)}`);
  checkArity(op, args.length, spec.min, spec.max);
  return spec.build(args.map((arg) => compileNode(arg, depth + 1)));
}

function compileNode(node: unknown, depth: number): Evaluator<FilterRecord> {
  if (depth > MAX_DEPTH) throw invalid(`nested deeper than ${MAX_DEPTH} levels`);
  if (node === null || typeof node === "string" || typeof node === "boolean") return () => node;
  if (typeof node === "number") {
    if (!Number.isFinite(node)) throw invalid(`numbers must be finite, got ${show(node)}`);
    return () => node;
  }
  if (Array.isArray(node)) {
    const items = node.map((item) => compileNode(item, depth + 1));
    return (record) => items.map((item) => item(record));
  }
  if (isPlainObject(node)) return compileOperation(node, depth);
  throw invalid(`unsupported value ${show(node)}`);
}

/**
 * Compiles a JSON-logic filter once into a predicate. `null`/`undefined` match everything.
 *
 * @param filter One JSON-logic object, e.g. `{"==": [{"var": "shape"}, "ellipse"]}`.
 * @returns A predicate applying JSON-logic truthiness to the filter's result.
 * @throws {ArgumentError} `Invalid filter: ...` naming the offending value.
 *
 * @example
 * ```ts
 * import { compileFilter } from "./filter.ts";
 * const wide = compileFilter({ "<=": [450, { var: "width" }, 550] });
 * // records come from the collection; see FilterRecord
 * ```
 */
export function compileFilter(filter: unknown): FilterPredicate {
  if (filter === null || filter === undefined) return () => true;
  if (!isPlainObject(filter)) throw invalid(`expected an object, got ${show(filter)}`);
  const evaluate = compileOperation(filter, 0);
  return (record) => truthy(evaluate(record));
}

function varUsesSize(args: unknown): boolean {
  const path = Array.isArray(args) ? args[0] : args;
  if (typeof path !== "string" && typeof path !== "number") return false;
  return SIZE_KEYS.has(String(path).split(".")[0]);
}

function usesSize(node: unknown, depth: number): boolean {
  if (depth > MAX_DEPTH || typeof node !== "object" || node === null) return false;
  if (Array.isArray(node)) return node.some((item) => usesSize(item, depth + 1));
  const record = node as Record<string, unknown>;
  if (Object.hasOwn(record, "var") && varUsesSize(record.var)) return true;
  return Object.values(record).some((value) => usesSize(value, depth + 1));
}

/**
 * Whether any `var` of the filter reads `width` or `height` (search then has to evaluate tracks on
 * every frame, not only on keyframes). Never throws; an invalid filter is simply walked.
 *
 * @example
 * ```ts
 * import { ok } from "node:assert/strict";
 * import { filterUsesSize } from "./filter.ts";
 * ok(filterUsesSize({ ">": [{ var: "width" }, 10] }) === true);
 * ok(filterUsesSize({ "==": [{ var: "label" }, "car"] }) === false);
 * ```
 */
export function filterUsesSize(filter: unknown): boolean {
  return usesSize(filter, 0);
}

/**
 * The key under which a label or attribute name appears in a {@linkcode FilterRecord}: dots are
 * replaced by U+2219 "∙", so that `var` paths stay unambiguous.
 *
 * @example
 * ```ts
 * import { ok } from "node:assert/strict";
 * import { filterKey } from "./filter.ts";
 * ok(filterKey("speed.kmh") === "speed\u2219kmh");
 * ```
 */
export function filterKey(name: string): string {
  return name.replaceAll(".", "\u2219");
}

/**
 * Types an attribute value for a {@linkcode FilterRecord}: `number` → `+value`,
 * `checkbox` → `value.toLowerCase() === "true"`, every other input type → the string unchanged.
 *
 * @example
 * ```ts
 * import { ok } from "node:assert/strict";
 * import { attributeFilterValue } from "./filter.ts";
 * ok(attributeFilterValue("number", "42") === 42);
 * ok(attributeFilterValue("checkbox", "True") === true);
 * ok(attributeFilterValue("text", "42") === "42");
 * ```
 */
export function attributeFilterValue(inputType: string, value: string): string | number | boolean {
  if (inputType === "number") return +value;
  if (inputType === "checkbox") return value.toLowerCase() === "true";
  return value;
}
