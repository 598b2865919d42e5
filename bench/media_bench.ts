/**
 * Creating a task from N generated 1920×1080 JPEGs through the REST app (in process, memory
 * store): time until `GET /api/tasks/{id}/status` says Finished, the first compressed chunk 0 of
 * its first job (built on request), the same chunk again (cached), and the peak RSS sampled every
 * 20 ms. Two source sets: saved at quality 90 (above the task's `image_quality` 70: every frame is
 * re-encoded) and at 60 (at or below 70: frames pass through as they are).
 *
 * The q90 set runs twice: compressed frames made one after another on the main thread (pool size
 * 0, as before `encode_pool.ts`), then in the worker pool (one worker per hardware thread).
 *
 * A last run uses a Deno KV file and uploads as the web UI does (Upload-Start, Upload-Multiple
 * batches of about 10 MB, Upload-Finish), to show that the server does not hold the dataset in
 * memory: its peak RSS is reported above the RSS before the run (the benchmark's own copies of
 * the distinct source files are made beforehand).
 *
 * Run: `deno run -A --unstable-kv bench/media_bench.ts [N=200] [distinct=8]` (the N files cycle
 * through `distinct` different noisy gradients; each file is a real ~0.5 MB JPEG).
 *
 * @module
 */

import { photo } from "./_photo.ts";
import { createApp, kvStore, memoryStore } from "../server.ts";
import type { Store } from "../lib/store/types.ts";
import { setEncodePoolSize } from "../lib/media/encode_pool.ts";

const N = Number(Deno.args[0] ?? 200);
const DISTINCT = Number(Deno.args[1] ?? 8);
const ADMIN = { username: "admin", password: "bench-s3cret!" };

/** Peak RSS while `work` runs, sampled every 20 ms. */
async function withPeakRss<T>(work: () => Promise<T>): Promise<[T, number]> {
  let peak = Deno.memoryUsage().rss;
  const timer = setInterval(() => peak = Math.max(peak, Deno.memoryUsage().rss), 20);
  try {
    const result = await work();
    return [result, Math.max(peak, Deno.memoryUsage().rss)];
  } finally {
    clearInterval(timer);
  }
}

async function ok(res: Response, what: string) {
  if (res.status >= 300) throw new Error(`${what}: ${res.status} ${await res.text()}`);
  return res;
}

type App = ReturnType<typeof createApp>;

const frameName = (i: number) => `frame_${String(i).padStart(4, "0")}.jpg`;

/** All N files in one multipart request (the old clients' one-shot upload). */
async function uploadOnce(app: App, path: string, files: Uint8Array[], headers: HeadersInit) {
  const form = new FormData();
  form.append("image_quality", "70");
  for (let i = 0; i < N; i++) {
    form.append(
      `client_files[${i}]`,
      new Blob([files[i % files.length] as BlobPart]),
      frameName(i),
    );
  }
  await ok(await app.request(path, { method: "POST", headers, body: form }), "upload");
}

/** The web UI's sequence: Upload-Start, Upload-Multiple batches of ~10 MB, Upload-Finish. */
async function uploadBatched(app: App, path: string, files: Uint8Array[], headers: HeadersInit) {
  const fields = () => {
    const form = new FormData();
    form.append("image_quality", "70");
    return form;
  };
  const post = (form: FormData, header: string) =>
    app.request(path, { method: "POST", headers: { ...headers, [header]: "true" }, body: form });
  await ok(await post(fields(), "Upload-Start"), "Upload-Start");
  for (let from = 0; from < N; from += 20) {
    const form = fields();
    for (let i = from; i < Math.min(N, from + 20); i++) {
      const bytes = files[i % files.length] as BlobPart;
      form.append(`client_files[${i - from}]`, new Blob([bytes]), frameName(i));
    }
    await ok(await post(form, "Upload-Multiple"), "Upload-Multiple");
  }
  await ok(await post(fields(), "Upload-Finish"), "Upload-Finish");
}

