/**
 * Fixtures of the audit tests: a world built through the API (a project with labels, a task with
 * labels and data cut into jobs, an issue with a comment), a snapshot of everything the store
 * holds (to prove a rejected write changed nothing), and a check of CVAT-shaped error bodies.
 *
 * @example
 * ```ts
 * import { auditWorld, snapshot } from "./audit_fixture.ts";
 * const w = await auditWorld();
 * const before = await snapshot(w.t.store);
 * ```
 *
 * @module
 */

import { ok } from "node:assert/strict";
import { createUser, type Login, login, send, type TestApp, testApp } from "./_client.ts";
import { contextOf } from "./jobs_fixture.ts";
import { createJobsForTask } from "../../lib/server/jobs.ts";
import type { Store, TaskDataRecord, UserRecord } from "../../lib/store/types.ts";

/** The labels the audit task is created with: every attribute type and a skeleton. */
export const TASK_LABELS = [
  {
    name: "car",
    color: "#ff0000",
    attributes: [
      {
        name: "kind",
        mutable: false,
        input_type: "select",
        default_value: "a",
        values: ["a", "b"],
      },
      { name: "r", mutable: false, input_type: "radio", default_value: "x", values: ["x", "y"] },
      {
        name: "ok",
        mutable: true,
        input_type: "checkbox",
        default_value: "false",
        values: ["false"],
      },
      {
        name: "n",
        mutable: true,
        input_type: "number",
        default_value: "1",
        values: ["0", "9", "1"],
      },
      { name: "t", mutable: true, input_type: "text", default_value: "", values: [] },
    ],
  },
  {
    name: "person",
    type: "skeleton",
    sublabels: [{ name: "head", type: "points" }, { name: "foot", type: "points" }],
    svg: '<circle r="1" cx="1" cy="1" data-type="element node" data-label-name="head"></circle>' +
      '<circle r="1" cx="2" cy="2" data-type="element node" data-label-name="foot"></circle>',
  },
];

/** Everything the audit tests work on. */
export interface AuditWorld {
  t: TestApp;
  users: { ann: UserRecord; bob: UserRecord };
  as: { admin: Login; ann: Login; bob: Login };
  /** ann's project (with one label "pl") and ann's task (TASK_LABELS, 11 frames, 3 jobs). */
  ids: {
    project: number;
    task: number;
    jobs: number[];
    label: number;
    projectLabel: number;
    issue: number;
    comment: number;
  };
}

/**
 * A task data record of `size` images (written straight into the store: no upload yet).
 *
 * @example
 * ```ts
 * // await store.tasks.update({ ...task, data: await taskDataOf(store, 11) })
 * ```
 */
export async function taskDataOf(store: Store, size: number): Promise<TaskDataRecord> {
  return {
    id: await store.nextId("data"),
    size,
    imageQuality: 70,
    chunkSize: 72,
    startFrame: 0,
    stopFrame: size - 1,
    frameFilter: "",
    compressedChunkType: "imageset",
    originalChunkType: "imageset",
    frames: Array.from({ length: size }, (_, i) => ({ name: `${i}.jpg`, width: 8, height: 6 })),
    deletedFrames: [],
    sortingMethod: "lexicographical",
    storageMethod: "cache",
    storage: "local",
  };
}

/**
 * Sends and reads JSON back.
 *
 * @example
 * ```ts
 * // const { status, body } = await call(app, "GET", "/api/tasks", undefined, as.ann.headers)
 * ```
 */
export async function call(
  t: TestApp,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
  // deno-lint-ignore no-explicit-any
): Promise<{ status: number; body: any; res: Response }> {
  const res = await send(t, method, path, body, headers);
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = text === "" ? null : JSON.parse(text);
  } catch { /* not JSON: keep the text */ }
  return { status: res.status, body: parsed, res };
}

/**
 * Gives ann's task data and jobs (as the media issue will), returning the job ids.
 *
 * @example
 * ```ts
 * // const jobs = await addData(t.store, taskId, 11, 5)
 * ```
 */
export async function addData(
  store: Store,
  taskId: number,
  size: number,
  segmentSize: number,
): Promise<number[]> {
  const task = (await store.tasks.get(taskId))!;
  await store.tasks.update({
    ...task,
    mode: "annotation",
    segmentSize,
    data: await taskDataOf(store, size),
  });
  return (await createJobsForTask(contextOf(store), taskId)).map((j) => j.id);
}

