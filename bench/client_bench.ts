/**
 * The client (issue 6), in process over `app.fetch` (no network), on the memory store and on a
 * Deno KV file. One task of 500 real 1920×1080 JPEGs (quality 60, passed through as chunks)
 * created with `new cvat.Task(...).save()`, whose one job holds `largeWorkload(10_000)` (9500
 * rectangles, 500 tracks of 5 keyframes), put there by one REST `PUT`. Measured, each `REPEAT`
 * times with a fresh logged-in client, medians with min–max:
 *
 * - load: the first `job.annotations.get(0)` (`GET .../annotations` and `.../data/meta`, import
 *   into the core), against the raw REST `GET` of the same annotations read as text;
 * - save of 1000 changed shapes (points moved by one pixel, `ObjectState.save()` each, untimed),
 *   and of a mix (400 changed, 300 deleted, 300 created): time of `annotations.save()`, its
 *   requests and the bytes of their bodies;
 * - frames (memory store only): `frames.get(n)` + `image()` of a chunk nobody asked for yet
 *   (the server builds it), of the same frame by a second client (the server has it cached,
 *   the client not), and of the next frame (the client's chunk cache).
 *
 * Run: `deno run -A bench/client_bench.ts [REPEAT=5]` (about 25 s; `deno bench` skips it).
 * Figures: bench/README.md.
 *
 * @module
 */

import { kvStore, memoryStore } from "../server.ts";
import { type Cvat, ObjectState } from "../mod.ts";
import type { Store } from "../lib/store/types.ts";
import { largeWorkload } from "./workload.ts";
import { benchClient, type BenchTask, benchTask, type Meter, resetMeter } from "./_client_setup.ts";

const REPEAT = Number(Deno.args[0] ?? 5);
const workload = largeWorkload(10_000);

const median = (values: number[]) => [...values].sort((a, b) => a - b)[values.length >> 1];
const ms = (v: number) => v < 10 ? `${v.toFixed(2)} ms` : `${v.toFixed(0)} ms`;
function summary(values: number[]): string {
  return `${ms(median(values))} (${ms(Math.min(...values))}–${ms(Math.max(...values))})`;
}

// deno-lint-ignore no-explicit-any
type Job = any;

async function openJob(cvat: Cvat, jobId: number): Promise<Job> {
  const [job] = await cvat.jobs.get({ jobID: jobId });
  return job;
}

/** A fresh client with the job loaded (untimed), and its meter. */
async function loaded(bench: BenchTask) {
  const meter: Meter = { requests: [], bytesSent: 0, serverMs: 0 };
  const cvat = await benchClient(bench.app, meter);
  const job = await openJob(cvat, bench.jobId);
  await job.annotations.get(0);
  return { cvat, job, meter };
}

async function measureLoad(bench: BenchTask) {
  const load: number[] = [];
  const raw: number[] = [];
  const server: number[] = [];
  let bytes = 0;
  let objects = 0;
  for (let i = 0; i < REPEAT; i++) {
    const t0 = performance.now();
    const res = await bench.app.request(`/api/jobs/${bench.jobId}/annotations`, {
      headers: bench.headers,
    });
    bytes = (await res.text()).length;
    raw.push(performance.now() - t0);
    const meter: Meter = { requests: [], bytesSent: 0, serverMs: 0 };
    const cvat = await benchClient(bench.app, meter);
    const job = await openJob(cvat, bench.jobId);
    resetMeter(meter);
    const t1 = performance.now();
    await job.annotations.get(0);
    load.push(performance.now() - t1);
    server.push(meter.serverMs);
    const data = await job.annotations.export();
    objects = data.shapes.length + data.tracks.length + data.tags.length;
  }
  return { load, raw, server, bytes, objects };
}

/** Up to `count` shape states whose boxes can move by one pixel inside the frame. */
async function shapeStates(job: Job, count: number): Promise<ObjectState[]> {
  const out: ObjectState[] = [];
  for (let frame = 0; frame < workload.frames && out.length < count; frame++) {
    for (const state of await job.annotations.get(frame)) {
      const xs = state.points.filter((_: number, i: number) => i % 2 === 0);
      if (state.objectType !== "shape" || Math.min(...xs) < 2 || Math.max(...xs) > 1917) continue;
      out.push(state);
      if (out.length === count) break;
    }
  }
  return out;
}

async function edit(states: ObjectState[], dx: number) {
  for (const state of states) {
    state.points = state.points.map((v, i) => i % 2 === 0 ? v + dx : v);
    await state.save();
  }
}

async function timedSave(job: Job, meter: Meter) {
  resetMeter(meter);
  const t0 = performance.now();
  await job.annotations.save();
  const time = performance.now() - t0;
  return { time, server: meter.serverMs, requests: [...meter.requests], bytes: meter.bytesSent };
}

