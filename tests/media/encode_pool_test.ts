import { deepStrictEqual, ok, rejects, strictEqual } from "node:assert/strict";
import { DataError } from "../../lib/core/errors.ts";
import {
  closeEncodePool,
  encodePoolWorkers,
  pooledCompressedFrame,
} from "../../lib/media/encode_pool.ts";
import { compressedFrame } from "../../lib/media/frames.ts";
import { probeImage } from "../../lib/media/probe.ts";
import { jpeg, png, withOrientation } from "./_images.ts";

/** Frames needing a re-encode (q90 and rotated JPEGs, PNGs) and one passing through (q40). */
const SOURCES: [string, Uint8Array][] = [
  ["a.jpg", await jpeg(64, 48, 90)],
  ["b.png", await png(33, 21)],
  ["c.jpg", withOrientation(await jpeg(40, 30, 90), 6)],
  ["d.jpg", await jpeg(50, 20, 40)],
  ["e.png", await png(80, 60)],
  ["f.jpg", await jpeg(17, 9, 95)],
];

Deno.test("pooled frames equal main-thread frames, entry by entry, and the pool closes", async () => {
  const pooled = await Promise.all(
    SOURCES.map(([name, bytes]) => pooledCompressedFrame(bytes, probeImage(bytes, name), 70)),
  );
  for (const [i, [name, bytes]] of SOURCES.entries()) {
    const main = await compressedFrame(bytes, probeImage(bytes, name), 70);
    deepStrictEqual(pooled[i], main, name);
  }
  strictEqual(pooled[3], SOURCES[3][1]); // passed through without a worker
  strictEqual(encodePoolWorkers(), 0);
});

Deno.test("a frame the decoder refuses is a DataError from the pool too", async () => {
  const good = SOURCES[0][1];
  const broken = good.slice(0, 400); // valid headers, truncated scan
  const info = probeImage(broken, "broken.jpg");
  const results = await Promise.allSettled([
    pooledCompressedFrame(broken, info, 70),
    pooledCompressedFrame(good, probeImage(good, "a.jpg"), 70),
  ]);
  strictEqual(results[0].status, "rejected");
  ok((results[0] as PromiseRejectedResult).reason instanceof DataError);
  strictEqual(results[1].status, "fulfilled");
  strictEqual(encodePoolWorkers(), 0);
});

Deno.test("closing the pool with frames in flight finishes them on the main thread", async () => {
  const work = SOURCES.map(([name, bytes]) =>
    pooledCompressedFrame(bytes, probeImage(bytes, name), 60)
  );
  closeEncodePool();
  strictEqual(encodePoolWorkers(), 0);
  const done = await Promise.all(work);
  for (const [i, [name, bytes]] of SOURCES.entries()) {
    deepStrictEqual(done[i], await compressedFrame(bytes, probeImage(bytes, name), 60), name);
  }
  await rejects(pooledCompressedFrame(SOURCES[0][1], probeImage(SOURCES[0][1], "a"), 0));
  strictEqual(encodePoolWorkers(), 0);
});
