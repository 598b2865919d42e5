/**
 * Issues and comments: their JSON (`IssueRead`, `CommentRead`), list fields (notes §3), the
 * joins their lists need, and who may see and change them. An issue or a comment is visible to
 * whoever sees its job.
 *
 * @module
 */

import { absoluteUrl, type Ctx, type ServerContext } from "./context.ts";
import { canSeeJob, canSeeTask, isAdmin, jobFor } from "./access.ts";
import { forbidden, notFound } from "./errors.ts";
import { basicUser } from "./users_view.ts";
import type { ListSpec } from "./lists.ts";
import type { FieldOptions, Fields } from "./body_fields.ts";
import { typeName } from "./body.ts";
import type { Loaders } from "./jobs_lists.ts";
import type {
  CommentRecord,
  IssueRecord,
  JobRecord,
  ProjectRecord,
  Row,
  TaskRecord,
  UserRecord,
} from "../store/types.ts";

/** Longest accepted issue or comment message (CVAT has no limit; this keeps values small). */
export const MAX_MESSAGE = 4096;

/**
 * A non-empty list of finite numbers (an issue's `position`), at most `maxItems` long, with
 * DRF's messages (`{"position": {"1": ["A valid number is required."]}}` for a bad item).
 *
 * @example
 * ```ts
 * import { deepStrictEqual } from "node:assert/strict";
 * import { Fields } from "./body_fields.ts";
 * import { numbers } from "./issues_view.ts";
 * const fields = new Fields({ position: [1, "x"] });
 * numbers(fields, "position", { maxItems: 10 });
 * deepStrictEqual(fields.errors, { position: { 1: ["A valid number is required."] } });
 * ```
 */
export function numbers(
  fields: Fields,
  name: string,
  options: FieldOptions & { maxItems: number },
): number[] | undefined {
  if (!fields.has(name)) {
    return options.required ? fields.fail(name, "This field is required.") : undefined;
  }
  const list = fields.body[name];
  if (list === null) return fields.fail(name, "This field may not be null.");
  if (!Array.isArray(list)) {
    return fields.fail(name, `Expected a list of items but got type "${typeName(list)}".`);
  }
  if (list.length === 0) return fields.fail(name, "This list may not be empty.");
  if (list.length > options.maxItems) {
    return fields.fail(name, `Ensure this field has no more than ${options.maxItems} elements.`);
  }
  const bad: Record<string, string[]> = {};
  const values = list.map((item, index) => {
    const value = typeof item === "string" && item.trim() !== "" ? Number(item) : item;
    if (typeof value !== "number" || !Number.isFinite(value)) {
      bad[index] = ["A valid number is required."];
    }
    return value as number;
  });
  return Object.keys(bad).length > 0 ? fields.fail(name, bad) : values;
}

/** An issue with its job, task, project and users. */
export interface IssueItem extends Row {
  issue: IssueRecord;
  job: JobRecord | null;
  task: TaskRecord | null;
  project: ProjectRecord | null;
  owner: UserRecord | null;
  assignee: UserRecord | null;
}

/** A comment with its issue's item and its owner. */
export interface CommentItem extends Row {
  comment: CommentRecord;
  parent: IssueItem | null;
  owner: UserRecord | null;
}

/**
 * Joins an issue with what its fields and permissions need.
 *
 * @example
 * ```ts
 * // const item = await joinIssue(loaders(ctx), issue);
 * ```
 */
export async function joinIssue(load: Loaders, issue: IssueRecord): Promise<IssueItem> {
  const [job, owner, assignee] = await Promise.all([
    load.job(issue.jobId),
    load.user(issue.ownerId),
    load.user(issue.assigneeId),
  ]);
  const task = job ? await load.task(job.taskId) : null;
  const project = task ? await load.project(task.projectId) : null;
  return { id: issue.id, issue, job, task, project, owner, assignee };
}

/** Whether the user sees the issue (through its job). */
export function canSeeIssue(user: UserRecord, item: IssueItem | null): boolean {
  if (!item || !item.job || !item.task) return false;
  return isAdmin(user) || canSeeJob(user, item.job, item.task, item.project);
}

/**
 * Whether the user may delete an issue (its owner, the task's or project's staff, an admin) or
 * change or delete a comment (its owner, the task's or project's staff, an admin).
 *
 * @example
 * ```ts
 * // if (!canManage(user, item, issue.ownerId)) throw forbidden();
 * ```
 */
export function canManage(user: UserRecord, item: IssueItem, ownerId: number | null): boolean {
  if (ownerId === user.id || isAdmin(user)) return true;
  return item.task !== null && canSeeTask(user, item.task, item.project);
}

