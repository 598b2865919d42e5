/**
 * Annotations over REST (issue 4; notes §2.9, §6): `GET`, `PUT`, `PATCH ?action=create|update|
 * delete` and `DELETE` on `/api/jobs/{id}/annotations` and `/api/tasks/{id}/annotations` (with
 * or without a trailing slash, as CVAT's regex accepts both).
 *
 * - Permissions: whoever sees the job or task may read and write its annotations (task owner
 *   or assignee, project owner or assignee, admin; and for a job, its assignee): in CVAT's
 *   sandbox rules these are the same people.
 * - Bodies are checked by CVAT's rules (`validateLabeledData`); a bad body is a 400 with CVAT's
 *   DRF body and changes nothing. GET answers the normal form (`normalizeLabeledData`).
 * - Ids: `create` and `PUT` give every object fresh ids (ids sent are ignored); `update` keeps
 *   the ids the job holds (and the keyframe and element ids of the stored version) and gives a
 *   fresh id to an object the job does not hold (re-inserting it, as CVAT's delete-then-insert
 *   does, without ever reusing an id); `delete` removes by id (unknown ids ignored) and echoes
 *   the request. Responses list the objects in request order.
 * - Beyond CVAT: `ETag: "<revision>"` (also the body's `version`), `If-Match` (409 when stale),
 *   `Idempotency-Key` (per job or task; a repeat returns the first response, marked
 *   `Idempotent-Replayed: true`; another request under the key is a 422; only successful
 *   writes are recorded), `?interpolate=true` on GET.
 *
 * @module
 */

import type { Hono } from "./deps.ts";
import { type Ctx, type Env, now, type ServerContext } from "./context.ts";
import { badRequest } from "./errors.ts";
import type { LabeledData } from "../core/wire_types.ts";
import type { JobRecord } from "../store/types.ts";
import { jobFor, pathId, requireUser, taskFor } from "./access.ts";
import { allowMethods, readJson } from "./body.ts";
import {
  checkIdempotencyKey,
  etagOf,
  findReplay,
  parseIfMatch,
  recordResponse,
  requestHash,
  toResponse,
  type WriteResponse,
} from "./annotations_headers.ts";
import { type AnnotationTarget, jobTarget } from "./annotations_job.ts";
import { taskTarget } from "./annotations_task.ts";
import { checkBody, patchAction, wantsInterpolation } from "./annotations_wire.ts";

type Resolve = (c: Ctx) => Promise<AnnotationTarget>;

/** Writes under one idempotency key run one at a time (in this process). */
const inFlight = new Map<string, Promise<unknown>>();

async function serialized<T>(key: string, run: () => Promise<T>): Promise<T> {
  while (inFlight.has(key)) await inFlight.get(key)!.catch(() => undefined);
  const promise = run();
  inFlight.set(key, promise);
  try {
    return await promise;
  } finally {
    inFlight.delete(key);
  }
}

function jsonResponse(status: number, body: unknown, revision: number): WriteResponse {
  return { status, body: JSON.stringify(body), headers: { ETag: etagOf(revision) } };
}

type Run = (body: unknown, expect: number | undefined) => Promise<WriteResponse>;

async function write(
  c: Ctx,
  ctx: ServerContext,
  target: AnnotationTarget,
  run: Run,
  hasBody: boolean,
): Promise<Response> {
  const key = checkIdempotencyKey(c.req.header("idempotency-key"));
  const expect = parseIfMatch(c.req.header("if-match"));
  const body = hasBody ? await readJson(c) : undefined;
  if (key === undefined) return toResponse(c, await run(body, expect));
  const text = hasBody ? await c.req.text() : "";
  const hash = await requestHash(c.req.method, c.req.query("action") ?? "", text);
  const scoped = `${target.scope}:${key}`;
  return await serialized(scoped, async () => {
    const replay = await findReplay(ctx.store, scoped, hash);
    if (replay) return toResponse(c, replay, true);
    const response = await run(body, expect);
    await recordResponse(ctx.store, scoped, hash, response);
    return toResponse(c, response);
  });
}

async function getAnnotations(c: Ctx, target: AnnotationTarget): Promise<Response> {
  const interpolate = wantsInterpolation(c);
  const data = await target.read(interpolate);
  c.header("ETag", etagOf(data.version));
  return c.json(data);
}

/**
 * Interpolated output (`?interpolate=true`) is read-only: a write with that parameter, or with
 * track shapes marked `keyframe: false`, is refused.
 */
