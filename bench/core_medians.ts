/**
 * The same sequence as the cvat-core harness described in bench/README.md, on the same
 * workload, in one process: import, get() of every frame, export, statistics, a search over all
 * frames, 100 edits then 100 undo(1) + 100 redo(1), put of 1000 shapes. Prints the medians of
 * `runs` timed runs after `warmup` runs, and the results that both implementations must agree on.
 *
 * Run: `deno run bench/core_medians.ts [runs=9] [warmup=1]`.
 */

import { createAnnotations, ObjectState } from "../mod.ts";
import { NO_MATCH_FILTER, putShapes, referenceWorkload, shapeEdits } from "./workload.ts";

const runs = Number(Deno.args[0] ?? 9);
const warmup = Number(Deno.args[1] ?? 1);
const workload = referenceWorkload();
const puts = putShapes(1000, workload.frames);
const edits = shapeEdits(workload.data, 100);

async function once(): Promise<Record<string, number | string | boolean | null>> {
  const r: Record<string, number | string | boolean | null> = {};
  const annotations = createAnnotations({
    labels: workload.labels,
    stopFrame: workload.frames - 1,
    frameSize: () => ({ width: workload.width, height: workload.height }),
  });
  const input = structuredClone(workload.data);
  let t = performance.now();
  annotations.import(input);
  r.import = performance.now() - t;

  const perFrame: number[] = [];
  t = performance.now();
  for (let f = 0; f < workload.frames; f++) perFrame.push(annotations.get(f).length);
  r.getAllFrames = performance.now() - t;
  r.getPerFrame = (r.getAllFrames as number) / workload.frames;
  r.statesReturned = perFrame.reduce((a, b) => a + b, 0);
  r.perFrameSha256 = await sha256(JSON.stringify(perFrame));

  t = performance.now();
  const exported = annotations.export();
  r.export = performance.now() - t;
  r.exported = `${exported.shapes.length} shapes, ${exported.tracks.length} tracks`;

  t = performance.now();
  r.statisticsTotal = annotations.statistics().total.total;
  r.statistics = performance.now() - t;

  t = performance.now();
  r.searchResult = annotations.search(NO_MATCH_FILTER, 0, workload.frames - 1);
  r.search = performance.now() - t;

  for (const e of edits) {
    const state = annotations.get(e.frame).find((s) =>
      s.objectType === "shape" && s.serverID === e.shapeID
    )!;
    state.points = e.points;
    await state.save();
  }
  t = performance.now();
  for (let i = 0; i < 100; i++) annotations.history.undo(1);
  r.undo100 = performance.now() - t;
  t = performance.now();
  for (let i = 0; i < 100; i++) annotations.history.redo(1);
  r.redo100 = performance.now() - t;
  r.undoRedo = (r.undo100 as number) + (r.redo100 as number);

  const labels = new Map(annotations.labels.map((l) => [l.id, l]));
  const states = puts.map((p) =>
    new ObjectState({
      objectType: "shape",
      shapeType: "rectangle",
      frame: p.frame,
      label: labels.get(p.labelId)!,
      points: p.points,
      occluded: p.occluded,
      zOrder: p.zOrder,
      attributes: p.attributes,
    })
  );
  t = performance.now();
  r.putIDs = annotations.put(states).length;
  r.put1000 = performance.now() - t;
  return r;
}

async function sha256(text: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("").slice(
    0,
    16,
  );
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

for (let i = 0; i < warmup; i++) await once();
const results: Awaited<ReturnType<typeof once>>[] = [];
for (let i = 0; i < runs; i++) results.push(await once());
const timed = [
  "import",
  "getAllFrames",
  "getPerFrame",
  "export",
  "statistics",
  "search",
  "undoRedo",
  "put1000",
];
const checks = [
  "statesReturned",
  "perFrameSha256",
  "exported",
  "statisticsTotal",
  "searchResult",
  "putIDs",
];
console.log(JSON.stringify(
  {
    engine: `deno ${Deno.version.deno}`,
    runs,
    warmup,
    unit: "ms",
    medians: Object.fromEntries(
      timed.map((k) => [k, +median(results.map((r) => r[k] as number)).toFixed(3)]),
    ),
    checks: Object.fromEntries(checks.map((k) => [k, results[0][k]])),
  },
  null,
  2,
));
