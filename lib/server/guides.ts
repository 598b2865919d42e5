/**
 * Annotation guides (`/api/guides`): one markdown document per task or project, shown by the
 * web UI next to the task and in the annotation view. Creating one sets the target's
 * `guide_id`, deleting it clears it. Guide assets (`/api/assets`, images pasted into the
 * editor) are not supported: creating one answers 403.
 *
 * @module
 */

import type { Hono } from "./deps.ts";
import { type Ctx, type Env, now, type ServerContext } from "./context.ts";
import { pathId, requireUser } from "./access.ts";
import { badRequest, forbidden, notFound } from "./errors.ts";
import { readObject } from "./body.ts";
import { Fields } from "./body_fields.ts";
import {
  canChangeGuide,
  guideFor,
  guideJson,
  guideKey,
  type GuideRecord,
  type GuideTarget,
  loadGuide,
  saveGuide,
  targetRecord,
} from "./guides_view.ts";
import type { UserRecord } from "../store/types.ts";

/** The largest guide accepted: 1 MiB of text (in characters and in UTF-8 bytes). */
export const MAX_MARKDOWN = 1024 * 1024;

/** Reads `markdown` (any string up to 1 MiB, blank allowed). */
function readMarkdown(fields: Fields): string | undefined {
  const markdown = fields.text("markdown", { max: MAX_MARKDOWN, allowBlank: true });
  if (typeof markdown === "string" && new TextEncoder().encode(markdown).length > MAX_MARKDOWN) {
    fields.fail("markdown", `Ensure this field has no more than ${MAX_MARKDOWN} bytes (UTF-8).`);
    return undefined;
  }
  return markdown ?? undefined;
}

/** The task or project a new guide names: exactly one, and it must exist (else 400). */
async function newTarget(
  ctx: ServerContext,
  taskId: number | null,
  projectId: number | null,
): Promise<GuideTarget> {
  if (taskId === null && projectId === null) {
    throw badRequest(["One of project_id or task_id must be specified"]);
  }
  if (taskId !== null && projectId !== null) {
    throw badRequest(["Both project_id and task_id must not be specified"]);
  }
  if (projectId !== null) {
    const project = await ctx.store.projects.get(projectId);
    if (!project) throw badRequest(["Project matching query does not exist."]);
    return { kind: "project", project };
  }
  const task = await ctx.store.tasks.get(taskId!);
  if (!task) throw badRequest(["Task matching query does not exist."]);
  const project = task.projectId === null ? null : await ctx.store.projects.get(task.projectId);
  return { kind: "task", task, project };
}

/** A task or project has at most one guide (a stale `guideId` without a blob does not count). */
async function refuseSecond(ctx: ServerContext, target: GuideTarget): Promise<void> {
  const current = targetRecord(target).guideId;
  if (current === null || !(await loadGuide(ctx, current))) return;
  throw badRequest({
    [`${target.kind}_id`]: [`annotation guide with this ${target.kind} already exists.`],
  });
}

/**
 * Re-reads the target and stores it with a new `updatedDate` (CVAT saves the target on every
 * guide change) and, unless `guideId` is undefined, that guide id. Clearing (`null`) only
 * clears the id of `previous`.
 */
async function touchTarget(
  ctx: ServerContext,
  target: GuideTarget,
  guideId: number | null | undefined,
  previous?: number,
): Promise<void> {
  const pick = (current: number | null) =>
    guideId === undefined || (guideId === null && current !== previous) ? current : guideId;
  const updatedDate = now();
  if (target.kind === "task") {
    const task = await ctx.store.tasks.get(target.task.id);
    if (task) await ctx.store.tasks.update({ ...task, guideId: pick(task.guideId), updatedDate });
    return;
  }
  const project = await ctx.store.projects.get(target.project.id);
  if (project) {
    await ctx.store.projects.update({ ...project, guideId: pick(project.guideId), updatedDate });
  }
}

async function createGuide(c: Ctx, ctx: ServerContext, user: UserRecord): Promise<Response> {
  const fields = new Fields(await readObject(c));
  const taskId = fields.int("task_id", { nullable: true });
  const projectId = fields.int("project_id", { nullable: true });
  const markdown = readMarkdown(fields);
  fields.check();
  const target = await newTarget(ctx, taskId ?? null, projectId ?? null);
  if (!canChangeGuide(user, target)) throw forbidden();
  await refuseSecond(ctx, target);
  const date = now();
  const guide: GuideRecord = {
    id: await ctx.store.nextId("guide"),
    taskId: target.kind === "task" ? target.task.id : null,
    projectId: target.kind === "project" ? target.project.id : null,
    markdown: markdown ?? "",
    createdDate: date,
    updatedDate: date,
  };
  await saveGuide(ctx, guide);
  await touchTarget(ctx, target, guide.id);
  return c.json(guideJson(guide), 201);
}

async function patchGuide(c: Ctx, ctx: ServerContext, user: UserRecord): Promise<Response> {
  const { guide, target } = await guideFor(ctx, user, pathId(c.req.param("id")));
  if (!canChangeGuide(user, target)) throw forbidden();
  const fields = new Fields(await readObject(c));
  const markdown = readMarkdown(fields);
  fields.check();
  const updated = { ...guide, markdown: markdown ?? guide.markdown, updatedDate: now() };
  await saveGuide(ctx, updated);
  await touchTarget(ctx, target, undefined);
  return c.json(guideJson(updated));
}

async function deleteGuide(c: Ctx, ctx: ServerContext, user: UserRecord): Promise<Response> {
  const { guide, target } = await guideFor(ctx, user, pathId(c.req.param("id")));
  if (!canChangeGuide(user, target)) throw forbidden();
  await ctx.store.blobs.delete(guideKey(guide.id));
  await touchTarget(ctx, target, null, guide.id);
  return c.body(null, 204);
}

const NO_ASSETS = "Guide assets (images and files) are not supported by this server.";

/** `/api/assets`: creating is refused (403), nothing can be read or deleted (404). */
function registerAssetRoutes(app: Hono<Env>): void {
  app.post("/api/assets", (c) => {
    requireUser(c);
    throw forbidden(NO_ASSETS);
  });
  const missing = (c: Ctx): Response => {
    requireUser(c);
    throw notFound();
  };
  app.get("/api/assets/:id", missing);
  app.delete("/api/assets/:id", missing);
}

/**
 * Registers `POST /api/guides`, `GET|PATCH|DELETE /api/guides/{id}` and `/api/assets`.
 *
 * @example
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import { createApp } from "./app.ts";
 * const app = createApp();
 * strictEqual((await app.request("/api/guides/1")).status, 401);
 * ```
 */
export function registerGuideRoutes(app: Hono<Env>, ctx: ServerContext): void {
  app.post("/api/guides", (c) => createGuide(c, ctx, requireUser(c)));
  app.get("/api/guides/:id", async (c) => {
    const { guide } = await guideFor(ctx, requireUser(c), pathId(c.req.param("id")));
    return c.json(guideJson(guide));
  });
  app.patch("/api/guides/:id", (c) => patchGuide(c, ctx, requireUser(c)));
  app.delete("/api/guides/:id", (c) => deleteGuide(c, ctx, requireUser(c)));
  registerAssetRoutes(app);
}
