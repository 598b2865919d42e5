/**
 * Values of any size on Deno KV (whose values are limited to 64 KiB): a value up to 60 KiB is
 * stored inline as bytes; a larger one is cut into 60 KiB parts under
 * `["p", ...key, generation, i]` and its key holds a manifest `{ g, n, size, x? }`. A rewrite uses
 * a fresh generation, so readers follow the manifest they read and never see a mix.
 *
 * @module
 */

import { type Batch, randomGeneration, writeAll } from "./kv_batch.ts";
import {
  type KvContext,
  pendingKey,
  retirePending,
  stagePending,
  sweepPending,
} from "./kv_pending.ts";

/** The largest inline value and the size of a part. */
export const PART_BYTES = 60 * 1024;

/** What a split value's key holds; `x` carries adapter data readable without the parts. */
export interface Manifest {
  g: number;
  n: number;
  size: number;
  x?: unknown;
}

/** A stored value: inline bytes or a manifest. */
export type Stored = Uint8Array | Manifest;

/** A value ready to write: what its key holds, and the part writes. */
export interface PlannedValue {
  value: Stored;
  parts: Deno.KvMutation[];
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/**
 * JSON as UTF-8 bytes.
 *
 * @example
 * ```ts
 * import { ok } from "node:assert/strict";
 * import { decodeJson, encodeJson } from "./kv_values.ts";
 * ok(decodeJson<{ a: number }>(encodeJson({ a: 1 })).a === 1);
 * ```
 */
export function encodeJson(value: unknown): Uint8Array {
  return encoder.encode(JSON.stringify(value));
}

/**
 * Parses UTF-8 JSON bytes.
 *
 * @example
 * ```ts
 * import { ok } from "node:assert/strict";
 * import { decodeJson } from "./kv_values.ts";
 * ok(decodeJson<number[]>(new TextEncoder().encode("[1]"))[0] === 1);
 * ```
 */
export function decodeJson<T>(bytes: Uint8Array): T {
  return JSON.parse(decoder.decode(bytes));
}

/**
 * Whether a stored value is a manifest.
 *
 * @example
 * ```ts
 * import { ok } from "node:assert/strict";
 * import { isManifest } from "./kv_values.ts";
 * ok(isManifest({ g: 1, n: 2, size: 70000 }) && !isManifest(new Uint8Array()));
 * ```
 */
export function isManifest(value: unknown): value is Manifest {
  return typeof value === "object" && value !== null && !(value instanceof Uint8Array) &&
    typeof (value as Manifest).g === "number" && typeof (value as Manifest).n === "number";
}

/**
 * The key prefix of a split value's parts of one generation.
 *
 * @example
 * ```ts
 * import { deepEqual } from "node:assert/strict";
 * import { partPrefix } from "./kv_values.ts";
 * deepEqual(partPrefix(["blob", "a"], 7), ["p", "blob", "a", 7]);
 * ```
 */
export function partPrefix(key: Deno.KvKey, generation: number): Deno.KvKey {
  return ["p", ...key, generation];
}

/**
 * Plans storing `bytes` at `key`: inline, or a manifest plus part writes (a fresh generation).
 *
 * @example
 * ```ts
 * import { ok } from "node:assert/strict";
 * import { planValue } from "./kv_values.ts";
 * ok(planValue(["b", "x"], new Uint8Array(200_000)).parts.length === 4);
 * ```
 */
export function planValue(
  key: Deno.KvKey,
  bytes: Uint8Array,
  options: { x?: unknown; expireIn?: number } = {},
): PlannedValue {
  if (bytes.length <= PART_BYTES) return { value: bytes, parts: [] };
  const g = randomGeneration();
  const n = Math.ceil(bytes.length / PART_BYTES);
  const parts: Deno.KvMutation[] = [];
  for (let i = 0; i < n; i++) {
    const value = bytes.subarray(i * PART_BYTES, (i + 1) * PART_BYTES);
    const mutation: Deno.KvMutation = { type: "set", key: [...partPrefix(key, g), i], value };
    if (options.expireIn !== undefined) mutation.expireIn = options.expireIn;
    parts.push(mutation);
  }
  const manifest: Manifest = { g, n, size: bytes.length };
  if (options.x !== undefined) manifest.x = options.x;
  return { value: manifest, parts };
}

/**
 * The deletes of a stored value's parts (none when it is inline or absent).
 *
 * @example
 * ```ts
 * import { ok } from "node:assert/strict";
 * import { dropParts } from "./kv_values.ts";
 * ok(dropParts(["b", "x"], { g: 1, n: 3, size: 150_000 }).length === 3);
 * ```
 */
export function dropParts(key: Deno.KvKey, value: unknown): Deno.KvMutation[] {
  if (!isManifest(value)) return [];
  const prefix = partPrefix(key, value.g);
  return Array.from({ length: value.n }, (_, i) => ({ type: "delete", key: [...prefix, i] }));
}

/**
 * Reads a manifest's parts; null when some are missing (a concurrent rewrite deleted them).
 *
 * @example
 * ```ts
 * import { ok } from "node:assert/strict";
 * import { readParts } from "./kv_values.ts";
 * const kv = await Deno.openKv(":memory:");
 * ok((await readParts(kv, ["b", "x"], { g: 1, n: 1, size: 5 })) === null);
 * kv.close();
 * ```
 */
export async function readParts(
  kv: Deno.Kv,
  key: Deno.KvKey,
  manifest: Manifest,
): Promise<Uint8Array | null> {
  const out = new Uint8Array(manifest.size);
  let index = 0;
  let offset = 0;
  const batchSize = Math.min(manifest.n, 100);
  for await (const entry of kv.list({ prefix: partPrefix(key, manifest.g) }, { batchSize })) {
    const bytes = entry.value;
    if (entry.key.at(-1) !== index || !(bytes instanceof Uint8Array)) return null;
    if (offset + bytes.length > out.length) return null;
    out.set(bytes, offset);
    offset += bytes.length;
    index++;
  }
  return index === manifest.n && offset === manifest.size ? out : null;
}

/**
 * The bytes behind an entry read earlier, following its parts; re-reads the key when a
 * concurrent rewrite removed them. Null when the key holds nothing.
 *
 * @example
 * ```ts
 * import { ok } from "node:assert/strict";
 * import { loadEntry } from "./kv_values.ts";
 * const kv = await Deno.openKv(":memory:");
 * await kv.set(["b"], new Uint8Array([1, 2]));
 * ok((await loadEntry(kv, await kv.get(["b"])))?.bytes.length === 2);
 * kv.close();
 * ```
 */
export async function loadEntry(
  kv: Deno.Kv,
  entry: Deno.KvEntryMaybe<unknown>,
): Promise<{ bytes: Uint8Array; entry: Deno.KvEntry<Stored> } | null> {
  for (let attempt = 0;; attempt++) {
    const value = entry.value;
    if (value === null) return null;
    const found = entry as Deno.KvEntry<Stored>;
    if (value instanceof Uint8Array) return { bytes: value, entry: found };
    if (!isManifest(value)) throw new Error(`Unexpected KV value at ${String(entry.key)}`);
    const bytes = await readParts(kv, entry.key, value);
    if (bytes) return { bytes, entry: found };
    const again = await kv.get(entry.key);
    if (again.versionstamp === entry.versionstamp || attempt > 100) {
      throw new Error(`Parts are missing for the KV value at ${String(entry.key)}`);
    }
    entry = again;
  }
}

/**
 * Commits `final` (which writes `planned.value` and checks what it read) together with the
 * value's parts: in one commit when they fit, otherwise after writing the parts in several
 * commits under a pending marker. `after` (deletes of garbage) joins the final commit while it
 * fits and follows it otherwise. False when a check failed (the staged parts are then deleted).
 *
 * @example
 * ```ts
 * import { ok } from "node:assert/strict";
 * import { Batch } from "./kv_batch.ts";
 * import { commitWithParts, planValue } from "./kv_values.ts";
 * const kv = await Deno.openKv(":memory:");
 * const planned = planValue(["b", "x"], new Uint8Array(2_000_000));
 * const final = new Batch().set(["b", "x"], planned.value);
 * ok(await commitWithParts({ kv, staleMs: 3600_000 }, ["b", "x"], planned, final));
 * kv.close();
 * ```
 */
export async function commitWithParts(
  ctx: KvContext,
  key: Deno.KvKey,
  planned: PlannedValue,
  final: Batch,
  after: Deno.KvMutation[] = [],
): Promise<boolean> {
  if (final.fits(planned.parts)) {
    final.add(...planned.parts);
    return await commitFilling(ctx.kv, final, after);
  }
  await sweepPending(ctx, { prefix: ["pend", ...key] });
  const prefixes = [partPrefix(key, (planned.value as Manifest).g)];
  const marker = await stagePending(
    ctx.kv,
    pendingKey(key, (planned.value as Manifest).g),
    prefixes,
  );
  await writeAll(ctx.kv, planned.parts);
  final.check(marker).delete(marker.key);
  if (await commitFilling(ctx.kv, final, after)) return true;
  await retirePending(ctx.kv, { ...marker, value: { t: 1, p: prefixes } });
  return false;
}

/**
 * Commits `final` with as many of the `after` mutations as fit; writes the others after it.
 * False when a check failed (then nothing is written).
 *
 * @example
 * ```ts
 * import { ok } from "node:assert/strict";
 * import { Batch } from "./kv_batch.ts";
 * import { commitFilling } from "./kv_values.ts";
 * const kv = await Deno.openKv(":memory:");
 * ok(await commitFilling(kv, new Batch().set(["a"], 1), [{ type: "delete", key: ["b"] }]));
 * kv.close();
 * ```
 */
export async function commitFilling(
  kv: Deno.Kv,
  final: Batch,
  after: readonly Deno.KvMutation[],
): Promise<boolean> {
  let rest = 0;
  while (rest < after.length && final.fits([after[rest]])) final.add(after[rest++]);
  if (await final.commit(kv) === null) return false;
  if (rest < after.length) await writeAll(kv, after.slice(rest));
  return true;
}
