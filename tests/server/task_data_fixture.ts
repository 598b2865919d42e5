/**
 * Shared setup of the task data tests: real PNG/JPEG bytes made with imagescript, an app on a
 * memory or KV store with an admin, "ann" (owner of the tasks) and "eve" (a stranger), and
 * helpers to create a task, upload files and wait for the creation request.
 *
 * @module
 */

import { loadImagescript } from "../../lib/media/deps.ts";
import { kvStore } from "../../lib/store/kv.ts";
import { memoryStore } from "../../lib/store/memory.ts";
import type { AppOptions } from "../../lib/server/context.ts";
import type { Store } from "../../lib/store/types.ts";
import { createUser, json, login, send, type TestApp, testApp } from "./_client.ts";

/** The two store kinds every test runs on. */
export const STORE_KINDS = ["memory", "kv"] as const;

/** A store kind. */
export type StoreKind = typeof STORE_KINDS[number];

/** A test app with users' headers and a `close()` that releases the store. */
export interface DataApp extends TestApp {
  ann: Record<string, string>;
  eve: Record<string, string>;
  admin: Record<string, string>;
  close(): Promise<void>;
}

/**
 * An image of `width`×`height` filled with one colour, as PNG or JPEG bytes.
 *
 * @example
 * ```ts
 * // const png = await imageBytes(40, 30, "png");
 * ```
 */
export async function imageBytes(
  width: number,
  height: number,
  kind: "png" | "jpeg",
  color = 0x3366ccff,
): Promise<Uint8Array> {
  const { Image } = await loadImagescript();
  const image = new Image(width, height);
  image.fill(color);
  return kind === "png" ? await image.encode() : await image.encodeJPEG(80);
}

async function openStore(kind: StoreKind, wrap?: (store: Store) => Store) {
  if (kind === "memory") {
    const store = memoryStore();
    return { store: wrap ? wrap(store) : store, close: () => Promise.resolve() };
  }
  const dir = await Deno.makeTempDir({ prefix: "cvat_data_" });
  const kv = await Deno.openKv(`${dir}/kv.sqlite`);
  const store = kvStore(kv);
  return {
    store: wrap ? wrap(store) : store,
    async close() {
      store.close();
      kv.close();
      await Deno.remove(dir, { recursive: true });
    },
  };
}

/**
 * An app on a fresh store of `kind`, with users "ann" and "eve" logged in.
 *
 * @example
 * ```ts
 * // const t = await dataApp("kv"); ... await t.close();
 * ```
 */
export async function dataApp(
  kind: StoreKind,
  options: AppOptions = {},
  wrap?: (store: Store) => Store,
): Promise<DataApp> {
  const { store, close } = await openStore(kind, wrap);
  const t = testApp({ ...options, store });
  await createUser(t, "ann", "pw-ann-1");
  await createUser(t, "eve", "pw-eve-1");
  return {
    ...t,
    ann: (await login(t.app, "ann", "pw-ann-1")).headers,
    eve: (await login(t.app, "eve", "pw-eve-1")).headers,
    admin: (await login(t.app, "admin", "s3cret!")).headers,
    close,
  };
}

/**
 * Runs `fn` with a fresh data app (app options optional) and always closes it.
 *
 * @example
 * ```ts
 * // await withDataApp("memory", async (t) => { ... });
 * // await withDataApp("memory", { maxUploadBytes: 2000 }, async (t) => { ... });
 * ```
 */
export async function withDataApp(
  kind: StoreKind,
  optionsOrFn: AppOptions | ((t: DataApp) => Promise<void>),
  fn?: (t: DataApp) => Promise<void>,
): Promise<void> {
  const run = typeof optionsOrFn === "function" ? optionsOrFn : fn!;
  const t = await dataApp(kind, typeof optionsOrFn === "function" ? {} : optionsOrFn);
  try {
    await run(t);
  } finally {
    await t.close();
  }
}

/**
 * Creates a task with one label; returns its id.
 *
 * @example
 * ```ts
 * // const id = await createTask(t, t.ann, { segment_size: 2 });
 * ```
 */
export async function createTask(
  t: TestApp,
  headers: Record<string, string>,
  extra: Record<string, unknown> = {},
): Promise<number> {
  const res = await send(t.app, "POST", "/api/tasks", {
    name: "data task",
    labels: [{ name: "car" }],
    ...extra,
  }, headers);
  if (res.status !== 201) throw new Error(`create task: ${res.status} ${await res.text()}`);
  return (await json(res)).id;
}

/**
 * Posts a one-shot multipart upload (`client_files[i]` in the given order, then the fields).
 *
 * @example
 * ```ts
 * // const res = await upload(t, t.ann, id, [["a.png", bytes]], { image_quality: "70" });
 * ```
 */
