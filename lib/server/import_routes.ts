/**
 * Annotation imports over REST (CVAT 2.15, notes §2.10) on `/api/{tasks|jobs}/{id}/annotations`:
 * - `POST ?format=F` with multipart `annotation_file`, or `Upload-Start` (202), TUS (`POST
 *   .../annotations/` with `Upload-Length`, then `PATCH`/`HEAD` on `.../annotations/<uuid>`) and
 *   `Upload-Finish` with `?filename=` → 202 `{"rq_id": ...}`; 409 while that import runs.
 * - `PUT ?format=F` starts an import from a multipart `annotation_file` when none is known, and
 *   otherwise (also `PUT ?format=F&rq_id=...`) reports it: 202 running, 201 done, 400 with the
 *   reason it failed (the request is forgotten after 201 and 400). Another user's `rq_id` → 403.
 *   `PUT` without `format` is the JSON replace of annotations.ts.
 * Status also at `GET /api/requests/{rq_id}`.
 *
 * @module
 */

import type { Hono, Next } from "./deps.ts";
import type { Ctx, Env, ServerContext } from "./context.ts";
import { pathId, requireUser } from "./access.ts";
import { badRequest, forbidden, HttpError } from "./errors.ts";
import { DEFAULT_MAX_UPLOAD_BYTES, readFormData } from "./task_data_form.ts";
import { type Subject, subjectFor } from "./export_subject.ts";
import { currentImport, importRequestId, startImport } from "./import_requests.ts";
import { TUS_ID, tusChunk, tusCreate, type TusTarget } from "./tus.ts";
import { listFormats } from "../formats/mod.ts";
import type { UserRecord } from "../store/types.ts";

type Kind = "task" | "job";

const PATHS: Record<Kind, string> = {
  task: "/api/tasks/:id{[0-9]+}/annotations",
  job: "/api/jobs/:id{[0-9]+}/annotations",
};

const limitOf = (ctx: ServerContext) => ctx.options.maxUploadBytes ?? DEFAULT_MAX_UPLOAD_BYTES;
const uploadKey = (subject: Subject, name: string) =>
  `${subject.prefix}import/upload/${encodeURIComponent(name)}`;

function importFormat(name: string): string {
  if (!listFormats().some((f) => f.importer && f.name === name)) {
    throw badRequest([`Unknown input format '${name}'`]);
  }
  return name;
}

/** TUS uploads of an import file are kept whole under the object's prefix until imported. */
function tusTarget(ctx: ServerContext, subject: Subject): TusTarget {
  return {
    prefix: `${subject.prefix}import/tus/`,
    maxSize: limitOf(ctx),
    async complete(name, bytes) {
      await ctx.store.blobs.put(uploadKey(subject, name), bytes);
      return name;
    },
  };
}

/** The multipart `annotation_file` (400 when there is none; 413 over the upload limit). */
async function formFile(c: Ctx, ctx: ServerContext): Promise<{ name: string; bytes: Uint8Array }> {
  const type = c.req.header("content-type") ?? "";
  const missing = () => badRequest({ annotation_file: ["No file was submitted."] });
  if (!type.toLowerCase().startsWith("multipart/form-data")) {
    await c.req.raw.body?.cancel().catch(() => {});
    throw missing();
  }
  const form = await readFormData(c, limitOf(ctx));
  const file = form.get("annotation_file");
  if (!(file instanceof File)) throw missing();
  return { name: file.name, bytes: new Uint8Array(await file.arrayBuffer()) };
}

interface Start {
  subject: Subject;
  user: UserRecord;
  format: string;
  id: string;
}

async function begin(c: Ctx, ctx: ServerContext, start: Start, file: {
  name: string;
  bytes: Uint8Array;
  cleanup?: () => Promise<void>;
}): Promise<Response> {
  const started = await startImport(ctx, {
    id: start.id,
    subject: start.subject,
    format: start.format,
    userId: start.user.id,
    source: file.bytes,
    filename: file.name,
    origin: new URL(c.req.url).origin,
    cleanup: file.cleanup,
  });
  if (!started) throw new HttpError(409, "Import job already exists");
  return c.json({ rq_id: start.id }, 202);
}

/**
 * Upload-Finish (or a plain POST): the TUS file named by `filename`, else the form's file (400
 * when there is neither); then the format is checked.
 */
