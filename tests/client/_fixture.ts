/**
 * Shared setup of the client tests: an in-process app (memory store, admin "admin"/"s3cret!"),
 * a `cvat` instance whose fetch goes to `app.fetch` and is recorded, a REST token for setting
 * data up without the client, and a task with generated images.
 *
 * @module
 */

import { createCvat } from "../../lib/client/cvat.ts";
import type { Cvat } from "../../lib/client/cvat.ts";
import type { AppOptions } from "../../lib/server/context.ts";
import { login, type TestApp, testApp } from "../server/_client.ts";
import { createTask, imageBytes, upload, waitStatus } from "../server/task_data_fixture.ts";

/** The API root the in-process client uses. */
export const API = "http://cvat.test/api";

/** One request the client sent. */
export interface Sent {
  method: string;
  /** Path and query, e.g. `/api/jobs/1/annotations?action=create`. */
  path: string;
  /** The body as text (JSON requests), or null. */
  body: string | null;
  headers: Headers;
  status: number;
}

/** An app, a client over it and what it sent. */
export interface ClientApp extends TestApp {
  cvat: Cvat;
  /** Every request the client sent, in order (clear it with `sent.length = 0`). */
  sent: Sent[];
  /** `{ Authorization: "Token ..." }` of the admin, for REST set-up calls. */
  admin: Record<string, string>;
  /** A second client on the same app (its own session and plugins). */
  another(): Cvat;
}

/**
 * A fresh app and a `cvat` client over it. With `authenticated` (the default) the client's
 * requests carry the admin's token unless they set their own `Authorization`, so tests that are
 * not about login need not log in.
 *
 * @example
 * ```ts
 * // const t = await clientApp(); const tasks = await t.cvat.tasks.get();
 * ```
 */
export async function clientApp(
  options: { authenticated?: boolean; app?: AppOptions } = {},
): Promise<ClientApp> {
  const t = testApp(options.app);
  const admin = (await login(t.app, "admin", "s3cret!")).headers;
  const sent: Sent[] = [];
  const fetcher = async (request: Request) => {
    if (options.authenticated !== false && !request.headers.has("authorization")) {
      request.headers.set("authorization", admin.Authorization);
    }
    const body = request.headers.get("content-type")?.includes("json")
      ? await request.clone().text()
      : null;
    const response = await t.app.fetch(request);
    const url = new URL(request.url);
    sent.push({
      method: request.method,
      path: url.pathname + url.search,
      body,
      headers: request.headers,
      status: response.status,
    });
    return response;
  };
  const make = () => createCvat({ backendAPI: API, fetch: fetcher });
  return { ...t, cvat: make(), sent, admin, another: make };
}

/**
 * Creates a task with `frames` generated JPEGs (REST, not the client) and waits until its data
 * is ready; returns its id.
 *
 * @example
 * ```ts
 * // const taskId = await taskWithImages(t, { frames: 4, segmentSize: 2 });
 * ```
 */
export async function taskWithImages(
  t: ClientApp,
  options: {
    frames?: number;
    segmentSize?: number;
    labels?: unknown[];
    width?: number;
    height?: number;
  } = {},
): Promise<number> {
  const extra: Record<string, unknown> = {};
  if (options.segmentSize) extra.segment_size = options.segmentSize;
  if (options.labels) extra.labels = options.labels;
  else extra.labels = [{ name: "car", attributes: [] }, { name: "person", attributes: [] }];
  const id = await createTask(t, t.admin, extra);
  const files: [string, Uint8Array][] = [];
  for (let i = 0; i < (options.frames ?? 3); i++) {
    const bytes = await imageBytes(
      options.width ?? 64,
      options.height ?? 48,
      "jpeg",
      0x102030ff + i,
    );
    files.push([`frame_${String(i).padStart(3, "0")}.jpg`, bytes]);
  }
  const res = await upload(t, t.admin, id, files, { image_quality: "70" });
  if (res.status !== 202) throw new Error(`upload: ${res.status} ${await res.text()}`);
  const status = await waitStatus(t, t.admin, id);
  if (status.state !== "Finished") throw new Error(`task ${id}: ${status.message}`);
  return id;
}
