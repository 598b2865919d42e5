/**
 * Dataset and annotation exports over REST (notes §2.10):
 * - CVAT 2.15: `GET /api/{tasks|jobs|projects}/{id}/{annotations|dataset}?format=F` queues the
 *   export (202), answers 202 while it runs and 201 when the file is ready; `&action=download`
 *   sends the file (200, attachment) and forgets the request. A session-only GET of these URLs
 *   with `format` and without `action=download` is refused (401), as CVAT's CSRF workaround
 *   does. Without `format`, task and job `annotations` answer the JSON (annotations.ts).
 * - CVAT 2.16+: `POST .../dataset/export?format=&save_images=` → 202 `{rq_id}` (409 while that
 *   request runs), status at `/api/requests/{rq_id}`, file at `GET .../dataset/download?rq_id=`.
 *
 * @module
 */

import type { Hono, Next } from "./deps.ts";
import type { Ctx, Env, ServerContext } from "./context.ts";
import { pathId, requireUser } from "./access.ts";
import { badRequest, HttpError, notFound, unauthorized } from "./errors.ts";
import {
  exportFileName,
  exportInputOf,
  type Subject,
  subjectFor,
  type SubjectKind,
} from "./export_subject.ts";
import {
  currentExport,
  downloadableExport,
  exportRequestId,
  forgetExport,
  openExport,
  startExport,
  type Subresource,
} from "./export_requests.ts";
import { exportAnnotations, exportProject, listFormats } from "../formats/mod.ts";
import { projectExportInputOf } from "./export_project.ts";
import { datasetImportRefusal } from "./project_dataset_import.ts";
import type { UserRecord } from "../store/types.ts";

const PATHS: Record<SubjectKind, string> = {
  task: "/api/tasks/:id{[0-9]+}",
  job: "/api/jobs/:id{[0-9]+}",
  project: "/api/projects/:id{[0-9]+}",
};

const PLURAL: Record<SubjectKind, string> = { task: "tasks", job: "jobs", project: "projects" };

/** CVAT disables cookie sessions on export GETs that may start work (a CSRF workaround). */
function checkSession(c: Ctx): void {
  const query = new URL(c.req.url).searchParams;
  if (!query.has("format") || query.get("action") === "download") return;
  if (c.get("authMethod") === "session") throw unauthorized();
}

function exportFormat(name: string): string {
  if (!listFormats().some((f) => f.exporter && f.name === name)) {
    throw badRequest(["Unknown format specified for the request"]);
  }
  return name;
}

function checkLocation(c: Ctx): void {
  const location = c.req.query("location");
  if (location === undefined || location === "local") return;
  if (location === "cloud_storage") {
    throw badRequest(["Exporting to cloud storage is not supported by this server"]);
  }
  throw badRequest([`Unexpected location ${location} specified for the request`]);
}

/**
 * Checks that the object can be exported at all (a task or job with data) before any work; a
 * project always can (one without tasks gives an empty dataset, as in CVAT).
 */
function checkExportable(subject: Subject, sub: Subresource): void {
  if (subject.kind === "project") return;
  if (!subject.task?.data) {
    const what = sub === "dataset" ? "a dataset" : "annotations";
    throw badRequest(`Exporting ${what} from a task without data is not allowed`);
  }
}

function resultPath(subject: Subject, id: string): string {
  const path = `/api/${PLURAL[subject.kind]}/${subject.id}/dataset/download`;
  return `${path}?rq_id=${encodeURIComponent(id)}`;
}

interface Job {
  subject: Subject;
  sub: Subresource;
  format: string;
  id: string;
  user: UserRecord;
}

/** Starts the export (unless this process runs it already). */
async function begin(c: Ctx, ctx: ServerContext, job: Job): Promise<void> {
  const origin = new URL(c.req.url).origin;
  await startExport(ctx, {
    id: job.id,
    subject: job.subject,
    subresource: job.sub,
    format: job.format,
    userId: job.user.id,
    resultPath: resultPath(job.subject, job.id),
  }, () => exportStream(ctx, job, origin));
}

/** The export's bytes: a project's through `exportProject`, a task's or job's otherwise. */
async function exportStream(ctx: ServerContext, job: Job, origin: string) {
  const options = { images: job.sub === "dataset", origin };
  if (job.subject.kind === "project") {
    return exportProject(job.format, await projectExportInputOf(ctx, job.subject, options));
  }
  return exportAnnotations(job.format, await exportInputOf(ctx, job.subject, options));
}

