/**
 * Fixtures of the jobs and issues tests: tasks with data written straight into the store (there
 * is no upload endpoint yet), their jobs cut by `createJobsForTask`, and four users: the admin,
 * `ann` (owns the task), `bob` (sees nothing of it) and `cat` (will be a job's assignee).
 *
 * @example
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import { jobsWorld } from "./jobs_fixture.ts";
 * const world = await jobsWorld();
 * strictEqual(world.jobs.length, 3);
 * ```
 *
 * @module
 */

import { createUser, type Login, login, type TestApp, testApp } from "./_client.ts";
import { createJobsForTask } from "../../lib/server/jobs.ts";
import type { ServerContext } from "../../lib/server/context.ts";
import type { JobRecord, Store, TaskRecord, UserRecord } from "../../lib/store/types.ts";

/** What a task is made of in these tests. */
export interface TaskSpec {
  ownerId: number | null;
  size?: number;
  segmentSize?: number;
  overlap?: number | null;
  mode?: "annotation" | "interpolation";
  name?: string;
  projectId?: number | null;
  assigneeId?: number | null;
}

/**
 * A server context over a store (all `createJobsForTask` needs).
 *
 * @example
 * ```ts
 * // await createJobsForTask(contextOf(store), taskId)
 * ```
 */
export function contextOf(store: Store): ServerContext {
  return { store, options: {}, ready: () => Promise.resolve() };
}

/**
 * Writes a task with `size` frames of data into the store (no jobs yet).
 *
 * @example
 * ```ts
 * // const task = await makeTask(store, { ownerId: 2, size: 11, segmentSize: 5 });
 * ```
 */
export async function makeTask(store: Store, spec: TaskSpec): Promise<TaskRecord> {
  const size = spec.size ?? 11;
  const date = "2024-03-21T20:50:05.694000Z";
  const video = spec.mode === "interpolation";
  return await store.tasks.create({
    name: spec.name ?? "task",
    projectId: spec.projectId ?? null,
    ownerId: spec.ownerId,
    assigneeId: spec.assigneeId ?? null,
    bugTracker: "",
    overlap: spec.overlap ?? null,
    segmentSize: spec.segmentSize ?? 0,
    status: "annotation",
    subset: "",
    mode: spec.mode ?? "annotation",
    dimension: "2d",
    organizationId: null,
    guideId: null,
    targetStorage: null,
    sourceStorage: null,
    data: {
      id: await store.nextId("data"),
      size,
      imageQuality: 70,
      chunkSize: 72,
      startFrame: 0,
      stopFrame: size - 1,
      frameFilter: "",
      compressedChunkType: video ? "video" : "imageset",
      originalChunkType: video ? "video" : "imageset",
      frames: Array.from({ length: size }, (_, i) => ({ name: `${i}.jpg`, width: 8, height: 6 })),
      deletedFrames: [],
      sortingMethod: "lexicographical",
      storageMethod: "cache",
      storage: "local",
    },
    createdDate: date,
    updatedDate: date,
  });
}

/** The app, users, their logins, ann's task and its three jobs (frames 0-4, 5-9, 10). */
export interface JobsWorld {
  t: TestApp;
  users: { ann: UserRecord; bob: UserRecord; cat: UserRecord };
  as: { admin: Login; ann: Login; bob: Login; cat: Login };
  task: TaskRecord;
  jobs: JobRecord[];
}

/**
 * A fresh app with the four users and ann's task of 11 images cut into segments of 5.
 *
 * @example
 * ```ts
 * // const { t, as, jobs } = await jobsWorld();
 * ```
 */
export async function jobsWorld(): Promise<JobsWorld> {
  const t = testApp();
  const ann = await createUser(t, "ann", "pw-ann-1");
  const bob = await createUser(t, "bob", "pw-bob-1");
  const cat = await createUser(t, "cat", "pw-cat-1", ["worker"]);
  const as = {
    admin: await login(t.app, "admin", "s3cret!"),
    ann: await login(t.app, "ann", "pw-ann-1"),
    bob: await login(t.app, "bob", "pw-bob-1"),
    cat: await login(t.app, "cat", "pw-cat-1"),
  };
  const created = await makeTask(t.store, { ownerId: ann.id, size: 11, segmentSize: 5 });
  const jobs = await createJobsForTask(contextOf(t.store), created.id);
  const task = (await t.store.tasks.get(created.id))!;
  return { t, users: { ann, bob, cat }, as, task, jobs };
}
