/**
 * Jobs (notes §2.6, §5): one annotation job per segment of a task's frames, created once the
 * task has data; `GET /api/jobs` (list), `GET`/`PATCH /api/jobs/{id}`; ground-truth jobs
 * (`POST`, `DELETE`) are not supported.
 *
 * @module
 */

import { visibleJobs } from "./visibility.ts";
import type { Hono } from "./deps.ts";
import { type Ctx, type Env, now, type ServerContext } from "./context.ts";
import { canSeeJob, canSeeTask, isAdmin, jobFor, pathId, requireUser } from "./access.ts";
import { badRequest, forbidden, notFound } from "./errors.ts";
import { listFromTable, type ListSpec, pageBody } from "./lists.ts";
import { segmentRanges } from "./segments.ts";
import { refreshTaskStatus } from "./tasks.ts";
import { deleteJobCascade } from "./tasks_cascade.ts";
import { jobJson, jobView } from "./jobs_view.ts";
import { allowMethods, readObject } from "./body.ts";
import { Fields } from "./body_fields.ts";
import { type JobItem, joinedTable, joinJob, loaders, queryId } from "./jobs_lists.ts";
import type { JobRecord, UserRecord } from "../store/types.ts";

/** Job stages, states and types (notes §5). */
export const JOB_STAGES = ["annotation", "validation", "acceptance"] as const;
/** Job states. */
export const JOB_STATES = ["new", "in progress", "completed", "rejected"] as const;
const JOB_TYPES = ["annotation", "ground_truth"] as const;

/** The jobs list's search, filter, sort and simple fields (notes §3). */
export const JOB_LIST_SPEC: ListSpec<JobItem> = {
  search: {
    task_name: (i) => i.task?.name,
    project_name: (i) => i.project?.name,
    assignee: (i) => i.assignee?.username,
    state: (i) => i.job.state,
    stage: (i) => i.job.stage,
  },
  fields: {
    task_name: (i) => i.task?.name ?? null,
    project_name: (i) => i.project?.name ?? null,
    assignee: (i) => i.assignee?.username ?? null,
    state: (i) => i.job.state,
    stage: (i) => i.job.stage,
    id: (i) => i.id,
    task_id: (i) => i.job.taskId,
    project_id: (i) => i.task?.projectId ?? null,
    updated_date: (i) => i.job.updatedDate,
    dimension: (i) => i.task?.dimension ?? null,
    type: (i) => i.job.type,
  },
  simple: {
    task_name: { get: (i) => i.task?.name ?? null, type: "string" },
    project_name: { get: (i) => i.project?.name ?? null, type: "string" },
    assignee: { get: (i) => i.assignee?.username ?? null, type: "string" },
    state: { get: (i) => i.job.state, type: "choice", choices: [...JOB_STATES] },
    stage: { get: (i) => i.job.stage, type: "choice", choices: [...JOB_STAGES] },
    task_id: { get: (i) => i.job.taskId, type: "int" },
    project_id: { get: (i) => i.task?.projectId ?? null, type: "int" },
    dimension: { get: (i) => i.task?.dimension ?? null, type: "choice", choices: ["2d", "3d"] },
    type: { get: (i) => i.job.type, type: "choice", choices: [...JOB_TYPES] },
  },
};

/**
 * Cuts a task's frames into segments (CVAT's rules) and creates one annotation job per segment
 * (stage annotation, state new); rewrites the task's `segmentSize`/`overlap` to the effective
 * values. A task that already has jobs keeps them (they are returned). Throws a 404 for an
 * unknown task and an Error for a task without data.
 *
 * @example
 * ```ts
 * // after storing task.data: const jobs = await createJobsForTask(ctx, task.id);
 * ```
 */
export async function createJobsForTask(
  ctx: ServerContext,
  taskId: number,
): Promise<JobRecord[]> {
  const task = await ctx.store.tasks.get(taskId);
  if (!task) throw notFound();
  if (!task.data) throw new Error(`Task ${taskId} has no data`);
  const existing = await ctx.store.jobs.listBy("taskId", taskId);
  if (existing.length > 0) return existing;
  const plan = segmentRanges({
    size: task.data.size,
    segmentSize: task.segmentSize,
    overlap: task.overlap,
    mode: task.mode === "interpolation" ? "interpolation" : "annotation",
  });
  const jobs: JobRecord[] = [];
  const date = now();
  for (const [startFrame, stopFrame] of plan.ranges) {
    jobs.push(
      await ctx.store.jobs.create({
        taskId,
        startFrame,
        stopFrame,
        frameCount: stopFrame - startFrame + 1,
        assigneeId: null,
        stage: "annotation",
        state: "new",
        type: "annotation",
        createdDate: date,
        updatedDate: date,
      }),
    );
  }
  const fresh = await ctx.store.tasks.get(taskId) ?? task;
  await ctx.store.tasks.update({
    ...fresh,
    segmentSize: plan.segmentSize,
    overlap: plan.overlap,
  });
  return jobs;
}

