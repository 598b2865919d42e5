/**
 * The REST server's hot reads through `app.fetch` in-process (no network): a bare Hono route as
 * the baseline, `GET /api/jobs/{id}` and the default tasks page on the memory and KV stores, and
 * the default tasks page with 10 vs 100k tasks in each store, as an admin and as a non-admin who
 * owns 10 of them. Each task has data and one job.
 *
 * The 100k-task KV database is filled once (under 3 min: 200k creates through the store, one at
 * a time) at `/tmp/cvat-lite-bench/tasks-100k.kv` and reused by later runs.
 * Run: `deno bench -A bench/server_bench.ts`. Requests per second over HTTP: server_rps.ts.
 * Figures: bench/README.md.
 */

import {
  bareApp,
  type BenchServer,
  get,
  kvServer,
  LARGE_KV_PATH,
  memoryServer,
} from "./_server.ts";

const bare = bareApp();
const memory10 = await memoryServer(10);
const memory100k = await memoryServer(100_000);
const kv10 = await kvServer(10);
const kv100k = await kvServer(100_000, LARGE_KV_PATH);

const TASKS = "/api/tasks";
const jobPath = (server: BenchServer) => `/api/jobs/${server.jobId}`;

// Every fixture answers what the benchmarks expect before anything is timed.
for (const [server, tasks] of [[memory10, 10], [memory100k, 100_000], [kv10, 10]] as const) {
  await check(server, tasks);
}
await check(kv100k, 100_000);

async function check(server: BenchServer, tasks: number): Promise<void> {
  const decode = (bytes: Uint8Array) => JSON.parse(new TextDecoder().decode(bytes));
  const admin = decode(await get(server.app, TASKS, server.admin));
  const owner = decode(await get(server.app, TASKS, server.owner));
  if (admin.count !== tasks || admin.results.length !== 10 || owner.count !== 10) {
    throw new Error(`Unexpected lists: ${admin.count}, ${admin.results.length}, ${owner.count}`);
  }
  await get(server.app, jobPath(server), server.admin);
}

for (const [store, server] of [["memory", memory10], ["KV", kv10]] as const) {
  const group = `handlers, ${store} store (10 tasks)`;
  Deno.bench(`bare Hono route (${store} group)`, { group, baseline: true }, async () => {
    await get(bare, "/bare");
  });
  Deno.bench(`GET /api/jobs/{id}, ${store}`, { group }, async () => {
    await get(server.app, jobPath(server), server.admin);
  });
  Deno.bench(`GET /api/tasks (admin), ${store}`, { group }, async () => {
    await get(server.app, TASKS, server.admin);
  });
}

const sizes = [
  ["memory", memory10, memory100k],
  ["KV", kv10, kv100k],
] as const;

for (const [store, small, large] of sizes) {
  const group = `tasks page (admin), ${store}`;
  Deno.bench(`admin, ${store}, 10 tasks`, { group, baseline: true }, async () => {
    await get(small.app, TASKS, small.admin);
  });
  Deno.bench(`admin, ${store}, 100k tasks`, { group }, async () => {
    await get(large.app, TASKS, large.admin);
  });
}

for (const [store, small, large] of sizes) {
  const group = `job detail, ${store}`;
  Deno.bench(`job, ${store}, 10 tasks`, { group, baseline: true }, async () => {
    await get(small.app, jobPath(small), small.admin);
  });
  Deno.bench(`job, ${store}, 100k tasks`, { group }, async () => {
    await get(large.app, jobPath(large), large.admin);
  });
}

// The owner sees 10 tasks either way; they are read through the ownerId/assigneeId/projectId
// indexes, not by scanning the table.
for (const [store, small, large] of sizes) {
  const group = `tasks page (owner of 10), ${store}`;
  Deno.bench(`owner, ${store}, 10 tasks`, { group, baseline: true }, async () => {
    await get(small.app, TASKS, small.owner);
  });
  Deno.bench(`owner, ${store}, 100k tasks`, { group }, async () => {
    await get(large.app, TASKS, large.owner);
  });
}

// Jobs list of the same owner: its jobs come from the indexes (assigned, or of a visible task).
for (const [store, small, large] of sizes) {
  const group = `jobs page (owner of 10), ${store}`;
  Deno.bench(`owner jobs, ${store}, 10 tasks`, { group, baseline: true }, async () => {
    await get(small.app, "/api/jobs", small.owner);
  });
  Deno.bench(`owner jobs, ${store}, 100k tasks`, { group }, async () => {
    await get(large.app, "/api/jobs", large.owner);
  });
}

globalThis.addEventListener("unload", () => {
  kv10.close();
  kv100k.close();
});
