/**
 * The list machinery every list endpoint shares (reference §3): pagination
 * (`page`, `page_size`), `search=`, `sort=`, `filter=` (CVAT's JSON logic), simple
 * `?field=value` filters and the organization context.
 *
 * A route describes its resource once in a {@linkcode ListSpec}, then either lists a table
 * ({@linkcode listFromTable}, with a fast path for the default page) or filters an array it
 * built itself ({@linkcode parseListQuery} + {@linkcode applyList}), and answers with
 * {@linkcode pageBody}.
 *
 * @module
 */

import type { Ctx } from "./context.ts";
import type { Row, Table } from "../store/types.ts";
import { compileFilter, type Predicate } from "./lists_filter.ts";
import { checkOrganization } from "./lists_org.ts";
import { pageWindow, parsePage, parsePageSize } from "./lists_page.ts";
import {
  lastParam,
  parseSimpleFilters,
  searchPredicate,
  searchTerms,
  simplePredicate,
  sortTerms,
} from "./lists_params.ts";
import { compareSortValues } from "./lists_values.ts";

export { pageBody } from "./lists_page.ts";
export { checkOrganization, type OrganizationContext } from "./lists_org.ts";

/** How a resource is searched, filtered and sorted (getters read the item type `T`). */
export interface ListSpec<T> {
  /** `search=` fields: name → value (case-insensitive `contains`, any field matches). */
  search: Record<string, (item: T) => string | null | undefined>;
  /** `filter=` and `sort=` fields. */
  fields: Record<string, (item: T) => unknown>;
  /** `?field=value` exact filters, type-checked. */
  simple?: Record<
    string,
    { get: (item: T) => unknown; type: "int" | "string" | "bool" | "choice"; choices?: string[] }
  >;
  /** The order without `sort=`: "-id" (default) or "id" (labels). */
  defaultSort?: string;
}

/** A parsed list request. */
export interface ListQuery {
  /** 1-based page; `Infinity` for `page=last`. */
  page: number;
  pageSize: number | "all";
  /** Effective sort terms (unknown fields dropped); empty means the default order. */
  sort: string[];
  /** Search terms as given; empty when the resource has no search fields. */
  search: string[];
  /** The compiled `filter=` predicate, or null. */
  filter: ((item: unknown) => boolean) | null;
  /** Parsed simple filter values by field name (numbers, booleans or strings). */
  simple: Record<string, unknown>;
  /** No search, filter or simple filter, and the default order. */
  isDefault: boolean;
  /** `org=` was given empty: sandbox objects only (all of ours are; nothing is narrowed). */
  sandbox: boolean;
}

const defaultSortOf = <T>(spec: ListSpec<T>) => spec.defaultSort ?? "-id";

/**
 * Reads and checks a list request's parameters, in CVAT's order: organization (400/404),
 * simple filters (400 `{field: [...]}`), `filter=` (400 `["filter: ..."]`), then `page`
 * (404 `{"detail": "Invalid page."}`). Unknown parameters are ignored.
 *
 * @example
 * ```ts
 * // const query = parseListQuery(c, taskListSpec);
 * // const { count, page } = applyList(items, query, taskListSpec);
 * // return c.json(pageBody(c, count, page.map(toJson), query));
 * ```
 */
export function parseListQuery<T>(c: Ctx, spec: ListSpec<T>): ListQuery {
  const { sandbox } = checkOrganization(c);
  const url = new URL(c.req.url);
  const simple = parseSimpleFilters(url, spec.simple);
  const search = Object.keys(spec.search).length ? searchTerms(lastParam(url, "search")) : [];
  const sort = sortTerms(lastParam(url, "sort"), spec.fields);
  const filterText = lastParam(url, "filter");
  const filter = filterText ? compileFilter(filterText, spec.fields) : null;
  const page = parsePage(lastParam(url, "page"));
  const pageSize = parsePageSize(lastParam(url, "page_size"));
  const defaultOrder = sort.length === 0 || (sort.length === 1 && sort[0] === defaultSortOf(spec));
  const isDefault = search.length === 0 && filter === null && Object.keys(simple).length === 0 &&
    defaultOrder;
  return { page, pageSize, sort, search, filter, simple, isDefault, sandbox };
}

/**
 * Applies a query to items in memory: search → filter → simple filters → sort (ties by id) →
 * page. A page past the end is a 404 `{"detail": "Invalid page."}`.
 *
 * @example
 * ```ts
 * // const { count, page } = applyList(labels, query, labelListSpec);
 * ```
 */
