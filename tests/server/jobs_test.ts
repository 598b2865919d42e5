import { deepStrictEqual, ok, rejects, strictEqual } from "node:assert/strict";
import { json, send } from "./_client.ts";
import { contextOf, jobsWorld, makeTask } from "./jobs_fixture.ts";
import { createJobsForTask } from "../../lib/server/jobs.ts";
import { memoryStore } from "../../lib/store/memory.ts";

const JOB_KEYS = [
  "url",
  "id",
  "task_id",
  "project_id",
  "assignee",
  "guide_id",
  "dimension",
  "bug_tracker",
  "status",
  "stage",
  "state",
  "mode",
  "frame_count",
  "start_frame",
  "stop_frame",
  "data_chunk_size",
  "data_compressed_chunk_type",
  "created_date",
  "updated_date",
  "issues",
  "labels",
  "type",
  "organization",
  "target_storage",
  "source_storage",
];

Deno.test("createJobsForTask cuts 11 images into segments of 5 and stores the effective values", async () => {
  const { task, jobs } = await jobsWorld();
  deepStrictEqual(jobs.map((j) => [j.startFrame, j.stopFrame, j.frameCount]), [
    [0, 4, 5],
    [5, 9, 5],
    [10, 10, 1],
  ]);
  ok(jobs.every((j) => j.stage === "annotation" && j.state === "new" && j.type === "annotation"));
  strictEqual(task.segmentSize, 5);
  strictEqual(task.overlap, 0);
});

Deno.test("createJobsForTask: a video of 8 frames, segment 5 → overlap 2; repeat calls keep the jobs", async () => {
  const store = memoryStore();
  const ctx = contextOf(store);
  const task = await makeTask(store, {
    ownerId: null,
    size: 8,
    segmentSize: 5,
    mode: "interpolation",
  });
  const jobs = await createJobsForTask(ctx, task.id);
  deepStrictEqual(jobs.map((j) => [j.startFrame, j.stopFrame]), [[0, 4], [3, 7]]);
  const stored = (await store.tasks.get(task.id))!;
  deepStrictEqual([stored.segmentSize, stored.overlap], [5, 2]);
  deepStrictEqual((await createJobsForTask(ctx, task.id)).map((j) => j.id), jobs.map((j) => j.id));
  strictEqual(await store.jobs.count(), 2);
  const whole = await makeTask(store, { ownerId: null, size: 4, segmentSize: 0 });
  deepStrictEqual(
    (await createJobsForTask(ctx, whole.id)).map((j) => [j.startFrame, j.stopFrame]),
    [
      [0, 3],
    ],
  );
  strictEqual((await store.tasks.get(whole.id))!.segmentSize, 4);
});

Deno.test("createJobsForTask refuses unknown tasks and tasks without data", async () => {
  const store = memoryStore();
  await rejects(() => createJobsForTask(contextOf(store), 99));
  const task = await makeTask(store, { ownerId: null });
  await store.tasks.update({ ...task, data: null });
  await rejects(() => createJobsForTask(contextOf(store), task.id));
  strictEqual(await store.jobs.count(), 0);
});

Deno.test("GET /api/jobs/{id} answers JobRead exactly", async () => {
  const { t, as, task, jobs } = await jobsWorld();
  const res = await send(t, "GET", `/api/jobs/${jobs[1].id}`, undefined, as.ann.headers);
  strictEqual(res.status, 200);
  const body = await json(res);
  deepStrictEqual(Object.keys(body), JOB_KEYS);
  deepStrictEqual(body, {
    url: `http://localhost/api/jobs/${jobs[1].id}`,
    id: jobs[1].id,
    task_id: task.id,
    project_id: null,
    assignee: null,
    guide_id: null,
    dimension: "2d",
    bug_tracker: null,
    status: "annotation",
    stage: "annotation",
    state: "new",
    mode: "annotation",
    frame_count: 5,
    start_frame: 5,
    stop_frame: 9,
    data_chunk_size: 72,
    data_compressed_chunk_type: "imageset",
    created_date: jobs[1].createdDate,
    updated_date: jobs[1].updatedDate,
    issues: { count: 0, url: `http://localhost/api/issues?job_id=${jobs[1].id}` },
    labels: { url: `http://localhost/api/labels?job_id=${jobs[1].id}` },
    type: "annotation",
    organization: null,
    target_storage: null,
    source_storage: null,
  });
  ok(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/.test(body.created_date));
});

Deno.test("job detail: 401 without credentials, 404 unknown or non-numeric, 403 for a stranger", async () => {
  const { t, as, jobs } = await jobsWorld();
  strictEqual((await send(t, "GET", `/api/jobs/${jobs[0].id}`)).status, 401);
  for (const path of ["/api/jobs/999", "/api/jobs/abc", "/api/jobs/99999999999", "/api/jobs/1/"]) {
    const res = await send(t, "GET", path, undefined, as.ann.headers);
    strictEqual(res.status, 404, path);
    deepStrictEqual(await json(res), { detail: "Not found." });
  }
  const res = await send(t, "GET", `/api/jobs/${jobs[0].id}`, undefined, as.bob.headers);
  strictEqual(res.status, 403);
  deepStrictEqual(await json(res), {
    detail: "You do not have permission to perform this action.",
  });
  strictEqual(
    (await send(t, "GET", `/api/jobs/${jobs[0].id}`, undefined, as.admin.headers)).status,
    200,
  );
});

