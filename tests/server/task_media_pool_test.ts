import { deepStrictEqual, strictEqual } from "node:assert/strict";
import { createTask, upload, waitStatus, withDataApp } from "./task_data_fixture.ts";
import { loadImagescript, unzipSync } from "../../lib/media/deps.ts";
import { encodePoolWorkers } from "../../lib/media/encode_pool.ts";
import { compressedFrame } from "../../lib/media/frames.ts";
import { probeImage } from "../../lib/media/probe.ts";

/** A noisy JPEG at quality 90 (above the task's 50, so every frame is re-encoded). */
async function noisy(seed: number, kind: "jpeg" | "png"): Promise<Uint8Array> {
  const { Image } = await loadImagescript();
  const image = new Image(64 + seed, 48);
  let s = seed + 1;
  image.fill(() => (((s = (s * 1103515245 + 12345) & 0x7fffffff) & 0xffffff) << 8) | 0xff);
  return kind === "png" ? await image.encode() : await image.encodeJPEG(90);
}

Deno.test("a compressed chunk built through the encode pool equals one built on the main thread", async () => {
  await withDataApp("memory", async (t) => {
    const files: [string, Uint8Array][] = [];
    for (let i = 0; i < 5; i++) {
      files.push([`f${i}.${i === 2 ? "png" : "jpg"}`, await noisy(i, i === 2 ? "png" : "jpeg")]);
    }
    const id = await createTask(t, t.ann);
    const res = await upload(t, t.ann, id, files, { image_quality: "50", chunk_size: "4" });
    strictEqual(res.status, 202, await res.text());
    strictEqual((await waitStatus(t, t.ann, id)).state, "Finished");
    for (const n of [0, 1]) {
      const chunk = await t.app.request(
        `/api/tasks/${id}/data?type=chunk&number=${n}&quality=compressed`,
        { headers: t.ann },
      );
      strictEqual(chunk.status, 200);
      const entries = Object.entries(unzipSync(new Uint8Array(await chunk.arrayBuffer())));
      const expected = [];
      for (const [name, bytes] of files.slice(n * 4, n * 4 + 4)) {
        expected.push(await compressedFrame(bytes, probeImage(bytes, name), 50));
      }
      deepStrictEqual(
        entries.map(([name]) => name),
        expected.map((_, i) => `${String(i).padStart(6, "0")}.jpeg`),
      );
      deepStrictEqual(entries.map(([, bytes]) => bytes), expected);
    }
    strictEqual(encodePoolWorkers(), 0);
  });
});
