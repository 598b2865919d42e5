/**
 * Commits sized against Deno KV's limits: mutations are collected as data with their byte cost,
 * committed in one atomic operation when they fit, or streamed through several commits.
 *
 * KV allows 1000 mutations and 800 KiB (keys and values) per commit, 80 KiB of keys, and (self
 * hosted) 10 checks; the budgets below keep a margin below those.
 *
 * @module
 */

/** Per-commit budgets (below KV's hard limits). */
export const COMMIT_LIMITS = {
  mutations: 950,
  bytes: 750 * 1024,
  keyBytes: 64 * 1024,
  checks: 10,
} as const;

const encoder = new TextEncoder();

/**
 * An upper estimate of a key's encoded size.
 *
 * @example
 * ```ts
 * import { ok } from "node:assert/strict";
 * import { keySize } from "./kv_batch.ts";
 * ok(keySize(["t", "tasks", 5]) >= 17);
 * ```
 */
export function keySize(key: Deno.KvKey): number {
  let size = 0;
  for (const part of key) {
    if (typeof part === "string") {
      size += (part.length <= 40 ? part.length * 3 : byteLength(part)) + 2;
    } else if (part instanceof Uint8Array) size += part.length * 2 + 2;
    else size += 10;
  }
  return size;
}

function byteLength(text: string): number {
  return encoder.encode(text).length;
}

/**
 * An upper estimate of a value's encoded size.
 *
 * @example
 * ```ts
 * import { ok } from "node:assert/strict";
 * import { valueSize } from "./kv_batch.ts";
 * ok(valueSize(new Uint8Array(100)) === 100);
 * ```
 */
export function valueSize(value: unknown): number {
  if (value instanceof Uint8Array) return value.length;
  if (value instanceof Deno.KvU64) return 8;
  return JSON.stringify(value).length * 2 + 64;
}

/**
 * A set of checks and mutations for one atomic commit, with its running cost.
 *
 * @example
 * ```ts
 * import { ok } from "node:assert/strict";
 * import { Batch } from "./kv_batch.ts";
 * const kv = await Deno.openKv(":memory:");
 * const batch = new Batch().set(["a"], 1).delete(["b"]);
 * ok(batch.fits() && await batch.commit(kv));
 * kv.close();
 * ```
 */
export class Batch {
  readonly checks: Deno.AtomicCheck[] = [];
  readonly mutations: Deno.KvMutation[] = [];
  private bytes = 0;
  private keyBytes = 0;

  /** Adds version checks (an entry read earlier, or a key expected absent). */
  check(...checks: Deno.AtomicCheck[]): this {
    for (const check of checks) {
      this.checks.push({ key: check.key, versionstamp: check.versionstamp });
      this.keyBytes += keySize(check.key);
    }
    return this;
  }

  /** Adds mutations. */
  add(...mutations: Deno.KvMutation[]): this {
    for (const mutation of mutations) {
      this.mutations.push(mutation);
      const key = keySize(mutation.key);
      this.keyBytes += key;
      this.bytes += key + ("value" in mutation ? valueSize(mutation.value) : 0);
    }
    return this;
  }

  set(key: Deno.KvKey, value: unknown, expireIn?: number): this {
    return this.add(
      expireIn === undefined ? { type: "set", key, value } : {
        type: "set",
        key,
        value,
        expireIn,
      },
    );
  }

  delete(key: Deno.KvKey): this {
    return this.add({ type: "delete", key });
  }

  sum(key: Deno.KvKey, by: bigint): this {
    return this.add({ type: "sum", key, value: new Deno.KvU64(BigInt.asUintN(64, by)) });
  }

  /** Whether this batch, plus `extra` mutations, stays within one commit's budget. */
  fits(extra: readonly Deno.KvMutation[] = []): boolean {
    if (this.mutations.length + extra.length > COMMIT_LIMITS.mutations) return false;
    let bytes = this.bytes;
    let keyBytes = this.keyBytes;
    for (const mutation of extra) {
      const key = keySize(mutation.key);
      keyBytes += key;
      bytes += key + ("value" in mutation ? valueSize(mutation.value) : 0);
    }
    return bytes <= COMMIT_LIMITS.bytes && keyBytes <= COMMIT_LIMITS.keyBytes &&
      this.checks.length <= COMMIT_LIMITS.checks;
  }

