/**
 * Task and project backup imports over REST (`POST /api/tasks/backup`, `POST
 * /api/projects/backup`), for users who may create tasks and projects:
 * - the file as multipart `task_file` (`project_file`), or `Upload-Start` (202), TUS (`POST
 *   .../backup/` with `Upload-Length`, then `PATCH`/`HEAD` on `.../backup/<uuid>`) and
 *   `Upload-Finish` with `?filename=` → 202 `{"rq_id": ...}` (a file that is not a safe zip, or
 *   lacks `task.json` / `annotations.json` (`project.json`), is refused at once with a 400);
 * - CVAT 2.15 clients POST again with the `rq_id` (query, form field or JSON): 202 while it
 *   runs, 201 `{"id": <new task or project>}` when done, 400 with the reason it failed (the
 *   request is forgotten after 201 and 400); another user's `rq_id` → 403;
 * - CVAT 2.16+ clients poll `GET /api/requests/{rq_id}` (`result_id`: the new object).
 *
 * @module
 */

import type { Hono } from "./deps.ts";
import type { Ctx, Env, ServerContext } from "./context.ts";
import { canCreate, requireUser } from "./access.ts";
import { badRequest, forbidden, methodNotAllowed } from "./errors.ts";
import { DEFAULT_MAX_UPLOAD_BYTES, readFormData, readLimited } from "./task_data_form.ts";
import { TUS_ID, tusChunk, tusCreate, type TusTarget } from "./tus.ts";
import { readBackupFiles } from "./backup_read.ts";
import { readProjectFiles } from "./backup_project_read.ts";
import {
  backupImportId,
  type BackupKind,
  currentBackupImport,
  isBackupImportOf,
  openBackup,
  startBackupImport,
} from "./backup_import_requests.ts";
import type { ZipArchive } from "../formats/zip_reader.ts";
import type { UserRecord } from "../store/types.ts";

/** What differs between task and project restores. */
interface KindSpec {
  kind: BackupKind;
  path: string;
  /** The multipart field of the file. */
  field: string;
  /** The checks made before the restore is queued (400s). */
  check(archive: ZipArchive): Promise<unknown>;
}

const KINDS: Record<BackupKind, KindSpec> = {
  task: { kind: "task", path: "/api/tasks/backup", field: "task_file", check: readBackupFiles },
  project: {
    kind: "project",
    path: "/api/projects/backup",
    field: "project_file",
    check: readProjectFiles,
  },
};

const limitOf = (ctx: ServerContext) => ctx.options.maxUploadBytes ?? DEFAULT_MAX_UPLOAD_BYTES;
const userPrefix = (user: UserRecord, kind: BackupKind) =>
  `exchange/backup/user/${user.id}/${kind === "task" ? "" : `${kind}/`}`;
const uploadKey = (user: UserRecord, kind: BackupKind, name: string) =>
  `${userPrefix(user, kind)}upload/${encodeURIComponent(name)}`;

/** TUS uploads of a backup are kept whole under the user's prefix until imported. */
function tusTarget(ctx: ServerContext, user: UserRecord, kind: BackupKind): TusTarget {
  return {
    prefix: `${userPrefix(user, kind)}tus/`,
    maxSize: limitOf(ctx),
    async complete(name, bytes) {
      await ctx.store.blobs.put(uploadKey(user, kind, name), bytes);
      return name;
    },
  };
}

interface ImportBody {
  rqId?: string;
  file?: Uint8Array;
}

async function parseForm(c: Ctx, ctx: ServerContext, field: string): Promise<ImportBody> {
  const form = await readFormData(c, limitOf(ctx));
  const rqId = form.get("rq_id");
  const file = form.get(field);
  return {
    rqId: typeof rqId === "string" ? rqId : undefined,
    file: file instanceof File ? new Uint8Array(await file.arrayBuffer()) : undefined,
  };
}

/** The request's file and `rq_id` (multipart, urlencoded or JSON; 413 over the limit). */
async function readBody(c: Ctx, ctx: ServerContext, field: string): Promise<ImportBody> {
  const type = c.req.header("content-type") ?? "";
  const lower = type.toLowerCase();
  if (lower.startsWith("multipart/form-data") || lower.startsWith("application/x-www-form")) {
    return await parseForm(c, ctx, field);
  }
  if (lower.startsWith("application/json")) {
    const text = new TextDecoder().decode(await readLimited(c, 1024 * 1024));
    try {
      const value = text.trim() === "" ? {} : JSON.parse(text);
      const rqId = value?.rq_id;
      return { rqId: typeof rqId === "string" ? rqId : undefined };
    } catch (error) {
      throw badRequest({ detail: `JSON parse error - ${(error as Error).message}` });
    }
  }
  await c.req.raw.body?.cancel().catch(() => {});
  return {};
}