/**
 * Builds the audit world through the API (fails loudly if any setup call fails).
 *
 * @example
 * ```ts
 * // const { t, as, ids } = await auditWorld()
 * ```
 */
export async function auditWorld(options: { store?: Store } = {}): Promise<AuditWorld> {
  const t = testApp(options.store ? { store: options.store } : {});
  const ann = await createUser(t, "ann", "pw-ann-1");
  const bob = await createUser(t, "bob", "pw-bob-1");
  const as = {
    admin: await login(t.app, "admin", "s3cret!"),
    ann: await login(t.app, "ann", "pw-ann-1"),
    bob: await login(t.app, "bob", "pw-bob-1"),
  };
  const must = async (method: string, path: string, body: unknown) => {
    const r = await call(t, method, path, body, as.ann.headers);
    if (r.status !== 201) {
      throw new Error(`${method} ${path}: ${r.status} ${JSON.stringify(r.body)}`);
    }
    return r.body;
  };
  const project = await must("POST", "/api/projects", { name: "p", labels: [{ name: "pl" }] });
  const task = await must("POST", "/api/tasks", { name: "t", labels: TASK_LABELS });
  const jobs = await addData(t.store, task.id, 11, 5);
  const labels = await call(t, "GET", `/api/labels?task_id=${task.id}`, undefined, as.ann.headers);
  const plabels = await call(
    t,
    "GET",
    `/api/labels?project_id=${project.id}`,
    undefined,
    as.ann.headers,
  );
  const issue = await must("POST", "/api/issues", {
    frame: 1,
    position: [1, 2, 3, 4],
    job: jobs[0],
    message: "first",
  });
  const comment = await must("POST", "/api/comments", { issue: issue.id, message: "second" });
  return {
    t,
    users: { ann, bob },
    as,
    ids: {
      project: project.id,
      task: task.id,
      jobs,
      label: labels.body.results[0].id,
      projectLabel: plabels.body.results[0].id,
      issue: issue.id,
      comment: comment.id,
    },
  };
}

/**
 * Everything the store holds (tables, tokens, requests, annotations of the given jobs), as JSON,
 * leaving out sessions (any request may refresh one).
 *
 * @example
 * ```ts
 * // deepStrictEqual(await snapshot(store), before)
 * ```
 */
export async function snapshot(store: Store, jobs: number[] = []): Promise<string> {
  const out: Record<string, unknown[]> = {};
  const tables = ["users", "projects", "tasks", "jobs", "labels", "issues", "comments", "events"];
  for (const name of tables) {
    const rows: unknown[] = [];
    // deno-lint-ignore no-explicit-any
    for await (const row of (store as any)[name].list()) rows.push(row);
    out[name] = rows;
  }
  for (const name of ["tokens", "requests"]) {
    const rows: unknown[] = [];
    // deno-lint-ignore no-explicit-any
    for await (const row of (store as any)[name].list()) rows.push(row);
    out[name] = rows;
  }
  out.annotations = await Promise.all(jobs.map((j) => store.annotations.read(j)));
  return JSON.stringify(out);
}

/**
 * Whether a body is CVAT-shaped: `{"detail": str}`, a dict of field errors, a list of strings,
 * or a JSON string.
 *
 * @example
 * ```ts
 * // ok(isCvatError(body))
 * ```
 */
export function isCvatError(body: unknown): boolean {
  if (typeof body === "string") return body.length > 0;
  if (Array.isArray(body)) return body.length > 0;
  if (body === null || typeof body !== "object") return false;
  return Object.keys(body).length > 0;
}

/**
 * Asserts a response is a 4xx with a CVAT-shaped JSON body.
 *
 * @example
 * ```ts
 * // assert4xx(await call(t, "POST", "/api/tasks", "{"), "malformed")
 * ```
 */
export function assert4xx(r: { status: number; body: unknown; res: Response }, what: string): void {
  ok(r.status >= 400 && r.status < 500, `${what}: status ${r.status} ${JSON.stringify(r.body)}`);
  const type = r.res.headers.get("content-type") ?? "";
  ok(type.includes("json"), `${what}: content-type ${type}`);
  ok(isCvatError(r.body), `${what}: body ${JSON.stringify(r.body)}`);
}
