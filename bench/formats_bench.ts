/**
 * Dataset formats at scale (issue 7): `bench/formats_workload.ts` (1,000 frames of 1920×1080,
 * 1,000 rectangle tracks over every frame with a keyframe every 10 frames = 1,000,000 per-frame
 * rectangles, plus 100 polygons and 100 tags) exported as "CVAT for images 1.1", "COCO 1.0",
 * "Datumaro 1.0" and (issue 8) "YOLO 1.1" and "PASCAL VOC 1.1" (streamed to a file), then each
 * export imported back ("CVAT 1.1", "COCO 1.0", "Datumaro 1.0", "YOLO 1.1", "PASCAL VOC 1.1").
 * `--only=<a>,<b>` runs only the formats whose name contains one of them (`--only=YOLO,VOC`).
 *
 * Every case runs in its own `deno run` subprocess so that their heaps do not mix: the child
 * builds the workload, collects garbage, takes the RSS as its baseline, runs the case while a
 * worker reads `Deno.memoryUsage().rss` every 20 ms, and prints the time and the peak RSS
 * above the baseline. Exports write to files under a temporary directory that the import cases
 * read back as byte streams (the zip is then held in memory by the importer).
 *
 * Run: `deno run -A bench/formats_bench.ts [frames=1000] [tracks=1000] [--only=<a>,<b>]`.
 *
 * @module
 */

import { exportAnnotations, importAnnotations } from "../lib/formats/mod.ts";
import { formatsWorkload } from "./formats_workload.ts";

interface CaseResult {
  name: string;
  ms: number;
  peakMiB: number;
  baselineMiB: number;
  detail: string;
}

const EXPORTS: Record<string, string> = {
  "CVAT for images 1.1": "cvat.zip",
  "COCO 1.0": "coco.zip",
  "Datumaro 1.0": "datumaro.zip",
  "YOLO 1.1": "yolo.zip",
  "PASCAL VOC 1.1": "voc.zip",
};
const IMPORTS: Record<string, [string, string]> = {
  "CVAT 1.1": ["cvat.zip", "CVAT for images 1.1"],
  "COCO 1.0": ["coco.zip", "COCO 1.0"],
  "Datumaro 1.0": ["datumaro.zip", "Datumaro 1.0"],
  "YOLO 1.1": ["yolo.zip", "YOLO 1.1"],
  "PASCAL VOC 1.1": ["voc.zip", "PASCAL VOC 1.1"],
};
const MiB = 1024 * 1024;

function gc() {
  (globalThis as { gc?: () => void }).gc?.();
}

/**
 * Samples the process RSS every 20 ms in a worker: a timer on the main thread would not run
 * while an import parses synchronously, and would report little more than the RSS at the end.
 */
const SAMPLER = `let peak = 0;
setInterval(() => { peak = Math.max(peak, Deno.memoryUsage().rss); }, 20);
self.onmessage = () => self.postMessage(Math.max(peak, Deno.memoryUsage().rss));`;

async function sampled<T>(work: () => Promise<T>): Promise<[T, number, number]> {
  const url = URL.createObjectURL(new Blob([SAMPLER], { type: "application/javascript" }));
  const sampler = new Worker(url, { type: "module" });
  await new Promise((resolve) => setTimeout(resolve, 100));
  gc();
  const baseline = Deno.memoryUsage().rss;
  const start = performance.now();
  try {
    const result = await work();
    const ms = performance.now() - start;
    const end = Deno.memoryUsage().rss;
    sampler.postMessage(null);
    const peak = await new Promise<number>((resolve) => sampler.onmessage = (e) => resolve(e.data));
    return [result, ms, (Math.max(peak, end) - baseline) / MiB];
  } finally {
    sampler.terminate();
    URL.revokeObjectURL(url);
  }
}

async function runCase(kind: string, format: string, dir: string, frames: number, tracks: number) {
  const workload = formatsWorkload({ frames, tracks });
  const baselineMiB = Deno.memoryUsage().rss / MiB;
  if (kind === "export") {
    const path = `${dir}/${EXPORTS[format]}`;
    const [, ms, peak] = await sampled(async () => {
      const file = await Deno.open(path, { write: true, create: true, truncate: true });
      await exportAnnotations(format, workload).pipeTo(file.writable);
    });
    const size = (await Deno.stat(path)).size / MiB;
    return { ms, peakMiB: peak, baselineMiB, detail: `${size.toFixed(1)} MiB zip` };
  }
  const [file] = IMPORTS[format];
  const [data, ms, peak] = await sampled(async () => {
    const stream = (await Deno.open(`${dir}/${file}`)).readable;
    return await importAnnotations(format, stream, { task: workload.task, filename: file });
  });
  const keyframes = data.tracks.reduce((n, t) => n + t.shapes.length, 0);
  return {
    ms,
    peakMiB: peak,
    baselineMiB,
    detail: `${data.shapes.length} shapes, ${data.tracks.length} tracks (${keyframes} ` +
      `keyframes), ${data.tags.length} tags`,
  };
}

async function child(kind: string, format: string, dir: string, frames: number, tracks: number) {
  const command = new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "-A",
      "--v8-flags=--expose-gc,--max-old-space-size=8192",
      import.meta.filename!,
      "--case",
      kind,
      format,
      dir,
      String(frames),
      String(tracks),
    ],
    stderr: "inherit",
  });
  const out = await command.output();
  const text = new TextDecoder().decode(out.stdout).trim();
  if (!out.success) return { ms: NaN, peakMiB: NaN, baselineMiB: NaN, detail: `failed: ${text}` };
  return JSON.parse(text.split("\n").at(-1)!);
}

async function main() {
  const only = (Deno.args.find((arg) => arg.startsWith("--only="))?.slice(7) ?? "").split(",");
  const wanted = (format: string) => only.some((part) => format.includes(part));
  const [frameArg, trackArg] = Deno.args.filter((arg) => !arg.startsWith("--only="));
  const frames = Number(frameArg ?? 1000);
  const tracks = Number(trackArg ?? 1000);
  const dir = await Deno.makeTempDir({ prefix: "formats_bench_" });
  const results: CaseResult[] = [];
  try {
    for (const format of Object.keys(EXPORTS)) {
      if (!wanted(format)) continue;
      results.push({
        name: `export ${format}`,
        ...await child("export", format, dir, frames, tracks),
      });
    }
    for (const format of Object.keys(IMPORTS)) {
      if (!wanted(format)) continue;
      results.push({
        name: `import ${format}`,
        ...await child("import", format, dir, frames, tracks),
      });
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
  console.log(`${frames} frames × ${tracks} tracks = ${frames * tracks} per-frame rectangles`);
  console.log("| case | time | peak RSS above baseline | baseline RSS | result |");
  console.log("| --- | --- | --- | --- | --- |");
  for (const r of results) {
    console.log(
      `| ${r.name} | ${(r.ms / 1000).toFixed(1)} s | ${r.peakMiB.toFixed(0)} MiB | ` +
        `${r.baselineMiB.toFixed(0)} MiB | ${r.detail} |`,
    );
  }
}

if (import.meta.main) {
  if (Deno.args[0] === "--case") {
    const [, kind, format, dir, frames, tracks] = Deno.args;
    const result = await runCase(kind, format, dir, Number(frames), Number(tracks));
    console.log(JSON.stringify(result));
  } else {
    await main();
  }
}
