/**
 * Annotations over REST (issue 4), in-process through `app.request` (no network):
 * - `PATCH /api/jobs/{id}/annotations?action=create` of 10k rectangles on the memory store and on
 *   a KV file, against the cost of `JSON.parse` + `JSON.stringify` of that body (the baseline;
 *   DESIGN.md's budget is 3× on the memory store, KV is reported); the job is cleared before
 *   each timed request;
 * - `GET` of a job holding 100k objects (90k shapes, 5k tracks of 2 keyframes, 5k tags) on both
 *   stores; the RSS before and after one such GET is printed at start-up;
 * - `PUT` of those 100k objects on KV.
 *
 * Run: `deno bench -A bench/server_annotations_bench.ts`. Figures: bench/README.md.
 *
 * @module
 */

import { createApp, kvStore, memoryStore } from "../server.ts";
import type { Hono } from "../lib/server/deps.ts";
import type { Env, ServerContext } from "../lib/server/context.ts";
import { createJobsForTask } from "../lib/server/jobs.ts";
import type { Store } from "../lib/store/types.ts";

const ADMIN = { username: "admin", password: "bench-s3cret!" };
const FRAMES = 1000;

interface AnnServer {
  app: Hono<Env>;
  headers: Record<string, string>;
  /** Job for the PATCH benchmark, job holding 100k objects, job for the PUT benchmark. */
  jobs: [number, number, number];
  label: number;
}