/** `attachment; filename=...` with an ASCII fallback and the UTF-8 name. */
function disposition(name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]|["\\]/g, "_");
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

async function sendFile(c: Ctx, ctx: ServerContext, job: Job, drop: boolean): Promise<Response> {
  const asked = c.req.query("filename") ?? "";
  // deno-lint-ignore no-control-regex
  const name = asked.replace(/[\x00-\x1f\\/]/g, "_") ||
    exportFileName(job.subject, job.sub, job.format);
  const headers = { "Content-Type": "application/zip", "Content-Disposition": disposition(name) };
  if (c.req.method === "HEAD") return new Response(null, { status: 200, headers });
  const file = await openExport(ctx, job.subject, job.id, drop);
  if (!file) throw notFound("The exported file has expired, please retry exporting");
  if (drop) await ctx.store.requests.delete(job.id);
  const length = { "Content-Length": String(file.size) };
  return new Response(file.stream, { status: 200, headers: { ...headers, ...length } });
}

/** The 2.15 flow on `GET .../{annotations|dataset}?format=F`. */
async function legacyExport(c: Ctx, ctx: ServerContext, job: Job): Promise<Response> {
  const action = (c.req.query("action") ?? "").toLowerCase();
  if (action !== "" && action !== "download") {
    throw badRequest(["Unexpected action specified for the request"]);
  }
  checkLocation(c);
  const record = await currentExport(ctx, job.subject, job.id);
  if (action === "download") {
    if (record?.status !== "finished") throw badRequest("Export has not finished");
    return await sendFile(c, ctx, job, true);
  }
  if (record?.status === "finished") return c.body(null, 201);
  if (record?.status === "failed") {
    await forgetExport(ctx, job.subject, job.id);
    throw new HttpError(500, record.message);
  }
  if (!record) await begin(c, ctx, job);
  return c.body(null, 202);
}

async function exportGet(
  c: Ctx,
  ctx: ServerContext,
  where: { kind: SubjectKind; sub: Subresource },
  next: Next,
): Promise<Response | void> {
  // CVAT's UI polls a project dataset import here (with its format and a cookie session).
  const importStatus = (c.req.query("action") ?? "").toLowerCase() === "import_status";
  if (!importStatus) checkSession(c);
  const format = c.req.query("format") ?? "";
  const user = requireUser(c);
  const subject = await subjectFor(ctx, user, where.kind, pathId(c.req.param("id")));
  if (importStatus && where.kind === "project" && where.sub === "dataset") {
    throw datasetImportRefusal();
  }
  if (format === "") {
    if (where.kind !== "project" && where.sub === "annotations") return await next();
    throw badRequest("Format is not specified");
  }
  checkExportable(subject, where.sub);
  exportFormat(format);
  const id = exportRequestId(subject, where.sub, format);
  return await legacyExport(c, ctx, { subject, sub: where.sub, format, id, user });
}

/** `POST .../dataset/export`: the 2.16+ flow's start. */
async function exportPost(c: Ctx, ctx: ServerContext, kind: SubjectKind): Promise<Response> {
  const user = requireUser(c);
  const subject = await subjectFor(ctx, user, kind, pathId(c.req.param("id")));
  await c.req.raw.body?.cancel().catch(() => {});
  const format = exportFormat(c.req.query("format") ?? "");
  checkLocation(c);
  const sub: Subresource = c.req.query("save_images") === "true" ? "dataset" : "annotations";
  checkExportable(subject, sub);
  const id = exportRequestId(subject, sub, format, user.id);
  const record = await currentExport(ctx, subject, id);
  if (record?.status === "queued" || record?.status === "started") {
    throw new HttpError(409, "Export request is already in progress");
  }
  if (record?.status === "failed") await forgetExport(ctx, subject, id);
  if (record?.status !== "finished") await begin(c, ctx, { subject, sub, format, id, user });
  return c.json({ rq_id: id }, 202);
}

/** `GET .../dataset/download?rq_id=`: the 2.16+ flow's file. */
async function exportDownload(c: Ctx, ctx: ServerContext, kind: SubjectKind): Promise<Response> {
  const user = requireUser(c);
  const subject = await subjectFor(ctx, user, kind, pathId(c.req.param("id")));
  const id = c.req.query("rq_id") ?? "";
  if (id === "") throw badRequest({ rq_id: ["This field is required."] });
  const record = await downloadableExport(ctx, subject, {
    id,
    user,
    operations: ["export:dataset", "export:annotations"],
  });
  const sub = record.operation === "export:dataset" ? "dataset" : "annotations";
  return await sendFile(c, ctx, { subject, sub, format: record.format ?? "", id, user }, false);
}

/**
 * Registers the export routes; call it before `registerAnnotationRoutes` (GET `annotations`
 * without `format` falls through to the JSON route).
 *
 * @example
 * ```ts
 * // registerExportRoutes(app, ctx);
 * // GET /api/tasks/5/dataset?format=CVAT+for+images+1.1 → 202, ..., 201
 * // GET /api/tasks/5/dataset?format=CVAT+for+images+1.1&action=download → 200 (zip)
 * ```
 */
export function registerExportRoutes(app: Hono<Env>, ctx: ServerContext): void {
  for (const kind of ["task", "job", "project"] as const) {
    const base = PATHS[kind];
    for (const sub of ["annotations", "dataset"] as const) {
      for (const slash of ["", "/"]) {
        app.get(`${base}/${sub}${slash}`, (c, next) => exportGet(c, ctx, { kind, sub }, next));
      }
    }
    app.post(`${base}/dataset/export`, (c) => exportPost(c, ctx, kind));
    app.get(`${base}/dataset/download`, (c) => exportDownload(c, ctx, kind));
  }
}
