/**
 * Secondary index entries of KV tables: `["idx", table, field, value, id] → null`. Values are
 * normalised as JSON stores them (undefined and non-finite numbers are null); null is stored as
 * an empty byte string, and strings longer than 256 bytes as their SHA-256 digest (lookups then
 * compare the records' real values).
 *
 * @module
 */

import type { Batch } from "./kv_batch.ts";

/** The key part of a null index value. */
const NULL_PART = new Uint8Array(0);
const MAX_INDEX_STRING_BYTES = 256;
const encoder = new TextEncoder();

/** One key part per declared index; undefined where the value is not indexable. */
export type IndexParts = (Deno.KvKeyPart | undefined)[];

async function stringPart(value: string): Promise<Deno.KvKeyPart> {
  if (value.length * 3 <= MAX_INDEX_STRING_BYTES) return value;
  const bytes = encoder.encode(value);
  if (bytes.length <= MAX_INDEX_STRING_BYTES) return value;
  return new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));
}

/**
 * The key part under which a stored field value is indexed.
 *
 * @example
 * ```ts
 * import { ok } from "node:assert/strict";
 * import { storedPart } from "./kv_index.ts";
 * ok((await storedPart(undefined)) instanceof Uint8Array);
 * ok((await storedPart(5)) === 5);
 * ```
 */
export function storedPart(value: unknown): Promise<Deno.KvKeyPart | undefined> {
  if (value === null || value === undefined) return Promise.resolve(NULL_PART);
  if (typeof value === "number") {
    return Promise.resolve(Number.isFinite(value) ? value + 0 : NULL_PART);
  }
  if (typeof value === "boolean") return Promise.resolve(value);
  if (typeof value === "string") return stringPart(value);
  return Promise.resolve(undefined);
}

/**
 * The key part to look up for a `listBy` value; undefined when nothing can match.
 *
 * @example
 * ```ts
 * import { ok } from "node:assert/strict";
 * import { queryPart } from "./kv_index.ts";
 * ok((await queryPart(NaN)) === undefined);
 * ```
 */
export function queryPart(value: unknown): Promise<Deno.KvKeyPart | undefined> {
  if (value === null) return Promise.resolve(NULL_PART);
  if (typeof value === "number") {
    return Promise.resolve(Number.isFinite(value) ? value + 0 : undefined);
  }
  if (typeof value === "boolean") return Promise.resolve(value);
  if (typeof value === "string") return stringPart(value);
  return Promise.resolve(undefined);
}

/**
 * The index parts of a record for the declared fields.
 *
 * @example
 * ```ts
 * import { ok } from "node:assert/strict";
 * import { recordParts } from "./kv_index.ts";
 * ok((await recordParts(["a"], { a: "x" }))[0] === "x");
 * ```
 */
export function recordParts(
  fields: readonly string[],
  record: Record<string, unknown>,
): Promise<IndexParts> {
  return Promise.all(fields.map((field) => storedPart(record[field])));
}

function samePart(a: Deno.KvKeyPart | undefined, b: Deno.KvKeyPart | undefined): boolean {
  if (a instanceof Uint8Array && b instanceof Uint8Array) {
    return a.length === b.length && a.every((byte, i) => byte === b[i]);
  }
  return a === b;
}

/**
 * Adds to `batch` the index deletes and sets that turn `before` into `after` for record `id`.
 *
 * @example
 * ```ts
 * import { ok } from "node:assert/strict";
 * import { Batch } from "./kv_batch.ts";
 * import { indexChanges } from "./kv_index.ts";
 * const batch = new Batch();
 * indexChanges(batch, "tasks", ["ownerId"], 5, [1], [2]);
 * ok(batch.mutations.length === 2);
 * ```
 */
export function indexChanges(
  batch: Batch,
  table: string,
  fields: readonly string[],
  id: number,
  before: IndexParts | null,
  after: IndexParts | null,
): void {
  fields.forEach((field, i) => {
    const old = before?.[i];
    const next = after?.[i];
    if (samePart(old, next)) return;
    if (old !== undefined) batch.delete(["idx", table, field, old, id]);
    if (next !== undefined) batch.set(["idx", table, field, next, id], null);
  });
}
