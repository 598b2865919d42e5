/**
 * The list parameters other than `filter=` and pagination: `search=` terms, `sort=` terms and
 * simple `?field=value` filters (django-filter's exact match with its type checks).
 *
 * @module
 */

import { badRequest } from "./errors.ts";
import type { ListSpec } from "./lists.ts";
import type { Predicate } from "./lists_filter.ts";
import { asText, compareScalars, parseDecimal } from "./lists_values.ts";

/** Query parameters that are never simple filters. */
export const RESERVED_PARAMS: ReadonlySet<string> = new Set([
  "page",
  "page_size",
  "sort",
  "search",
  "filter",
  "org",
  "org_id",
]);

/** Python's `str.split()` whitespace (it includes the separators U+001C..U+001F). */
// deno-lint-ignore no-control-regex
const WHITESPACE = /[\s\x1c-\x1f\x85]+/;

/**
 * The last value of a query parameter, as Django's `QueryDict.get` reads it.
 *
 * @example
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import { lastParam } from "./lists_params.ts";
 * strictEqual(lastParam(new URL("http://h/?a=1&a=2"), "a"), "2");
 * ```
 */
export function lastParam(url: URL, name: string): string | undefined {
  const values = url.searchParams.getAll(name);
  return values.length ? values[values.length - 1] : undefined;
}

/**
 * `search=` terms: split on whitespace or commas.
 *
 * @example
 * ```ts
 * import { deepStrictEqual } from "node:assert/strict";
 * import { searchTerms } from "./lists_params.ts";
 * deepStrictEqual(searchTerms(" cat,dog  bird "), ["cat", "dog", "bird"]);
 * ```
 */
export function searchTerms(raw: string | undefined): string[] {
  if (!raw) return [];
  return raw.replaceAll("\0", "").replaceAll(",", " ").split(WHITESPACE).filter(Boolean);
}

/**
 * `sort=` terms whose field (without the `-`) is a sort field; the others are dropped.
 *
 * @example
 * ```ts
 * import { deepStrictEqual } from "node:assert/strict";
 * import { sortTerms } from "./lists_params.ts";
 * deepStrictEqual(sortTerms("-name, nope,id", { name: () => "", id: () => 0 }), ["-name", "id"]);
 * ```
 */
export function sortTerms(raw: string | undefined, fields: Record<string, unknown>): string[] {
  if (!raw) return [];
  return raw.split(",").map((term) => term.trim()).filter((term) =>
    Object.hasOwn(fields, term.startsWith("-") ? term.slice(1) : term)
  );
}

/**
 * The simple filters present in the query, type-checked: `{name: value}` with numbers for
 * `int`, booleans for `bool` (`1`/`0`/`true`/`false`; anything else is ignored, as
 * django-filter's boolean widget does) and strings otherwise. Empty values are ignored; bad
 * values are a 400 with one message per field.
 *
 * @example
 * ```ts
 * import { deepStrictEqual } from "node:assert/strict";
 * import { parseSimpleFilters } from "./lists_params.ts";
 * const simple = { task_id: { get: () => 1, type: "int" as const } };
 * deepStrictEqual(parseSimpleFilters(new URL("http://h/?task_id=5&x=1"), simple), { task_id: 5 });
 * ```
 */
export function parseSimpleFilters<T>(
  url: URL,
  simple: ListSpec<T>["simple"],
): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  const errors: Record<string, string[]> = {};
  for (const [name, filter] of Object.entries(simple ?? {})) {
    const raw = lastParam(url, name);
    if (RESERVED_PARAMS.has(name) || raw === undefined) continue;
    if (filter.type === "int") {
      if (raw.trim() === "") continue;
      const number = parseDecimal(raw);
      if (number === null) errors[name] = ["Enter a number."];
      else values[name] = number;
    } else if (filter.type === "bool") {
      const flag = { "1": true, "true": true, "0": false, "false": false }[raw.toLowerCase()];
      if (flag !== undefined) values[name] = flag;
    } else if (filter.type === "choice") {
      if (raw === "") continue;
      if (filter.choices?.includes(raw)) values[name] = raw;
      else {
        errors[name] = [`Select a valid choice. ${raw} is not one of the available choices.`];
      }
    } else if (raw.trim() !== "") values[name] = raw.trim();
  }
  if (Object.keys(errors).length) throw badRequest(errors);
  return values;
}

/**
 * A predicate for parsed simple filters (exact match on every one), or null when there are none.
 *
 * @example
 * ```ts
 * import { ok } from "node:assert/strict";
 * import { simplePredicate } from "./lists_params.ts";
 * const spec = { id: { get: (x: unknown) => (x as { id: number }).id, type: "int" as const } };
 * ok(simplePredicate({ id: 2 }, spec)!({ id: 2 }));
 * ```
 */
export function simplePredicate<T>(
  values: Record<string, unknown>,
  simple: ListSpec<T>["simple"],
): Predicate | null {
  const tests = Object.entries(values).map(([name, value]) => {
    const { get, type } = simple![name];
    if (type === "int") return (item: T) => compareScalars(get(item), value) === 0;
    if (type === "bool") return (item: T) => get(item) === value;
    return (item: T) => asText(get(item)) === value;
  });
  if (tests.length === 0) return null;
  return (item) => tests.every((test) => test(item as T));
}

/**
 * A predicate for search terms: every term is contained (case-insensitively) in at least one
 * search field. Null when there is nothing to search.
 *
 * @example
 * ```ts
 * import { ok } from "node:assert/strict";
 * import { searchPredicate } from "./lists_params.ts";
 * const match = searchPredicate(["CAT"], { name: (x: unknown) => String(x) })!;
 * ok(match("Bobcat") && !match("dog"));
 * ```
 */
export function searchPredicate<T>(
  terms: string[],
  search: ListSpec<T>["search"],
): Predicate | null {
  const getters = Object.values(search);
  if (terms.length === 0 || getters.length === 0) return null;
  const lowered = terms.map((term) => term.toLowerCase());
  return (item) => {
    const values = getters.map((get) => asText(get(item as T))?.toLowerCase());
    return lowered.every((term) => values.some((value) => value?.includes(term)));
  };
}
