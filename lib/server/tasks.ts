/**
 * Tasks: `GET/POST /api/tasks`, `GET/PATCH/DELETE /api/tasks/{id}`, the creation poll
 * `/api/tasks/{id}/status` and the (not yet available) preview (notes §2.5).
 *
 * @module
 */

import { involvedProjects, visibleTasks } from "./visibility.ts";
import type { Hono } from "./deps.ts";
import { type Ctx, type Env, now, type ServerContext } from "./context.ts";
import {
  canCreate,
  canDeleteTask,
  canSeeProject,
  canSeeTask,
  isAdmin,
  pathId,
  requireUser,
  taskFor,
} from "./access.ts";
import { forbidden } from "./errors.ts";
import { allowMethods, readObject } from "./body.ts";
import { listFromTable, pageBody } from "./lists.ts";
import { queryMentions, usernames } from "./projects_view.ts";
import { sharedChanges, storageRecord } from "./projects_write.ts";
import { statusFromJobs, taskJson, taskListSpec } from "./tasks_view.ts";
import { readTaskBody } from "./tasks_write.ts";
import { applyTaskMove, planTaskMove } from "./tasks_move.ts";
import { deleteTaskCascade } from "./tasks_cascade.ts";
import { joinedTable } from "./jobs_lists.ts";
import { applyLabelPlan, planLabelChange } from "./labels_write.ts";
import type { ProjectRecord, TaskRecord } from "../store/types.ts";

const ID = "/api/tasks/:id{[0-9]+}";

/**
 * Recomputes a task's `status` from its annotation jobs (see `statusFromJobs`) and gives it a new
 * `updated_date`; call it after any job change. Returns the stored task, or null if it is gone.
 *
 * @example
 * ```ts
 * // await refreshTaskStatus(ctx, job.taskId);
 * ```
 */
export async function refreshTaskStatus(
  ctx: ServerContext,
  taskId: number,
): Promise<TaskRecord | null> {
  const task = await ctx.store.tasks.get(taskId);
  if (!task) return null;
  const jobs = (await ctx.store.jobs.listBy("taskId", taskId)).filter((j) =>
    j.type !== "ground_truth"
  );
  const updated: TaskRecord = { ...task, status: statusFromJobs(jobs), updatedDate: now() };
  await ctx.store.tasks.update(updated);
  return updated;
}

async function projectNames(ctx: ServerContext): Promise<Map<number, string>> {
  const names = new Map<number, string>();
  for await (const project of ctx.store.projects.list()) names.set(project.id, project.name);
  return names;
}

/**
 * The tasks a non-admin may see, read through the indexes (theirs, assigned to them, or in a
 * project of theirs), so that a list costs what the user sees, not the size of the table.
 */
async function listTasks(c: Ctx, ctx: ServerContext): Promise<Response> {
  const user = requireUser(c);
  const admin = isAdmin(user);
  const mine = admin ? new Map<number, ProjectRecord>() : await involvedProjects(ctx, user);
  const spec = taskListSpec({
    users: queryMentions(c, ["owner", "assignee"]) ? await usernames(ctx) : new Map(),
    projects: queryMentions(c, ["project_name"]) ? await projectNames(ctx) : new Map(),
  });
  const table = admin ? ctx.store.tasks : joinedTable(
    ctx.store.tasks,
    (task: TaskRecord) => Promise.resolve(task),
    () => visibleTasks(ctx, user, mine),
  );
  const { count, page, query } = await listFromTable(c, table, spec, {
    visible: (t) =>
      canSeeTask(user, t, t.projectId === null ? null : mine.get(t.projectId) ?? null),
    countAll: admin,
  });
  // In parallel: on KV each task's jobs and users are store round trips.
  const results = await Promise.all(page.map((task) => taskJson(c, ctx, task)));
  return c.json(pageBody(c, count, results, query));
}

async function createTask(c: Ctx, ctx: ServerContext): Promise<Response> {
  const user = requireUser(c);
  if (!canCreate(user)) throw forbidden();
  const changes = await readTaskBody(ctx, await readObject(c), "create");
  const project = changes.projectId ? await ctx.store.projects.get(changes.projectId) : null;
  if (project && !canSeeProject(user, project)) throw forbidden();
  const plan = project
    ? null
    : await planLabelChange(ctx, { taskId: 0, projectId: null }, changes.labels ?? [], "create");
  const date = now();
  const task = await ctx.store.tasks.create({
    name: changes.name!,
    projectId: project?.id ?? null,
    ownerId: user.id,
    assigneeId: changes.assigneeId ?? null,
    bugTracker: changes.bugTracker ?? "",
    overlap: changes.overlap ?? null,
    segmentSize: changes.segmentSize ?? 0,
    status: "annotation",
    subset: changes.subset ?? "",
    mode: "",
    dimension: "2d",
    organizationId: null,
    guideId: null,
    targetStorage: await storageRecord(ctx, changes.targetStorage, project?.targetStorage ?? null),
    sourceStorage: await storageRecord(ctx, changes.sourceStorage, project?.sourceStorage ?? null),
    data: null,
    createdDate: date,
    updatedDate: date,
  });
  if (plan) await applyLabelPlan(ctx, { taskId: task.id, projectId: null }, plan, { touch: false });
  return c.json(await taskJson(c, ctx, task), 201);
}

