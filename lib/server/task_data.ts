/**
 * Task data routes (issue 5): the one-shot upload `POST /api/tasks/{id}/data` (processed in the
 * background, notes §2.7) and `GET/PATCH /api/{tasks|jobs}/{id}/data/meta` (notes §2.8).
 *
 * Uploads: one-shot multipart, or CVAT's Upload-Start / Upload-Multiple / Upload-Finish sequence
 * (JSON or multipart finish). Not yet: TUS, `server_files`, `remote_files`, video.
 *
 * @module
 */

import type { Hono } from "./deps.ts";
import { type Ctx, type Env, now, type ServerContext } from "./context.ts";
import { jobFor, pathId, requireUser, taskFor } from "./access.ts";
import { badRequest, HttpError } from "./errors.ts";
import { allowMethods, readObject } from "./body.ts";
import { DEFAULT_MAX_UPLOAD_BYTES, readDataForm } from "./task_data_form.ts";
import { type DataRequest, readDataRequest } from "./task_data_fields.ts";
import { planData } from "./task_data_plan.ts";
import { isCreating, startTaskCreation } from "./task_data_create.ts";
import { clearStaged, stagedFiles, stageFiles } from "./task_data_staging.ts";
import { jobMeta, readDeletedFrames, replaceDeleted, taskMeta } from "./task_data_meta.ts";
import type { TaskDataRecord, TaskRecord, UserRecord } from "../store/types.ts";

const TASK = "/api/tasks/:id{[0-9]+}";
const JOB = "/api/jobs/:id{[0-9]+}";

/** CVAT 2.15's `DataSerializer` echo of an accepted upload, plus the 2.16+ `rq_id`. */
function echo(request: DataRequest, files: string[], rqId: string): Record<string, unknown> {
  return {
    rq_id: rqId,
    image_quality: request.imageQuality,
    chunk_size: request.chunkSize,
    start_frame: request.startFrame,
    stop_frame: request.stopFrame,
    frame_filter: request.step > 1 ? `step=${request.step}` : "",
    client_files: files.map((file) => ({ file })),
    server_files: [],
    remote_files: [],
    use_zip_chunks: request.useZipChunks,
    use_cache: request.useCache,
    copy_data: request.copyData,
    sorting_method: request.sortingMethod,
    upload_file_order: request.uploadFileOrder,
  };
}

type Protocol = "start" | "multiple" | "finish";

/** CVAT's upload headers, in its order of precedence (only their presence counts). */
function protocolOf(c: Ctx): Protocol {
  const has = (name: string) => c.req.header(name) !== undefined;
  if (has("Upload-Finish")) return "finish";
  if (has("Upload-Start")) return "start";
  if (has("Upload-Length") || c.req.method === "OPTIONS") {
    throw badRequest(["TUS uploads are not supported yet"]);
  }
  if (has("Upload-Multiple")) return "multiple";
  return "finish";
}

function hasData(ctx: ServerContext, task: TaskRecord): boolean {
  return (task.data?.size ?? 0) !== 0 || isCreating(ctx, task.id);
}

async function finishUpload(c: Ctx, ctx: ServerContext, task: TaskRecord, user: UserRecord) {
  const limit = ctx.options.maxUploadBytes ?? DEFAULT_MAX_UPLOAD_BYTES;
  const form = await readDataForm(c, limit);
  const request = readDataRequest(form.fields);
  const files = [...await stagedFiles(ctx, task.id), ...form.files];
  const plan = planData(files, request);
  // Re-check: another upload may have started while this body was read.
  const fresh = await ctx.store.tasks.get(task.id);
  if (!fresh) throw new HttpError(404, { detail: "Not found." });
  if (hasData(ctx, fresh)) throw badRequest(["Adding more data is not supported"]);
  await clearStaged(ctx, task.id);
  const { id } = await startTaskCreation(ctx, task.id, user.id, plan);
  return c.json(echo(request, files.map((f) => f.name), id), 202);
}

