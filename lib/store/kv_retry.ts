/**
 * SQLite-backed Deno KV answers "database is locked" when another handle (another process on
 * the same file) holds the write lock. Such a commit changed nothing, so it is safe to retry;
 * this wrapper does that for every atomic commit of a store.
 *
 * @module
 */

const LOCKED = /database is locked|SQLITE_BUSY/i;
const ATTEMPTS = 50;

function isLocked(error: unknown): boolean {
  return error instanceof Error && LOCKED.test(error.message);
}

async function retryLocked<T>(run: () => Promise<T>): Promise<T> {
  for (let attempt = 0;; attempt++) {
    try {
      return await run();
    } catch (error) {
      if (!isLocked(error) || attempt >= ATTEMPTS) throw error;
      await new Promise((resolve) => setTimeout(resolve, 2 + Math.random() * 10 * attempt));
    }
  }
}

function retryingAtomic(operation: Deno.AtomicOperation): Deno.AtomicOperation {
  const proxy: Deno.AtomicOperation = new Proxy(operation, {
    get(target, property) {
      const value = Reflect.get(target, property, target);
      if (typeof value !== "function") return value;
      if (property === "commit") return () => retryLocked(() => target.commit());
      // Chained calls (check, set, delete, sum, ...) return the operation: keep the proxy.
      return (...args: unknown[]) => {
        const result = value.apply(target, args);
        return result === target ? proxy : result;
      };
    },
  });
  return proxy;
}

/**
 * A view of a KV handle whose atomic commits and plain writes retry while the database is
 * locked by another handle.
 *
 * @example
 * ```ts
 * import { ok } from "node:assert/strict";
 * import { retryingKv } from "./kv_retry.ts";
 * const kv = retryingKv(await Deno.openKv(":memory:"));
 * ok((await kv.atomic().set(["a"], 1).commit()).ok);
 * kv.close();
 * ```
 */
export function retryingKv(kv: Deno.Kv): Deno.Kv {
  return new Proxy(kv, {
    get(target, property) {
      const value = Reflect.get(target, property, target);
      if (typeof value !== "function") return value;
      if (property === "atomic") return () => retryingAtomic(target.atomic());
      if (property === "set" || property === "delete") {
        return (...args: unknown[]) => retryLocked(() => value.apply(target, args));
      }
      return value.bind(target);
    },
  });
}
