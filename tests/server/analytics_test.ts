import { deepStrictEqual, ok, strictEqual } from "node:assert/strict";
import { addJob, annTask, world } from "./projects_fixtures.ts";

const MISSING = "The specified resource does not exist. Please check the provided identifiers";
const NAMES = [
  "objects",
  "annotation_speed",
  "annotation_time",
  "total_object_count",
  "average_annotation_speed",
];

async function setup() {
  const w = await world();
  const task = await annTask(w, [{ name: "car" }]);
  const project = (await w.ann("POST", "/api/projects", { name: "p" })).body.id as number;
  const job = await addJob(w.store, task, { assigneeId: w.ids.worker });
  return { w, task, project, job: job.id };
}

Deno.test("analytics report of a task: CVAT's empty report (the UI's exact query)", async () => {
  const { w, task } = await setup();
  const today = new Date().toISOString().slice(0, 10);
  const query = `org=&start_date=2024-05-01T10:00:00Z&end_date=2099-05-31T10:00:00Z`;
  const res = await w.ann("GET", `/api/analytics/reports?${query}&task_id=${task}`);
  strictEqual(res.status, 200, JSON.stringify(res.body));
  deepStrictEqual(Object.keys(res.body).sort(), ["created_date", "statistics", "target"]);
  strictEqual(res.body.target, "task");
  ok(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/.test(res.body.created_date));
  deepStrictEqual(res.body.statistics.map((s: { name: string }) => s.name), NAMES);
  const [objects, speed, time, total, average] = res.body.statistics;
  deepStrictEqual(objects, {
    name: "objects",
    title: "Objects",
    description: "Metric shows number of added/changed/deleted objects for the Job.",
    granularity: "day",
    default_view: "histogram",
    data_series: { created: [], updated: [], deleted: [] },
    transformations: [],
  });
  deepStrictEqual(speed.data_series, { object_count: [], working_time: [] });
  deepStrictEqual(speed.transformations, [{
    name: "annotation_speed",
    binary: { left: "object_count", operator: "/", right: "working_time" },
  }]);
  deepStrictEqual(time.data_series, { total_annotating_time: [{ value: 0, date: today }] });
  strictEqual(time.granularity, null);
  strictEqual(time.default_view, "numeric");
  deepStrictEqual(total.data_series, { total_object_count: [{ value: 0, date: today }] });
  strictEqual(average.title, "Average Annotation Speed (objects per hour)");
  deepStrictEqual(average.data_series, { average_annotation_speed: [{ value: 0, date: today }] });
});

Deno.test("analytics report of a job and a project; dates optional", async () => {
  const { w, job, project } = await setup();
  const byJob = await w.worker("GET", `/api/analytics/reports?job_id=${job}`);
  strictEqual(byJob.status, 200);
  strictEqual(byJob.body.target, "job");
  const byProject = await w.ann("GET", `/api/analytics/reports?project_id=${project}`);
  strictEqual(byProject.body.target, "project");
  strictEqual(byProject.body.statistics.length, 5);
  for (const dates of ["start_date=2024-01-01", "end_date=2024-01-01", "start_date=&end_date="]) {
    strictEqual((await w.ann("GET", `/api/analytics/reports?job_id=${job}&${dates}`)).status, 200);
  }
});

Deno.test("analytics report: who may read it", async () => {
  const { w, task, job, project } = await setup();
  strictEqual((await w.anonymous("GET", `/api/analytics/reports?task_id=${task}`)).status, 401);
  for (const query of [`task_id=${task}`, `job_id=${job}`, `project_id=${project}`]) {
    strictEqual((await w.bob("GET", `/api/analytics/reports?${query}`)).status, 403, query);
    strictEqual((await w.admin("GET", `/api/analytics/reports?${query}`)).status, 200, query);
  }
  // The job's assignee sees the job, not the task.
  strictEqual((await w.worker("GET", `/api/analytics/reports?task_id=${task}`)).status, 403);
});