async function uploadData(c: Ctx, ctx: ServerContext): Promise<Response> {
  const user = requireUser(c);
  const { task } = await taskFor(ctx, user, pathId(c.req.param("id")));
  if (hasData(ctx, task)) throw badRequest(["Adding more data is not supported"]);
  const protocol = protocolOf(c);
  if (protocol === "start") {
    await c.req.raw.body?.cancel().catch(() => {});
    await clearStaged(ctx, task.id);
    return c.body(null, 202);
  }
  if (protocol === "multiple") {
    const limit = ctx.options.maxUploadBytes ?? DEFAULT_MAX_UPLOAD_BYTES;
    const form = await readDataForm(c, limit);
    await stageFiles(ctx, task.id, form.files, limit);
    return c.body(null, 200);
  }
  try {
    return await finishUpload(c, ctx, task, user);
  } catch (error) {
    // A refused upload keeps nothing: the staged files go too.
    await clearStaged(ctx, task.id).catch(() => {});
    throw error;
  }
}

function dataOf(task: TaskRecord): TaskDataRecord {
  if (!task.data) throw new HttpError(404, { detail: "The task has no data." });
  return task.data;
}

async function getTaskMeta(c: Ctx, ctx: ServerContext): Promise<Response> {
  const { task } = await taskFor(ctx, requireUser(c), pathId(c.req.param("id")));
  return c.json(taskMeta(task, dataOf(task)));
}

async function saveDeleted(ctx: ServerContext, task: TaskRecord, deleted: number[]) {
  const fresh = await ctx.store.tasks.get(task.id) ?? task;
  const data = dataOf(fresh);
  const updated: TaskRecord = {
    ...fresh,
    data: { ...data, deletedFrames: deleted },
    updatedDate: now(),
  };
  await ctx.store.tasks.update(updated);
  return updated;
}

async function patchTaskMeta(c: Ctx, ctx: ServerContext): Promise<Response> {
  const { task } = await taskFor(ctx, requireUser(c), pathId(c.req.param("id")));
  const data = dataOf(task);
  const deleted = readDeletedFrames(await readObject(c), 0, data.size - 1);
  const updated = deleted === undefined ? task : await saveDeleted(ctx, task, deleted);
  return c.json(taskMeta(updated, dataOf(updated)));
}

async function getJobMeta(c: Ctx, ctx: ServerContext): Promise<Response> {
  const { job, task } = await jobFor(ctx, requireUser(c), pathId(c.req.param("id")));
  return c.json(jobMeta(job, dataOf(task)));
}

async function patchJobMeta(c: Ctx, ctx: ServerContext): Promise<Response> {
  const { job, task } = await jobFor(ctx, requireUser(c), pathId(c.req.param("id")));
  const data = dataOf(task);
  const frames = readDeletedFrames(await readObject(c), job.startFrame, job.stopFrame);
  if (frames === undefined) return c.json(jobMeta(job, data));
  const deleted = replaceDeleted(data.deletedFrames, job.startFrame, job.stopFrame, frames);
  const updated = await saveDeleted(ctx, task, deleted);
  return c.json(jobMeta(job, dataOf(updated)));
}

/**
 * Registers the task data routes; call it before `registerTaskRoutes` in `createApp`.
 *
 * @example
 * ```ts
 * // registerTaskDataRoutes(app, ctx);
 * // POST /api/tasks/5/data (multipart: image_quality, client_files[0], ...) → 202 {"rq_id": ...}
 * // GET /api/jobs/7/data/meta → {"chunk_size": 36, "size": 2, "frames": [...], ...}
 * ```
 */
export function registerTaskDataRoutes(app: Hono<Env>, ctx: ServerContext): void {
  app.post(`${TASK}/data`, (c) => uploadData(c, ctx));
  app.post(`${TASK}/data/`, (c) => uploadData(c, ctx));
  app.get(`${TASK}/data/meta`, (c) => getTaskMeta(c, ctx));
  app.patch(`${TASK}/data/meta`, (c) => patchTaskMeta(c, ctx));
  app.get(`${JOB}/data/meta`, (c) => getJobMeta(c, ctx));
  app.patch(`${JOB}/data/meta`, (c) => patchJobMeta(c, ctx));
  allowMethods(app, `${TASK}/data/meta`, ["GET", "PATCH"]);
  allowMethods(app, `${JOB}/data/meta`, ["GET", "PATCH"]);
}
