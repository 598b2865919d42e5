/**
 * Task and project backup exports over REST (CVAT's `export:backup` requests), for whoever may
 * see the task or project:
 * - CVAT 2.15: `GET /api/{tasks|projects}/{id}/backup` queues the backup (202), answers 202 while
 *   it runs and 201 when it is ready; `&action=download` sends the zip (200, attachment) and
 *   forgets the request. A session-only GET without `action=download` is refused (401), as
 *   CVAT's CSRF workaround does. A task without data → 400.
 * - CVAT 2.16+: `POST /api/{tasks|projects}/{id}/backup/export` → 202 `{rq_id}` (409 while it
 *   runs), status at `/api/requests/{rq_id}` (`result_url`), file at
 *   `GET .../backup/download?rq_id=`.
 * The zip is written into the store as 1 MiB parts (export_files.ts) and streamed back.
 *
 * @module
 */

import type { Hono } from "./deps.ts";
import type { Ctx, Env, ServerContext } from "./context.ts";
import { pathId, requireUser } from "./access.ts";
import { badRequest, HttpError, notFound, unauthorized } from "./errors.ts";
import { type Subject, subjectFor } from "./export_subject.ts";
import {
  currentExport,
  downloadableExport,
  forgetExport,
  openExport,
  startExport,
} from "./export_requests.ts";
import { backupStream } from "./backup_export.ts";
import { projectBackupStream } from "./backup_project_export.ts";
import { backupFileName } from "./backup_layout.ts";
import type { UserRecord } from "../store/types.ts";

/** What backs up. */
type Kind = "task" | "project";

const PATHS: Record<Kind, string> = {
  task: "/api/tasks/:id{[0-9]+}",
  project: "/api/projects/:id{[0-9]+}",
};

/**
 * The request id of a user's backup of a task or project (one per user and object, as CVAT
 * 2.15's `export:<kind>.id<id>-by-<user>`; shared by both flows).
 *
 * @example
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import { backupExportId } from "./backup_export_routes.ts";
 * strictEqual(backupExportId(5, 2), "export:backup-for-task.id5-by-user.id2");
 * strictEqual(backupExportId(3, 2, "project"), "export:backup-for-project.id3-by-user.id2");
 * ```
 */
export function backupExportId(id: number, userId: number, kind: Kind = "task"): string {
  return `export:backup-for-${kind}.id${id}-by-user.id${userId}`;
}

const downloadPath = (kind: Kind, objectId: number, id: string) =>
  `/api/${kind}s/${objectId}/backup/download?rq_id=${encodeURIComponent(id)}`;

function checkLocation(c: Ctx): void {
  const location = c.req.query("location");
  if (location === undefined || location === "local") return;
  if (location === "cloud_storage") {
    throw badRequest(["Exporting to cloud storage is not supported by this server"]);
  }
  throw badRequest([`Unexpected location ${location} specified for the request`]);
}

/** The task or project (the user may see it; a task without data → 400) and the request id. */
async function backupSubject(c: Ctx, ctx: ServerContext, kind: Kind) {
  const user = requireUser(c);
  const subject = await subjectFor(ctx, user, kind, pathId(c.req.param("id")));
  if (kind === "task" && !subject.task?.data) {
    await c.req.raw.body?.cancel().catch(() => {});
    throw badRequest("Backup of a task without data is not allowed");
  }
  return { user, subject, id: backupExportId(subject.id, user.id, kind) };
}

async function begin(ctx: ServerContext, subject: Subject, id: string, user: UserRecord) {
  const kind = subject.kind as Kind;
  await startExport(
    ctx,
    {
      id,
      subject,
      subresource: "backup",
      format: null,
      userId: user.id,
      resultPath: downloadPath(kind, subject.id, id),
    },
    () =>
      kind === "task"
        ? backupStream(ctx, subject.task!)
        : projectBackupStream(ctx, subject.project!),
  );
}