Deno.test("analytics report: bad parameters are 400 with CVAT's messages", async () => {
  const { w, task, job } = await setup();
  const get = (query: string) => w.ann("GET", `/api/analytics/reports?${query}`);
  deepStrictEqual(await get("org="), {
    status: 400,
    body: ["No any job, task or project specified"],
  });
  deepStrictEqual(await get(`task_id=${task}&job_id=${job}`), {
    status: 400,
    body: ["Only one of job_id, task_id or project_id must be specified"],
  });
  deepStrictEqual(await get("task_id=999"), { status: 400, body: [MISSING] });
  deepStrictEqual(await get("task_id=abc"), {
    status: 400,
    body: { task_id: ["A valid integer is required."] },
  });
  strictEqual((await get("job_id=99999999999")).status, 400);
  deepStrictEqual(await get(`task_id=${task}&start_date=yesterday`), {
    status: 400,
    body: ["Cannot parse 'start_date' datetime parameter: yesterday"],
  });
  deepStrictEqual(await get(`task_id=${task}&end_date=2024-02-30`), {
    status: 400,
    body: ["Cannot parse 'end_date' datetime parameter: 2024-02-30"],
  });
  deepStrictEqual(await get(`task_id=${task}&start_date=2024-05-02&end_date=2024-05-01`), {
    status: 400,
    body: ["'start_date' must be before than 'end_date'"],
  });
  const zoned = "start_date=2024-05-01T10:00:00%2B02:00&end_date=2024-05-01T09:00:00Z";
  strictEqual((await get(`task_id=${task}&${zoned}`)).status, 200);
});

Deno.test("analytics calculation: 202 with an rq_id that reads as finished", async () => {
  const { w, task, project } = await setup();
  const created = await w.ann("POST", "/api/analytics/reports", { task_id: task, org: "" });
  deepStrictEqual(created, {
    status: 202,
    body: { rq_id: `analytics:calculate-report-task-${task}` },
  });
  const rq = encodeURIComponent(created.body.rq_id);
  const check = await w.ann("POST", `/api/analytics/reports?rq_id=${rq}`, { task_id: task });
  deepStrictEqual(check, { status: 201, body: { rq_id: created.body.rq_id } });
  const p = await w.ann("POST", "/api/analytics/reports", { project_id: project });
  strictEqual(p.body.rq_id, `analytics:calculate-report-project-${project}`);
  // Unknown or foreign request ids.
  for (const id of ["nope", `analytics:calculate-report-task-999`]) {
    deepStrictEqual(
      await w.ann("POST", `/api/analytics/reports?rq_id=${encodeURIComponent(id)}`),
      { status: 404, body: { detail: "Unknown request id" } },
    );
  }
  strictEqual((await w.bob("POST", `/api/analytics/reports?rq_id=${rq}`)).status, 404);
  strictEqual((await w.ann("POST", "/api/analytics/reports?rq_id=")).status, 400);
});

Deno.test("analytics calculation: permissions and bad bodies", async () => {
  const { w, task, job } = await setup();
  const post = (who: "ann" | "bob" | "worker" | "anonymous", body: unknown) =>
    w[who]("POST", "/api/analytics/reports", body);
  strictEqual((await post("anonymous", { task_id: task })).status, 401);
  strictEqual((await post("bob", { task_id: task })).status, 403);
  strictEqual((await post("worker", { job_id: job })).status, 403);
  deepStrictEqual(await post("ann", {}), {
    status: 400,
    body: { non_field_errors: ["No any job, task or project specified"] },
  });
  deepStrictEqual(await post("ann", { task_id: task, job_id: job }), {
    status: 400,
    body: { non_field_errors: ["Only one of job_id, task_id or project_id must be specified"] },
  });
  deepStrictEqual(await post("ann", { job_id: 999 }), { status: 400, body: [MISSING] });
  deepStrictEqual(await post("ann", { task_id: "x" }), {
    status: 400,
    body: { task_id: ["A valid integer is required."] },
  });
  strictEqual((await post("ann", [1])).status, 400);
  strictEqual((await w.ann("PUT", "/api/analytics/reports")).status, 405);
});
