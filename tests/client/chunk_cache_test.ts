import { deepStrictEqual, ok, rejects, strictEqual, throws } from "node:assert/strict";
import { zipSync } from "fflate";
import { createChunkCache, unzipChunk } from "../../lib/client/chunk_cache.ts";
import { chunkEntryName, chunkZip } from "../../lib/media/chunks.ts";
import { DataError } from "../../lib/core/errors.ts";

/** A loader that records its calls and resolves when told to. */
function controlledLoader() {
  const calls: number[] = [];
  const waiting = new Map<number, { resolve: () => void; reject: (e: Error) => void }>();
  let active = 0;
  let maxActive = 0;
  const load = (n: number) => {
    calls.push(n);
    active++;
    maxActive = Math.max(maxActive, active);
    return new Promise<Uint8Array[]>((resolve, reject) => {
      waiting.set(n, {
        resolve: () => (active--, resolve([new Uint8Array([n])])),
        reject: (e) => (active--, reject(e)),
      });
    });
  };
  const settle = async (n: number, error?: Error) => {
    for (let i = 0; i < 100 && !waiting.has(n); i++) await Promise.resolve();
    const entry = waiting.get(n)!;
    waiting.delete(n);
    if (error) entry.reject(error);
    else entry.resolve();
  };
  return { load, calls, settle, maxActive: () => maxActive };
}

Deno.test("unzipChunk gives a chunk's images in entry-name order", () => {
  const entries = [0, 1, 2].map((i) => ({ name: chunkEntryName(i), bytes: new Uint8Array([i]) }));
  deepStrictEqual(unzipChunk(chunkZip(entries)), entries.map((e) => e.bytes));
  // A deflated zip with entries out of order (another server's chunk) reads the same.
  const zip = zipSync({ "000001.jpeg": new Uint8Array([1]), "000000.jpeg": new Uint8Array([0]) });
  deepStrictEqual(unzipChunk(zip), [new Uint8Array([0]), new Uint8Array([1])]);
  throws(() => unzipChunk(new TextEncoder().encode("<html>")), DataError);
});

Deno.test("concurrent gets of one chunk share one load", async () => {
  const loader = controlledLoader();
  const cache = createChunkCache(loader.load, 2);
  const both = Promise.all([cache.get(3), cache.get(3)]);
  ok(cache.known(3) && !cache.has(3));
  await loader.settle(3);
  const [a, b] = await both;
  strictEqual(a, b);
  deepStrictEqual(loader.calls, [3]);
  ok(cache.has(3));
  strictEqual(await cache.get(3), a);
  deepStrictEqual(loader.calls, [3]);
});

Deno.test("the least recently used chunk is evicted beyond the capacity", async () => {
  let loads = 0;
  const cache = createChunkCache((n) => (loads++, Promise.resolve([new Uint8Array([n])])), 2);
  await cache.get(0);
  await cache.get(1);
  await cache.get(0); // 0 is now the most recent
  await cache.get(2); // evicts 1
  deepStrictEqual(cache.cached(), [0, 2]);
  strictEqual(loads, 3);
  await cache.get(1);
  strictEqual(loads, 4);
  deepStrictEqual(cache.cached(), [2, 1]);
  cache.capacity = Infinity;
  for (let n = 3; n < 10; n++) await cache.get(n);
  strictEqual(cache.cached().length, 9);
});

Deno.test("a failed load is not cached and the next get tries again", async () => {
  const loader = controlledLoader();
  const cache = createChunkCache(loader.load);
  const first = cache.get(1);
  await loader.settle(1, new Error("offline"));
  await rejects(first, /offline/);
  ok(!cache.known(1));
  const second = cache.get(1);
  await loader.settle(1);
  deepStrictEqual(await second, [new Uint8Array([1])]);
  deepStrictEqual(loader.calls, [1, 1]);
});

Deno.test("prefetch loads queued chunks one at a time and skips known ones", async () => {
  const loader = controlledLoader();
  const cache = createChunkCache(loader.load, 10);
  const held = cache.get(0);
  cache.prefetch([0, 1, 2, 1]);
  cache.prefetch([2, 3]);
  let idle = false;
  const done = cache.idle().then(() => idle = true);
  for (const n of [0, 1, 2, 3]) await loader.settle(n);
  await held;
  await done;
  ok(idle);
  deepStrictEqual(loader.calls, [0, 1, 2, 3]);
  strictEqual(loader.maxActive(), 2); // the get of chunk 0 and one prefetch at a time
  cache.prefetch([1, 2]);
  await cache.idle();
  deepStrictEqual(loader.calls, [0, 1, 2, 3]);
});

Deno.test("a prefetch failure is ignored and the queue goes on", async () => {
  const loader = controlledLoader();
  const cache = createChunkCache(loader.load, 10);
  cache.prefetch([5, 6]);
  await loader.settle(5, new Error("boom"));
  await loader.settle(6);
  await cache.idle();
  deepStrictEqual(cache.cached(), [6]);
});
