/**
 * The decoded-chunk cache of a session: chunk zips (`type=chunk&quality=compressed`) unpacked
 * into their images in frame order, kept in a least-recently-used map of `capacity` chunks.
 * Concurrent requests for one chunk share one fetch; a failed fetch is not cached (the next
 * request tries again). A queue fetches chunks ahead in the background, one at a time.
 *
 * @module
 */

import { unzipSync } from "./deps.ts";
import { DataError } from "../core/errors.ts";

/** One chunk's images, in frame order. */
export type ChunkImages = Uint8Array[];

/** A chunk cache. */
export interface ChunkCache {
  /** How many decoded chunks are kept (at least 1; `Infinity` keeps all). */
  capacity: number;
  /** Chunk `n`'s images: from the cache, from a fetch under way, or fetched now. */
  get(n: number): Promise<ChunkImages>;
  /** Whether chunk `n` is decoded and cached. */
  has(n: number): boolean;
  /** Whether chunk `n` is cached or being fetched. */
  known(n: number): boolean;
  /** The cached chunk numbers, least recently used first. */
  cached(): number[];
  /** Queues chunks to fetch in the background, one at a time (cached or queued ones are skipped). */
  prefetch(chunks: number[]): void;
  /** Resolves when the background queue is empty (failures there are ignored). */
  idle(): Promise<void>;
}

/**
 * The images of a chunk zip in the order of their entry names (`000000.jpeg`, `000001.jpeg`...).
 *
 * @example
 * ```ts
 * import { deepStrictEqual } from "node:assert/strict";
 * import { zipSync } from "fflate";
 * import { unzipChunk } from "./chunk_cache.ts";
 * const zip = zipSync({ "000001.jpeg": new Uint8Array([2]), "000000.jpeg": new Uint8Array([1]) });
 * deepStrictEqual(unzipChunk(zip), [new Uint8Array([1]), new Uint8Array([2])]);
 * ```
 */
export function unzipChunk(zip: Uint8Array): ChunkImages {
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(zip);
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    throw new DataError(`The server sent a chunk that is not a zip: ${why}`, { cause: error });
  }
  return Object.keys(files).filter((name) => !name.endsWith("/")).sort().map((name) => files[name]);
}

/**
 * Creates a chunk cache over `load(n)` (which fetches and decodes chunk `n`).
 *
 * @example
 * ```ts
 * import { deepStrictEqual, strictEqual } from "node:assert/strict";
 * import { createChunkCache } from "./chunk_cache.ts";
 * let loads = 0;
 * const cache = createChunkCache((n) => (loads++, Promise.resolve([new Uint8Array([n])])), 2);
 * await Promise.all([cache.get(0), cache.get(0)]);
 * await cache.get(1);
 * await cache.get(2); // evicts chunk 0
 * strictEqual(loads, 3);
 * deepStrictEqual(cache.cached(), [1, 2]);
 * ```
 */
export function createChunkCache(
  load: (n: number) => Promise<ChunkImages>,
  capacity = 4,
): ChunkCache {
  const done = new Map<number, ChunkImages>();
  const pending = new Map<number, Promise<ChunkImages>>();
  const queue: number[] = [];
  let running: Promise<void> | null = null;

  const evict = () => {
    const keep = Math.max(1, cache.capacity);
    for (const n of done.keys()) {
      if (done.size <= keep) break;
      done.delete(n);
    }
  };
  const fetchChunk = (n: number): Promise<ChunkImages> => {
    const promise = load(n).then((images) => {
      done.set(n, images);
      evict();
      return images;
    }).finally(() => pending.delete(n));
    pending.set(n, promise);
    return promise;
  };
  const drain = async () => {
    while (queue.length > 0) {
      const n = queue.shift()!;
      if (!done.has(n)) await cache.get(n).catch(() => {});
    }
    running = null;
  };
  const cache: ChunkCache = {
    capacity,
    get(n) {
      const hit = done.get(n);
      if (hit) {
        done.delete(n);
        done.set(n, hit);
        return Promise.resolve(hit);
      }
      return pending.get(n) ?? fetchChunk(n);
    },
    has: (n) => done.has(n),
    known: (n) => done.has(n) || pending.has(n),
    cached: () => [...done.keys()],
    prefetch(chunks) {
      for (const n of chunks) {
        if (!cache.known(n) && !queue.includes(n)) queue.push(n);
      }
      if (queue.length > 0) running ??= drain();
    },
    idle: () => running ?? Promise.resolve(),
  };
  return cache;
}