async function listJobs(c: Ctx, ctx: ServerContext, user: UserRecord) {
  const load = loaders(ctx);
  const taskId = queryId(c.req.query("task_id"));
  const admin = isAdmin(user);
  // A non-admin's jobs come from the indexes (assigned, or of a visible task), not a full scan.
  const only = taskId !== null
    ? () => ctx.store.jobs.listBy("taskId", taskId)
    : admin
    ? undefined
    : () => visibleJobs(ctx, user);
  const table = joinedTable(ctx.store.jobs, (job) => joinJob(load, job), only);
  const { count, page, query } = await listFromTable(c, table, JOB_LIST_SPEC, {
    visible: (i) => i.task !== null && (admin || canSeeJob(user, i.job, i.task, i.project)),
    countAll: admin,
  });
  const results = await Promise.all(page.map(async (i) => {
    const issues = await ctx.store.issues.listBy("jobId", i.id);
    return jobJson(c, {
      job: i.job,
      task: i.task!,
      project: i.project,
      assignee: i.assignee,
      issueCount: issues.length,
      showStorage: canSeeTask(user, i.task!, i.project),
    });
  }));
  return c.json(pageBody(c, count, results, query));
}

async function patchJob(c: Ctx, ctx: ServerContext, user: UserRecord) {
  const found = await jobFor(ctx, user, pathId(c.req.param("id")));
  const fields = new Fields(await readObject(c));
  const assignee = fields.int("assignee", { nullable: true });
  const stage = fields.choice("stage", JOB_STAGES);
  const state = fields.choice("state", JOB_STATES);
  fields.check();
  if (typeof assignee === "number" && !(await ctx.store.users.get(assignee))) {
    throw badRequest({ assignee: [`Invalid pk "${assignee}" - object does not exist.`] });
  }
  const job = { ...found.job };
  const nextStage = stage ?? job.stage;
  job.state = state ?? (nextStage !== job.stage ? "new" : job.state);
  job.stage = nextStage;
  if (assignee !== undefined) job.assigneeId = assignee;
  job.updatedDate = now();
  if (!(await ctx.store.jobs.update(job))) throw notFound();
  await refreshTaskStatus(ctx, job.taskId);
  return c.json(await jobView(c, ctx, user, { ...found, job }));
}

async function createJob(c: Ctx, ctx: ServerContext, user: UserRecord) {
  const fields = new Fields(await readObject(c));
  const type = fields.choice("type", JOB_TYPES, { required: true });
  const taskId = fields.int("task_id", { required: true, min: 0 });
  fields.check();
  const task = await ctx.store.tasks.get(taskId!);
  if (!task) throw badRequest({ task_id: [`Invalid pk "${taskId}" - object does not exist.`] });
  const project = task.projectId === null ? null : await ctx.store.projects.get(task.projectId);
  if (!canSeeTask(user, task, project)) throw forbidden();
  if (type === "ground_truth") {
    throw badRequest({ detail: "Ground truth jobs are not supported by this server." });
  }
  throw badRequest([`Unexpected job type '${type}'`]);
}

async function deleteJob(c: Ctx, ctx: ServerContext, user: UserRecord) {
  const { job, task, project } = await jobFor(ctx, user, pathId(c.req.param("id")));
  if (job.type !== "ground_truth") throw badRequest(["Only ground truth jobs can be removed"]);
  if (!canSeeTask(user, task, project)) throw forbidden();
  await deleteJobCascade(ctx, job.id);
  await refreshTaskStatus(ctx, job.taskId);
  return c.body(null, 204);
}

/**
 * Registers `/api/jobs` and `/api/jobs/{id}`.
 *
 * @example
 * ```ts
 * // registerJobRoutes(app, ctx)
 * ```
 */
export function registerJobRoutes(app: Hono<Env>, ctx: ServerContext): void {
  app.get("/api/jobs", (c) => listJobs(c, ctx, requireUser(c)));
  app.post("/api/jobs", (c) => createJob(c, ctx, requireUser(c)));
  allowMethods(app, "/api/jobs", ["GET", "POST"]);
  app.get("/api/jobs/:id", async (c) => {
    const user = requireUser(c);
    const found = await jobFor(ctx, user, pathId(c.req.param("id")));
    return c.json(await jobView(c, ctx, user, found));
  });
  app.patch("/api/jobs/:id", (c) => patchJob(c, ctx, requireUser(c)));
  app.delete("/api/jobs/:id", (c) => deleteJob(c, ctx, requireUser(c)));
  allowMethods(app, "/api/jobs/:id", ["GET", "PATCH", "DELETE"]);
}
