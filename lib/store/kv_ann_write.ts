/**
 * Writing annotation generations on Deno KV. A generation of job `j` is everything under
 * `["ann", j, gen, kind, id]` (one key per object), the parts of its objects over 60 KiB under
 * `["p", "ann", j, gen, kind, id, g, i]` and a list of those split objects under
 * `["annbig", j, gen, kind, id]`. `["annmeta", j]` → `{ revision, generation }` says which
 * generation is current; a switch ("flip") rewrites it atomically, checked against the
 * versionstamp read before writing.
 *
 * @module
 */

import type { AnnotationKind } from "./types.ts";
import { Batch, BatchWriter, randomGeneration } from "./kv_batch.ts";
import {
  deadMarker,
  type KvContext,
  retirePending,
  stagePending,
  sweepPending,
} from "./kv_pending.ts";
import { encodeJson, isManifest, type Manifest, planValue, readParts } from "./kv_values.ts";
import { checkObjectRef } from "./limits.ts";

/** What `["annmeta", job]` holds. */
export interface AnnotationMeta {
  revision: number;
  generation: number;
}

/** One object to write (bytes) or remove (null). */
export interface Item {
  kind: AnnotationKind;
  id: number;
  bytes: Uint8Array | null;
}

/** Items by `kind:id`; a later item for the same object replaces an earlier one. */
export type Items = Map<string, Item>;

/** A pending generation being written: its id, prefixes and marker check. */
export interface Staged {
  generation: number;
  prefixes: Deno.KvKey[];
  marker: Deno.AtomicCheck;
}

/**
 * The meta key of a job.
 *
 * @example
 * ```ts
 * import { deepEqual } from "node:assert/strict";
 * import { metaKey } from "./kv_ann_write.ts";
 * deepEqual(metaKey(5), ["annmeta", 5]);
 * ```
 */
export const metaKey = (job: number): Deno.KvKey => ["annmeta", job];

/**
 * The key prefixes holding one generation of a job.
 *
 * @example
 * ```ts
 * import { ok } from "node:assert/strict";
 * import { generationPrefixes } from "./kv_ann_write.ts";
 * ok(generationPrefixes(5, 9).length === 3);
 * ```
 */
export function generationPrefixes(job: number, generation: number): Deno.KvKey[] {
  return [["ann", job, generation], ["p", "ann", job, generation], ["annbig", job, generation]];
}

/**
 * Adds an object (encoded once) or a removal to `items`.
 *
 * @example
 * ```ts
 * import { ok } from "node:assert/strict";
 * import { addItem } from "./kv_ann_write.ts";
 * const items = new Map();
 * addItem(items, "tags", 1, { id: 1 });
 * ok(items.size === 1);
 * ```
 */
export function addItem(items: Items, kind: AnnotationKind, id: unknown, object?: unknown): void {
  checkObjectRef(kind, id);
  const bytes = object === undefined ? null : encodeJson(object);
  items.set(`${kind}:${id}`, { kind, id: (id as number) + 0, bytes });
}

/**
 * The writes of one object in a generation: its key, its parts and its `annbig` entry.
 *
 * @example
 * ```ts
 * import { ok } from "node:assert/strict";
 * import { objectWrites } from "./kv_ann_write.ts";
 * ok(objectWrites(1, 2, "tags", 3, new Uint8Array(10)).length === 1);
 * ```
 */
export function objectWrites(
  job: number,
  generation: number,
  kind: AnnotationKind,
  id: number,
  bytes: Uint8Array,
): Deno.KvMutation[] {
  const key = ["ann", job, generation, kind, id];
  const planned = planValue(key, bytes);
  const writes: Deno.KvMutation[] = [{ type: "set", key, value: planned.value }, ...planned.parts];
  if (isManifest(planned.value)) {
    writes.push({ type: "set", key: ["annbig", job, generation, kind, id], value: planned.value });
  }
  return writes;
}

/**
 * The split objects of a generation, by `kind:id`.
 *
 * @example
 * ```ts
 * import { ok } from "node:assert/strict";
 * import { splitObjects } from "./kv_ann_write.ts";
 * const kv = await Deno.openKv(":memory:");
 * ok((await splitObjects(kv, 1, 2)).size === 0);
 * kv.close();
 * ```
 */
export async function splitObjects(
  kv: Deno.Kv,
  job: number,
  generation: number,
): Promise<Map<string, Manifest>> {
  const found = new Map<string, Manifest>();
  for await (const entry of kv.list<Manifest>({ prefix: ["annbig", job, generation] })) {
    found.set(`${String(entry.key[3])}:${String(entry.key[4])}`, entry.value);
  }
  return found;
}

/**
 * Starts a new generation of a job: sweeps abandoned ones, then records the pending marker.
 *
 * @example
 * ```ts
 * import { ok } from "node:assert/strict";
 * import { stageGeneration } from "./kv_ann_write.ts";
 * const kv = await Deno.openKv(":memory:");
 * ok((await stageGeneration({ kv, staleMs: 1000 }, 1)).prefixes.length === 3);
 * kv.close();
 * ```
 */
