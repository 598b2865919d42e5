/**
 * Fixtures of the annotation route tests (issue 4): a world on a memory store or a KV file with
 * ann's task (labels `car` with an immutable and a mutable attribute, a skeleton `person` with
 * `head` and `hand`, a tag label `weather`), `size` frames of data cut into jobs, and builders
 * of wire objects. `bothStores` registers a test once per store.
 *
 * @example
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import { annotationWorld } from "./annotations_fixture.ts";
 * const w = await annotationWorld("memory");
 * strictEqual(w.jobs.length, 2);
 * await w.close();
 * ```
 *
 * @module
 */

import { createUser, type Login, login, send, type TestApp, testApp } from "./_client.ts";
import { contextOf } from "./jobs_fixture.ts";
import { createJobsForTask } from "../../lib/server/jobs.ts";
import { memoryStore } from "../../lib/store/memory.ts";
import { kvStore } from "../../lib/store/kv.ts";
import type { JobRecord, Store } from "../../lib/store/types.ts";

export {
  data,
  jobPath,
  keyframe,
  rect,
  skeleton,
  skeletonTrack,
  tag,
  taskPath,
  track,
} from "./annotations_fixture_objects.ts";

// deno-lint-ignore no-explicit-any
export type Json = any;

/** Which store a world runs on. */
export type StoreKind = "memory" | "kv";

/** A response with its parsed body. */
export interface Reply {
  status: number;
  body: Json;
  headers: Headers;
}

/** Label and attribute ids. */
export interface LabelIds {
  car: number;
  person: number;
  head: number;
  hand: number;
  weather: number;
  /** car's immutable `color` (select red/blue, default red). */
  color: number;
  /** car's mutable `speed` (number, default 0). */
  speed: number;
}

/** An app on one store with ann's task and its jobs. */
export interface AnnotationWorld {
  kind: StoreKind;
  t: TestApp;
  store: Store;
  as: { admin: Login; ann: Login; bob: Login; cat: Login };
  taskId: number;
  jobs: JobRecord[];
  ids: LabelIds;
  /** Sends as ann unless `headers` say otherwise. */
  req(
    method: string,
    path: string,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<Reply>;
  /** The store's annotations of every job, as JSON (to prove that nothing changed). */
  state(): Promise<string>;
  close(): Promise<void>;
}

const LABELS = [
  {
    name: "car",
    attributes: [
      {
        name: "color",
        mutable: false,
        input_type: "select",
        default_value: "red",
        values: ["red", "blue"],
      },
      {
        name: "speed",
        mutable: true,
        input_type: "number",
        default_value: "0",
        values: ["0", "100", "1"],
      },
    ],
  },
  {
    name: "person",
    type: "skeleton",
    sublabels: [{ name: "head", type: "points" }, { name: "hand", type: "points" }],
    svg: '<circle data-type="element node" data-label-name="head"></circle>' +
      '<circle data-type="element node" data-label-name="hand"></circle>',
  },
  { name: "weather", type: "tag", attributes: [] },
];

async function openStore(kind: StoreKind) {
  if (kind === "memory") return { store: memoryStore(), close: () => Promise.resolve() };
  const dir = await Deno.makeTempDir({ prefix: "cvat_ann_" });
  const kv = await Deno.openKv(`${dir}/kv.sqlite`);
  const store = kvStore(kv);
  return {
    store,
    async close() {
      store.close();
      kv.close();
      await Deno.remove(dir, { recursive: true });
    },
  };
}

async function reply(res: Response): Promise<Reply> {
  const text = await res.text();
  return { status: res.status, body: text === "" ? null : JSON.parse(text), headers: res.headers };
}

function labelIds(labels: Json[]): LabelIds {
  const ids: Record<string, number> = {};
  for (const label of labels) {
    ids[label.name] = label.id;
    for (const attr of label.attributes) ids[attr.name] = attr.id;
    for (const sub of label.sublabels ?? []) ids[sub.name] = sub.id;
  }
  return ids as unknown as LabelIds;
}

/** World options: frames, segment size, overlap. */
export interface WorldOptions {
  size?: number;
  segmentSize?: number;
  overlap?: number;
  /** Leave the task without data (and jobs). */
  noData?: boolean;
}

/**
 * A fresh world: admin, ann (owns the task), bob (sees nothing), cat (a worker, assignee of the
 * first job).
 *
 * @example
 * ```ts
 * // const w = await annotationWorld("kv", { size: 20, segmentSize: 10 }); ...; await w.close();
 * ```
 */
export async function annotationWorld(
  kind: StoreKind,
  options: WorldOptions = {},
): Promise<AnnotationWorld> {
  const { size = 20, segmentSize = 10, overlap = 0 } = options;
  const opened = await openStore(kind);
  const t = testApp({ store: opened.store });
  await createUser(t, "ann", "pw-ann-1");
  await createUser(t, "bob", "pw-bob-1");
  const cat = await createUser(t, "cat", "pw-cat-1", ["worker"]);
  const as = {
    admin: await login(t.app, "admin", "s3cret!"),
    ann: await login(t.app, "ann", "pw-ann-1"),
    bob: await login(t.app, "bob", "pw-bob-1"),
    cat: await login(t.app, "cat", "pw-cat-1"),
  };
  const created = await reply(
    await send(t, "POST", "/api/tasks", {
      name: "ann-task",
      labels: LABELS,
      segment_size: segmentSize,
      overlap,
    }, as.ann.headers),
  );
  if (created.status !== 201) throw new Error(JSON.stringify(created.body));
  const taskId = created.body.id;
  let jobs: JobRecord[] = [];
  if (!options.noData) {
    const record = (await t.store.tasks.get(taskId))!;
    await t.store.tasks.update({
      ...record,
      mode: "annotation",
      data: dataOf(await t.store.nextId("data"), size),
    });
    jobs = (await createJobsForTask(contextOf(t.store), taskId)).sort((a, b) =>
      a.startFrame - b.startFrame
    );
    await t.store.jobs.update({ ...jobs[0], assigneeId: cat.id });
  }
  const labels = await reply(
    await send(t, "GET", `/api/labels?task_id=${taskId}`, undefined, as.ann.headers),
  );
  return {
    kind,
    t,
    store: t.store,
    as,
    taskId,
    jobs,
    ids: labelIds(labels.body.results),
    req: async (method, path, body, headers = as.ann.headers) =>
      await reply(await send(t, method, path, body, headers)),
    state: async () =>
      JSON.stringify(await Promise.all(jobs.map((j) => t.store.annotations.read(j.id)))),
    close: opened.close,
  };
}

function dataOf(id: number, size: number) {
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
    frames: Array.from({ length: size }, (_, i) => ({ name: `${i}.jpg`, width: 100, height: 100 })),
    deletedFrames: [],
    sortingMethod: "lexicographical",
    storageMethod: "cache" as const,
    storage: "local" as const,
  };
}

/**
 * Registers `fn` as one test per store, each with a fresh world.
 *
 * @example
 * ```ts
 * // bothStores("GET answers an empty job", async (w) => { ... });
 * ```
 */
export function bothStores(
  name: string,
  fn: (w: AnnotationWorld) => Promise<void>,
  options: WorldOptions = {},
): void {
  for (const kind of ["memory", "kv"] as StoreKind[]) {
    Deno.test(`${name} [${kind}]`, async () => {
      const w = await annotationWorld(kind, options);
      try {
        await fn(w);
      } finally {
        await w.close();
      }
    });
  }
}
