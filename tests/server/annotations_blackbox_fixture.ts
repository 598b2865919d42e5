/**
 * Fixtures of the black-box annotation tests (issue 4): an app on a memory store or on a KV
 * file, a task created through `POST /api/tasks` with labels of every attribute input type
 * (mutable and immutable), a skeleton and a tag label, 20 frames of data written into the
 * store and cut into 2 jobs of 10 by `createJobsForTask`; builders of wire objects; a
 * canonical form to compare what was sent with what GET answers.
 *
 * @example
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import { annWorld } from "./annotations_blackbox_fixture.ts";
 * const w = await annWorld("memory");
 * strictEqual(w.jobs.length, 2);
 * await w.close();
 * ```
 *
 * @module
 */

import { ok } from "node:assert/strict";
import { createUser, type Login, login, send, type TestApp, testApp } from "./_client.ts";
import { contextOf } from "./jobs_fixture.ts";
import { taskDataOf } from "./audit_fixture.ts";
import { createJobsForTask } from "../../lib/server/jobs.ts";
import { memoryStore } from "../../lib/store/memory.ts";
import { kvStore } from "../../lib/store/kv.ts";
import type { Store } from "../../lib/store/types.ts";

// deno-lint-ignore no-explicit-any
export type Json = any;

/** Which store a world runs on. */
export type StoreKind = "memory" | "kv";

/** Both store kinds, to loop tests over. */
export const STORE_KINDS: StoreKind[] = ["memory", "kv"];

const attr = (
  name: string,
  mutable: boolean,
  input_type: string,
  default_value: string,
  values: string[],
) => ({ name, mutable, input_type, default_value, values });

/** The task's labels: every attribute input type, mutable and immutable; a skeleton; a tag. */
export const ANN_LABELS = [
  {
    name: "car",
    type: "any",
    attributes: [
      attr("model", false, "select", "sedan", ["sedan", "suv", "van"]),
      attr("color", false, "radio", "red", ["red", "blue"]),
      attr("damaged", false, "checkbox", "false", ["false"]),
      attr("doors", false, "number", "4", ["2", "5", "1"]),
      attr("plate", false, "text", "none", []),
      attr("state", true, "select", "parked", ["parked", "moving"]),
      attr("light", true, "radio", "off", ["off", "on"]),
      attr("occupied", true, "checkbox", "true", ["true"]),
      attr("speed", true, "number", "0", ["0", "200", "5"]),
      attr("note", true, "text", "", []),
    ],
  },
  {
    name: "person",
    type: "skeleton",
    sublabels: [
      {
        name: "head",
        type: "points",
        attributes: [attr("visible", true, "checkbox", "true", ["true"])],
      },
      { name: "hand", type: "points" },
    ],
    svg: '<circle r="1" cx="1" cy="1" data-type="element node" data-label-name="head"></circle>' +
      '<circle r="1" cx="2" cy="2" data-type="element node" data-label-name="hand"></circle>',
  },
  {
    name: "weather",
    type: "tag",
    attributes: [attr("sky", false, "select", "sunny", ["sunny", "rain"])],
  },
];

/** Label and attribute ids by name (attributes by `<label>.<attribute>`). */
export interface Ids {
  car: number;
  person: number;
  head: number;
  hand: number;
  weather: number;
  /** e.g. `spec["car.speed"]`. */
  spec: Record<string, number>;
}

/** One job as the tests see it. */
export interface JobInfo {
  id: number;
  start: number;
  stop: number;
}

