/**
 * CVAT's pagination (DRF `PageNumberPagination` with `page_size`, reference §3): 1-based `page`
 * (`last` allowed), `page_size` (default 10, `all` = unlimited, invalid or non-positive → 10),
 * `{count, next, previous, results}` with absolute links that keep the other parameters.
 *
 * @module
 */

import type { Ctx } from "./context.ts";
import { notFound } from "./errors.ts";
import type { ListQuery } from "./lists.ts";

/** CVAT's default page size. */
export const DEFAULT_PAGE_SIZE = 10;

const INTEGER = /^\s*[+-]?\d+(?:_\d+)*\s*$/;

const parseInteger = (text: string): number | null =>
  INTEGER.test(text) ? Number(text.trim().replaceAll("_", "")) : null;

const invalidPage = () => notFound("Invalid page.");

/**
 * The `page` parameter: a positive integer, `Infinity` for `last`; anything else is a 404
 * `{"detail": "Invalid page."}`.
 *
 * @example
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import { parsePage } from "./lists_page.ts";
 * strictEqual(parsePage(undefined), 1);
 * strictEqual(parsePage("3"), 3);
 * strictEqual(parsePage("last"), Infinity);
 * ```
 */
export function parsePage(raw: string | undefined): number {
  if (raw === undefined) return 1;
  if (raw === "last") return Infinity;
  const page = parseInteger(raw);
  if (page === null || page < 1) throw invalidPage();
  return page;
}

/**
 * The `page_size` parameter: `"all"`, a positive integer, or the default 10.
 *
 * @example
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import { parsePageSize } from "./lists_page.ts";
 * strictEqual(parsePageSize("all"), "all");
 * strictEqual(parsePageSize("-3"), 10);
 * ```
 */
export function parsePageSize(raw: string | undefined): number | "all" {
  if (raw === "all") return "all";
  const size = raw === undefined ? null : parseInteger(raw);
  return size !== null && size > 0 ? size : DEFAULT_PAGE_SIZE;
}

/**
 * Where the requested page lies in a result of `count` items: `[start, end)`, the page number
 * (`last` resolved) and the number of pages (at least 1). A page past the end is a 404.
 *
 * @example
 * ```ts
 * import { deepStrictEqual } from "node:assert/strict";
 * import { pageWindow } from "./lists_page.ts";
 * deepStrictEqual(pageWindow({ page: 2, pageSize: 10 }, 25), { start: 10, end: 20, page: 2, pages: 3 });
 * ```
 */
export function pageWindow(
  query: Pick<ListQuery, "page" | "pageSize">,
  count: number,
): { start: number; end: number; page: number; pages: number } {
  const size = query.pageSize === "all" ? Infinity : query.pageSize;
  const pages = size === Infinity ? 1 : Math.max(1, Math.ceil(count / size));
  const page = query.page === Infinity ? pages : query.page;
  if (!(page >= 1 && page <= pages)) throw invalidPage();
  const start = size === Infinity ? 0 : (page - 1) * size;
  return { start, end: Math.min(count, start + size), page, pages };
}

/**
 * The paginated body `{count, next, previous, results}`: `next`/`previous` are absolute URLs of
 * this request with `page` replaced (removed for page 1), or null at the ends.
 *
 * @example
 * ```ts
 * // pageBody(c, 25, tasks.map(toJson), query)
 * // → {count: 25, next: "http://host/api/tasks?page=2&page_size=10", previous: null, results}
 * ```
 */
export function pageBody<R>(
  c: Ctx,
  count: number,
  results: R[],
  query: ListQuery,
): { count: number; next: string | null; previous: string | null; results: R[] } {
  const { page, pages } = pageWindow(query, count);
  const next = page < pages ? pageUrl(c.req.url, page + 1) : null;
  const previous = page > 1 ? pageUrl(c.req.url, page === 2 ? null : page - 1) : null;
  return { count, next, previous, results };
}

/** The request URL with `page` set (or removed), parameters sorted by name as DRF does. */
function pageUrl(requestUrl: string, page: number | null): string {
  const url = new URL(requestUrl);
  const params = new Map<string, string[]>();
  for (const [key, value] of url.searchParams) {
    if (!params.has(key)) params.set(key, []);
    params.get(key)!.push(value);
  }
  if (page === null) params.delete("page");
  else params.set("page", [String(page)]);
  const keys = [...params.keys()].sort();
  const query = keys.flatMap((key) =>
    params.get(key)!.map((value) => `${formEncode(key)}=${formEncode(value)}`)
  ).join("&");
  return `${url.origin}${url.pathname}${query ? "?" + query : ""}`;
}

/** Python's `quote_plus`: unreserved `A-Za-z0-9_.-~`, spaces as `+`. */
function formEncode(text: string): string {
  return encodeURIComponent(text)
    .replace(/[!'()*]/g, (char) => "%" + char.charCodeAt(0).toString(16).toUpperCase())
    .replaceAll("%20", "+");
}