async function call(server: AnnServer, method: string, path: string, body?: string) {
  const headers = { ...server.headers, "Content-Type": "application/json" };
  const res = await server.app.request(path, { method, headers, body });
  const text = await res.text();
  if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${text.slice(0, 300)}`);
  return text;
}

async function annServer(store: Store): Promise<AnnServer> {
  const app = createApp({ store, admin: ADMIN, passwordIterations: 1000 });
  const login = await app.request("/api/auth/login", {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(ADMIN),
  });
  const headers = { Authorization: `Token ${(await login.json()).key}` };
  const server: AnnServer = { app, headers, jobs: [0, 0, 0], label: 0 };
  const task = JSON.parse(
    await call(
      server,
      "POST",
      "/api/tasks",
      JSON.stringify({ name: "bench", labels: [{ name: "car" }] }),
    ),
  );
  const record = (await store.tasks.get(task.id))!;
  await store.tasks.update({
    ...record,
    mode: "annotation",
    segmentSize: FRAMES,
    data: dataOf(task.id),
  });
  const ctx: ServerContext = { store, options: {}, ready: () => Promise.resolve() };
  const jobs = await createJobsForTask(ctx, task.id);
  server.jobs = [jobs[0].id, jobs[1].id, jobs[2].id];
  server.label =
    JSON.parse(await call(server, "GET", `/api/labels?task_id=${task.id}`)).results[0].id;
  return server;
}

function dataOf(id: number) {
  const size = 3 * FRAMES;
  return {
    id,
    size,
    imageQuality: 70,
    chunkSize: 72,
    startFrame: 0,
    stopFrame: size - 1,
    frameFilter: "",
    compressedChunkType: "imageset" as const,
    originalChunkType: "imageset" as const,
    frames: Array.from(
      { length: size },
      (_, i) => ({ name: `${i}.jpg`, width: 1920, height: 1080 }),
    ),
    deletedFrames: [],
    sortingMethod: "lexicographical",
    storageMethod: "cache" as const,
    storage: "local" as const,
  };
}

/** A rectangle as cvat-core sends a new one (every field, no id). */
function rectangle(label: number, i: number, base: number) {
  const x = (i * 7) % 1800;
  return {
    type: "rectangle",
    frame: base + (i % FRAMES),
    label_id: label,
    group: 0,
    source: "manual",
    occluded: false,
    outside: false,
    z_order: 0,
    rotation: 0,
    points: [x + 0.5, x / 2, x + 80.25, x / 2 + 60],
    attributes: [],
    elements: [],
  };
}

/**
 * 100k objects with the optional fields left out (their defaults apply), so that the body stays
 * under the server's 16 MiB limit: 90k rectangles, 5k tracks of 2 keyframes, 5k tags.
 */
function bigJob(label: number, base: number) {
  const box = (x: number, y: number) => [x, y, x + 40.5, y + 30.25];
  const keyframe = (frame: number, x: number) => ({ type: "rectangle", frame, points: box(x, x) });
  return {
    shapes: Array.from({ length: 90_000 }, (_, i) => ({
      type: "rectangle",
      frame: base + (i % FRAMES),
      label_id: label,
      points: box((i * 7) % 1800, (i * 3) % 1000),
    })),
    tracks: Array.from({ length: 5_000 }, (_, i) => ({
      frame: base + (i % 900),
      label_id: label,
      shapes: [keyframe(base + (i % 900), i % 500), keyframe(base + (i % 900) + 50, i % 500 + 20)],
    })),
    tags: Array.from(
      { length: 5_000 },
      (_, i) => ({ frame: base + (i % FRAMES), label_id: label }),
    ),
  };
}

const dir = await Deno.makeTempDir({ prefix: "cvat_ann_bench_" });
const kv = await Deno.openKv(`${dir}/kv.sqlite`);
const servers = { memory: await annServer(memoryStore()), KV: await annServer(kvStore(kv)) };

const label = servers.memory.label;
const patchBody = JSON.stringify({
  version: 0,
  shapes: Array.from({ length: 10_000 }, (_, i) => rectangle(label, i, 0)),
  tracks: [],
  tags: [],
});
const mb = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MiB`;
console.log(`PATCH body: 10k shapes, ${mb(patchBody.length)}`);

for (const [name, server] of Object.entries(servers)) {
  const [, big] = server.jobs;
  const body = JSON.stringify(bigJob(server.label, FRAMES));
  const started = performance.now();
  await call(server, "PUT", `/api/jobs/${big}/annotations`, body);
  const put = performance.now() - started;
  const before = Deno.memoryUsage().rss;
  const t0 = performance.now();
  const text = await call(server, "GET", `/api/jobs/${big}/annotations`);
  const get = performance.now() - t0;
  const after = Deno.memoryUsage().rss;
  console.log(
    `${name}: PUT 100k objects (${mb(body.length)}) ${put.toFixed(0)} ms; GET ${
      get.toFixed(0)
    } ms, ` +
      `${mb(text.length)}, RSS ${mb(before)} before → ${mb(after)} after`,
  );
}

Deno.bench(
  "JSON.parse + JSON.stringify of the body",
  { group: "PATCH 10k", baseline: true },
  () => {
    JSON.stringify(JSON.parse(patchBody));
  },
);

for (const [name, server] of Object.entries(servers)) {
  const path = `/api/jobs/${server.jobs[0]}/annotations`;
  Deno.bench(`PATCH ?action=create 10k shapes, ${name}`, { group: "PATCH 10k" }, async (b) => {
    await call(server, "DELETE", path);
    b.start();
    await call(server, "PATCH", `${path}?action=create`, patchBody);
    b.end();
  });
}

for (const [name, server] of Object.entries(servers)) {
  const path = `/api/jobs/${server.jobs[1]}/annotations`;
  Deno.bench(`GET a 100k-object job, ${name}`, { group: "GET 100k", n: 5, warmup: 1 }, async () => {
    await call(server, "GET", path);
  });
}

const kvBig = JSON.stringify(bigJob(servers.KV.label, 2 * FRAMES));
Deno.bench("PUT 100k objects, KV", { group: "PUT 100k", n: 3, warmup: 0 }, async () => {
  await call(servers.KV, "PUT", `/api/jobs/${servers.KV.jobs[2]}/annotations`, kvBig);
});

globalThis.addEventListener("unload", () => {
  kv.close();
  Deno.removeSync(dir, { recursive: true });
});
