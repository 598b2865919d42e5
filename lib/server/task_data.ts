/**
 * Task data routes (issue 5): the one-shot upload `POST /api/tasks/{id}/data` (processed in the
 * background, notes §2.7) and `GET/PATCH /api/{tasks|jobs}/{id}/data/meta` (notes §2.8).
 *
 * Uploads: one-shot multipart, CVAT's Upload-Start / Upload-Multiple / Upload-Finish sequence (JSON
 * or multipart finish), TUS for big files (`POST .../data/` with `Upload-Length`, then `PATCH` /
 * `HEAD` on `.../data/<uuid>`), `server_files` from the share and `remote_files`. Not yet: video.
 *
 * @module
 */

import type { Hono } from "./deps.ts";
import { type Ctx, type Env, now, type ServerContext } from "./context.ts";
import { jobFor, pathId, requireUser, taskFor } from "./access.ts";
import { badRequest, HttpError, methodNotAllowed } from "./errors.ts";
import { allowMethods, readObject } from "./body.ts";
import {
  type DataForm,
  DEFAULT_MAX_UPLOAD_BYTES,
  type MediaSource,
  memorySource,
  readDataForm,
} from "./task_data_form.ts";
import { type DataRequest, readDataRequest } from "./task_data_fields.ts";
import { planData } from "./task_data_plan.ts";
import { isCreating, startTaskCreation } from "./task_data_create.ts";
import {
  clearStaged,
  stagedFiles,
  stageFiles,
  stageNewFile,
  stageUnique,
  tusPrefix,
} from "./task_data_staging.ts";
import { remoteFiles, shareFiles } from "./task_data_sources.ts";
import { TUS_ID, tusChunk, tusCreate, type TusTarget } from "./tus.ts";
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
    server_files: request.serverFiles,
    remote_files: request.remoteFiles,
    use_zip_chunks: request.useZipChunks,
    use_cache: request.useCache,
    copy_data: request.copyData,
    sorting_method: request.sortingMethod,
    upload_file_order: request.uploadFileOrder,
  };
}

type Protocol = "start" | "multiple" | "finish" | "tus";

/** CVAT's upload headers, in its order of precedence (only their presence counts). */
function protocolOf(c: Ctx): Protocol {
  const has = (name: string) => c.req.header(name) !== undefined;
  if (has("Upload-Finish")) return "finish";
  if (has("Upload-Start")) return "start";
  if (has("Upload-Length") || c.req.method === "OPTIONS") return "tus";
  if (has("Upload-Multiple")) return "multiple";
  return "finish";
}

function hasData(ctx: ServerContext, task: TaskRecord): boolean {
  return (task.data?.size ?? 0) !== 0 || isCreating(ctx, task.id);
}

/** Every file of an upload: staged and sent ones, then share files, then remote ones. */
async function gatherFiles(
  ctx: ServerContext,
  taskId: number,
  { form, request, limit }: { form: DataForm; request: DataRequest; limit: number },
): Promise<{ sent: string[]; files: MediaSource[] }> {
  const staged = await stagedFiles(ctx, taskId);
  const sent = [...staged.files, ...form.files.map(memorySource)];
  let room = limit - staged.bytes - form.files.reduce((sum, f) => sum + f.bytes.byteLength, 0);
  if (room < 0) throw new HttpError(413, { detail: "Request body is too large." });
  const shared = await shareFiles(ctx.options.shareDir, {
    files: request.serverFiles,
    exclude: request.serverFilesExclude,
  }, { maxBytes: room });
  room -= shared.bytes;
  const remote = await remoteFiles(request.remoteFiles, { maxBytes: room });
  const files = [...sent, ...shared.files, ...remote.map(memorySource)];
  return { sent: sent.map((f) => f.name), files };
}

async function finishUpload(c: Ctx, ctx: ServerContext, task: TaskRecord, user: UserRecord) {
  const limit = ctx.options.maxUploadBytes ?? DEFAULT_MAX_UPLOAD_BYTES;
  // Files are staged as they arrive: the upload is never held in memory as a whole.
  const form = await readDataForm(c, limit, {
    onFile: (file) => stageNewFile(ctx, task.id, file, limit),
  });
  const request = readDataRequest(form.fields);
  const { sent, files } = await gatherFiles(ctx, task.id, { form, request, limit });
  const plan = await planData(files, request);
  // Re-check: another upload may have started while this body was read.
  const fresh = await ctx.store.tasks.get(task.id);
  if (!fresh) throw new HttpError(404, { detail: "Not found." });
  if (hasData(ctx, fresh)) throw badRequest(["Adding more data is not supported"]);
  // The staged files stay until the creation has stored them (it clears them).
  const { id } = await startTaskCreation(ctx, task.id, user.id, plan);
  return c.json(echo(request, sent, id), 202);
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
  if (protocol === "tus") return await tusCreate(c, ctx, tusTarget(ctx, task.id));
  if (protocol === "multiple") {
    const limit = ctx.options.maxUploadBytes ?? DEFAULT_MAX_UPLOAD_BYTES;
    await readDataForm(c, limit, { onFile: (file) => stageFiles(ctx, task.id, [file], limit) });
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

/** TUS uploads of a task's data land among its staged files. */
function tusTarget(ctx: ServerContext, taskId: number): TusTarget {
  const limit = ctx.options.maxUploadBytes ?? DEFAULT_MAX_UPLOAD_BYTES;
  return {
    prefix: tusPrefix(taskId),
    maxSize: limit,
    complete: (name, bytes) => stageUnique(ctx, taskId, { name, bytes }, limit),
  };
}

async function tusData(c: Ctx, ctx: ServerContext): Promise<Response> {
  const user = requireUser(c);
  const { task } = await taskFor(ctx, user, pathId(c.req.param("id")));
  if (hasData(ctx, task)) throw badRequest(["Adding more data is not supported"]);
  if (c.req.method === "GET") throw methodNotAllowed("GET");
  const target = tusTarget(ctx, task.id);
  return await tusChunk(c, ctx, { target, id: c.req.param("uuid")! });
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
  app.options(`${TASK}/data/`, (c) => uploadData(c, ctx));
  // Hono routes HEAD through GET handlers; tusData answers a real GET with 405.
  app.on(["PATCH", "GET"], `${TASK}/data/:uuid{${TUS_ID}}`, (c) => tusData(c, ctx));
  app.get(`${TASK}/data/meta`, (c) => getTaskMeta(c, ctx));
  app.patch(`${TASK}/data/meta`, (c) => patchTaskMeta(c, ctx));
  app.get(`${JOB}/data/meta`, (c) => getJobMeta(c, ctx));
  app.patch(`${JOB}/data/meta`, (c) => patchJobMeta(c, ctx));
  allowMethods(app, `${TASK}/data/meta`, ["GET", "PATCH"]);
  allowMethods(app, `${JOB}/data/meta`, ["GET", "PATCH"]);
}