async function patchTask(c: Ctx, ctx: ServerContext): Promise<Response> {
  const user = requireUser(c);
  const { task, project } = await taskFor(ctx, user, pathId(c.req.param("id")));
  const changes = await readTaskBody(ctx, await readObject(c), "patch");
  const ownerChange = changes.ownerId !== undefined && changes.ownerId !== task.ownerId;
  if (ownerChange && !canDeleteTask(user, task, project)) throw forbidden();
  const targetId = changes.projectId ?? task.projectId;
  const moving = targetId !== null && targetId !== task.projectId;
  let move = null;
  if (moving) {
    const target = await ctx.store.projects.get(targetId);
    if (!target || !canSeeProject(user, target)) throw forbidden();
    move = await planTaskMove(ctx, task, targetId);
  }
  const owner = { taskId: task.id, projectId: null };
  const ownLabels = changes.labels && task.projectId === null && !moving;
  const plan = ownLabels ? await planLabelChange(ctx, owner, changes.labels!, "patch") : null;
  if (plan) await applyLabelPlan(ctx, owner, plan);
  if (move) await applyTaskMove(ctx, task, targetId!, move);
  const fresh = await ctx.store.tasks.get(task.id) ?? task;
  const updated: TaskRecord = {
    ...fresh,
    ...await sharedChanges(ctx, fresh, changes),
    subset: changes.subset ?? fresh.subset,
    updatedDate: now(),
  };
  await ctx.store.tasks.update(updated);
  return c.json(await taskJson(c, ctx, updated));
}

async function deleteTask(c: Ctx, ctx: ServerContext): Promise<Response> {
  const user = requireUser(c);
  const { task, project } = await taskFor(ctx, user, pathId(c.req.param("id")));
  if (!canDeleteTask(user, task, project)) throw forbidden();
  await deleteTaskCascade(ctx, task);
  return c.body(null, 204);
}

const STATES = { queued: "Queued", started: "Started", finished: "Finished", failed: "Failed" };

async function taskStatus(c: Ctx, ctx: ServerContext): Promise<Response> {
  const { task } = await taskFor(ctx, requireUser(c), pathId(c.req.param("id")));
  let latest = null;
  for await (const [, request] of ctx.store.requests.list()) {
    const target = request.target;
    if (request.operation !== "create:task" || target?.type !== "task" || target.id !== task.id) {
      continue;
    }
    if (!latest || request.created >= latest.created) latest = request;
  }
  if (!latest) return c.json({ state: "Finished", message: "", progress: 0 });
  return c.json({
    state: STATES[latest.status],
    message: latest.message,
    progress: latest.progress,
  });
}

/**
 * Registers the task routes.
 *
 * @example
 * ```ts
 * // registerTaskRoutes(app, ctx)
 * ```
 */
export function registerTaskRoutes(app: Hono<Env>, ctx: ServerContext): void {
  app.get("/api/tasks", (c) => listTasks(c, ctx));
  app.post("/api/tasks", (c) => createTask(c, ctx));
  allowMethods(app, "/api/tasks", ["GET", "POST"]);
  app.get(ID, async (c) => {
    const { task } = await taskFor(ctx, requireUser(c), pathId(c.req.param("id")));
    return c.json(await taskJson(c, ctx, task));
  });
  app.patch(ID, (c) => patchTask(c, ctx));
  app.delete(ID, (c) => deleteTask(c, ctx));
  allowMethods(app, ID, ["GET", "PATCH", "DELETE"]);
  app.get(`${ID}/status`, (c) => taskStatus(c, ctx));
  allowMethods(app, `${ID}/status`, ["GET"]);
  app.get(`${ID}/preview`, async (c) => {
    await taskFor(ctx, requireUser(c), pathId(c.req.param("id")));
    return c.text("Task image preview not found", 404);
  });
  allowMethods(app, `${ID}/preview`, ["GET"]);
}