async function finishUpload(c: Ctx, ctx: ServerContext, start: Start): Promise<Response> {
  const name = c.req.query("filename") ?? "";
  const key = uploadKey(start.subject, name);
  const stored = name === "" ? null : await ctx.store.blobs.get(key);
  const hasForm = (c.req.header("content-type") ?? "").toLowerCase().startsWith("multipart/");
  if (stored || !hasForm) await c.req.raw.body?.cancel().catch(() => {});
  if (!stored && !hasForm) throw badRequest("No such file were uploaded");
  importFormat(start.format);
  const record = await currentImport(ctx, start.id);
  if (record && (record.status === "queued" || record.status === "started")) {
    await c.req.raw.body?.cancel().catch(() => {});
    throw new HttpError(409, "Import job already exists");
  }
  if (record) await ctx.store.requests.delete(start.id);
  if (!stored) return await begin(c, ctx, start, await formFile(c, ctx));
  const cleanup = async () => void await ctx.store.blobs.delete(key);
  return await begin(c, ctx, start, { name, bytes: stored, cleanup });
}

async function resolve(c: Ctx, ctx: ServerContext, kind: Kind) {
  const user = requireUser(c);
  const subject = await subjectFor(ctx, user, kind, pathId(c.req.param("id")));
  if (!subject.task?.data) {
    await c.req.raw.body?.cancel().catch(() => {});
    throw badRequest("Importing annotations into a task without data is not allowed");
  }
  return { user, subject, id: importRequestId(kind, subject.id, user.username) };
}

async function importPost(c: Ctx, ctx: ServerContext, kind: Kind): Promise<Response> {
  const { user, subject, id } = await resolve(c, ctx, kind);
  const has = (name: string) => c.req.header(name) !== undefined;
  if (c.req.method === "OPTIONS" || (has("Upload-Length") && !has("Upload-Finish"))) {
    return await tusCreate(c, ctx, tusTarget(ctx, subject));
  }
  if (has("Upload-Start") && !has("Upload-Finish")) {
    await c.req.raw.body?.cancel().catch(() => {});
    return c.body(null, 202);
  }
  const asked = c.req.query("rq_id");
  if (asked !== undefined && asked !== "" && asked !== id) throw forbidden();
  const format = c.req.query("format") ?? "";
  return await finishUpload(c, ctx, { subject, user, format, id });
}

/** `PUT ?format=`: the status of the import, or a new one from the form's file. */
async function importPut(c: Ctx, ctx: ServerContext, kind: Kind, next: Next) {
  if ((c.req.query("format") ?? "") === "") return await next();
  const { user, subject, id } = await resolve(c, ctx, kind);
  const format = importFormat(c.req.query("format")!);
  const asked = c.req.query("rq_id");
  if (asked !== undefined && asked !== "" && asked !== id) {
    throw forbidden();
  }
  const record = await currentImport(ctx, id);
  if (!record) return await begin(c, ctx, { subject, user, format, id }, await formFile(c, ctx));
  await c.req.raw.body?.cancel().catch(() => {});
  if (record.status === "finished" || record.status === "failed") {
    await ctx.store.requests.delete(id);
  }
  if (record.status === "finished") return c.body(null, 201);
  if (record.status === "failed") throw badRequest(record.message);
  return c.body(null, 202);
}

async function importChunk(c: Ctx, ctx: ServerContext, kind: Kind): Promise<Response> {
  const { subject } = await resolve(c, ctx, kind);
  return await tusChunk(c, ctx, { target: tusTarget(ctx, subject), id: c.req.param("uuid")! });
}

/**
 * Registers the annotation import routes; call it before `registerAnnotationRoutes` (a `PUT`
 * without `format` falls through to the JSON replace).
 *
 * @example
 * ```ts
 * // registerImportRoutes(app, ctx);
 * // POST /api/tasks/5/annotations?format=CVAT+1.1 (annotation_file) → 202 {"rq_id": ...}
 * // PUT /api/tasks/5/annotations?format=CVAT+1.1&rq_id=... → 202 ... 201
 * ```
 */
export function registerImportRoutes(app: Hono<Env>, ctx: ServerContext): void {
  for (const kind of ["task", "job"] as const) {
    for (const slash of ["", "/"]) {
      const path = `${PATHS[kind]}${slash}`;
      app.on(["POST", "OPTIONS"], path, (c) => importPost(c, ctx, kind));
      app.put(path, (c, next) => importPut(c, ctx, kind, next));
    }
    // Hono routes HEAD through GET handlers.
    app.on(["PATCH", "GET"], `${PATHS[kind]}/:uuid{${TUS_ID}}`, (c) => {
      if (c.req.method === "GET") throw new HttpError(405, { detail: 'Method "GET" not allowed.' });
      return importChunk(c, ctx, kind);
    });
  }
}
