/**
 * Issues (`/api/issues`) and, through `issues_comments.ts`, comments (`/api/comments`): CVAT's
 * review notes on job frames (notes §2.11). Creating an issue also creates its first comment.
 * The UI cannot open a job without the two lists.
 *
 * @module
 */

import type { Hono } from "./deps.ts";
import { type Ctx, type Env, now, type ServerContext } from "./context.ts";
import { isAdmin, pathId, requireUser } from "./access.ts";
import { badRequest, forbidden } from "./errors.ts";
import { listFromTable, pageBody } from "./lists.ts";
import { allowMethods, readObject } from "./body.ts";
import { Fields } from "./body_fields.ts";
import { joinedTable, loaders, queryId } from "./jobs_lists.ts";
import {
  canManage,
  canSeeIssue,
  checkJobParam,
  ISSUE_LIST_SPEC,
  issueFor,
  issueView,
  joinIssue,
  MAX_MESSAGE,
  numbers,
} from "./issues_view.ts";
import { registerCommentRoutes } from "./issues_comments.ts";
import type { UserRecord } from "../store/types.ts";

/** Most numbers in an issue's `position`. */
const MAX_POSITION = 10000;

async function listIssues(c: Ctx, ctx: ServerContext, user: UserRecord) {
  const jobId = queryId(c.req.query("job_id"));
  await checkJobParam(ctx, user, jobId);
  const load = loaders(ctx);
  const table = joinedTable(
    ctx.store.issues,
    (issue) => joinIssue(load, issue),
    jobId === null ? undefined : () => ctx.store.issues.listBy("jobId", jobId),
  );
  const { count, page, query } = await listFromTable(c, table, ISSUE_LIST_SPEC, {
    visible: (item) => canSeeIssue(user, item),
    countAll: isAdmin(user),
  });
  const results = await Promise.all(page.map((item) => issueView(c, ctx, item)));
  return c.json(pageBody(c, count, results, query));
}

async function createIssue(c: Ctx, ctx: ServerContext, user: UserRecord) {
  const fields = new Fields(await readObject(c));
  const frame = fields.int("frame", { required: true, min: 0 });
  const position = numbers(fields, "position", { required: true, maxItems: MAX_POSITION });
  const jobId = fields.int("job", { required: true, min: 0 });
  const assigneeId = fields.int("assignee", { nullable: true, min: 0 });
  const message = fields.text("message", { required: true, max: MAX_MESSAGE });
  const resolved = fields.bool("resolved");
  fields.check();
  const job = await ctx.store.jobs.get(jobId!);
  if (!job) fields.fail("job", `Invalid pk "${jobId}" - object does not exist.`);
  if (typeof assigneeId === "number" && !(await ctx.store.users.get(assigneeId))) {
    fields.fail("assignee", `Invalid pk "${assigneeId}" - object does not exist.`);
  }
  fields.check();
  const date = now();
  const draft = {
    id: 0,
    frame: frame!,
    position: position!,
    jobId: jobId!,
    ownerId: user.id,
    assigneeId: assigneeId ?? null,
    resolved: resolved ?? false,
    createdDate: date,
    updatedDate: date,
  };
  const load = loaders(ctx);
  if (!canSeeIssue(user, await joinIssue(load, draft))) throw forbidden();
  const { id: _id, ...record } = draft;
  const issue = await ctx.store.issues.create(record);
  await ctx.store.comments.create({
    issueId: issue.id,
    ownerId: user.id,
    message: message!,
    createdDate: date,
    updatedDate: date,
  });
  return c.json(await issueView(c, ctx, await joinIssue(load, issue)), 201);
}

async function patchIssue(c: Ctx, ctx: ServerContext, user: UserRecord) {
  const load = loaders(ctx);
  const item = await issueFor(ctx, load, user, pathId(c.req.param("id")));
  const fields = new Fields(await readObject(c));
  const position = numbers(fields, "position", { maxItems: MAX_POSITION });
  const assigneeId = fields.int("assignee", { nullable: true, min: 0 });
  const resolved = fields.bool("resolved");
  fields.check();
  if (typeof assigneeId === "number" && !(await ctx.store.users.get(assigneeId))) {
    throw badRequest({ assignee: [`Invalid pk "${assigneeId}" - object does not exist.`] });
  }
  const issue = { ...item.issue, updatedDate: now() };
  if (position !== undefined) issue.position = position;
  if (assigneeId !== undefined) issue.assigneeId = assigneeId;
  if (resolved !== undefined && resolved !== null) issue.resolved = resolved;
  await ctx.store.issues.update(issue);
  return c.json(await issueView(c, ctx, await joinIssue(loaders(ctx), issue)));
}

async function deleteIssue(c: Ctx, ctx: ServerContext, user: UserRecord) {
  const item = await issueFor(ctx, loaders(ctx), user, pathId(c.req.param("id")));
  if (!canManage(user, item, item.issue.ownerId)) throw forbidden();
  for (const comment of await ctx.store.comments.listBy("issueId", item.id)) {
    await ctx.store.comments.delete(comment.id);
  }
  await ctx.store.issues.delete(item.id);
  return c.body(null, 204);
}

/**
 * Registers `/api/issues`, `/api/issues/{id}`, `/api/comments` and `/api/comments/{id}`.
 *
 * @example
 * ```ts
 * // registerIssueRoutes(app, ctx)
 * ```
 */
export function registerIssueRoutes(app: Hono<Env>, ctx: ServerContext): void {
  app.get("/api/issues", (c) => listIssues(c, ctx, requireUser(c)));
  app.post("/api/issues", (c) => createIssue(c, ctx, requireUser(c)));
  allowMethods(app, "/api/issues", ["GET", "POST"]);
  app.get("/api/issues/:id", async (c) => {
    const item = await issueFor(ctx, loaders(ctx), requireUser(c), pathId(c.req.param("id")));
    return c.json(await issueView(c, ctx, item));
  });
  app.patch("/api/issues/:id", (c) => patchIssue(c, ctx, requireUser(c)));
  app.delete("/api/issues/:id", (c) => deleteIssue(c, ctx, requireUser(c)));
  allowMethods(app, "/api/issues/:id", ["GET", "PATCH", "DELETE"]);
  registerCommentRoutes(app, ctx);
}