  /** Commits atomically; the commit's versionstamp, or null when a check failed. */
  async commit(kv: Deno.Kv): Promise<string | null> {
    const atomic = kv.atomic();
    atomic.check(...this.checks);
    atomic.mutate(...this.mutations);
    const result = await atomic.commit();
    return result.ok ? result.versionstamp : null;
  }
}

/**
 * Writes mutations (without checks) in as few commits as the limits allow.
 *
 * @example
 * ```ts
 * import { BatchWriter } from "./kv_batch.ts";
 * const kv = await Deno.openKv(":memory:");
 * const writer = new BatchWriter(kv);
 * for (let i = 0; i < 3000; i++) await writer.add({ type: "set", key: ["n", i], value: i });
 * await writer.flush();
 * kv.close();
 * ```
 */
export class BatchWriter {
  private batch = new Batch();
  constructor(private readonly kv: Deno.Kv) {}

  async add(...mutations: Deno.KvMutation[]): Promise<void> {
    for (const mutation of mutations) {
      if (this.batch.mutations.length > 0 && !this.batch.fits([mutation])) await this.flush();
      this.batch.add(mutation);
    }
  }

  async flush(): Promise<void> {
    if (this.batch.mutations.length === 0) return;
    const batch = this.batch;
    this.batch = new Batch();
    if (!await batch.commit(this.kv)) throw new Error("A KV commit without checks failed");
  }
}

/**
 * Writes `mutations` in as many commits as needed.
 *
 * @example
 * ```ts
 * import { writeAll } from "./kv_batch.ts";
 * const kv = await Deno.openKv(":memory:");
 * await writeAll(kv, [{ type: "set", key: ["a"], value: 1 }]);
 * kv.close();
 * ```
 */
export async function writeAll(kv: Deno.Kv, mutations: Iterable<Deno.KvMutation>): Promise<void> {
  const writer = new BatchWriter(kv);
  for (const mutation of mutations) await writer.add(mutation);
  await writer.flush();
}

/**
 * Deletes every key under each prefix (listing, then batched deletes); returns how many.
 *
 * @example
 * ```ts
 * import { ok } from "node:assert/strict";
 * import { deletePrefixes } from "./kv_batch.ts";
 * const kv = await Deno.openKv(":memory:");
 * await kv.set(["x", 1], 1);
 * ok((await deletePrefixes(kv, [["x"]])) === 1);
 * kv.close();
 * ```
 */
export async function deletePrefixes(
  kv: Deno.Kv,
  prefixes: readonly Deno.KvKey[],
): Promise<number> {
  const writer = new BatchWriter(kv);
  let count = 0;
  for (const prefix of prefixes) {
    for await (const entry of kv.list({ prefix }, { batchSize: 1000 })) {
      await writer.add({ type: "delete", key: entry.key });
      count++;
    }
  }
  await writer.flush();
  return count;
}

/**
 * Adds `by` to a numeric counter with a check-and-set loop; returns the new value.
 *
 * @example
 * ```ts
 * import { ok } from "node:assert/strict";
 * import { increment } from "./kv_batch.ts";
 * const kv = await Deno.openKv(":memory:");
 * ok((await increment(kv, ["seq", "a"], 5)) === 5);
 * kv.close();
 * ```
 */
export async function increment(kv: Deno.Kv, key: Deno.KvKey, by: number): Promise<number> {
  for (let attempt = 0;; attempt++) {
    const current = await kv.get<number>(key);
    const next = (current.value ?? 0) + by;
    const result = await kv.atomic().check(current).set(key, next).commit();
    if (result.ok) return next;
    await backoff(attempt);
  }
}

/**
 * Yields to other tasks after a failed check-and-set (a short random pause after a few misses).
 *
 * @example
 * ```ts
 * import { backoff } from "./kv_batch.ts";
 * await backoff(0);
 * ```
 */
export function backoff(attempt: number): Promise<void> {
  if (attempt > 10000) throw new Error("A KV write kept conflicting; giving up");
  const ms = attempt < 3 ? 0 : Math.random() * Math.min(20, attempt);
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * A random positive safe integer, used as a generation id for values written in parts.
 *
 * @example
 * ```ts
 * import { ok } from "node:assert/strict";
 * import { randomGeneration } from "./kv_batch.ts";
 * ok(Number.isSafeInteger(randomGeneration()));
 * ```
 */
export function randomGeneration(): number {
  const [high, low] = crypto.getRandomValues(new Uint32Array(2));
  return (high & 0x1fffff) * 0x100000000 + low;
}