/** The state of a known restore for a re-POST (CVAT 2.15), or null when the id is unknown. */
async function status(c: Ctx, ctx: ServerContext, user: UserRecord, id: string, kind: BackupKind) {
  const record = await currentBackupImport(ctx, id);
  if (!record || record.operation !== "import:backup" || !isBackupImportOf(id, kind)) return null;
  if (record.userId !== user.id) throw forbidden();
  if (record.status === "queued" || record.status === "started") {
    return c.json({ rq_id: id }, 202);
  }
  await ctx.store.requests.delete(id);
  if (record.status === "failed") throw badRequest(record.message);
  return c.json({ id: record.resultId }, 201);
}

/** The uploaded file: the TUS upload named by `filename`, else the form's file field. */
async function uploadedFile(c: Ctx, ctx: ServerContext, spec: KindSpec, body: ImportBody) {
  const user = requireUser(c);
  const name = c.req.query("filename") ?? "";
  if (name !== "") {
    const key = uploadKey(user, spec.kind, name);
    const bytes = await ctx.store.blobs.get(key);
    if (!bytes) throw badRequest("No such file were uploaded");
    return { bytes, cleanup: async () => void await ctx.store.blobs.delete(key) };
  }
  if (!body.file) throw badRequest({ [spec.field]: ["No file was submitted."] });
  return { bytes: body.file, cleanup: undefined };
}

async function startImport(c: Ctx, ctx: ServerContext, spec: KindSpec, body: ImportBody) {
  const user = requireUser(c);
  const { bytes, cleanup } = await uploadedFile(c, ctx, spec, body);
  try {
    const archive = await openBackup(bytes);
    await spec.check(archive);
    const id = backupImportId(user.username, spec.kind);
    await startBackupImport(ctx, { id, kind: spec.kind, user, archive, cleanup });
    return c.json({ rq_id: id }, 202);
  } catch (error) {
    await cleanup?.().catch(() => {});
    throw error;
  }
}

function checkLocation(c: Ctx): void {
  const location = c.req.query("location");
  if (location === undefined || location === "local") return;
  if (location === "cloud_storage") {
    throw badRequest(["Importing from cloud storage is not supported by this server"]);
  }
  throw badRequest([`Unexpected location ${location} specified for the request`]);
}

async function importBackup(c: Ctx, ctx: ServerContext, spec: KindSpec): Promise<Response> {
  const user = requireUser(c);
  if (!canCreate(user)) {
    await c.req.raw.body?.cancel().catch(() => {});
    throw forbidden();
  }
  const has = (name: string) => c.req.header(name) !== undefined;
  if (c.req.method === "OPTIONS" || (has("Upload-Length") && !has("Upload-Finish"))) {
    return await tusCreate(c, ctx, tusTarget(ctx, user, spec.kind));
  }
  if (has("Upload-Start") && !has("Upload-Finish")) {
    await c.req.raw.body?.cancel().catch(() => {});
    return c.body(null, 202);
  }
  checkLocation(c);
  const body = await readBody(c, ctx, spec.field);
  const rqId = c.req.query("rq_id") || body.rqId;
  const known = rqId ? await status(c, ctx, user, rqId, spec.kind) : null;
  return known ?? await startImport(c, ctx, spec, body);
}

async function importChunk(c: Ctx, ctx: ServerContext, kind: BackupKind): Promise<Response> {
  const user = requireUser(c);
  if (!canCreate(user)) throw forbidden();
  if (c.req.method === "GET") throw methodNotAllowed("GET");
  return await tusChunk(c, ctx, { target: tusTarget(ctx, user, kind), id: c.req.param("uuid")! });
}

/**
 * Registers the task and project backup import routes.
 *
 * @example
 * ```ts
 * // registerBackupImportRoutes(app, ctx);
 * // POST /api/tasks/backup (task_file) → 202 {"rq_id": ...}
 * // POST /api/tasks/backup?rq_id=... → 202 ... 201 {"id": 12}
 * // POST /api/projects/backup (project_file) → 202 {"rq_id": ...}
 * ```
 */
export function registerBackupImportRoutes(app: Hono<Env>, ctx: ServerContext): void {
  for (const spec of Object.values(KINDS)) {
    for (const path of [spec.path, `${spec.path}/`]) {
      app.on(["POST", "OPTIONS"], path, (c) => importBackup(c, ctx, spec));
    }
    // Hono routes HEAD through GET handlers; a real GET is 405.
    const chunk = `${spec.path}/:uuid{${TUS_ID}}`;
    app.on(["PATCH", "GET"], chunk, (c) => importChunk(c, ctx, spec.kind));
  }
}
