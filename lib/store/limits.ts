/**
 * Limits and helpers shared by every Store adapter, so that the memory store refuses what the
 * KV store cannot hold (a test on memory then catches what would fail in production).
 *
 * @module
 */

/** The longest string key (UTF-8 bytes) of a keyed table or a blob. */
export const MAX_STORE_KEY_BYTES = 1024;

const encoder = new TextEncoder();

/**
 * Throws unless `key` is a string of at most {@linkcode MAX_STORE_KEY_BYTES} UTF-8 bytes.
 *
 * @example
 * ```ts
 * import { throws } from "node:assert/strict";
 * import { checkStoreKey } from "./limits.ts";
 * checkStoreKey("job:5:abc");
 * throws(() => checkStoreKey("x".repeat(2000)), RangeError);
 * ```
 */
export function checkStoreKey(key: string): void {
  if (typeof key !== "string") throw new TypeError(`A store key must be a string, got ${key}`);
  if (!fitsStoreKey(key)) {
    throw new RangeError(`A store key is limited to ${MAX_STORE_KEY_BYTES} UTF-8 bytes`);
  }
}

/**
 * Whether `key` is a string short enough to be stored (reads of longer keys find nothing).
 *
 * @example
 * ```ts
 * import { ok } from "node:assert/strict";
 * import { fitsStoreKey } from "./limits.ts";
 * ok(fitsStoreKey("a") && !fitsStoreKey("é".repeat(600)));
 * ```
 */
export function fitsStoreKey(key: string): boolean {
  if (typeof key !== "string") return false;
  return key.length * 3 <= MAX_STORE_KEY_BYTES ||
    encoder.encode(key).length <= MAX_STORE_KEY_BYTES;
}

/**
 * Compares strings by Unicode code point (the order of UTF-8 bytes, which KV uses), unlike
 * `Array.prototype.sort`'s UTF-16 order.
 *
 * @example
 * ```ts
 * import { ok } from "node:assert/strict";
 * import { compareCodePoints } from "./limits.ts";
 * ok(compareCodePoints("\u{1F600}", "\uFF01") > 0);
 * ```
 */
export function compareCodePoints(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.codePointAt(i)!;
    const y = b.codePointAt(i)!;
    if (x !== y) return x - y;
    if (x > 0xffff) i++;
  }
  return a.length - b.length;
}

/**
 * Deep-copies a plain JSON value the way a database would (undefined fields vanish), so both
 * adapters hand back identical records.
 *
 * @example
 * ```ts
 * import { deepEqual } from "node:assert/strict";
 * import { jsonCopy } from "./limits.ts";
 * deepEqual(jsonCopy({ a: 1, b: undefined }), { a: 1 });
 * ```
 */
export function jsonCopy<T>(value: T): T {
  return JSON.parse(JSON.stringify(value));
}

/**
 * Throws unless `count` is a non-negative safe integer (id allocation).
 *
 * @example
 * ```ts
 * import { throws } from "node:assert/strict";
 * import { checkCount } from "./limits.ts";
 * checkCount(3);
 * throws(() => checkCount(-1), RangeError);
 * ```
 */
export function checkCount(count: number): void {
  if (!Number.isSafeInteger(count) || count < 0) {
    throw new RangeError(`An id count must be a non-negative integer, got ${count}`);
  }
}

/**
 * Validates an `expireIn` option (ms): undefined or a finite number.
 *
 * @example
 * ```ts
 * import { throws } from "node:assert/strict";
 * import { checkExpireIn } from "./limits.ts";
 * checkExpireIn(1000);
 * throws(() => checkExpireIn(NaN), RangeError);
 * ```
 */
export function checkExpireIn(expireIn: number | undefined): void {
  if (expireIn !== undefined && (typeof expireIn !== "number" || !Number.isFinite(expireIn))) {
    throw new RangeError(`expireIn must be a finite number of milliseconds, got ${expireIn}`);
  }
}

/** The object lists of a job, in the order `read` returns them. */
export const ANNOTATION_KINDS = ["tags", "shapes", "tracks"] as const;

/**
 * Throws unless `kind` is an annotation kind and `id` a finite number (every stored annotation
 * object carries its server id).
 *
 * @example
 * ```ts
 * import { throws } from "node:assert/strict";
 * import { checkObjectRef } from "./limits.ts";
 * checkObjectRef("shapes", 5);
 * throws(() => checkObjectRef("shapes", undefined), TypeError);
 * ```
 */
export function checkObjectRef(kind: unknown, id: unknown): void {
  if (!(ANNOTATION_KINDS as readonly unknown[]).includes(kind)) {
    throw new TypeError(`Unknown annotation kind ${JSON.stringify(kind)}`);
  }
  if (typeof id !== "number" || !Number.isFinite(id)) {
    throw new TypeError(`A stored ${kind} object needs a numeric id, got ${id}`);
  }
}
