/**
 * Set-up of the client benchmark: an in-process app, a `cvat` client over its fetch that counts
 * what it sends, and a task of real 1920×1080 JPEGs created through the client, whose one job
 * is then filled with `largeWorkload(n)` (label and attribute ids mapped to the task's) by one
 * REST `PUT`.
 *
 * @module
 */

import { photo } from "./_photo.ts";
import { createApp } from "../server.ts";
import { createCvat, type Cvat, type Label } from "../mod.ts";
import type { Store } from "../lib/store/types.ts";
import type { LabeledData, WireAttribute, WireLabel } from "../lib/core/wire_types.ts";
import type { Workload } from "./workload.ts";

/** The benchmark's admin. */
export const BENCH_ADMIN = { username: "admin", password: "bench-s3cret!" };

type App = ReturnType<typeof createApp>;

/** What one client sent: requests (`METHOD path`), the bytes of their bodies, server time. */
export interface Meter {
  requests: string[];
  bytesSent: number;
  /** Time spent in `app.fetch` (the server's share, up to its answer). */
  serverMs: number;
}

/**
 * Clears a meter.
 *
 * @example
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import { resetMeter } from "./_client_setup.ts";
 * const meter = { requests: ["GET /api/jobs/1"], bytesSent: 10, serverMs: 2 };
 * resetMeter(meter);
 * strictEqual(meter.requests.length + meter.bytesSent + meter.serverMs, 0);
 * ```
 */
export function resetMeter(meter: Meter): void {
  meter.requests.length = 0;
  meter.bytesSent = 0;
  meter.serverMs = 0;
}

/**
 * A logged-in client over `app.fetch` whose requests are counted in `meter`.
 *
 * @example
 * ```ts
 * // const meter = { requests: [], bytesSent: 0, serverMs: 0 };
 * // const cvat = await benchClient(app, meter); // logged in as BENCH_ADMIN
 * ```
 */
export async function benchClient(app: App, meter: Meter): Promise<Cvat> {
  const cvat = createCvat({
    backendAPI: "http://cvat.bench/api",
    fetch: async (request) => {
      const url = new URL(request.url);
      meter.requests.push(`${request.method} ${url.pathname}${url.search}`);
      if (request.body) meter.bytesSent += (await request.clone().arrayBuffer()).byteLength;
      const started = performance.now();
      const response = await app.fetch(request);
      meter.serverMs += performance.now() - started;
      return response;
    },
  });
  await cvat.server.login(BENCH_ADMIN.username, BENCH_ADMIN.password);
  return cvat;
}

/** `frames` JPEG files cycling through 8 distinct images. */
async function photos(frames: number): Promise<File[]> {
  const distinct: Uint8Array[] = [];
  // Quality 60, below the task's 70: the frames pass through as they are.
  for (let i = 0; i < 8; i++) distinct.push(await photo(i, 60));
  return Array.from(
    { length: frames },
    (_, i) =>
      new File([distinct[i % 8] as BlobPart], `frame_${String(i).padStart(4, "0")}.jpg`, {
        type: "image/jpeg",
      }),
  );
}

/** The workload's data with the task's label and attribute ids. */
function remap(data: LabeledData, from: WireLabel[], to: Label[]): LabeledData {
  const labels = new Map<number, number>();
  const specs = new Map<number, number>();
  for (const old of from) {
    const label = to.find((l) => l.name === old.name)!;
    labels.set(old.id!, label.id!);
    for (const a of old.attributes ?? []) {
      specs.set(a.id!, label.attributes.find((b) => b.name === a.name)!.id!);
    }
  }
  const attrs = (list: WireAttribute[]) =>
    list.map((a) => ({ ...a, spec_id: specs.get(a.spec_id)! }));
  // deno-lint-ignore no-explicit-any
  const object = (o: any) => ({
    ...o,
    label_id: labels.get(o.label_id),
    attributes: attrs(o.attributes),
  });
  return {
    tags: data.tags.map(object),
    shapes: data.shapes.map(object),
    tracks: data.tracks.map((t) => ({
      ...object(t),
      shapes: t.shapes.map((s) => ({ ...s, attributes: attrs(s.attributes) })),
    })),
  };
}

/** A benchmark server: the app, the task's job and its REST headers. */
export interface BenchTask {
  app: App;
  taskId: number;
  jobId: number;
  headers: Record<string, string>;
  /** Time of `task.save()` (creation, upload of the frames, waiting until it is ready). */
  createMs: number;
}

/**
 * Creates the task through a client and PUTs the workload into its only job.
 *
 * @example
 * ```ts
 * // const bench = await benchTask(memoryStore(), largeWorkload(10_000));
 * // const [job] = await cvat.jobs.get({ jobID: bench.jobId });
 * ```
 */
export async function benchTask(store: Store, workload: Workload): Promise<BenchTask> {
  const app = createApp({ store, admin: BENCH_ADMIN, passwordIterations: 1000 });
  const cvat = await benchClient(app, { requests: [], bytesSent: 0, serverMs: 0 });
  const task = new cvat.Task({
    name: "client bench",
    segment_size: workload.frames,
    image_quality: 70,
    labels: workload.labels.map(({ id: _, ...label }) => ({
      ...label,
      attributes: (label.attributes ?? []).map(({ id: _, ...a }) => a),
    })),
  });
  task.clientFiles = await photos(workload.frames);
  const started = performance.now();
  await task.save();
  const createMs = performance.now() - started;
  const jobId = task.jobs[0].id as number;
  const login = await app.request("/api/auth/login", {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(BENCH_ADMIN),
  });
  const headers = { Authorization: `Token ${(await login.json()).key}` };
  const body = JSON.stringify({
    version: 0,
    ...remap(workload.data, workload.labels, task.labels),
  });
  const put = await app.request(`/api/jobs/${jobId}/annotations`, {
    method: "PUT",
    headers: { ...headers, "Content-Type": "application/json" },
    body,
  });
  if (put.status !== 200) throw new Error(`PUT: ${put.status} ${await put.text()}`);
  await put.body?.cancel();
  return { app, taskId: task.id, jobId, headers, createMs };
}
