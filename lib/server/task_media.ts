/**
 * Media serving (notes §2.8, §9): `GET /api/{tasks|jobs}/{id}/data?type=chunk|frame|preview|
 * context_image&number=&quality=`, and the previews of tasks, jobs and projects. Chunks are
 * numbered over the task's frames (a job serves the whole task chunks touching its range); they
 * and compressed frames are built on first request and cached in the blob store. Session cookies
 * suffice (the UI fetches chunks from a Web Worker).
 *
 * @module
 */

import type { Hono } from "./deps.ts";
import type { Ctx, Env, ServerContext } from "./context.ts";
import { jobFor, pathId, projectFor, requireUser, taskFor } from "./access.ts";
import { badRequest, notFound } from "./errors.ts";
import { allowMethods } from "./body.ts";
import { type MediaQuery, readMediaQuery } from "./task_media_params.ts";
import { chunkBytes, frameBytes, type MediaSource, previewBytes } from "./task_media_build.ts";
import { mediaEtag, notModified, sendMedia } from "./task_media_send.ts";
import type { TaskRecord } from "../store/types.ts";

const TASK = "/api/tasks/:id{[0-9]+}";
const JOB = "/api/jobs/:id{[0-9]+}";

/** The task's media source, or null when it has no data yet. */
function sourceOf(ctx: ServerContext, task: TaskRecord): MediaSource | null {
  if (!task.data || task.data.size === 0) return null;
  return { ctx, taskId: task.id, data: task.data };
}

/** The inclusive task-relative frame range a request may reach. */
interface Range {
  start: number;
  stop: number;
  /** The 400 message for a frame outside the range. */
  frameError: string;
}

function checkChunk(src: MediaSource, range: Range, n: number): void {
  const first = Math.floor(range.start / src.data.chunkSize);
  const last = Math.floor(range.stop / src.data.chunkSize);
  if (n < first || n > last) {
    throw badRequest(`The chunk number should be in the [${first}, ${last}] range`);
  }
}

async function serveChunk(c: Ctx, src: MediaSource, range: Range, query: MediaQuery) {
  const n = query.number ?? 0;
  checkChunk(src, range, n);
  const etag = mediaEtag(src.data.id, "chunk", n, query.quality);
  const unchanged = notModified(c, etag);
  if (unchanged) return unchanged;
  return sendMedia(c, await chunkBytes(src, n, query.quality), "application/zip", etag);
}

async function serveFrame(c: Ctx, src: MediaSource, range: Range, query: MediaQuery) {
  const n = query.number ?? 0;
  if (n < range.start || n > range.stop) throw badRequest(range.frameError);
  const etag = mediaEtag(src.data.id, "frame", n, query.quality);
  const unchanged = notModified(c, etag);
  if (unchanged) return unchanged;
  const { bytes, mime } = await frameBytes(src, n, query.quality);
  return sendMedia(c, bytes, mime, etag);
}

async function servePreview(c: Ctx, src: MediaSource, frame: number): Promise<Response> {
  const etag = mediaEtag(src.data.id, "preview", frame);
  const unchanged = notModified(c, etag);
  if (unchanged) return unchanged;
  return sendMedia(c, await previewBytes(src, frame), "image/jpeg", etag);
}

async function serveData(c: Ctx, src: MediaSource | null, range: (s: MediaSource) => Range) {
  const query = readMediaQuery((name) => c.req.query(name));
  if (!src) throw notFound("The task has no data.");
  const allowed = range(src);
  switch (query.type) {
    case "chunk":
      return await serveChunk(c, src, allowed, query);
    case "frame":
      return await serveFrame(c, src, allowed, query);
    case "preview":
      return await servePreview(c, src, allowed.start);
    default:
      throw notFound("No context images related to the frame");
  }
}

async function taskData(c: Ctx, ctx: ServerContext): Promise<Response> {
  const { task } = await taskFor(ctx, requireUser(c), pathId(c.req.param("id")));
  return await serveData(c, sourceOf(ctx, task), (src) => ({
    start: 0,
    stop: src.data.size - 1,
    frameError: `The frame number should be in the [0, ${src.data.size - 1}] range`,
  }));
}

async function jobData(c: Ctx, ctx: ServerContext): Promise<Response> {
  const { job, task } = await jobFor(ctx, requireUser(c), pathId(c.req.param("id")));
  return await serveData(c, sourceOf(ctx, task), () => ({
    start: job.startFrame,
    stop: job.stopFrame,
    frameError: "The frame number doesn't belong to the job",
  }));
}

async function taskPreview(c: Ctx, ctx: ServerContext): Promise<Response> {
  const { task } = await taskFor(ctx, requireUser(c), pathId(c.req.param("id")));
  const src = sourceOf(ctx, task);
  if (!src) throw notFound("Task image preview not found");
  return await servePreview(c, src, 0);
}

async function jobPreview(c: Ctx, ctx: ServerContext): Promise<Response> {
  const { job, task } = await jobFor(ctx, requireUser(c), pathId(c.req.param("id")));
  const src = sourceOf(ctx, task);
  if (!src) throw notFound("Job image preview not found");
  return await servePreview(c, src, job.startFrame);
}

/**
 * `GET /api/projects/{id}/preview`: the preview of the project's newest task with data, or 404.
 *
 * @example
 * ```ts
 * // app.get("/api/projects/:id{[0-9]+}/preview", (c) => projectPreview(c, ctx));
 * ```
 */
export async function projectPreview(c: Ctx, ctx: ServerContext): Promise<Response> {
  const project = await projectFor(ctx, requireUser(c), pathId(c.req.param("id")));
  const tasks = await ctx.store.tasks.listBy("projectId", project.id);
  const newest = tasks.filter((task) => sourceOf(ctx, task)).sort((a, b) => b.id - a.id)[0];
  const src = newest ? sourceOf(ctx, newest) : null;
  if (!src) throw notFound("Project image preview not found");
  return await servePreview(c, src, 0);
}

/**
 * Registers the media routes; call it after `registerTaskDataRoutes` and before
 * `registerTaskRoutes` (its task preview route replaces the tasks module's placeholder).
 *
 * @example
 * ```ts
 * // registerTaskMediaRoutes(app, ctx);
 * // GET /api/jobs/3/data?type=chunk&quality=compressed&number=0 → application/zip
 * // GET /api/tasks/1/preview → image/jpeg
 * ```
 */
export function registerTaskMediaRoutes(app: Hono<Env>, ctx: ServerContext): void {
  app.get(`${TASK}/data`, (c) => taskData(c, ctx));
  app.get(`${JOB}/data`, (c) => jobData(c, ctx));
  allowMethods(app, `${JOB}/data`, ["GET"]);
  app.get(`${TASK}/preview`, (c) => taskPreview(c, ctx));
  app.get(`${JOB}/preview`, (c) => jobPreview(c, ctx));
  allowMethods(app, `${JOB}/preview`, ["GET"]);
}
