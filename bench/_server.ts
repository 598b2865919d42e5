/**
 * Fixtures of the server benchmarks: an app on a store with an admin and an owner logged in, tasks
 * (each with data and one job) written straight through the store, and one KV file with 100k
 * tasks that is filled once and reused by later runs.
 *
 * @module
 */

import { createApp, kvStore, memoryStore } from "../server.ts";
import { Hono } from "../lib/server/deps.ts";
import type { Env } from "../lib/server/context.ts";
import { hashPassword } from "../lib/server/passwords.ts";
import type { JobRecord, Store, TaskRecord, UserRecord } from "../lib/store/types.ts";

/** The benchmarks' admin (user id 1: `createApp` creates it at the first request). */
export const BENCH_ADMIN = { username: "admin", password: "bench-s3cret!" };
/** A non-admin user (id 2) who owns 10 of the tasks, spread evenly (all of 10, 1 in 10k of 100k). */
export const BENCH_OWNER = { username: "ann", password: "ann-s3cret!" };

/** How many tasks the owner owns in a filled store. */
export const OWNED_TASKS = 10;

/** An app on a store, with the headers of both users' `Authorization: Token`. */
export interface BenchServer {
  app: Hono<Env>;
  store: Store;
  admin: Record<string, string>;
  owner: Record<string, string>;
  /** The id of a job of the newest task. */
  jobId: number;
}

const DATE = "2026-11-24T10:00:00.000000Z";

/**
 * A bare Hono app with one route returning a small JSON: the baseline of the ratios.
 *
 * @example
 * ```ts
 * import { ok } from "node:assert/strict";
 * import { bareApp } from "./_server.ts";
 * ok((await bareApp().request("/bare")).status === 200);
 * ```
 */
export function bareApp(): Hono {
  const app = new Hono();
  app.get("/bare", (c) => c.json({ id: 1, name: "bare", ok: true }));
  return app;
}

function taskFields(i: number, ownerId: number): Omit<TaskRecord, "id"> {
  const frames = Array.from({ length: 10 }, (_, f) => ({
    name: `images/${i}_${f}.jpg`,
    width: 1920,
    height: 1080,
  }));
  return {
    name: `task ${i}`,
    projectId: null,
    ownerId,
    assigneeId: null,
    bugTracker: "",
    overlap: 0,
    segmentSize: 10,
    status: "annotation",
    subset: i % 5 === 0 ? "validation" : "train",
    mode: "annotation",
    dimension: "2d",
    organizationId: null,
    guideId: null,
    targetStorage: null,
    sourceStorage: null,
    data: {
      id: i,
      size: 10,
      imageQuality: 70,
      chunkSize: 36,
      startFrame: 0,
      stopFrame: 9,
      frameFilter: "",
      compressedChunkType: "imageset",
      originalChunkType: "imageset",
      frames,
      deletedFrames: [],
      sortingMethod: "lexicographical",
      storageMethod: "cache",
      storage: "local",
    },
    createdDate: DATE,
    updatedDate: DATE,
  };
}

function jobFields(taskId: number): Omit<JobRecord, "id"> {
  return {
    taskId,
    startFrame: 0,
    stopFrame: 9,
    frameCount: 10,
    assigneeId: null,
    stage: "annotation",
    state: "new",
    type: "annotation",
    createdDate: DATE,
    updatedDate: DATE,
  };
}

/**
 * Writes `count` tasks with one job each straight through the store, one at a time (concurrent
 * creates on one KV table contend for its id counter and are slower). `OWNED_TASKS` of them,
 * evenly spread, are owned by `ownerId`, the others by the admin (id 1).
 *
 * @example
 * ```ts
 * import { ok } from "node:assert/strict";
 * import { memoryStore } from "../server.ts";
 * import { fillTasks } from "./_server.ts";
 * const store = memoryStore();
 * await fillTasks(store, 3, 2);
 * ok((await store.jobs.count()) === 3);
 * ```
 */
export async function fillTasks(store: Store, count: number, ownerId: number): Promise<void> {
  const every = Math.max(1, Math.floor(count / OWNED_TASKS));
  for (let i = 1; i <= count; i++) {
    const task = await store.tasks.create(taskFields(i, i % every === 0 ? ownerId : 1));
    await store.jobs.create(jobFields(task.id));
  }
}

/** Creates the owner account (id 2 once the admin exists) if missing. */
async function ensureOwner(store: Store): Promise<UserRecord> {
  const [existing] = await store.users.listBy("username", BENCH_OWNER.username);
  if (existing) return existing;
  return await store.users.create({
    username: BENCH_OWNER.username,
    email: "ann@example.com",
    firstName: "Ann",
    lastName: "",
    passwordHash: await hashPassword(BENCH_OWNER.password, { iterations: 1000 }),
    groups: ["user"],
    isStaff: false,
    isSuperuser: false,
    isActive: true,
    dateJoined: DATE,
    lastLogin: null,
    tokenKey: null,
  });
}