async function measureSaves(bench: BenchTask) {
  const changed: number[] = [];
  const mixed: number[] = [];
  const edits: number[] = [];
  const server: number[][] = [[], []];
  let changedInfo = { requests: [] as string[], bytes: 0 };
  let mixedInfo = { requests: [] as string[], bytes: 0 };
  for (let i = 0; i < REPEAT; i++) {
    const { job, meter } = await loaded(bench);
    const picked = await shapeStates(job, 1000);
    const t0 = performance.now();
    await edit(picked, i % 2 ? -1 : 1);
    edits.push(performance.now() - t0);
    const one = await timedSave(job, meter);
    changed.push(one.time);
    server[0].push(one.server);
    changedInfo = one;
    const states = await shapeStates(job, 700);
    await edit(states.slice(0, 400), i % 2 ? 1 : -1);
    for (const state of states.slice(400)) await state.delete(state.frame);
    const label = states[0].label;
    await job.annotations.put(Array.from({ length: 300 }, (_, k) =>
      new ObjectState({
        objectType: "shape",
        shapeType: "rectangle",
        label,
        frame: k % workload.frames,
        points: [10 + k, 20, 60 + k, 80],
      })));
    const two = await timedSave(job, meter);
    mixed.push(two.time);
    server[1].push(two.server);
    mixedInfo = two;
  }
  return { changed, mixed, edits, server, changedInfo, mixedInfo };
}

/** `frames.get(frame)` + `image()`; its time and requests. */
async function frameTime(job: Job, frame: number, meter: Meter) {
  resetMeter(meter);
  const t0 = performance.now();
  const data = await (await job.frames.get(frame)).image();
  return { time: performance.now() - t0, requests: meter.requests.length, size: data.size };
}

async function measureFrames(bench: BenchTask) {
  const cold: number[] = [];
  const serverWarm: number[] = [];
  const cached: number[] = [];
  const requests = { cold: 0, serverWarm: 0, cached: 0 };
  for (let i = 0; i < REPEAT; i++) {
    const frame = 36 * i; // chunk i (36 frames per chunk), never asked for before
    const first = await loaded(bench);
    const a = await frameTime(first.job, frame, first.meter);
    const second = await loaded(bench);
    const b = await frameTime(second.job, frame, second.meter);
    const c = await frameTime(second.job, frame + 1, second.meter);
    cold.push(a.time);
    serverWarm.push(b.time);
    cached.push(c.time);
    Object.assign(requests, { cold: a.requests, serverWarm: b.requests, cached: c.requests });
  }
  return { cold, serverWarm, cached, requests };
}

async function run(name: string, store: Store, withFrames: boolean) {
  const bench = await benchTask(store, workload);
  console.log(
    `${name}: task of ${workload.frames} frames created by the client in ${ms(bench.createMs)}`,
  );
  const load = await measureLoad(bench);
  console.log(
    `${name}: load ${load.objects} objects (${(load.bytes / 2 ** 20).toFixed(1)} MiB of JSON): ` +
      `annotations.get(0) first use ${summary(load.load)} (in app.fetch ${
        summary(load.server)
      }); ` +
      `raw REST GET read as text ${summary(load.raw)}`,
  );
  const saves = await measureSaves(bench);
  const kib = (b: number) => `${(b / 1024).toFixed(0)} KiB`;
  console.log(
    `${name}: 1000 ObjectState.save() ${summary(saves.edits)}; ` +
      `save 1000 changed shapes ${summary(saves.changed)} (in app.fetch ${
        summary(saves.server[0])
      }), ` +
      `${saves.changedInfo.requests.join(", ")}, ${kib(saves.changedInfo.bytes)} sent`,
  );
  console.log(
    `${name}: save 400 changed + 300 deleted + 300 created ${summary(saves.mixed)} ` +
      `(in app.fetch ${summary(saves.server[1])}), ` +
      `${saves.mixedInfo.requests.join(", ")}, ${kib(saves.mixedInfo.bytes)} sent`,
  );
  if (!withFrames) return;
  const frames = await measureFrames(bench);
  console.log(
    `${name}: frames.get + image(): chunk built by the server ${summary(frames.cold)}, ` +
      `server-cached chunk ${summary(frames.serverWarm)} ` +
      `(${frames.requests.serverWarm} request), client-cached ${summary(frames.cached)} ` +
      `(${frames.requests.cached} requests)`,
  );
}

async function main() {
  console.log(`REPEAT=${REPEAT}, largeWorkload(10_000) over ${workload.frames} frames`);
  await run("memory", memoryStore(), true);
  const dir = await Deno.makeTempDir({ prefix: "client_bench_" });
  const kv = await Deno.openKv(`${dir}/bench.kv`);
  try {
    await run("KV", kvStore(kv), false);
  } finally {
    kv.close();
    await Deno.remove(dir, { recursive: true });
  }
}

// A `deno run` script: `deno bench` (where import.meta.main is false) leaves it alone.
if (import.meta.main) await main();
