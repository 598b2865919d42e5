/**
 * Sessions built by hand for the frames, labels and logs tests: a task with a chosen chunk size,
 * a client context like `createCvat`'s (recording into the app's `sent`, with an optional
 * interceptor to make requests fail), and `attachSession` on a plain instance for a job or task
 * read over REST.
 *
 * @module
 */

import { API, type ClientApp } from "./_fixture.ts";
import type { ClientContext, FrameLoadPolicy } from "../../lib/client/context.ts";
import { createClientContext } from "../../lib/client/cvat.ts";
import type { Logger } from "../../lib/client/logger.ts";
import { attachSession, type SessionApi, type SessionTarget } from "../../lib/client/session.ts";
import type { WireLabel } from "../../lib/core/wire_types.ts";
import { createTask, imageBytes, upload, waitStatus } from "../server/task_data_fixture.ts";

/** A request interceptor: a Response to answer instead of the app, or null to pass it on. */
export type Intercept = (request: Request) => Response | null | Promise<Response | null>;

/** A hand-built session. */
export interface Session {
  ctx: ClientContext;
  logger: Logger;
  target: SessionTarget;
  /** The instance carrying the namespaces. */
  // deno-lint-ignore no-explicit-any
  instance: any;
  api: SessionApi;
}

/**
 * Creates a task of `frames` distinct JPEGs with `chunkSize` frames per chunk and waits for it.
 *
 * @example
 * ```ts
 * // const taskId = await chunkedTask(t, { frames: 7, chunkSize: 3, segmentSize: 5 });
 * ```
 */
export async function chunkedTask(
  t: ClientApp,
  options: { frames: number; chunkSize: number; segmentSize?: number; width?: number },
): Promise<number> {
  const extra: Record<string, unknown> = {
    labels: [{ name: "car", attributes: [] }, { name: "person", attributes: [] }],
  };
  if (options.segmentSize) extra.segment_size = options.segmentSize;
  const id = await createTask(t, t.admin, extra);
  const files: [string, Uint8Array][] = [];
  for (let i = 0; i < options.frames; i++) {
    const width = (options.width ?? 40) + i;
    const bytes = await imageBytes(width, 30, "jpeg", 0x204060ff + i * 0x1000);
    files.push([`f_${String(i).padStart(3, "0")}.jpg`, bytes]);
  }
  const fields = { image_quality: "70", chunk_size: String(options.chunkSize) };
  const res = await upload(t, t.admin, id, files, fields);
  if (res.status !== 202) throw new Error(`upload: ${res.status} ${await res.text()}`);
  const status = await waitStatus(t, t.admin, id);
  if (status.state !== "Finished") throw new Error(`task ${id}: ${status.message}`);
  return id;
}

/**
 * A client context like `createCvat`'s over the test app; its requests carry the admin token,
 * are recorded in `t.sent` and may be answered by `intercept` instead.
 *
 * @example
 * ```ts
 * // const { ctx, logger } = testContext(t, { frameLoadPolicy: "full" });
 * ```
 */
export function testContext(
  t: ClientApp,
  options: { frameLoadPolicy?: FrameLoadPolicy; intercept?: Intercept } = {},
): { ctx: ClientContext; logger: Logger } {
  const fetcher = async (request: Request) => {
    if (!request.headers.has("authorization")) {
      request.headers.set("authorization", t.admin.Authorization);
    }
    const body = request.headers.get("content-type")?.includes("json")
      ? await request.clone().text()
      : null;
    const response = await options.intercept?.(request) ?? await t.app.fetch(request);
    const url = new URL(request.url);
    t.sent.push({
      method: request.method,
      path: url.pathname + url.search,
      body,
      headers: request.headers,
      status: response.status,
    });
    return response;
  };
  return createClientContext({
    backendAPI: API,
    fetch: fetcher,
    frameLoadPolicy: options.frameLoadPolicy,
  });
}

async function restJson(t: ClientApp, path: string) {
  const res = await t.app.request(path, { headers: t.admin });
  if (res.status !== 200) throw new Error(`GET ${path}: ${res.status} ${await res.text()}`);
  return await res.json();
}

/**
 * The ids of a task's jobs, in frame order.
 *
 * @example
 * ```ts
 * // const [first, second] = await jobIds(t, taskId);
 * ```
 */
export async function jobIds(t: ClientApp, taskId: number): Promise<number[]> {
  const page = await restJson(t, `/api/jobs?task_id=${taskId}&page_size=100`);
  return (page.results as { id: number; start_frame: number }[])
    .sort((a, b) => a.start_frame - b.start_frame).map((job) => job.id);
}

/**
 * Attaches the session namespaces to a plain instance for a job or task read over REST.
 *
 * @example
 * ```ts
 * // const { instance } = await testSession(t, "job", jobId); await instance.frames.get(0);
 * ```
 */
export async function testSession(
  t: ClientApp,
  kind: "task" | "job",
  id: number,
  options: { frameLoadPolicy?: FrameLoadPolicy; intercept?: Intercept } = {},
): Promise<Session> {
  const { ctx, logger } = testContext(t, options);
  const json = await restJson(t, `/api/${kind}s/${id}`);
  const labels: WireLabel[] = (await restJson(t, `/api/labels?${kind}_id=${id}&page_size=100`))
    .results;
  const instance = { kind, id };
  const target: SessionTarget = {
    kind,
    className: kind === "job" ? "Job" : "Task",
    id,
    instance,
    startFrame: kind === "job" ? json.start_frame : 0,
    stopFrame: kind === "job" ? json.stop_frame : json.size - 1,
    labels: () => labels,
    ids: {
      projectId: json.project_id ?? null,
      taskId: kind === "job" ? json.task_id : json.id,
      jobId: kind === "job" ? json.id : null,
    },
  };
  const api = attachSession(ctx, target);
  return { ctx, logger, target, instance, api };
}

/**
 * Waits until `condition()` holds (polling every 5 ms, failing after 5 s).
 *
 * @example
 * ```ts
 * // await waitFor(() => t.sent.length >= 3);
 * ```
 */
export async function waitFor(condition: () => boolean, what = "condition"): Promise<void> {
  for (let i = 0; i < 1000; i++) {
    if (condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  throw new Error(`timed out waiting for ${what}`);
}