async function tokenHeaders(
  app: Hono<Env>,
  who: { username: string; password: string },
): Promise<Record<string, string>> {
  const res = await app.request("/api/auth/login", {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(who),
  });
  if (res.status !== 200) throw new Error(`Login of ${who.username}: ${res.status}`);
  const { key } = await res.json();
  return { Authorization: `Token ${key}` };
}

/**
 * An app on `store` with both users logged in; with `tasks`, first fills the store (an already
 * filled store is given `tasks: 0`).
 *
 * @example
 * ```ts
 * import { ok } from "node:assert/strict";
 * import { memoryStore } from "../server.ts";
 * import { benchServer } from "./_server.ts";
 * const server = await benchServer(memoryStore(), 10);
 * ok((await server.app.request("/api/tasks", { headers: server.admin })).status === 200);
 * ```
 */
export async function benchServer(store: Store, tasks: number): Promise<BenchServer> {
  const app = createApp({ store, admin: BENCH_ADMIN, passwordIterations: 1000 });
  await (await app.request("/api/server/health/")).body?.cancel(); // creates the admin (id 1)
  const owner = await ensureOwner(store);
  await fillTasks(store, tasks, owner.id);
  let jobId = 0;
  for await (const job of store.jobs.list({ reverse: true, limit: 1 })) jobId = job.id;
  if (jobId === 0) throw new Error("The bench store has no job");
  return {
    app,
    store,
    admin: await tokenHeaders(app, BENCH_ADMIN),
    owner: await tokenHeaders(app, BENCH_OWNER),
    jobId,
  };
}

/**
 * A memory store with `tasks` tasks behind an app.
 *
 * @example
 * ```ts
 * // const small = await memoryServer(10);
 * ```
 */
export function memoryServer(tasks: number): Promise<BenchServer> {
  return benchServer(memoryStore(), tasks);
}

/** What a KV-backed bench server holds open. */
export interface KvBenchServer extends BenchServer {
  kv: Deno.Kv;
  /** Closes the KV database (and removes it unless it is the reused file). */
  close(): void;
}

const FILLED_MARK = ["bench", "filled"];

/**
 * A KV store with `tasks` tasks behind an app. With `reuse`, the database is that file, filled
 * on the first run only (a mark written after the fill tells a complete file from an interrupted
 * one, which is refilled); without, a fresh file in a temporary directory, removed on close.
 *
 * @example
 * ```ts
 * // const large = await kvServer(100_000, "/tmp/cvat-lite-bench/tasks-100k.kv");
 * // ...; large.close();
 * ```
 */
export async function kvServer(tasks: number, reuse?: string): Promise<KvBenchServer> {
  const dir = reuse ? null : await Deno.makeTempDir({ prefix: "cvat-lite-bench-" });
  const path = reuse ?? `${dir}/bench.kv`;
  if (reuse) await Deno.mkdir(path.replace(/\/[^/]*$/, ""), { recursive: true });
  let kv = await Deno.openKv(path);
  const mark = `fixture v1: ${tasks} tasks`; // bump when the fixture changes
  let fill = tasks;
  if (reuse && (await kv.get(FILLED_MARK)).value !== mark) {
    kv.close();
    for (const suffix of ["", "-wal", "-shm"]) await Deno.remove(path + suffix).catch(() => {});
    kv = await Deno.openKv(path);
  } else if (reuse) fill = 0;
  const started = performance.now();
  const server = await benchServer(kvStore(kv), fill);
  if (reuse && fill > 0) {
    await kv.set(FILLED_MARK, mark);
    const seconds = ((performance.now() - started) / 1000).toFixed(0);
    console.error(`Filled ${path} with ${tasks} tasks and jobs in ${seconds} s`);
  }
  return {
    ...server,
    kv,
    close() {
      server.store.close();
      kv.close();
      if (dir) Deno.removeSync(dir, { recursive: true });
    },
  };
}

/** Where the 100k-task KV database is kept between runs. */
export const LARGE_KV_PATH = "/tmp/cvat-lite-bench/tasks-100k.kv";

/**
 * Sends a GET and reads the whole body; throws unless the status is 200.
 *
 * @example
 * ```ts
 * // await get(server.app, "/api/tasks", server.admin);
 * ```
 */
export async function get(
  app: { request(path: string, init?: RequestInit): Response | Promise<Response> },
  path: string,
  headers: Record<string, string> = {},
): Promise<Uint8Array> {
  const res = await app.request(path, { headers });
  const body = await res.bytes();
  if (res.status !== 200) {
    throw new Error(`GET ${path}: ${res.status} ${new TextDecoder().decode(body)}`);
  }
  return body;
}
