/**
 * Pending-write markers: before a write spreads over several commits, it records which key
 * prefixes it is filling under `["pend", ...scope, generation]`. The switching commit checks the
 * marker and deletes it. A marker left behind (a crash) or retired (a superseded generation) lets
 * anyone later delete the orphaned keys: the sweeper first rewrites the marker as dead, so a slow
 * writer whose marker was swept can never switch to its half-deleted data.
 *
 * @module
 */

import { backoff, deletePrefixes } from "./kv_batch.ts";

/** A marker's value: when the write started (0 once retired) and what it writes. */
export interface PendingMarker {
  t: number;
  p: Deno.KvKey[];
}

/** Shared settings of the KV adapter's parts. */
export interface KvContext {
  kv: Deno.Kv;
  /** Markers older than this (ms) are treated as abandoned by a crashed writer. */
  staleMs: number;
}

/**
 * The marker key of a write of `generation` under `scope`.
 *
 * @example
 * ```ts
 * import { deepEqual } from "node:assert/strict";
 * import { pendingKey } from "./kv_pending.ts";
 * deepEqual(pendingKey(["blob", "a"], 7), ["pend", "blob", "a", 7]);
 * ```
 */
export function pendingKey(scope: Deno.KvKey, generation: number): Deno.KvKey {
  return ["pend", ...scope, generation];
}

/**
 * Records a multi-commit write; returns the check its switching commit must carry.
 *
 * @example
 * ```ts
 * import { ok } from "node:assert/strict";
 * import { stagePending } from "./kv_pending.ts";
 * const kv = await Deno.openKv(":memory:");
 * const check = await stagePending(kv, ["pend", "x", 1], [["p", "x", 1]]);
 * ok(check.versionstamp !== null);
 * kv.close();
 * ```
 */
export async function stagePending(
  kv: Deno.Kv,
  key: Deno.KvKey,
  prefixes: Deno.KvKey[],
): Promise<Deno.AtomicCheck> {
  const marker: PendingMarker = { t: Date.now(), p: prefixes };
  const result = await kv.set(key, marker);
  return { key, versionstamp: result.versionstamp };
}

/**
 * The marker of a superseded generation, written by the switching commit so that a crash
 * before its cleanup still lets a later sweep delete it.
 *
 * @example
 * ```ts
 * import { ok } from "node:assert/strict";
 * import { deadMarker } from "./kv_pending.ts";
 * ok(deadMarker([["ann", 1, 2]]).t === 0);
 * ```
 */
export function deadMarker(prefixes: Deno.KvKey[]): PendingMarker {
  return { t: 0, p: prefixes };
}

/**
 * Deletes a marker's data: marks it dead (unless it already is), deletes its prefixes, then
 * the marker. Does nothing if the marker changed since it was read.
 *
 * @example
 * ```ts
 * import { retirePending, stagePending } from "./kv_pending.ts";
 * const kv = await Deno.openKv(":memory:");
 * const check = await stagePending(kv, ["pend", "x", 1], [["p", "x", 1]]);
 * await retirePending(kv, { ...check, value: { t: 1, p: [["p", "x", 1]] } });
 * kv.close();
 * ```
 */
export async function retirePending(
  kv: Deno.Kv,
  entry: { key: Deno.KvKey; versionstamp: string | null; value: PendingMarker },
): Promise<void> {
  let versionstamp = entry.versionstamp;
  if (entry.value.t !== 0) {
    const dead = deadMarker(entry.value.p);
    const result = await kv.atomic().check({ key: entry.key, versionstamp }).set(entry.key, dead)
      .commit();
    if (!result.ok) return;
    versionstamp = result.versionstamp;
  }
  await deletePrefixes(kv, entry.value.p);
  await kv.atomic().check({ key: entry.key, versionstamp }).delete(entry.key).commit();
}

/**
 * Retires the dead and the stale markers matched by `selector`.
 *
 * @example
 * ```ts
 * import { sweepPending } from "./kv_pending.ts";
 * const kv = await Deno.openKv(":memory:");
 * await sweepPending({ kv, staleMs: 3600_000 }, { prefix: ["pend", "blob"] });
 * kv.close();
 * ```
 */
export async function sweepPending(ctx: KvContext, selector: Deno.KvListSelector): Promise<void> {
  const before = Date.now() - ctx.staleMs;
  const found: Deno.KvEntry<PendingMarker>[] = [];
  for await (const entry of ctx.kv.list<PendingMarker>(selector)) {
    if (entry.value.t === 0 || entry.value.t <= before) found.push(entry);
  }
  for (const entry of found) await retirePending(ctx.kv, entry);
}

/**
 * Runs `attempt` until it returns something other than `undefined`, pausing between tries.
 *
 * @example
 * ```ts
 * import { ok } from "node:assert/strict";
 * import { retrying } from "./kv_pending.ts";
 * let n = 0;
 * ok((await retrying(() => Promise.resolve(++n < 3 ? undefined : n))) === 3);
 * ```
 */
export async function retrying<T>(attempt: () => Promise<T | undefined>): Promise<T> {
  for (let i = 0;; i++) {
    const result = await attempt();
    if (result !== undefined) return result;
    await backoff(i);
  }
}
