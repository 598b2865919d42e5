/**
 * Fixtures shared by the project, task and label tests: an app with an admin and two ordinary
 * users who cannot see each other's work, a worker, and short request helpers.
 *
 * @module
 */

import { strictEqual } from "node:assert/strict";
import { createUser, json, login, send, testApp } from "./_client.ts";
import type { Hono } from "../../lib/server/deps.ts";
import type { Env } from "../../lib/server/context.ts";
import type { JobRecord, Store } from "../../lib/store/types.ts";

/** A response's status and JSON body. */
export interface Reply {
  status: number;
  // deno-lint-ignore no-explicit-any
  body: any;
}

/** A request helper bound to one user's headers. */
export type Caller = (method: string, path: string, body?: unknown) => Promise<Reply>;

/** The world every test starts from. */
export interface World {
  app: Hono<Env>;
  store: Store;
  admin: Caller;
  ann: Caller;
  bob: Caller;
  worker: Caller;
  anonymous: Caller;
  ids: { admin: number; ann: number; bob: number; worker: number };
}

/**
 * A fresh app with admin, ann, bob (group "user") and wendy (group "worker").
 *
 * @example
 * ```ts
 * // const w = await world(); await w.ann("POST", "/api/projects", { name: "p" });
 * ```
 */
export async function world(): Promise<World> {
  const t = testApp();
  const ann = await createUser(t, "ann", "pw-ann-1");
  const bob = await createUser(t, "bob", "pw-bob-1");
  const worker = await createUser(t, "wendy", "pw-wendy-1", ["worker"]);
  const caller = (headers: Record<string, string>): Caller => async (method, path, body) => {
    const res = await send(t.app, method, path, body, headers);
    return { status: res.status, body: await json(res).catch(() => null) };
  };
  return {
    app: t.app,
    store: t.store,
    admin: caller((await login(t.app, "admin", "s3cret!")).headers),
    ann: caller((await login(t.app, "ann", "pw-ann-1")).headers),
    bob: caller((await login(t.app, "bob", "pw-bob-1")).headers),
    worker: caller((await login(t.app, "wendy", "pw-wendy-1")).headers),
    anonymous: caller({}),
    ids: { admin: 1, ann: ann.id, bob: bob.id, worker: worker.id },
  };
}

/**
 * Adds a job to a task straight in the store (jobs come from task data, which is not here yet).
 *
 * @example
 * ```ts
 * // const job = await addJob(w.store, taskId, { assigneeId: w.ids.bob });
 * ```
 */
export function addJob(
  store: Store,
  taskId: number,
  fields: Partial<Omit<JobRecord, "id" | "taskId">> = {},
): Promise<JobRecord> {
  const date = "2024-01-01T00:00:00.000000Z";
  return store.jobs.create({
    taskId,
    startFrame: 0,
    stopFrame: 9,
    frameCount: 10,
    assigneeId: null,
    stage: "annotation",
    state: "new",
    type: "annotation",
    createdDate: date,
    updatedDate: date,
    ...fields,
  });
}

/** Every object kind of a table, counted (to show that a failed request changed nothing). */
export async function counts(store: Store): Promise<Record<string, number>> {
  return {
    projects: await store.projects.count(),
    tasks: await store.tasks.count(),
    labels: await store.labels.count(),
    jobs: await store.jobs.count(),
  };
}

/** A skeleton label payload: two points sublabels, named in the svg. */
export const SKELETON = {
  name: "person",
  type: "skeleton",
  svg: '<circle data-label-name="head" cx="1"/><circle data-label-name="foot" cx="2"/>',
  sublabels: [{ name: "head", type: "points" }, { name: "foot", type: "points" }],
};

/**
 * Creates a task of ann's with these labels; returns its id.
 *
 * @example
 * ```ts
 * // const id = await annTask(w, [{ name: "car" }]);
 * ```
 */
export async function annTask(w: World, labels: unknown[]): Promise<number> {
  const res = await w.ann("POST", "/api/tasks", { name: "t", labels });
  strictEqual(res.status, 201, JSON.stringify(res.body));
  return res.body.id;
}

/**
 * ann's `GET /api/labels?<query>` results (asserting a 200).
 *
 * @example
 * ```ts
 * // const [car] = await labelsOf(w, `task_id=${id}`);
 * ```
 */
// deno-lint-ignore no-explicit-any
export async function labelsOf(w: World, query: string): Promise<any[]> {
  const res = await w.ann("GET", `/api/labels?${query}`);
  strictEqual(res.status, 200, JSON.stringify(res.body));
  return res.body.results;
}
