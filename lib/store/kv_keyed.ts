/**
 * Keyed tables on Deno KV: `["k", table, key]` → JSON bytes of `{ e, v }` (the value and when it
 * expires, or null), split into parts like any value over 60 KiB (the manifest then carries the
 * expiry in `x`). KV's own `expireIn` removes expired keys lazily, so reads also check `e`.
 *
 * @module
 */

import type { KeyedTable } from "./types.ts";
import { Batch } from "./kv_batch.ts";
import { type KvContext, retrying } from "./kv_pending.ts";
import {
  commitFilling,
  commitWithParts,
  decodeJson,
  dropParts,
  encodeJson,
  isManifest,
  loadEntry,
} from "./kv_values.ts";
import { planValue } from "./kv_values.ts";
import { checkExpireIn, checkStoreKey, fitsStoreKey } from "./limits.ts";

interface Payload<T> {
  e: number | null;
  v: T;
}

/** How much longer than their key the parts of an expiring value live. */
const PART_GRACE_MS = 60_000;

function successor(prefix: string): string | null {
  const points = [...prefix].map((char) => char.codePointAt(0)!);
  while (points.length > 0) {
    const last = points.pop()!;
    if (last < 0x10ffff) {
      points.push(last === 0xd7ff ? 0xe000 : last + 1);
      return String.fromCodePoint(...points);
    }
  }
  return null;
}

/**
 * The list selector of the string keys under `namespace` that start with `prefix`.
 *
 * @example
 * ```ts
 * import { deepEqual } from "node:assert/strict";
 * import { prefixRange } from "./kv_keyed.ts";
 * deepEqual(prefixRange(["k", "t"], "ab"), { start: ["k", "t", "ab"], end: ["k", "t", "ac"] });
 * ```
 */
export function prefixRange(namespace: Deno.KvKey, prefix: string): Deno.KvListSelector {
  if (prefix === "") return { prefix: namespace };
  const end = successor(prefix);
  return end === null
    ? { prefix: namespace, start: [...namespace, prefix] }
    : { start: [...namespace, prefix], end: [...namespace, end] };
}

const expired = (expires: unknown) => typeof expires === "number" && expires <= Date.now();

async function readPayload<T>(kv: Deno.Kv, entry: Deno.KvEntryMaybe<unknown>) {
  if (entry.value === null || (isManifest(entry.value) && expired(entry.value.x))) return null;
  const loaded = await loadEntry(kv, entry);
  if (!loaded) return null;
  const payload = decodeJson<Payload<T>>(loaded.bytes);
  return expired(payload.e) ? null : payload;
}

async function put<T>(ctx: KvContext, key: Deno.KvKey, value: T, expireIn?: number) {
  const kvExpire = expireIn === undefined ? undefined : Math.ceil(expireIn);
  const e = expireIn === undefined ? null : Date.now() + expireIn;
  const bytes = encodeJson({ e, v: value } satisfies Payload<T>);
  const partExpire = kvExpire === undefined ? undefined : kvExpire + PART_GRACE_MS;
  await retrying(async () => {
    const current = await ctx.kv.get(key);
    const planned = planValue(key, bytes, { x: e, expireIn: partExpire });
    const batch = new Batch().check(current).set(key, planned.value, kvExpire);
    return await commitWithParts(ctx, key, planned, batch, dropParts(key, current.value)) ||
      undefined;
  });
}

async function remove(ctx: KvContext, key: Deno.KvKey): Promise<boolean> {
  return await retrying(async () => {
    const current = await ctx.kv.get(key);
    if (current.versionstamp === null) return false;
    const live = isManifest(current.value)
      ? !expired(current.value.x)
      : (await readPayload(ctx.kv, current)) !== null;
    const batch = new Batch().check(current).delete(key);
    return await commitFilling(ctx.kv, batch, dropParts(key, current.value)) ? live : undefined;
  });
}

/**
 * A keyed table on Deno KV, with expiry.
 *
 * @example
 * ```ts
 * import { ok } from "node:assert/strict";
 * import { kvKeyed } from "./kv_keyed.ts";
 * const kv = await Deno.openKv(":memory:");
 * const table = kvKeyed<number>({ kv, staleMs: 3600_000 }, "n");
 * await table.put("a", 1);
 * ok((await table.get("a")) === 1);
 * kv.close();
 * ```
 */
export function kvKeyed<T>(ctx: KvContext, name: string): KeyedTable<T> {
  const keyOf = (key: string): Deno.KvKey => ["k", name, key];
  return {
    async get(key) {
      if (!fitsStoreKey(key)) return null;
      return (await readPayload<T>(ctx.kv, await ctx.kv.get(keyOf(key))))?.v ?? null;
    },
    async put(key, value, options = {}) {
      checkStoreKey(key);
      checkExpireIn(options.expireIn);
      if (options.expireIn !== undefined && options.expireIn <= 0) {
        await remove(ctx, keyOf(key));
        return;
      }
      await put(ctx, keyOf(key), value, options.expireIn);
    },
    delete: (key) => fitsStoreKey(key) ? remove(ctx, keyOf(key)) : Promise.resolve(false),
    async *list(prefix = "") {
      const selector = prefixRange(["k", name], prefix);
      for await (const entry of ctx.kv.list(selector, { batchSize: 100 })) {
        const payload = await readPayload<T>(ctx.kv, entry);
        if (payload) yield [entry.key[2] as string, payload.v] as [string, T];
      }
    },
  };
}
