/**
 * Reading the body of `POST /api/tasks/{id}/data`: a multipart form (or a JSON object) within
 * the upload size limit, turned into CVAT's `DataRequest` fields and the uploaded files.
 *
 * @module
 */

import type { Ctx } from "./context.ts";
import { badRequest, HttpError } from "./errors.ts";
import { MAX_INT, readObject } from "./body.ts";
import { multipartBoundary, readMultipart } from "./multipart_stream.ts";
import { readBytesWithin } from "./read_bytes.ts";
import type { ImageInfo } from "../media/probe.ts";

/** The default upload limit (`AppOptions.maxUploadBytes`): 1 GiB. */
export const DEFAULT_MAX_UPLOAD_BYTES = 1024 * 1024 * 1024;

/** An uploaded file: its basename and bytes. */
export interface UploadedFile {
  name: string;
  bytes: Uint8Array;
}

/**
 * A media file whose bytes are read when needed (staged blobs and share files are not held in
 * memory while a task is planned and stored).
 */
export interface MediaSource {
  name: string;
  read(): Promise<Uint8Array>;
  /** The image's probed header, when it was probed on arrival (staged files). */
  info?: ImageInfo;
  /** The blob key where the bytes already are (staged files): they are not copied again. */
  key?: string;
}

/**
 * A media source over bytes already in memory.
 *
 * @example
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import { memorySource } from "./task_data_form.ts";
 * strictEqual((await memorySource({ name: "a.png", bytes: new Uint8Array(3) }).read()).length, 3);
 * ```
 */
export function memorySource(file: UploadedFile): MediaSource {
  return { name: file.name, read: () => Promise.resolve(file.bytes) };
}

/** A field value as received: a multipart string or a JSON value. */
export type RawValue = unknown;

/** A request body: its fields (lists keep their order) and files. */
export interface DataForm {
  fields: Map<string, RawValue>;
  files: UploadedFile[];
}

function tooLarge(): HttpError {
  return new HttpError(413, { detail: "Request body is too large." });
}

/**
 * The body's bytes, refusing more than `limit` (by `Content-Length` first, then by counting):
 * 413.
 *
 * @example
 * ```ts
 * // const bytes = await readLimited(c, limit);
 * ```
 */
export async function readLimited(c: Ctx, limit: number): Promise<Uint8Array<ArrayBuffer>> {
  const declared = Number(c.req.header("content-length") ?? "NaN");
  if (Number.isFinite(declared) && declared > limit) throw tooLarge();
  const bytes = await readBytesWithin(c.req.raw.body, limit);
  if (bytes === null) throw tooLarge();
  return bytes;
}

/**
 * A whole multipart (or URL-encoded) body as `FormData`, within `limit` bytes (413 beyond); a
 * malformed form is a 400. For small forms (an annotation file, a backup); task data uploads are
 * read part by part instead.
 *
 * @example
 * ```ts
 * // const form = await readFormData(c, limit); form.get("annotation_file")
 * ```
 */
export async function readFormData(c: Ctx, limit: number): Promise<FormData> {
  const body = await readLimited(c, limit);
  try {
    return await new Request("http://local/", {
      method: "POST",
      headers: { "content-type": c.req.header("content-type") ?? "" },
      body,
    }).formData();
  } catch (error) {
    throw badRequest({ detail: `Multipart form parse error - ${(error as Error).message}` });
  }
}

const LIST_KEY = /^([a-z_]+)\[(\d+)\]$/;

const LIST_FIELDS = new Set([
  "server_files",
  "remote_files",
  "server_files_exclude",
  "upload_file_order",
  "job_file_mapping",
]);

/**
 * The last path component of a file name (the SDK sends full local paths).
 *
 * @example
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import { baseName } from "./task_data_form.ts";
 * strictEqual(baseName("C:\\data\\a.png"), "a.png");
 * strictEqual(baseName("/home/u/b.jpg"), "b.jpg");
 * ```
 */
export function baseName(name: string): string {
  return name.split(/[\\/]/).filter((p) => p !== "").pop() ?? name;
}

