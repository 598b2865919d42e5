/**
 * In-memory tables: the building blocks of `memoryStore()`. Records are copied in and out, so
 * callers never share objects with the store (as with a real database).
 *
 * @module
 */

import type { KeyedTable, ListOptions, Row, Table } from "./types.ts";
import { checkExpireIn, checkStoreKey, compareCodePoints, jsonCopy } from "./limits.ts";

/** Copies as a database would store it: plain JSON (undefined fields vanish). */
const copy = <T>(value: T): T => value === undefined ? value : jsonCopy(value);

/** The index of the first element ≥ `value` in an ascending array. */
function lowerBound(sorted: readonly number[], value: number): number {
  let lo = 0, hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid] < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * The ids of the rows by declared field value (`undefined` is indexed as null). Map keys match
 * as `===` does for the values rows can hold (JSON copies: no NaN).
 */
function secondaryIndex<T extends Row>(fields: readonly string[]) {
  const byField = new Map(fields.map((name) => [name, new Map<unknown, Set<number>>()]));
  const valueOf = (row: T, name: string) =>
    (row as unknown as Record<string, unknown>)[name] ?? null;
  return {
    add(row: T) {
      for (const [name, byValue] of byField) {
        const value = valueOf(row, name);
        let ids = byValue.get(value);
        if (!ids) byValue.set(value, ids = new Set());
        ids.add(row.id);
      }
    },
    remove(row: T) {
      for (const [name, byValue] of byField) {
        const value = valueOf(row, name);
        const ids = byValue.get(value);
        ids?.delete(row.id);
        if (ids?.size === 0) byValue.delete(value);
      }
    },
    ids(name: string, value: unknown): ReadonlySet<number> {
      const byValue = byField.get(name);
      if (!byValue) throw new Error(`The table has no index on "${name}"`);
      return byValue.get(value) ?? new Set();
    },
  };
}

/**
 * A table in memory with declared secondary indexes.
 *
 * @example
 * ```ts
 * import { ok } from "node:assert/strict";
 * import { memoryTable } from "./memory_tables.ts";
 * const table = memoryTable<{ id: number; name: string }>(["name"]);
 * const row = await table.create({ name: "a" });
 * ok((await table.listBy("name", "a"))[0].id === row.id);
 * ```
 */
export function memoryTable<T extends Row>(indexes: readonly string[]): Table<T> {
  const rows = new Map<number, T>();
  const order: number[] = [];
  let lastId = 0;
  const index = secondaryIndex<T>(indexes);
  return {
    get: (id) => Promise.resolve(rows.has(id) ? copy(rows.get(id)!) : null),
    getMany: (ids) => Promise.resolve(ids.map((id) => rows.has(id) ? copy(rows.get(id)!) : null)),
    create(fields) {
      const row = { ...copy(fields), id: ++lastId } as T;
      rows.set(row.id, row);
      order.push(row.id);
      index.add(row);
      return Promise.resolve(copy(row));
    },
    update(record) {
      const old = rows.get(record.id);
      if (!old) return Promise.resolve(false);
      const row = copy(record);
      rows.set(record.id, row);
      index.remove(old);
      index.add(row);
      return Promise.resolve(true);
    },
    delete(id) {
      const old = rows.get(id);
      if (!old) return Promise.resolve(false);
      rows.delete(id);
      index.remove(old);
      order.splice(lowerBound(order, id), 1);
      return Promise.resolve(true);
    },
    async *list(options: ListOptions = {}) {
      // `order` holds the ids ascending (new ids are always the largest), so a page costs what
      // it reads, not the size of the table.
      const { reverse = false, limit = Infinity, after } = options;
      let i = reverse ? order.length - 1 : 0;
      if (after !== undefined) {
        const at = lowerBound(order, after);
        i = reverse ? at - 1 : (order[at] === after ? at + 1 : at);
      }
      for (let taken = 0; taken < limit && i >= 0 && i < order.length; i += reverse ? -1 : 1) {
        const row = rows.get(order[i]);
        if (!row) continue;
        taken++;
        yield copy(row);
      }
    },
    listBy(name, value) {
      // Reads only the matching rows, so a task's jobs cost the same among 10 or 100k jobs.
      const ids = [...index.ids(name, value)].sort((a, b) => a - b);
      return Promise.resolve(ids.map((id) => copy(rows.get(id)!)));
    },
    count: () => Promise.resolve(rows.size),
  };
}

/**
 * A keyed table in memory with expiry.
 *
 * @example
 * ```ts
 * import { ok } from "node:assert/strict";
 * import { memoryKeyed } from "./memory_tables.ts";
 * const table = memoryKeyed<number>();
 * await table.put("a", 1);
 * ok((await table.get("a")) === 1);
 * ```
 */
export function memoryKeyed<T>(): KeyedTable<T> {
  const values = new Map<string, { value: T; expires: number }>();
  const live = (key: string) => {
    const entry = values.get(key);
    if (entry && entry.expires <= Date.now()) {
      values.delete(key);
      return undefined;
    }
    return entry;
  };
  return {
    get: (key) => Promise.resolve(live(key) ? copy(live(key)!.value) ?? null : null),
    // deno-lint-ignore require-await
    async put(key, value, options = {}) {
      checkStoreKey(key);
      checkExpireIn(options.expireIn);
      const expires = options.expireIn === undefined ? Infinity : Date.now() + options.expireIn;
      values.set(key, { value: copy(value), expires });
    },
    delete(key) {
      const found = live(key) !== undefined;
      values.delete(key);
      return Promise.resolve(found);
    },
    async *list(prefix = "") {
      const keys = [...values.keys()].filter((k) => k.startsWith(prefix)).sort(compareCodePoints);
      for (const key of keys) {
        const entry = live(key);
        if (entry) yield [key, copy(entry.value) ?? null] as [string, T];
      }
    },
  };
}