/** One run: create, upload, wait, first chunk, cached chunk. Times in ms. */
async function run(files: Uint8Array[], { store, batched }: { store: Store; batched: boolean }) {
  const app = createApp({ store, admin: ADMIN, passwordIterations: 1000 });
  const login = await ok(
    await app.request("/api/auth/login", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(ADMIN),
    }),
    "login",
  );
  const headers = { Authorization: `Token ${(await login.json()).key}` };
  const created = await ok(
    await app.request("/api/tasks", {
      method: "POST",
      headers: { ...headers, "Content-Type": "application/json" },
      body: JSON.stringify({ name: "bench", labels: [{ name: "car" }] }),
    }),
    "create task",
  );
  const id = (await created.json()).id as number;
  const start = performance.now();
  await (batched ? uploadBatched : uploadOnce)(app, `/api/tasks/${id}/data`, files, headers);
  for (;;) {
    const status = await (await app.request(`/api/tasks/${id}/status`, { headers })).json();
    if (status.state === "Finished") break;
    if (status.state === "Failed") throw new Error(`task failed: ${status.message}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  const finished = performance.now() - start;
  const jobs = await (await app.request(`/api/jobs?task_id=${id}`, { headers })).json();
  const jobId = jobs.results[0].id as number;
  const chunkPath = `/api/jobs/${jobId}/data?type=chunk&number=0&quality=compressed`;
  const t0 = performance.now();
  const first = await ok(await app.request(chunkPath, { headers }), "first chunk");
  const size = (await first.arrayBuffer()).byteLength;
  const t1 = performance.now();
  await (await ok(await app.request(chunkPath, { headers }), "cached chunk")).arrayBuffer();
  const t2 = performance.now();
  return { finished, firstChunk: t1 - t0, cachedChunk: t2 - t1, chunkBytes: size };
}

const fmt = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
async function main() {
  console.log(`N=${N} frames of 1920×1080 (${DISTINCT} distinct), image_quality 70`);
  const runs: [number, number | undefined, "memory" | "kv"][] = [
    [90, 0, "memory"],
    [90, undefined, "memory"],
    [60, undefined, "memory"],
    [90, undefined, "kv"],
  ];
  for (const [quality, pool, kind] of runs) {
    setEncodePoolSize(pool);
    const files: Uint8Array[] = [];
    for (let i = 0; i < DISTINCT; i++) files.push(await photo(i, quality));
    const avg = files.reduce((sum, f) => sum + f.byteLength, 0) / files.length;
    const dir = await Deno.makeTempDir({ prefix: "media_bench_" });
    const kv = kind === "kv" ? await Deno.openKv(`${dir}/bench.kv`) : null;
    const store = kv ? kvStore(kv) : memoryStore();
    const before = Deno.memoryUsage().rss;
    const [r, rss] = await withPeakRss(() => run(files, { store, batched: kind === "kv" }));
    kv?.close();
    await Deno.remove(dir, { recursive: true });
    const mode = (pool === 0 ? "main thread" : `pool of ${navigator.hardwareConcurrency}`) +
      (kind === "kv"
        ? `, KV file, UI batches, RSS before ${(before / 1048576).toFixed(0)} MiB`
        : "");
    console.log(
      `source q${quality} (${(avg / 1024).toFixed(0)} KiB/file), ${mode}: ` +
        `Finished ${fmt(r.finished)}, ` +
        `first chunk ${fmt(r.firstChunk)} (${(r.chunkBytes / 1048576).toFixed(1)} MiB), ` +
        `finished+first ${fmt(r.finished + r.firstChunk)}, cached ${
          r.cachedChunk.toFixed(1)
        } ms, ` +
        `peak RSS ${(rss / 1048576).toFixed(0)} MiB`,
    );
  }
}

// A `deno run` script: `deno bench` (where import.meta.main is false) leaves it alone.
if (import.meta.main) await main();
