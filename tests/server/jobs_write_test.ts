import { deepStrictEqual, ok, strictEqual } from "node:assert/strict";
import { json, send } from "./_client.ts";
import { jobsWorld } from "./jobs_fixture.ts";

Deno.test("PATCH /api/jobs/{id}: stage, state, assignee; stage alone resets state; task status follows", async () => {
  const { t, as, users, task, jobs } = await jobsWorld();
  const patch = (id: number, body: unknown) =>
    send(t, "PATCH", `/api/jobs/${id}`, body, as.ann.headers);
  let res = await patch(jobs[0].id, { state: "in progress" });
  strictEqual(res.status, 200);
  deepStrictEqual((({ stage, state, status }) => ({ stage, state, status }))(await json(res)), {
    stage: "annotation",
    state: "in progress",
    status: "annotation",
  });
  res = await patch(jobs[0].id, { stage: "validation" });
  const body = await json(res);
  deepStrictEqual([body.stage, body.state, body.status], ["validation", "new", "validation"]);
  strictEqual((await t.store.tasks.get(task.id))!.status, "annotation");
  for (const job of jobs) await (await patch(job.id, { stage: "validation" })).body?.cancel();
  strictEqual((await t.store.tasks.get(task.id))!.status, "validation");
  for (const job of jobs) {
    const done = await json(await patch(job.id, { stage: "acceptance", state: "completed" }));
    strictEqual(done.status, "completed");
  }
  strictEqual((await t.store.tasks.get(task.id))!.status, "completed");
  res = await patch(jobs[0].id, { assignee: users.cat.id });
  strictEqual((await json(res)).assignee.username, "cat");
  res = await patch(jobs[0].id, { assignee: null });
  strictEqual((await json(res)).assignee, null);
});

Deno.test("PATCH /api/jobs/{id}: bad input is a 400 and changes nothing", async () => {
  const { t, as, jobs } = await jobsWorld();
  const before = await t.store.jobs.get(jobs[0].id);
  const cases: [unknown, unknown][] = [
    [{ stage: "x" }, { stage: ['"x" is not a valid choice.'] }],
    [{ state: "done", stage: 5 }, {
      state: ['"done" is not a valid choice.'],
      stage: ['"5" is not a valid choice.'],
    }],
    [{ assignee: 999 }, { assignee: ['Invalid pk "999" - object does not exist.'] }],
    [{ assignee: "abc" }, { assignee: ["A valid integer is required."] }],
    [{ assignee: 2 ** 31 }, {
      assignee: ["Ensure this value is less than or equal to 2147483647."],
    }],
    [{ stage: null }, { stage: ["This field may not be null."] }],
    [[1, 2], { non_field_errors: ["Invalid data. Expected a dictionary, but got list."] }],
  ];
  for (const [body, error] of cases) {
    const res = await send(t, "PATCH", `/api/jobs/${jobs[0].id}`, body, as.ann.headers);
    strictEqual(res.status, 400, JSON.stringify(body));
    deepStrictEqual(await json(res), error);
  }
  const malformed = await send(t, "PATCH", `/api/jobs/${jobs[0].id}`, "{nope", as.ann.headers);
  strictEqual(malformed.status, 400);
  ok((await json(malformed)).detail.startsWith("JSON parse error"));
  deepStrictEqual(await t.store.jobs.get(jobs[0].id), before);
});

Deno.test("POST, DELETE and PUT on jobs: ground-truth only, or not allowed", async () => {
  const { t, as, task, jobs } = await jobsWorld();
  let res = await send(
    t,
    "POST",
    "/api/jobs",
    { task_id: task.id, type: "annotation" },
    as.ann.headers,
  );
  strictEqual(res.status, 400);
  deepStrictEqual(await json(res), ["Unexpected job type 'annotation'"]);
  res = await send(t, "POST", "/api/jobs", {}, as.ann.headers);
  deepStrictEqual(await json(res), {
    type: ["This field is required."],
    task_id: ["This field is required."],
  });
  res = await send(t, "POST", "/api/jobs", { task_id: 999, type: "ground_truth" }, as.ann.headers);
  strictEqual(res.status, 400);
  res = await send(
    t,
    "POST",
    "/api/jobs",
    { task_id: task.id, type: "ground_truth" },
    as.bob.headers,
  );
  strictEqual(res.status, 403);
  await res.body?.cancel();
  res = await send(
    t,
    "POST",
    "/api/jobs",
    { task_id: task.id, type: "ground_truth" },
    as.ann.headers,
  );
  strictEqual(res.status, 400);
  ok(typeof (await json(res)).detail === "string");
  res = await send(t, "DELETE", `/api/jobs/${jobs[0].id}`, undefined, as.ann.headers);
  strictEqual(res.status, 400);
  deepStrictEqual(await json(res), ["Only ground truth jobs can be removed"]);
  res = await send(t, "PUT", `/api/jobs/${jobs[0].id}`, {}, as.ann.headers);
  strictEqual(res.status, 405);
  deepStrictEqual(await json(res), { detail: 'Method "PUT" not allowed.' });
  strictEqual(await t.store.jobs.count(), 3);
});

Deno.test("a ground-truth job (written into the store) can be deleted by the task's staff only", async () => {
  const { t, as, task, jobs, users } = await jobsWorld();
  const date = jobs[0].createdDate;
  const gt = await t.store.jobs.create({
    taskId: task.id,
    startFrame: 0,
    stopFrame: 10,
    frameCount: 2,
    assigneeId: users.cat.id,
    stage: "annotation",
    state: "new",
    type: "ground_truth",
    createdDate: date,
    updatedDate: date,
  });
  strictEqual(
    (await send(t, "DELETE", `/api/jobs/${gt.id}`, undefined, as.cat.headers)).status,
    403,
  );
  strictEqual(
    (await send(t, "DELETE", `/api/jobs/${gt.id}`, undefined, as.bob.headers)).status,
    403,
  );
  const res = await send(t, "DELETE", `/api/jobs/${gt.id}`, undefined, as.ann.headers);
  strictEqual(res.status, 204);
  strictEqual(await t.store.jobs.get(gt.id), null);
  strictEqual(await t.store.jobs.count(), 3);
});