function disposition(name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]|["\\]/g, "_");
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

async function sendBackup(c: Ctx, ctx: ServerContext, subject: Subject, id: string, drop: boolean) {
  // deno-lint-ignore no-control-regex
  const asked = (c.req.query("filename") ?? "").replace(/[\x00-\x1f\\/]/g, "_");
  const kind = subject.kind as Kind;
  const own = kind === "task" ? subject.task!.name : subject.project!.name;
  const name = asked || backupFileName(own, subject.updated, kind);
  const headers = { "Content-Type": "application/zip", "Content-Disposition": disposition(name) };
  if (c.req.method === "HEAD") return new Response(null, { status: 200, headers });
  const file = await openExport(ctx, subject, id, drop);
  if (!file) throw notFound("The backup file has expired, please retry exporting");
  if (drop) await ctx.store.requests.delete(id);
  const length = { "Content-Length": String(file.size) };
  return new Response(file.stream, { status: 200, headers: { ...headers, ...length } });
}

/** `GET /api/{tasks|projects}/{id}/backup`: the 2.15 flow. */
async function legacyBackup(c: Ctx, ctx: ServerContext, kind: Kind): Promise<Response> {
  const action = (c.req.query("action") ?? "").toLowerCase();
  if (action !== "download" && c.get("authMethod") === "session") throw unauthorized();
  if (action !== "" && action !== "download") {
    throw badRequest(["Unexpected action specified for the request"]);
  }
  const { user, subject, id } = await backupSubject(c, ctx, kind);
  checkLocation(c);
  const record = await currentExport(ctx, subject, id);
  if (action === "download") {
    if (record?.status !== "finished") throw badRequest("Backup has not finished");
    return await sendBackup(c, ctx, subject, id, true);
  }
  if (record?.status === "finished") return c.body(null, 201);
  if (record?.status === "failed") {
    await forgetExport(ctx, subject, id);
    throw new HttpError(500, record.message);
  }
  if (!record) await begin(ctx, subject, id, user);
  return c.body(null, 202);
}

/** `POST /api/{tasks|projects}/{id}/backup/export`: the 2.16+ flow's start. */
async function exportBackup(c: Ctx, ctx: ServerContext, kind: Kind): Promise<Response> {
  const { user, subject, id } = await backupSubject(c, ctx, kind);
  await c.req.raw.body?.cancel().catch(() => {});
  checkLocation(c);
  const record = await currentExport(ctx, subject, id);
  if (record?.status === "queued" || record?.status === "started") {
    throw new HttpError(409, "Export request is already in progress");
  }
  if (record?.status === "failed") await forgetExport(ctx, subject, id);
  if (record?.status !== "finished") await begin(ctx, subject, id, user);
  return c.json({ rq_id: id }, 202);
}

/** `GET /api/{tasks|projects}/{id}/backup/download?rq_id=`: the 2.16+ flow's file. */
async function downloadBackup(c: Ctx, ctx: ServerContext, kind: Kind): Promise<Response> {
  const user = requireUser(c);
  const subject = await subjectFor(ctx, user, kind, pathId(c.req.param("id")));
  const id = c.req.query("rq_id") ?? "";
  if (id === "") throw badRequest({ rq_id: ["This field is required."] });
  await downloadableExport(ctx, subject, { id, user, operations: ["export:backup"] });
  return await sendBackup(c, ctx, subject, id, false);
}

/**
 * Registers the task and project backup export routes.
 *
 * @example
 * ```ts
 * // registerBackupExportRoutes(app, ctx);
 * // GET /api/tasks/5/backup → 202, ..., 201; GET /api/tasks/5/backup?action=download → 200 (zip)
 * // POST /api/projects/2/backup/export → 202 {"rq_id": ...}
 * ```
 */
export function registerBackupExportRoutes(app: Hono<Env>, ctx: ServerContext): void {
  for (const kind of ["task", "project"] as const) {
    const base = PATHS[kind];
    app.get(`${base}/backup`, (c) => legacyBackup(c, ctx, kind));
    app.get(`${base}/backup/`, (c) => legacyBackup(c, ctx, kind));
    app.post(`${base}/backup/export`, (c) => exportBackup(c, ctx, kind));
    app.get(`${base}/backup/download`, (c) => downloadBackup(c, ctx, kind));
  }
}
