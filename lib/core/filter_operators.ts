/**
 * The JSON-logic operators the filter language supports, each a builder that turns compiled
 * argument evaluators into one evaluator. Used by `filter.ts`; the semantics follow standard JSON
 * logic (loose `==`, JavaScript comparison coercion, JSON-logic truthiness).
 *
 * @module
 */

/** Evaluates one compiled node of a filter against a record. */
export type Evaluator<R> = (record: R) => unknown;

/** How many arguments an operator takes and how it combines their evaluators. */
export interface OperatorSpec {
  /** The least number of arguments. */
  min: number;
  /** The largest number of arguments (`Infinity` for no limit). */
  max: number;
  /** Builds the operator's evaluator from its compiled arguments. */
  build: <R>(args: Evaluator<R>[]) => Evaluator<R>;
}

/**
 * JSON-logic truthiness: like JavaScript's, except that an empty array is falsy.
 *
 * @example
 * ```ts
 * import { ok } from "node:assert/strict";
 * import { truthy } from "./filter_operators.ts";
 * ok(truthy([]) === false && truthy("0") === true && truthy(0) === false);
 * ```
 */
export function truthy(value: unknown): boolean {
  if (Array.isArray(value)) return value.length > 0;
  return Boolean(value);
}

type Compare = (a: unknown, b: unknown) => boolean;

function binary(compare: Compare): OperatorSpec {
  return {
    min: 2,
    max: 2,
    build: ([a, b]) => (record) => compare(a(record), b(record)),
  };
}

/** `<` and `<=` also take three arguments: `a < b < c` ("between"). */
function between(compare: Compare): OperatorSpec {
  return {
    min: 2,
    max: 3,
    build: (args) => {
      const [a, b, c] = args;
      if (c === undefined) return (record) => compare(a(record), b(record));
      return (record) => {
        const middle = b(record);
        return compare(a(record), middle) && compare(middle, c(record));
      };
    },
  };
}

function unary(apply: (value: unknown) => unknown): OperatorSpec {
  return { min: 1, max: 1, build: ([a]) => (record) => apply(a(record)) };
}

/** `and` returns the first falsy value or the last value; `or` the first truthy or the last. */
function logical(stopWhen: boolean): OperatorSpec {
  return {
    min: 1,
    max: Infinity,
    build: (args) => (record) => {
      let value: unknown = undefined;
      for (const evaluate of args) {
        value = evaluate(record);
        if (truthy(value) === stopWhen) return value;
      }
      return value;
    },
  };
}

/** String containment (`"ab" in "cab"`) or array membership (strict equality). */
function contains(needle: unknown, haystack: unknown): boolean {
  if (typeof haystack === "string") return haystack.includes(String(needle));
  if (Array.isArray(haystack)) return haystack.indexOf(needle) !== -1;
  return false;
}

// Loose comparison is the point of these operators (JSON logic follows JavaScript here).
type Loose = number;
const lt: Compare = (a, b) => (a as Loose) < (b as Loose);
const le: Compare = (a, b) => (a as Loose) <= (b as Loose);

/**
 * Every supported operator except `var`, which needs its literal path and is compiled apart.
 *
 * @example
 * ```ts
 * import { ok } from "node:assert/strict";
 * import { OPERATORS } from "./filter_operators.ts";
 * ok(OPERATORS.get("!")?.max === 1 && !OPERATORS.has("cat"));
 * ```
 */
export const OPERATORS: ReadonlyMap<string, OperatorSpec> = new Map<string, OperatorSpec>([
  // deno-lint-ignore eqeqeq
  ["==", binary((a, b) => a == b)],
  ["===", binary((a, b) => a === b)],
  // deno-lint-ignore eqeqeq
  ["!=", binary((a, b) => a != b)],
  ["!==", binary((a, b) => a !== b)],
  ["<", between(lt)],
  ["<=", between(le)],
  [">", binary((a, b) => lt(b, a))],
  [">=", binary((a, b) => le(b, a))],
  ["!", unary((value) => !truthy(value))],
  ["!!", unary(truthy)],
  ["and", logical(false)],
  ["or", logical(true)],
  ["in", binary(contains)],
]);
