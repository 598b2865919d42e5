/**
 * Analytics ("performance") reports (`/api/analytics/reports`). This server computes none, so
 * every job, task or project has CVAT's empty report (`analytics_report.ts`); requesting a
 * calculation answers 202 with a request id whose status check reads as finished at once.
 * As in CVAT, the object named must exist (else 400) and be visible to the caller (else 403);
 * requesting a calculation needs the "user" privilege.
 *
 * @module
 */

import type { Hono } from "./deps.ts";
import type { Ctx, Env, ServerContext } from "./context.ts";
import { canCreate, jobFor, projectFor, requireUser, taskFor } from "./access.ts";
import { badRequest, forbidden, HttpError, notFound } from "./errors.ts";
import { readObject } from "./body.ts";
import { emptyReport, type ReportTarget } from "./analytics_report.ts";
import {
  checkReportDates,
  readTargetIds,
  singleTarget,
  type TargetIds,
  TARGETS,
} from "./analytics_params.ts";
import type { UserRecord } from "../store/types.ts";

const MISSING = "The specified resource does not exist. Please check the provided identifiers";
const RQ_PREFIX = "analytics:calculate-report-";
const RQ_ID = /^analytics:calculate-report-(job|task|project)-(\d{1,10})$/;

/** Finds a target the user may see: 404 when missing, 403 when not visible. */
async function lookUp(
  ctx: ServerContext,
  user: UserRecord,
  target: ReportTarget,
  id: number,
): Promise<void> {
  if (target === "job") await jobFor(ctx, user, id);
  else if (target === "task") await taskFor(ctx, user, id);
  else await projectFor(ctx, user, id);
}

/** Every named target must exist (else 400, as CVAT's permission check says) and be visible. */
async function checkTargets(ctx: ServerContext, user: UserRecord, ids: TargetIds): Promise<void> {
  for (const target of TARGETS) {
    const id = ids[target];
    if (id === undefined) continue;
    try {
      await lookUp(ctx, user, target, id);
    } catch (error) {
      if (error instanceof HttpError && error.status === 404) throw badRequest([MISSING]);
      throw error;
    }
  }
}

async function getReport(c: Ctx, ctx: ServerContext): Promise<Response> {
  const user = requireUser(c);
  const ids = readTargetIds(c.req.query());
  await checkTargets(ctx, user, ids);
  checkReportDates(c.req.query("start_date"), c.req.query("end_date"));
  const [target] = singleTarget(ids);
  return c.json(emptyReport(target, new Date()));
}

/** `?rq_id=`: a well-formed id of a visible object reads as finished (201), else 404. */
async function checkRequest(c: Ctx, ctx: ServerContext, user: UserRecord, rqId: string) {
  if (rqId.trim() === "") throw badRequest({ rq_id: ["This field may not be blank."] });
  const match = RQ_ID.exec(rqId);
  if (!match) throw notFound("Unknown request id");
  try {
    await lookUp(ctx, user, match[1] as ReportTarget, Number(match[2]));
  } catch (error) {
    if (error instanceof HttpError && error.status !== 401) throw notFound("Unknown request id");
    throw error;
  }
  return c.json({ rq_id: rqId }, 201);
}

async function createReport(c: Ctx, ctx: ServerContext): Promise<Response> {
  const user = requireUser(c);
  const rqId = c.req.query("rq_id");
  const body = await readObject(c);
  if (rqId !== undefined) {
    if (!canCreate(user)) throw forbidden();
    return await checkRequest(c, ctx, user, rqId);
  }
  const ids = readTargetIds(body);
  await checkTargets(ctx, user, ids);
  if (!canCreate(user)) throw forbidden();
  const [target, id] = singleTarget(ids, (messages) => ({ non_field_errors: messages }));
  return c.json({ rq_id: `${RQ_PREFIX}${target}-${id}` }, 202);
}

/**
 * Registers `GET /api/analytics/reports` (the empty report of `?job_id=`, `?task_id=` or
 * `?project_id=`) and `POST /api/analytics/reports` (request a calculation; `?rq_id=` checks
 * it).
 *
 * @example
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import { createApp } from "./app.ts";
 * const app = createApp();
 * strictEqual((await app.request("/api/analytics/reports?task_id=1")).status, 401);
 * ```
 */
export function registerAnalyticsRoutes(app: Hono<Env>, ctx: ServerContext): void {
  app.get("/api/analytics/reports", (c) => getReport(c, ctx));
  app.post("/api/analytics/reports", (c) => createReport(c, ctx));
}
