/**
 * Blobs on Deno KV: `["blob", key]` → the bytes (up to 60 KiB) or a manifest of 60 KiB parts
 * under `["p", "blob", key, generation, i]`. A write puts the parts under a fresh generation and
 * then switches the manifest (one commit when everything fits, otherwise parts first under a
 * pending marker), deleting the previous parts.
 *
 * @module
 */

import type { BlobStore } from "./types.ts";
import { Batch } from "./kv_batch.ts";
import { type KvContext, retrying, sweepPending } from "./kv_pending.ts";
import { commitFilling, commitWithParts, dropParts, loadEntry, planValue } from "./kv_values.ts";
import { prefixRange } from "./kv_keyed.ts";
import { checkStoreKey, fitsStoreKey } from "./limits.ts";

const keyOf = (key: string): Deno.KvKey => ["blob", key];

async function remove(ctx: KvContext, key: Deno.KvKey): Promise<boolean> {
  const removed = await retrying(async () => {
    const current = await ctx.kv.get(key);
    if (current.versionstamp === null) return false;
    const batch = new Batch().check(current).delete(key);
    return await commitFilling(ctx.kv, batch, dropParts(key, current.value)) || undefined;
  });
  await sweepPending(ctx, { prefix: ["pend", ...key] });
  return removed;
}

/** Deletes up to 10 listed blobs in one commit; false when one of them changed meanwhile. */
async function removeListed(ctx: KvContext, entries: Deno.KvEntry<unknown>[]): Promise<boolean> {
  const batch = new Batch();
  const after: Deno.KvMutation[] = [];
  for (const entry of entries) {
    batch.check(entry).delete(entry.key);
    after.push(...dropParts(entry.key, entry.value));
  }
  return await commitFilling(ctx.kv, batch, after);
}

async function deletePrefix(ctx: KvContext, prefix: string): Promise<number> {
  let count = 0;
  let pending: Deno.KvEntry<unknown>[] = [];
  const flush = async () => {
    if (await removeListed(ctx, pending)) count += pending.length;
    else for (const entry of pending) count += Number(await remove(ctx, entry.key));
    pending = [];
  };
  for await (const entry of ctx.kv.list(prefixRange(["blob"], prefix), { batchSize: 100 })) {
    pending.push(entry);
    if (pending.length === 10) await flush();
  }
  if (pending.length > 0) await flush();
  await sweepPending(ctx, prefixRange(["pend", "blob"], prefix));
  return count;
}

/**
 * The blob store on Deno KV.
 *
 * @example
 * ```ts
 * import { ok } from "node:assert/strict";
 * import { kvBlobs } from "./kv_blobs.ts";
 * const kv = await Deno.openKv(":memory:");
 * const blobs = kvBlobs({ kv, staleMs: 3600_000 });
 * await blobs.put("a", new Uint8Array(100_000));
 * ok((await blobs.get("a"))?.length === 100_000);
 * kv.close();
 * ```
 */
export function kvBlobs(ctx: KvContext): BlobStore {
  return {
    async get(key) {
      if (!fitsStoreKey(key)) return null;
      return (await loadEntry(ctx.kv, await ctx.kv.get(keyOf(key))))?.bytes ?? null;
    },
    async put(key, bytes) {
      checkStoreKey(key);
      if (!(bytes instanceof Uint8Array)) throw new TypeError("A blob must be a Uint8Array");
      const kvKey = keyOf(key);
      const copy = new Uint8Array(bytes);
      await retrying(async () => {
        const current = await ctx.kv.get(kvKey);
        const planned = planValue(kvKey, copy);
        const batch = new Batch().check(current).set(kvKey, planned.value);
        const after = dropParts(kvKey, current.value);
        return await commitWithParts(ctx, kvKey, planned, batch, after) || undefined;
      });
    },
    delete: (key) => fitsStoreKey(key) ? remove(ctx, keyOf(key)) : Promise.resolve(false),
    deletePrefix: (prefix) => deletePrefix(ctx, prefix),
  };
}