export async function stageGeneration(ctx: KvContext, job: number): Promise<Staged> {
  await sweepPending(ctx, { prefix: ["pend", "ann", job] });
  const generation = randomGeneration();
  const prefixes = generationPrefixes(job, generation);
  const marker = await stagePending(ctx.kv, ["pend", "ann", job, generation], prefixes);
  return { generation, prefixes, marker };
}

/**
 * Drops a staged generation that will not be switched to.
 *
 * @example
 * ```ts
 * import { discardGeneration, stageGeneration } from "./kv_ann_write.ts";
 * const kv = await Deno.openKv(":memory:");
 * const ctx = { kv, staleMs: 1000 };
 * await discardGeneration(ctx, await stageGeneration(ctx, 1));
 * kv.close();
 * ```
 */
export async function discardGeneration(ctx: KvContext, staged: Staged): Promise<void> {
  await retirePending(ctx.kv, { ...staged.marker, value: { t: 1, p: staged.prefixes } });
}

/**
 * Copies the objects of generation `from` that `items` does not touch into `writer` (for
 * generation `to`); false when the source changed under the copy (split parts vanished).
 *
 * @example
 * ```ts
 * import { ok } from "node:assert/strict";
 * import { BatchWriter } from "./kv_batch.ts";
 * import { copyUntouched } from "./kv_ann_write.ts";
 * const kv = await Deno.openKv(":memory:");
 * ok(await copyUntouched(kv, new BatchWriter(kv), 1, 2, 3, new Map()));
 * kv.close();
 * ```
 */
export async function copyUntouched(
  kv: Deno.Kv,
  writer: BatchWriter,
  job: number,
  from: number,
  to: number,
  items: Items,
): Promise<boolean> {
  for await (const entry of kv.list({ prefix: ["ann", job, from] }, { batchSize: 1000 })) {
    const kind = entry.key[3] as AnnotationKind;
    const id = entry.key[4] as number;
    if (items.has(`${kind}:${id}`)) continue;
    const value = entry.value;
    const bytes = value instanceof Uint8Array
      ? value
      : await readParts(kv, entry.key, value as Manifest);
    if (!bytes) return false;
    await writer.add(...objectWrites(job, to, kind, id, bytes));
  }
  return true;
}

/**
 * Switches a job to a staged generation (checked against the meta read earlier and the
 * marker) and deletes the previous generation. False when a check failed.
 *
 * @example
 * ```ts
 * import { ok } from "node:assert/strict";
 * import { flipGeneration, metaKey, stageGeneration } from "./kv_ann_write.ts";
 * const kv = await Deno.openKv(":memory:");
 * const ctx = { kv, staleMs: 1000 };
 * const staged = await stageGeneration(ctx, 1);
 * ok(await flipGeneration(ctx, 1, await kv.get(metaKey(1)), staged));
 * kv.close();
 * ```
 */
export async function flipGeneration(
  ctx: KvContext,
  job: number,
  meta: Deno.KvEntryMaybe<AnnotationMeta>,
  staged: Staged,
): Promise<boolean> {
  const revision = (meta.value?.revision ?? 0) + 1;
  const batch = new Batch().check(meta, staged.marker)
    .set(metaKey(job), { revision, generation: staged.generation } satisfies AnnotationMeta)
    .delete(staged.marker.key);
  const old = meta.value?.generation;
  const oldMarker = ["pend", "ann", job, old ?? 0];
  const dead = deadMarker(generationPrefixes(job, old ?? 0));
  if (old !== undefined) batch.set(oldMarker, dead);
  const versionstamp = await batch.commit(ctx.kv);
  if (versionstamp === null) return false;
  if (old !== undefined) await retirePending(ctx.kv, { key: oldMarker, versionstamp, value: dead });
  return true;
}

/**
 * Writes a whole generation's objects (from `items` and, when `copyFrom` is given, the objects
 * of that generation that `items` does not touch). False when the copy source changed.
 *
 * @example
 * ```ts
 * import { ok } from "node:assert/strict";
 * import { stageGeneration, writeGeneration } from "./kv_ann_write.ts";
 * const kv = await Deno.openKv(":memory:");
 * const staged = await stageGeneration({ kv, staleMs: 1000 }, 1);
 * ok(await writeGeneration(kv, 1, staged.generation, new Map()));
 * kv.close();
 * ```
 */
export async function writeGeneration(
  kv: Deno.Kv,
  job: number,
  generation: number,
  items: Items,
  copyFrom?: number,
): Promise<boolean> {
  const writer = new BatchWriter(kv);
  if (copyFrom !== undefined) {
    if (!await copyUntouched(kv, writer, job, copyFrom, generation, items)) return false;
  }
  for (const item of items.values()) {
    if (item.bytes) {
      await writer.add(...objectWrites(job, generation, item.kind, item.id, item.bytes));
    }
  }
  await writer.flush();
  return true;
}