Deno.test("GET /api/jobs lists what each user may see, newest first", async () => {
  const { t, as, task, jobs } = await jobsWorld();
  const mine = await json(await send(t, "GET", "/api/jobs", undefined, as.ann.headers));
  strictEqual(mine.count, 3);
  deepStrictEqual(mine.results.map((j: { id: number }) => j.id), jobs.map((j) => j.id).reverse());
  strictEqual(mine.next, null);
  deepStrictEqual(Object.keys(mine.results[0]), JOB_KEYS);
  deepStrictEqual(await json(await send(t, "GET", "/api/jobs", undefined, as.bob.headers)), {
    count: 0,
    next: null,
    previous: null,
    results: [],
  });
  strictEqual(
    (await json(await send(t, "GET", "/api/jobs", undefined, as.admin.headers))).count,
    3,
  );
  strictEqual((await send(t, "GET", "/api/jobs")).status, 401);
  const byTask = await json(
    await send(
      t,
      "GET",
      `/api/jobs?task_id=${task.id}&org=&page_size=500&page=1`,
      undefined,
      as.ann.headers,
    ),
  );
  strictEqual(byTask.count, 3);
  strictEqual(
    (await json(await send(t, "GET", "/api/jobs?task_id=999", undefined, as.ann.headers))).count,
    0,
  );
});

Deno.test("job lists: the UI's ground-truth query, filters, search, sort and simple filters", async () => {
  const { t, as, task, jobs } = await jobsWorld();
  const other = await makeTask(t.store, { ownerId: 2, name: "Other", size: 3 });
  await createJobsForTask(contextOf(t.store), other.id);
  const get = async (query: string) => {
    const res = await send(t, "GET", `/api/jobs?${query}`, undefined, as.ann.headers);
    return { status: res.status, body: await json(res) };
  };
  const gt = await get(`org=&type=ground_truth&task_id=${task.id}&page_size=12`);
  deepStrictEqual([gt.status, gt.body.count], [200, 0]);
  const filter = encodeURIComponent(
    JSON.stringify({ and: [{ "==": [{ var: "task_id" }, task.id] }] }),
  );
  strictEqual((await get(`filter=${filter}`)).body.count, 3);
  strictEqual((await get("search=other")).body.count, 1);
  strictEqual((await get("search=task")).body.count, 3);
  deepStrictEqual(
    (await get("sort=id&page_size=2")).body.results.map((j: { id: number }) => j.id),
    [
      jobs[0].id,
      jobs[1].id,
    ],
  );
  strictEqual((await get("stage=annotation")).body.count, 4);
  const bad = await get("stage=bogus");
  strictEqual(bad.status, 400);
  ok(Array.isArray(bad.body.stage));
  strictEqual((await get("task_id=abc")).status, 400);
});

Deno.test("a job assignee sees and changes that job only, and not its task", async () => {
  const { t, as, users, task, jobs } = await jobsWorld();
  await (await send(
    t,
    "PATCH",
    `/api/jobs/${jobs[2].id}`,
    { assignee: users.cat.id },
    as.ann.headers,
  ))
    .body?.cancel();
  const list = await json(await send(t, "GET", "/api/jobs", undefined, as.cat.headers));
  deepStrictEqual(list.results.map((j: { id: number }) => j.id), [jobs[2].id]);
  const detail = await send(t, "GET", `/api/jobs/${jobs[2].id}`, undefined, as.cat.headers);
  strictEqual(detail.status, 200);
  strictEqual((await json(detail)).assignee.id, users.cat.id);
  strictEqual(
    (await send(t, "GET", `/api/jobs/${jobs[1].id}`, undefined, as.cat.headers)).status,
    403,
  );
  const taskRes = await send(t, "GET", `/api/tasks/${task.id}`, undefined, as.cat.headers);
  strictEqual(taskRes.status, 403);
  const res = await send(
    t,
    "PATCH",
    `/api/jobs/${jobs[2].id}`,
    { state: "completed" },
    as.cat.headers,
  );
  strictEqual(res.status, 200);
  strictEqual((await json(res)).state, "completed");
  const denied = await send(
    t,
    "PATCH",
    `/api/jobs/${jobs[1].id}`,
    { state: "completed" },
    as.cat.headers,
  );
  strictEqual(denied.status, 403);
  const stranger = await send(
    t,
    "PATCH",
    `/api/jobs/${jobs[1].id}`,
    { state: "completed" },
    as.bob.headers,
  );
  strictEqual(stranger.status, 403);
  strictEqual((await t.store.jobs.get(jobs[1].id))!.state, "new");
});
