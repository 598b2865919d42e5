/**
 * Requests per second over real HTTP on 127.0.0.1: `Deno.serve` on port 0 per app, `concurrency`
 * fetch loops sharing `requests` requests, then shutdown; server and client share this process.
 * Targets: a bare Hono route returning a small JSON (the baseline), `GET /api/jobs/{id}` and the
 * default `GET /api/tasks` page as an admin (Token header), on a memory and a KV store with 10
 * tasks; with `--large`, also on the 100k-task stores of server_bench.ts (the KV file is filled on
 * first use). Each target is measured `rounds` times, interleaved; the median is printed.
 *
 * Run: `deno run -A bench/server_rps.ts [requests=4000] [concurrency=8] [rounds=3] [--large]`.
 * Figures: bench/README.md.
 */

import {
  bareApp,
  type BenchServer,
  type KvBenchServer,
  kvServer,
  LARGE_KV_PATH,
  memoryServer,
} from "./_server.ts";

const args = Deno.args.filter((a) => !a.startsWith("--"));
const large = Deno.args.includes("--large");
const requests = Number(args[0] ?? 4000);
const concurrency = Number(args[1] ?? 8);
const rounds = Number(args[2] ?? 3);

interface Target {
  name: string;
  fetch: (request: Request) => Response | Promise<Response>;
  path: string;
  headers: Record<string, string>;
}

/** Serves `target` on a free port, runs the fetch loops, shuts down; returns rps and latencies. */
async function measure(target: Target, count: number) {
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, target.fetch);
  const url = `http://127.0.0.1:${server.addr.port}${target.path}`;
  const latencies: number[] = [];
  let issued = 0;
  const loop = async () => {
    while (issued < count) {
      issued++;
      const start = performance.now();
      const res = await fetch(url, { headers: target.headers });
      await res.arrayBuffer();
      if (res.status !== 200) throw new Error(`${target.name}: ${res.status}`);
      latencies.push(performance.now() - start);
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: concurrency }, loop));
  const seconds = (performance.now() - started) / 1000;
  await server.shutdown();
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * count))];
  return { rps: count / seconds, p50: at(0.5), p99: at(0.99) };
}

function targets(label: string, server: BenchServer): Target[] {
  const fetch = (request: Request) => server.app.fetch(request);
  return [
    { name: `GET /api/jobs/{id}, ${label}`, fetch, path: `/api/jobs/${server.jobId}` },
    { name: `GET /api/tasks (admin), ${label}`, fetch, path: "/api/tasks" },
  ].map((t) => ({ ...t, headers: server.admin }));
}

const bare = bareApp();
const kvs: KvBenchServer[] = [await kvServer(10)];
const all: Target[] = [
  { name: "bare Hono route", fetch: (r) => bare.fetch(r), path: "/bare", headers: {} },
  ...targets("memory, 10 tasks", await memoryServer(10)),
  ...targets("KV, 10 tasks", kvs[0]),
];
if (large) {
  kvs.push(await kvServer(100_000, LARGE_KV_PATH));
  all.push(...targets("memory, 100k tasks", await memoryServer(100_000)));
  all.push(...targets("KV, 100k tasks", kvs[1]));
}

const results = new Map<string, { rps: number; p50: number; p99: number }[]>();
for (const target of all) await measure(target, Math.min(500, requests)); // warm-up
for (let round = 0; round < rounds; round++) {
  for (const target of all) {
    const runs = results.get(target.name) ?? [];
    runs.push(await measure(target, requests));
    results.set(target.name, runs);
  }
}

const median = (values: number[]) => values.sort((a, b) => a - b)[values.length >> 1];
const baseline = median(results.get(all[0].name)!.map((r) => r.rps));
console.log(
  `${requests} requests × ${rounds} rounds, ${concurrency} concurrent loops (median of rounds)\n`,
);
console.log("| request | req/s | p50 | p99 | vs bare Hono |");
console.log("| --- | --: | --: | --: | --: |");
for (const [name, runs] of results) {
  const rps = median(runs.map((r) => r.rps));
  const p50 = median(runs.map((r) => r.p50));
  const p99 = median(runs.map((r) => r.p99));
  const ratio = (baseline / rps).toFixed(1);
  console.log(
    `| ${name} | ${rps.toFixed(0)} | ${p50.toFixed(2)} ms | ${p99.toFixed(2)} ms | ${ratio}× |`,
  );
}
for (const kv of kvs) kv.close();