export function applyList<T>(
  items: T[],
  query: ListQuery,
  spec: ListSpec<T>,
): { count: number; page: T[] } {
  const tests = [
    searchPredicate(query.search, spec.search),
    query.filter,
    simplePredicate(query.simple, spec.simple),
  ].filter((test): test is Predicate => test !== null);
  const kept = tests.length ? items.filter((item) => tests.every((test) => test(item))) : items;
  const sorted = sortItems(kept, query.sort.length ? query.sort : [defaultSortOf(spec)], spec);
  const { start, end } = pageWindow(query, sorted.length);
  return { count: sorted.length, page: sorted.slice(start, end) };
}

const idOf = (item: unknown): unknown => (item as { id?: unknown } | null)?.id;

/** Sorts by the terms, then by ascending id; each value is read once per item. */
function sortItems<T>(items: T[], terms: string[], spec: ListSpec<T>): T[] {
  const keys = terms.map((term) => {
    const name = term.startsWith("-") ? term.slice(1) : term;
    const get = Object.hasOwn(spec.fields, name) ? spec.fields[name] : name === "id" ? idOf : null;
    return { get: get ?? (() => null), sign: term.startsWith("-") ? -1 : 1 };
  });
  keys.push({ get: spec.fields.id ?? idOf, sign: 1 });
  const rows = items.map((item) => ({ item, values: keys.map((key) => key.get(item)) }));
  rows.sort((a, b) => {
    for (let i = 0; i < keys.length; i++) {
      const order = compareSortValues(a.values[i], b.values[i]);
      if (order !== 0) return order * keys[i].sign;
    }
    return 0;
  });
  return rows.map((row) => row.item);
}

/** Options of {@linkcode listFromTable}. */
export interface TableListOptions<T> {
  /** Whether the caller may see an item (invisible ones are left out, never a 403). */
  visible: (item: T) => boolean | Promise<boolean>;
  /** The caller sees every item (an admin): the count is `table.count()`, read nothing more. */
  countAll?: boolean;
}

/**
 * Lists a table for a request. The default query (no search or filters; the default order or a
 * plain `id`/`-id` sort) streams the table in id order and reads only what the page needs (plus
 * a streamed count of the visible rest unless `countAll`); any other query loads the visible
 * items and uses {@linkcode applyList}.
 *
 * @example
 * ```ts
 * // const { count, page, query } = await listFromTable(c, store.tasks, taskListSpec, {
 * //   visible: (task) => canSeeTask(user, task, null), countAll: isAdmin(user) });
 * // return c.json(pageBody(c, count, await Promise.all(page.map(toJson)), query));
 * ```
 */
export async function listFromTable<T extends Row>(
  c: Ctx,
  table: Table<T>,
  spec: ListSpec<T>,
  options: TableListOptions<T>,
): Promise<{ count: number; page: T[]; query: ListQuery }> {
  const query = parseListQuery(c, spec);
  const order = fastOrder(query, spec);
  if (order === null || (query.page === Infinity && !options.countAll)) {
    const items: T[] = [];
    for await (const item of table.list()) {
      const visible = options.visible(item);
      if (typeof visible === "boolean" ? visible : await visible) items.push(item);
    }
    return { ...applyList(items, query, spec), query };
  }
  return { ...(await fastPage(table, query, order === "desc", options)), query };
}

/** The id order a query reduces to, when it needs nothing but the id order. */
function fastOrder<T>(query: ListQuery, spec: ListSpec<T>): "asc" | "desc" | null {
  if (query.search.length || query.filter || Object.keys(query.simple).length) return null;
  const term = query.sort.length === 0
    ? defaultSortOf(spec)
    : query.sort.length === 1
    ? query.sort[0]
    : null;
  return term === "-id" ? "desc" : term === "id" ? "asc" : null;
}

/** One page straight from the table's id order. */
async function fastPage<T extends Row>(
  table: Table<T>,
  query: ListQuery,
  reverse: boolean,
  options: TableListOptions<T>,
): Promise<{ count: number; page: T[] }> {
  const size = query.pageSize === "all" ? Infinity : query.pageSize;
  const total = options.countAll ? await table.count() : null;
  const start = total !== null
    ? pageWindow(query, total).start
    : size === Infinity
    ? 0
    : (query.page - 1) * size;
  const limit = total !== null && size !== Infinity ? start + size : undefined;
  const page: T[] = [];
  let seen = 0;
  for await (const item of table.list({ reverse, limit })) {
    const visible = options.visible(item);
    if (!(typeof visible === "boolean" ? visible : await visible)) continue;
    if (seen >= start && page.length < size) page.push(item);
    seen++;
    if (total !== null && page.length >= size) break;
  }
  const count = total ?? seen;
  pageWindow(query, count);
  return { count, page };
}
