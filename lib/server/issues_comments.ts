/**
 * Comments of issues (`/api/comments`, notes §2.11): list (by `issue_id` or `job_id`), create,
 * read, change the message, delete. A comment is visible to whoever sees its issue's job.
 *
 * @module
 */

import type { Hono } from "./deps.ts";
import { type Ctx, type Env, now, type ServerContext } from "./context.ts";
import { isAdmin, pathId, requireUser } from "./access.ts";
import { forbidden, notFound } from "./errors.ts";
import { listFromTable, pageBody } from "./lists.ts";
import { allowMethods, readObject } from "./body.ts";
import { Fields } from "./body_fields.ts";
import { joinedTable, type Loaders, loaders, memo, queryId } from "./jobs_lists.ts";
import {
  canManage,
  canSeeIssue,
  checkJobParam,
  COMMENT_LIST_SPEC,
  type CommentItem,
  commentJson,
  issueFor,
  type IssueItem,
  joinIssue,
  MAX_MESSAGE,
} from "./issues_view.ts";
import type { CommentRecord, UserRecord } from "../store/types.ts";

/** Loaders plus joined issues, remembered for one request. */
interface CommentLoaders extends Loaders {
  issueItem(id: number): Promise<IssueItem | null>;
}

function commentLoaders(ctx: ServerContext): CommentLoaders {
  const load = loaders(ctx);
  const issueItem = memo(async (id: number) => {
    const issue = await ctx.store.issues.get(id);
    return issue ? await joinIssue(load, issue) : null;
  });
  return { ...load, issueItem };
}

async function joinComment(load: CommentLoaders, comment: CommentRecord): Promise<CommentItem> {
  const [parent, owner] = await Promise.all([
    load.issueItem(comment.issueId),
    load.user(comment.ownerId),
  ]);
  return { id: comment.id, comment, parent, owner };
}

/** The comments of one issue or one job, read through the indexes. */
function narrowed(ctx: ServerContext, issueId: number | null, jobId: number | null) {
  if (issueId !== null) return () => ctx.store.comments.listBy("issueId", issueId);
  if (jobId === null) return undefined;
  return async () => {
    const issues = await ctx.store.issues.listBy("jobId", jobId);
    const lists = await Promise.all(
      issues.map((issue) => ctx.store.comments.listBy("issueId", issue.id)),
    );
    return lists.flat();
  };
}

async function listComments(c: Ctx, ctx: ServerContext, user: UserRecord) {
  const jobId = queryId(c.req.query("job_id"));
  const issueId = queryId(c.req.query("issue_id"));
  await checkJobParam(ctx, user, jobId);
  const load = commentLoaders(ctx);
  if (issueId !== null) await issueFor(ctx, load, user, issueId);
  const table = joinedTable(
    ctx.store.comments,
    (comment) => joinComment(load, comment),
    narrowed(ctx, issueId, jobId),
  );
  const { count, page, query } = await listFromTable(c, table, COMMENT_LIST_SPEC, {
    visible: (item) => canSeeIssue(user, item.parent),
    countAll: isAdmin(user),
  });
  const results = page.map((item) => commentJson(c, item.comment, item.owner));
  return c.json(pageBody(c, count, results, query));
}

async function createComment(c: Ctx, ctx: ServerContext, user: UserRecord) {
  const fields = new Fields(await readObject(c));
  const issueId = fields.int("issue", { required: true, min: 0 });
  const message = fields.text("message", { required: true, max: MAX_MESSAGE });
  fields.check();
  const issue = await ctx.store.issues.get(issueId!);
  if (!issue) fields.fail("issue", `Invalid pk "${issueId}" - object does not exist.`);
  fields.check();
  if (!canSeeIssue(user, await joinIssue(loaders(ctx), issue!))) throw forbidden();
  const date = now();
  const comment = await ctx.store.comments.create({
    issueId: issueId!,
    ownerId: user.id,
    message: message!,
    createdDate: date,
    updatedDate: date,
  });
  return c.json(commentJson(c, comment, user), 201);
}

/** A comment that exists (404) on an issue the user sees (403), with its issue joined. */
async function commentFor(ctx: ServerContext, user: UserRecord, id: number) {
  const load = commentLoaders(ctx);
  const comment = await ctx.store.comments.get(id);
  if (!comment) throw notFound();
  const item = await joinComment(load, comment);
  if (!item.parent?.job) throw notFound();
  if (!canSeeIssue(user, item.parent)) throw forbidden();
  return { ...item, parent: item.parent };
}

async function patchComment(c: Ctx, ctx: ServerContext, user: UserRecord) {
  const item = await commentFor(ctx, user, pathId(c.req.param("id")));
  if (!canManage(user, item.parent, item.comment.ownerId)) throw forbidden();
  const fields = new Fields(await readObject(c));
  const message = fields.text("message", { max: MAX_MESSAGE });
  fields.check();
  const comment = { ...item.comment, updatedDate: now() };
  if (typeof message === "string") comment.message = message;
  await ctx.store.comments.update(comment);
  return c.json(commentJson(c, comment, item.owner));
}

async function deleteComment(c: Ctx, ctx: ServerContext, user: UserRecord) {
  const item = await commentFor(ctx, user, pathId(c.req.param("id")));
  if (!canManage(user, item.parent, item.comment.ownerId)) throw forbidden();
  await ctx.store.comments.delete(item.id);
  return c.body(null, 204);
}

/**
 * Registers `/api/comments` and `/api/comments/{id}`.
 *
 * @example
 * ```ts
 * // registerCommentRoutes(app, ctx) — called by registerIssueRoutes
 * ```
 */
export function registerCommentRoutes(app: Hono<Env>, ctx: ServerContext): void {
  app.get("/api/comments", (c) => listComments(c, ctx, requireUser(c)));
  app.post("/api/comments", (c) => createComment(c, ctx, requireUser(c)));
  allowMethods(app, "/api/comments", ["GET", "POST"]);
  app.get("/api/comments/:id", async (c) => {
    const user = requireUser(c);
    const item = await commentFor(ctx, user, pathId(c.req.param("id")));
    return c.json(commentJson(c, item.comment, item.owner));
  });
  app.patch("/api/comments/:id", (c) => patchComment(c, ctx, requireUser(c)));
  app.delete("/api/comments/:id", (c) => deleteComment(c, ctx, requireUser(c)));
  allowMethods(app, "/api/comments/:id", ["GET", "PATCH", "DELETE"]);
}