/** An app, its users, a task with 2 jobs (frames 0-9 and 10-19) and helpers. */
export interface AnnWorld {
  kind: StoreKind;
  t: TestApp;
  store: Store;
  as: { admin: Login; ann: Login; bob: Login };
  taskId: number;
  jobs: JobInfo[];
  /** The task's labels as `GET /api/labels?task_id=` answers them (top-level, with sublabels). */
  labels: Json[];
  ids: Ids;
  /** Sends as ann (the task owner) unless `headers` say otherwise; JSON in, JSON out. */
  req(
    method: string,
    path: string,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<Reply>;
  /** Everything the store holds about the task's jobs' annotations (to prove nothing changed). */
  annotationsState(): Promise<string>;
  close(): Promise<void>;
}

/** A response with its parsed body. */
export interface Reply {
  status: number;
  body: Json;
  headers: Headers;
  text: string;
}

async function openStore(
  kind: StoreKind,
  kvPath?: string,
): Promise<{ store: Store; close(): Promise<void> }> {
  if (kind === "memory") return { store: memoryStore(), close: () => Promise.resolve() };
  const dir = kvPath ? null : await Deno.makeTempDir({ prefix: "cvat_ann_bb_" });
  const kv = await Deno.openKv(kvPath ?? `${dir}/kv.sqlite`);
  const store = kvStore(kv);
  return {
    store,
    async close() {
      store.close();
      kv.close();
      if (dir) await Deno.remove(dir, { recursive: true });
    },
  };
}

/** Options of {@linkcode annWorld}. */
export interface WorldOptions {
  /** Frames of the task (default 20). */
  size?: number;
  /** Frames per job (default 10). */
  segmentSize?: number;
  /** A KV file to use (kept on close) instead of a temporary one. */
  kvPath?: string;
}

function collectIds(labels: Json[]): Ids {
  const ids = { spec: {} } as Ids;
  const visit = (label: Json) => {
    (ids as unknown as Record<string, number>)[label.name] = label.id;
    for (const a of label.attributes ?? []) ids.spec[`${label.name}.${a.name}`] = a.id;
    for (const sub of label.sublabels ?? []) visit(sub);
  };
  labels.forEach(visit);
  return ids;
}

/**
 * Sends a request and parses the body (JSON when it parses, else the text).
 *
 * @example
 * ```ts
 * // const r = await request(t, "GET", "/api/jobs/1/annotations", undefined, as.ann.headers)
 * ```
 */
export async function request(
  t: TestApp,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<Reply> {
  const res = await send(t, method, path, body, headers);
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = text === "" ? null : JSON.parse(text);
  } catch { /* keep the text */ }
  return { status: res.status, body: parsed, headers: res.headers, text };
}

async function must(t: TestApp, as: Login, method: string, path: string, body?: unknown) {
  const r = await request(t, method, path, body, as.headers);
  if (r.status >= 300) throw new Error(`${method} ${path}: ${r.status} ${r.text}`);
  return r.body;
}

/**
 * A fresh world on the given store: admin, ann (owns the task), bob (sees nothing of it).
 *
 * @example
 * ```ts
 * // const w = await annWorld("kv"); ...; await w.close();
 * ```
 */
export async function annWorld(kind: StoreKind, options: WorldOptions = {}): Promise<AnnWorld> {
  const { size = 20, segmentSize = 10 } = options;
  const opened = await openStore(kind, options.kvPath);
  const t = testApp({ store: opened.store });
  await createUser(t, "ann", "pw-ann-1");
  await createUser(t, "bob", "pw-bob-1");
  const as = {
    admin: await login(t.app, "admin", "s3cret!"),
    ann: await login(t.app, "ann", "pw-ann-1"),
    bob: await login(t.app, "bob", "pw-bob-1"),
  };
  const task = await must(t, as.ann, "POST", "/api/tasks", {
    name: "annotations",
    labels: ANN_LABELS,
    segment_size: segmentSize,
  });
  const record = (await t.store.tasks.get(task.id))!;
  await t.store.tasks.update({
    ...record,
    mode: "annotation",
    segmentSize,
    data: await taskDataOf(t.store, size),
  });
  const created = await createJobsForTask(contextOf(t.store), task.id);
  const jobs = created.map((j) => ({ id: j.id, start: j.startFrame, stop: j.stopFrame }));
  const labels = (await must(t, as.ann, "GET", `/api/labels?task_id=${task.id}&page_size=all`))
    .results;
  const ids = collectIds(labels);
  ok(ids.car && ids.person && ids.head && ids.hand && ids.weather, "labels were created");
  ok(Object.keys(ids.spec).length === 12, `12 attributes: ${JSON.stringify(ids.spec)}`);
  return {
    kind,
    t,
    store: t.store,
    as,
    taskId: task.id,
    jobs,
    labels,
    ids,
    req: (method, path, body, headers = as.ann.headers) => request(t, method, path, body, headers),
    annotationsState: async () =>
      JSON.stringify(await Promise.all(jobs.map((j) => t.store.annotations.read(j.id)))),
    close: opened.close,
  };
}

/** The path of a job's annotations (with an optional query). */
export const jobAnn = (id: number, query = ""): string =>
  `/api/jobs/${id}/annotations${query ? `?${query}` : ""}`;

/** The path of a task's annotations (with an optional query). */
export const taskAnn = (id: number, query = ""): string =>
  `/api/tasks/${id}/annotations${query ? `?${query}` : ""}`;

/** An empty LabeledData body plus the given lists. */
export function body(parts: { shapes?: Json[]; tracks?: Json[]; tags?: Json[] }, version = 0) {
  return {
    version,
    tags: parts.tags ?? [],
    shapes: parts.shapes ?? [],
    tracks: parts.tracks ?? [],
  };
}

/** A `"<revision>"` ETag. */
export const etag = (revision: number): string => `"${revision}"`;
