/**
 * Background requests (CVAT 2.16+ `/api/requests`): the caller's own requests from
 * `store.requests`, newest first, with CVAT's filters and sorting; one request's status; and
 * `cancel`, which this server does not support yet (400).
 *
 * @module
 */

import type { Hono } from "./deps.ts";
import type { Ctx, Env, ServerContext } from "./context.ts";
import { isAdmin, requireUser } from "./access.ts";
import { badRequest, notFound } from "./errors.ts";
import { applyList, type ListSpec, pageBody, parseListQuery } from "./lists.ts";
import { type RequestJson, requestJson } from "./requests_view.ts";
import type { RequestRecord, UserRecord } from "../store/types.ts";

/** A request the user may see (their own; admins see all), else 404. */
async function visibleRequest(
  ctx: ServerContext,
  user: UserRecord,
  id: string,
): Promise<RequestRecord> {
  const record = await ctx.store.requests.get(id);
  if (!record || (record.userId !== user.id && !isAdmin(user))) throw notFound();
  return record;
}

const action = (r: RequestJson) => r.operation.type.split(":")[0];
const subresource = (r: RequestJson) => r.operation.type.split(":")[1] ?? null;

/** CVAT's filters (`?status=`, `filter=`) and sort fields of requests; newest first by default. */
const REQUEST_LIST: ListSpec<RequestJson> = {
  search: {},
  fields: {
    id: (r) => r.id,
    created_date: (r) => r.created_date,
    status: (r) => r.status,
    action,
    target: (r) => r.operation.target,
    subresource,
    format: (r) => r.operation.format,
    project_id: (r) => r.operation.project_id,
    task_id: (r) => r.operation.task_id,
    job_id: (r) => r.operation.job_id,
  },
  simple: {
    status: {
      get: (r) => r.status,
      type: "choice",
      choices: ["queued", "started", "failed", "finished"],
    },
    target: { get: (r) => r.operation.target, type: "choice", choices: ["project", "task", "job"] },
    action: {
      get: action,
      type: "choice",
      choices: ["autoannotate", "create", "import", "export"],
    },
    subresource: {
      get: subresource,
      type: "choice",
      choices: ["annotations", "dataset", "backup"],
    },
    format: { get: (r) => r.operation.format, type: "string" },
    project_id: { get: (r) => r.operation.project_id, type: "int" },
    task_id: { get: (r) => r.operation.task_id, type: "int" },
    job_id: { get: (r) => r.operation.job_id, type: "int" },
  },
  defaultSort: "-created_date",
};

async function listRequests(c: Ctx, ctx: ServerContext): Promise<Response> {
  const user = requireUser(c);
  const query = parseListQuery(c, REQUEST_LIST);
  const items: RequestJson[] = [];
  for await (const [, record] of ctx.store.requests.list()) {
    if (record.userId === user.id) items.push(requestJson(c, record, user));
  }
  const { count, page } = applyList(items, query, REQUEST_LIST);
  return c.json(pageBody(c, count, page, query));
}

async function requestDetail(c: Ctx, ctx: ServerContext): Promise<Response> {
  const user = requireUser(c);
  const record = await visibleRequest(ctx, user, c.req.param("id") ?? "");
  const owner = record.userId === user.id
    ? user
    : record.userId === null
    ? null
    : await ctx.store.users.get(record.userId);
  return c.json(requestJson(c, record, owner));
}

async function cancelRequest(c: Ctx, ctx: ServerContext): Promise<Response> {
  const user = requireUser(c);
  const record = await visibleRequest(ctx, user, c.req.param("id") ?? "");
  if (record.status !== "queued") {
    throw badRequest(["Only requests that have not started yet can be cancelled."]);
  }
  throw badRequest(["Cancelling requests is not supported by this server yet."]);
}

/**
 * Registers `GET /api/requests`, `GET /api/requests/{id}` and `POST /api/requests/{id}/cancel`.
 *
 * @example
 * ```ts
 * // registerRequestRoutes(app, ctx)
 * // GET /api/requests → {"count": 1, "next": null, "previous": null, "results": [{"id": ..., "status": "finished", ...}]}
 * ```
 */
export function registerRequestRoutes(app: Hono<Env>, ctx: ServerContext): void {
  app.get("/api/requests", (c) => listRequests(c, ctx));
  app.get("/api/requests/:id", (c) => requestDetail(c, ctx));
  app.post("/api/requests/:id/cancel", (c) => cancelRequest(c, ctx));
}