export async function upload(
  t: TestApp,
  headers: Record<string, string>,
  taskId: number,
  files: [string, Uint8Array][],
  fields: Record<string, string> = { image_quality: "70" },
  path = `/api/tasks/${taskId}/data`,
): Promise<Response> {
  const form = new FormData();
  for (const [key, value] of Object.entries(fields)) form.append(key, value);
  files.forEach(([name, bytes], i) => {
    form.append(`client_files[${i}]`, new Blob([new Uint8Array(bytes)]), name);
  });
  return await t.app.request(path, { method: "POST", headers, body: form });
}

/**
 * Polls `GET /api/tasks/{id}/status` until Finished or Failed; returns the last body.
 *
 * @example
 * ```ts
 * // const status = await waitStatus(t, t.ann, id); status.state === "Finished"
 * ```
 */
export async function waitStatus(
  t: TestApp,
  headers: Record<string, string>,
  taskId: number,
): Promise<{ state: string; message: string; progress: number }> {
  for (let i = 0; i < 500; i++) {
    const res = await t.app.request(`/api/tasks/${taskId}/status`, { headers });
    const body = await json(res);
    if (body.state === "Finished" || body.state === "Failed") return body;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`task ${taskId} did not finish`);
}

/**
 * Reads a JSON GET.
 *
 * @example
 * ```ts
 * // const meta = await getJson(t, t.ann, `/api/tasks/${id}/data/meta`);
 * ```
 */
export async function getJson(
  t: TestApp,
  headers: Record<string, string>,
  path: string,
  // deno-lint-ignore no-explicit-any
): Promise<any> {
  const res = await t.app.request(path, { headers });
  if (res.status !== 200) throw new Error(`GET ${path}: ${res.status} ${await res.text()}`);
  return await json(res);
}

/**
 * The blob key of a frame's original bytes (the originals table when the upload was staged,
 * else the default key).
 *
 * @example
 * ```ts
 * // const bytes = await t.store.blobs.get(await originalKeyOf(t, id, 0));
 * ```
 */
export async function originalKeyOf(t: TestApp, taskId: number, frame: number): Promise<string> {
  const table = await t.store.blobs.get(`media/task/${taskId}/originals`);
  const keys = table ? JSON.parse(new TextDecoder().decode(table)) as (string | null)[] : [];
  return keys[frame] ?? `media/task/${taskId}/original/${frame}`;
}

/**
 * CVAT's sequence for a file sent through TUS: `Upload-Start` (202) on `endpoint`, a TUS upload
 * to `endpoint/` in two halves (201, then 204 each), then `Upload-Finish` on
 * `endpoint?filename=<name>`; returns the finish answer. Asserts each step's status.
 *
 * @example
 * ```ts
 * // const res = await tusSequence(t, t.ann, { endpoint: "/api/tasks/backup", name: "b.zip", bytes });
 * ```
 */
export async function tusSequence(
  t: TestApp,
  headers: Record<string, string>,
  { endpoint, name, bytes }: { endpoint: string; name: string; bytes: Uint8Array },
): Promise<Response> {
  const h = { ...headers, "Tus-Resumable": "1.0.0" };
  const expect = async (res: Response, status: number, what: string) => {
    if (res.status !== status) {
      throw new Error(`${what}: expected ${status}, got ${res.status} ${await res.text()}`);
    }
    await res.body?.cancel();
    return res;
  };
  await expect(
    await t.app.request(endpoint, { method: "POST", headers: { ...h, "Upload-Start": "true" } }),
    202,
    "Upload-Start",
  );
  const created = await expect(
    await t.app.request(`${endpoint}/`, {
      method: "POST",
      headers: {
        ...h,
        "Upload-Length": String(bytes.length),
        "Upload-Metadata": `filename ${btoa(name)}`,
      },
    }),
    201,
    "TUS creation",
  );
  const path = new URL(created.headers.get("location")!).pathname;
  if (!path.startsWith(`${endpoint}/`)) {
    throw new Error(`TUS Location ${path} is not under ${endpoint}/`);
  }
  const half = Math.floor(bytes.length / 2);
  for (const [at, part] of [[0, bytes.slice(0, half)], [half, bytes.slice(half)]] as const) {
    const patch = await t.app.request(path, {
      method: "PATCH",
      headers: {
        ...h,
        "Upload-Offset": String(at),
        "Content-Type": "application/offset+octet-stream",
      },
      body: part,
    });
    await expect(patch, 204, `PATCH at ${at}`);
  }
  return await t.app.request(`${endpoint}?filename=${encodeURIComponent(name)}`, {
    method: "POST",
    headers: { ...h, "Upload-Finish": "true" },
  });
}