/** A form entry: a field's text or a file. */
type Entry = [string, string | UploadedFile];

/** `key[N]` entries become lists sorted by N; repeated keys become lists in their order. */
function collect(entries: Entry[]): DataForm {
  const sorted = entries.map(([key, value], at) => {
    const match = LIST_KEY.exec(key);
    return { name: match ? match[1] : key, index: match ? Number(match[2]) : MAX_INT + at, value };
  }).sort((a, b) => a.index - b.index);
  const groups = new Map<string, (string | UploadedFile)[]>();
  for (const e of sorted) groups.set(e.name, [...(groups.get(e.name) ?? []), e.value]);
  const fields = new Map<string, RawValue>();
  const files: UploadedFile[] = [];
  for (const [name, values] of groups) {
    if (name !== "client_files") {
      const strings = values.filter((v): v is string => typeof v === "string");
      fields.set(name, LIST_FIELDS.has(name) || strings.length > 1 ? strings : strings[0]);
      continue;
    }
    for (const value of values) {
      if (typeof value === "string") throw notAFile();
      files.push(value);
    }
  }
  return { fields, files };
}

function notAFile(): HttpError {
  return badRequest({
    client_files: ["The submitted data was not a file. Check the encoding type on the form."],
  });
}

/** A URL-encoded form (fields only). */
async function readUrlEncoded(bytes: Uint8Array<ArrayBuffer>, type: string): Promise<DataForm> {
  let form: FormData;
  try {
    form = await new Request("http://local/", {
      method: "POST",
      headers: { "content-type": type },
      body: bytes,
    }).formData();
  } catch (error) {
    throw badRequest({ detail: `Multipart form parse error - ${(error as Error).message}` });
  }
  return collect([...form.entries()].map(([k, v]) => [k, typeof v === "string" ? v : ""]));
}

const isClientFile = (key: string) =>
  key === "client_files" || LIST_KEY.exec(key)?.[1] === "client_files";

/** A multipart form read part by part; `onFile` takes `client_files` instead of keeping them. */
async function readStreamed(
  c: Ctx,
  type: string,
  { limit, onFile }: { limit: number; onFile?: (file: UploadedFile) => Promise<void> },
): Promise<DataForm> {
  const boundary = multipartBoundary(type);
  const body = c.req.raw.body;
  if (!body) throw badRequest({ detail: "Multipart form parse error - the body is empty" });
  const entries: Entry[] = [];
  for await (const part of readMultipart(body, { boundary, limit })) {
    if (part.filename === undefined) {
      entries.push([part.name, new TextDecoder().decode(part.bytes)]);
      continue;
    }
    const file = { name: baseName(part.filename), bytes: part.bytes };
    if (isClientFile(part.name) && onFile) await onFile(file);
    else entries.push([part.name, file]);
  }
  return collect(entries);
}

/**
 * Reads the body of a data upload: multipart (`client_files[i]` files, other fields as strings;
 * read part by part, and with `onFile` each file is handed over as it arrives instead of being
 * kept), URL-encoded fields, or JSON. Over `limit` bytes → 413; a malformed form → 400.
 *
 * @example
 * ```ts
 * // const { fields, files } = await readDataForm(c, ctx.options.maxUploadBytes ?? DEFAULT_MAX_UPLOAD_BYTES);
 * ```
 */
export async function readDataForm(
  c: Ctx,
  limit: number,
  options: { onFile?: (file: UploadedFile) => Promise<void> } = {},
): Promise<DataForm> {
  const type = c.req.header("content-type") ?? "";
  const mime = type.split(";")[0].trim().toLowerCase();
  const declared = Number(c.req.header("content-length") ?? "NaN");
  if (Number.isFinite(declared) && declared > limit) throw tooLarge();
  if (mime === "multipart/form-data") return await readStreamed(c, type, { ...options, limit });
  if (mime === "application/x-www-form-urlencoded") {
    return await readUrlEncoded(await readLimited(c, limit), type);
  }
  const body = await readObject(c);
  return { fields: new Map(Object.entries(body)), files: [] };
}