/** The issues list's fields. */
export const ISSUE_LIST_SPEC: ListSpec<IssueItem> = {
  search: {
    owner: (i) => i.owner?.username,
    assignee: (i) => i.assignee?.username,
  },
  fields: {
    owner: (i) => i.owner?.username ?? null,
    assignee: (i) => i.assignee?.username ?? null,
    id: (i) => i.id,
    job_id: (i) => i.issue.jobId,
    task_id: (i) => i.job?.taskId ?? null,
    resolved: (i) => i.issue.resolved,
    frame_id: (i) => i.issue.frame,
  },
  simple: {
    owner: { get: (i) => i.owner?.username ?? null, type: "string" },
    assignee: { get: (i) => i.assignee?.username ?? null, type: "string" },
    job_id: { get: (i) => i.issue.jobId, type: "int" },
    task_id: { get: (i) => i.job?.taskId ?? null, type: "int" },
    resolved: { get: (i) => i.issue.resolved, type: "bool" },
    frame_id: { get: (i) => i.issue.frame, type: "int" },
  },
};

/** The comments list's fields. */
export const COMMENT_LIST_SPEC: ListSpec<CommentItem> = {
  search: { owner: (i) => i.owner?.username },
  fields: {
    owner: (i) => i.owner?.username ?? null,
    id: (i) => i.id,
    issue_id: (i) => i.comment.issueId,
    frame_id: (i) => i.parent?.issue.frame ?? null,
    job_id: (i) => i.parent?.issue.jobId ?? null,
  },
  simple: {
    owner: { get: (i) => i.owner?.username ?? null, type: "string" },
    issue_id: { get: (i) => i.comment.issueId, type: "int" },
    frame_id: { get: (i) => i.parent?.issue.frame ?? null, type: "int" },
    job_id: { get: (i) => i.parent?.issue.jobId ?? null, type: "int" },
  },
};

/**
 * An issue as CVAT's `IssueRead`.
 *
 * @example
 * ```ts
 * // issueJson(c, item, 3) → { id, frame, position, job, owner, assignee, ..., comments: { count: 3, url } }
 * ```
 */
export function issueJson(c: Ctx, item: IssueItem, commentCount: number): Record<string, unknown> {
  const { issue } = item;
  return {
    id: issue.id,
    frame: issue.frame,
    position: issue.position,
    job: issue.jobId,
    owner: basicUser(c, item.owner),
    assignee: basicUser(c, item.assignee),
    created_date: issue.createdDate,
    updated_date: issue.updatedDate,
    resolved: issue.resolved,
    comments: {
      count: commentCount,
      url: absoluteUrl(c, `/api/comments?issue_id=${issue.id}`),
    },
  };
}

/**
 * A comment as CVAT's `CommentRead`.
 *
 * @example
 * ```ts
 * // commentJson(c, comment, owner) → { id, issue, owner, message, created_date, updated_date }
 * ```
 */
export function commentJson(
  c: Ctx,
  comment: CommentRecord,
  owner: UserRecord | null,
): Record<string, unknown> {
  return {
    id: comment.id,
    issue: comment.issueId,
    owner: basicUser(c, owner),
    message: comment.message,
    created_date: comment.createdDate,
    updated_date: comment.updatedDate,
  };
}

/**
 * An issue's JSON with its comment count, read from the store.
 *
 * @example
 * ```ts
 * // c.json(await issueView(c, ctx, item))
 * ```
 */
export async function issueView(
  c: Ctx,
  ctx: ServerContext,
  item: IssueItem,
): Promise<Record<string, unknown>> {
  const comments = await ctx.store.comments.listBy("issueId", item.id);
  return issueJson(c, item, comments.length);
}

/**
 * An issue that exists (else 404) and that the user sees (else 403), joined.
 *
 * @example
 * ```ts
 * // const item = await issueFor(ctx, load, user, 7);
 * ```
 */
export async function issueFor(
  ctx: ServerContext,
  load: Loaders,
  user: UserRecord,
  id: number,
): Promise<IssueItem> {
  const issue = await ctx.store.issues.get(id);
  if (!issue) throw notFound();
  const item = await joinIssue(load, issue);
  if (!item.job || !item.task) throw notFound();
  if (!canSeeIssue(user, item)) throw forbidden();
  return item;
}

/**
 * The `?job_id=` parent check of the issues and comments lists: 404 if the job does not exist,
 * 403 if the user may not see it. Absent or non-numeric values pass (the list filter answers).
 *
 * @example
 * ```ts
 * // const jobId = await checkJobParam(ctx, user, c.req.query("job_id"));
 * ```
 */
export async function checkJobParam(
  ctx: ServerContext,
  user: UserRecord,
  jobId: number | null,
): Promise<void> {
  if (jobId !== null) await jobFor(ctx, user, jobId);
}
