/**
 * Sessions built by hand for the annotations tests: a Task's or Job's session namespaces over
 * the in-process app, with their own recorded requests (answers included) and injectable
 * network failures, independent of the Task/Job classes.
 *
 * @module
 */

import { API, type ClientApp } from "./_fixture.ts";
import { createHttp } from "../../lib/client/http.ts";
import { createPluginRegistry } from "../../lib/client/plugins.ts";
import type { ClientContext } from "../../lib/client/context.ts";
import { attachSession, type SessionApi } from "../../lib/client/session.ts";
import type { WireLabel } from "../../lib/core/wire_types.ts";

/** One request of a session, with its answer. */
export interface SessionSent {
  method: string;
  /** Path and query, e.g. `/api/jobs/1/annotations?action=create`. */
  path: string;
  /** The body as text (JSON requests), or null. */
  body: string | null;
  headers: Headers;
  /** The status, or 0 when the test made the request fail. */
  status: number;
  /** The answer's headers and text (JSON answers). */
  answer: { headers: Headers; text: string | null } | null;
}

/**
 * A network failure to inject: requests matching `match` fail `times` times, `before` the app
 * sees them or `after` it answered (the answer is lost).
 */
export interface Fault {
  match: (method: string, path: string) => boolean;
  when: "before" | "after";
  times: number;
}

/**
 * The instance a session belongs to (what hooks get as `this`).
 *
 * @example
 * ```ts
 * // const instance = new FakeSession("job", 7);
 * ```
 */
export class FakeSession {
  constructor(readonly kind: "task" | "job", readonly id: number) {}
}

/** A session and what the test can look at. */
export interface Session extends SessionApi {
  instance: FakeSession;
  ctx: ClientContext;
  sent: SessionSent[];
  faults: Fault[];
}

/**
 * A fetch over the app that records requests and plays faults.
 *
 * @example
 * ```ts
 * // const fetch = recordingFetch(t, sent, [{ match: (m) => m === "PATCH", when: "after", times: 1 }]);
 * ```
 */
export function recordingFetch(t: ClientApp, sent: SessionSent[], faults: Fault[]) {
  return async (request: Request): Promise<Response> => {
    if (!request.headers.has("authorization")) {
      request.headers.set("authorization", t.admin.Authorization);
    }
    const url = new URL(request.url);
    const path = url.pathname + url.search;
    const body = request.headers.get("content-type")?.includes("json")
      ? await request.clone().text()
      : null;
    const fault = faults.find((f) => f.times > 0 && f.match(request.method, path));
    const record = { method: request.method, path, body, headers: request.headers };
    if (fault) fault.times--;
    if (fault?.when === "before") {
      sent.push({ ...record, status: 0, answer: null });
      throw new TypeError("network down (before)");
    }
    const response = await t.app.fetch(request);
    const json = response.headers.get("content-type")?.includes("json");
    const answer = { headers: response.headers, text: json ? await response.clone().text() : null };
    sent.push({ ...record, status: fault ? 0 : response.status, answer });
    if (fault) throw new TypeError("network down (after)");
    return response;
  };
}

async function rest(t: ClientApp, path: string) {
  const response = await t.app.request(path, { headers: t.admin });
  if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`);
  return await response.json();
}

/**
 * The session of a job or task of the app (REST for its fields and labels).
 *
 * @example
 * ```ts
 * // const s = await openSession(t, "job", jobId); await s.annotations.get(0);
 * ```
 */
export async function openSession(
  t: ClientApp,
  kind: "task" | "job",
  id: number,
): Promise<Session> {
  const fields = await rest(t, `/api/${kind}s/${id}`);
  const labels = (await rest(t, `/api/labels?${kind}_id=${id}&page_size=100`)).results;
  const sent: SessionSent[] = [];
  const faults: Fault[] = [];
  const ctx: ClientContext = {
    config: { backendAPI: API, frameLoadPolicy: { incremental: 0 }, uploadChunkSize: 100 },
    http: createHttp({ api: API, fetch: recordingFetch(t, sent, faults) }),
    plugins: createPluginRegistry(),
    log: () => {},
    report: () => Promise.resolve(),
    classes: {},
  };
  const instance = new FakeSession(kind, id);
  const api = attachSession(ctx, {
    kind,
    className: kind === "task" ? "Task" : "Job",
    id,
    instance,
    startFrame: kind === "task" ? 0 : fields.start_frame,
    stopFrame: kind === "task" ? fields.size - 1 : fields.stop_frame,
    labels: () => labels as WireLabel[],
    ids: {
      projectId: fields.project_id ?? null,
      taskId: kind === "task" ? id : fields.task_id,
      jobId: kind === "job" ? id : null,
    },
  });
  return { ...api, instance, ctx, sent, faults };
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
  const jobs = (await rest(t, `/api/jobs?task_id=${taskId}&page_size=100`)).results as {
    id: number;
    start_frame: number;
  }[];
  return jobs.sort((a, b) => a.start_frame - b.start_frame).map((j) => j.id);
}

/**
 * The server's annotations of a job or task (REST).
 *
 * @example
 * ```ts
 * // const data = await serverAnnotations(t, "job", jobId);
 * ```
 */
export async function serverAnnotations(t: ClientApp, kind: "task" | "job", id: number) {
  return await rest(t, `/api/${kind}s/${id}/annotations`);
}

/**
 * The writes (PUT/PATCH/DELETE) a session sent, as `"PATCH ...?action=create"`.
 *
 * @example
 * ```ts
 * // deepStrictEqual(writes(s.sent), ["PATCH /api/jobs/1/annotations?action=create"]);
 * ```
 */
export function writes(sent: SessionSent[]): string[] {
  return sent.filter((s) => s.method !== "GET").map((s) => `${s.method} ${s.path}`);
}