function readOnlyChecked(c: Ctx, body: unknown): unknown {
  if (c.req.query("interpolate") !== undefined) {
    throw badRequest(["interpolate is read-only: it is not accepted on writes"]);
  }
  const tracks = (body as { tracks?: unknown } | null)?.tracks;
  if (!Array.isArray(tracks)) return body;
  const interpolated = (track: unknown): boolean => {
    const t = track as { shapes?: unknown; elements?: unknown } | null;
    const shapes = Array.isArray(t?.shapes) ? t.shapes : [];
    const elements = Array.isArray(t?.elements) ? t.elements : [];
    return shapes.some((s) => (s as { keyframe?: unknown } | null)?.keyframe === false) ||
      elements.some(interpolated);
  };
  if (tracks.some(interpolated)) {
    throw badRequest([
      "Interpolated track shapes (keyframe: false) are read-only: send keyframes only",
    ]);
  }
  return body;
}

/**
 * A write with data (or any write, with `always`) bumps `updated_date` of the job(s), the
 * task and the project (§2.9).
 *
 * @example
 * ```ts
 * // await touchDates(ctx, "task:5", data);
 * ```
 */
export async function touchDates(
  ctx: ServerContext,
  scope: string,
  data: LabeledData,
  always = false,
): Promise<void> {
  if (!always && !data.tags.length && !data.shapes.length && !data.tracks.length) return;
  const [kind, idText] = scope.split(":");
  const id = Number(idText);
  const date = now();
  const jobs = kind === "job"
    ? [await ctx.store.jobs.get(id)].filter((j): j is JobRecord => j !== null)
    : await ctx.store.jobs.listBy("taskId", id);
  for (const job of jobs) await ctx.store.jobs.update({ ...job, updatedDate: date });
  const task = await ctx.store.tasks.get(kind === "job" ? jobs[0]?.taskId ?? -1 : id);
  if (!task) return;
  await ctx.store.tasks.update({ ...task, updatedDate: date });
  const project = task.projectId === null ? null : await ctx.store.projects.get(task.projectId);
  if (project) await ctx.store.projects.update({ ...project, updatedDate: date });
}

function register(app: Hono<Env>, ctx: ServerContext, path: string, resolve: Resolve): void {
  app.get(path, async (c) => getAnnotations(c, await resolve(c)));
  app.put(path, async (c) => {
    const target = await resolve(c);
    return await write(c, ctx, target, async (body, expect) => {
      const data = checkBody(readOnlyChecked(c, body), await target.labels());
      const saved = await target.put(data, expect);
      await touchDates(ctx, target.scope, data);
      return jsonResponse(200, saved, saved.version);
    }, true);
  });
  app.patch(path, async (c) => {
    const target = await resolve(c);
    const action = patchAction(c);
    return await write(c, ctx, target, async (body, expect) => {
      const data = checkBody(readOnlyChecked(c, body), await target.labels());
      const saved = await target.patch(action, data, expect);
      await touchDates(ctx, target.scope, data);
      return jsonResponse(200, saved, saved.version);
    }, true);
  });
  app.delete(path, async (c) => {
    const target = await resolve(c);
    return await write(c, ctx, target, async (_body, expect) => {
      const revision = await target.clear(expect);
      return { status: 204, body: "", headers: { ETag: etagOf(revision) } };
    }, false);
  });
  allowMethods(app, path, ["GET", "PUT", "PATCH", "DELETE"]);
}

/**
 * Registers the annotation routes of jobs and tasks.
 *
 * @example
 * ```ts
 * // registerAnnotationRoutes(app, ctx)
 * // GET /api/jobs/5/annotations → 200 {version, tags, shapes, tracks}, ETag: "3"
 * ```
 */
export function registerAnnotationRoutes(app: Hono<Env>, ctx: ServerContext): void {
  const job: Resolve = async (c) => {
    const { job, task } = await jobFor(ctx, requireUser(c), pathId(c.req.param("id")));
    return jobTarget(ctx, job, task);
  };
  const task: Resolve = async (c) => {
    const { task } = await taskFor(ctx, requireUser(c), pathId(c.req.param("id")));
    return taskTarget(ctx, task);
  };
  for (const suffix of ["", "/"]) {
    register(app, ctx, `/api/jobs/:id/annotations${suffix}`, job);
    register(app, ctx, `/api/tasks/:id/annotations${suffix}`, task);
  }
}
