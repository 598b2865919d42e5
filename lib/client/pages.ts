/**
 * Reading CVAT's paginated lists (`{count, next, previous, results}`): one page as an array with a
 * `count`, or every page of a list (labels, a task's jobs).
 *
 * @module
 */

import type { ClientContext } from "./context.ts";
import type { Query } from "./http.ts";

/** An array of results with the server's total `count`. */
export type Paged<T> = T[] & { count: number };

/** A page of CVAT's list answer. */
export interface PageJson<T> {
  count: number;
  next?: string | null;
  previous?: string | null;
  results: T[];
}

/**
 * An array with a `count` property.
 *
 * @example
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import { paged } from "./pages.ts";
 * strictEqual(paged([1, 2], 10).count, 10);
 * ```
 */
export function paged<T>(items: T[], count: number): Paged<T> {
  return Object.assign(items, { count });
}

/** The page size used to read whole lists. */
const ALL_PAGE_SIZE = 500;

/**
 * Reads every page of a list (`page_size` 500, pages until `count` results are in).
 *
 * @example
 * ```ts
 * // const labels = await fetchAll<WireLabel>(ctx, "/labels", { task_id: 5 });
 * ```
 */
export async function fetchAll<T>(
  ctx: ClientContext,
  path: string,
  query: Query = {},
): Promise<T[]> {
  const out: T[] = [];
  for (let page = 1;; page++) {
    const answer = await ctx.http.json<PageJson<T>>("GET", path, {
      query: { ...query, page, page_size: ALL_PAGE_SIZE },
    });
    out.push(...answer.results);
    if (!answer.next || answer.results.length === 0 || out.length >= answer.count) return out;
  }
}
