/**
 * TUS 1.0.0 core uploads (notes §2.7), as CVAT serves them on `.../data/`, and later on the
 * import endpoints: `POST` with `Upload-Length` creates an upload, `PATCH` appends at
 * `Upload-Offset`, `HEAD` reports the offset. Partial uploads live in the store's blobs (one blob
 * per chunk) under the target's prefix; a complete file is handed to the target.
 *
 * @module
 */

import type { Ctx, ServerContext } from "./context.ts";
import { readBytesWithin } from "./read_bytes.ts";

/** Where TUS uploads of one endpoint go, and what happens to a complete file. */
export interface TusTarget {
  /** The blob key prefix of this endpoint's partial uploads (e.g. `media/task/5/tus/`). */
  prefix: string;
  /** The largest file accepted (`Tus-Max-Size`). */
  maxSize: number;
  /** Whether a file name may be uploaded; false → 400 "File name ... is not allowed". */
  allowName?(name: string): boolean;
  /** Takes a complete file; returns the name it was stored under (`Upload-Filename`). */
  complete(name: string, bytes: Uint8Array): Promise<string>;
}

interface TusState {
  filename: string;
  length: number;
  offset: number;
  pieces: number;
}

/** The TUS id pattern (a UUID v4), for route paths. */
export const TUS_ID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";

function tusHeaders(maxSize: number, extra: Record<string, string> = {}): Headers {
  return new Headers({
    "Tus-Resumable": "1.0.0",
    "Tus-Version": "1.0.0",
    "Tus-Extension": "",
    "Tus-Max-Size": String(maxSize),
    "Access-Control-Allow-Origin": "*",
    "Access-Control-Allow-Methods": "PATCH,HEAD,GET,POST,OPTIONS",
    "Access-Control-Expose-Headers":
      "Tus-Resumable,upload-length,upload-metadata,Location,Upload-Offset",
    "Access-Control-Allow-Headers":
      "Tus-Resumable,upload-length,upload-metadata,Location,Upload-Offset,content-type",
    "Cache-Control": "no-store",
    ...extra,
  });
}

function tusResponse(
  target: TusTarget,
  status: number,
  options: { text?: string; headers?: Record<string, string> } = {},
): Response {
  const headers = tusHeaders(target.maxSize, options.headers);
  if (options.text === undefined) return new Response(null, { status, headers });
  headers.set("content-type", "application/vnd.cvat+json");
  return new Response(JSON.stringify(options.text), { status, headers });
}

/**
 * Decodes TUS `Upload-Metadata` (`key base64,key base64,...`); a key without a value is "".
 *
 * @example
 * ```ts
 * import { deepStrictEqual } from "node:assert/strict";
 * import { tusMetadata } from "./tus.ts";
 * deepStrictEqual(tusMetadata("filename YS5qcGc=,filetype"), { filename: "a.jpg", filetype: "" });
 * ```
 */
export function tusMetadata(header: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const pair of (header ?? "").split(",")) {
    const [key, value, ...rest] = pair.trim().split(" ");
    if (!key || rest.length > 0) continue;
    try {
      const bytes = Uint8Array.from(atob(value ?? ""), (ch) => ch.charCodeAt(0));
      out[key] = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
    } catch {
      out[key] = "";
    }
  }
  return out;
}

/**
 * Whether an uploaded file name is acceptable: not empty, no path components, no `..`, no
 * control characters.
 *
 * @example
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import { safeUploadName } from "./tus.ts";
 * strictEqual(safeUploadName("frame 1.jpg"), true);
 * strictEqual(safeUploadName("../etc/passwd"), false);
 * ```
 */
export function safeUploadName(name: string): boolean {
  // deno-lint-ignore no-control-regex
  return name !== "" && name !== "." && name !== ".." && !/[\\/\x00-\x1f]/.test(name) &&
    name.length <= 1024;
}

const stateKey = (target: TusTarget, id: string) => `${target.prefix}${id}/state`;
const pieceKey = (target: TusTarget, id: string, at: number) => `${target.prefix}${id}/piece/${at}`;

async function readState(ctx: ServerContext, target: TusTarget, id: string) {
  const bytes = await ctx.store.blobs.get(stateKey(target, id));
  return bytes ? JSON.parse(new TextDecoder().decode(bytes)) as TusState : null;
}

function writeState(ctx: ServerContext, target: TusTarget, id: string, state: TusState) {
  return ctx.store.blobs.put(stateKey(target, id), new TextEncoder().encode(JSON.stringify(state)));
}

/** The `Location` base: the request's `Origin` (as CVAT) or its own origin, plus its path. */
function locationOf(c: Ctx, id: string): string {
  const url = new URL(c.req.url);
  const origin = c.req.header("x-forwarded-host")
    ? url.origin
    : c.req.header("origin") ?? url.origin;
  const path = url.pathname.endsWith("/") ? url.pathname : `${url.pathname}/`;
  return `${origin}${path}${id}`;
}

/**
 * Answers a TUS creation request (`POST` with `Upload-Length`) or `OPTIONS`.
 *
 * @example
 * ```ts
 * // POST /api/tasks/5/data/ (Upload-Length: 1000, Upload-Metadata: filename YS5qcGc=) → 201 + Location
 * // return await tusCreate(c, ctx, target);
 * ```
 */
export async function tusCreate(c: Ctx, ctx: ServerContext, target: TusTarget): Promise<Response> {
  if (c.req.method === "OPTIONS") return tusResponse(target, 204);
  await c.req.raw.body?.cancel().catch(() => {});
  const filename = tusMetadata(c.req.header("upload-metadata")).filename ?? "";
  if (!safeUploadName(filename) || target.allowName?.(filename) === false) {
    return tusResponse(target, 400, { text: `File name ${filename} is not allowed` });
  }
  // Digits only: Number() would read "" as 0 and accept "1e3" or "0x10".
  const raw = (c.req.header("upload-length") ?? "").trim();
  const length = /^\d+$/.test(raw) ? Number(raw) : NaN;
  if (!Number.isSafeInteger(length) || length < 0) {
    return tusResponse(target, 400, { text: `Upload-Length must be a non-negative integer` });
  }
  if (length > target.maxSize) {
    return tusResponse(target, 413, {
      text: `File size exceeds max limit of ${target.maxSize} bytes`,
    });
  }
  const id = crypto.randomUUID();
  await writeState(ctx, target, id, { filename, length, offset: 0, pieces: 0 });
  if (length === 0) return await finish(c, ctx, { target, id, status: 201 });
  return tusResponse(target, 201, {
    headers: { Location: locationOf(c, id), "Upload-Filename": filename },
  });
}

async function assemble(ctx: ServerContext, target: TusTarget, id: string, state: TusState) {
  const out = new Uint8Array(state.length);
  let at = 0;
  for (let piece = 0; piece < state.pieces; piece++) {
    const bytes = await ctx.store.blobs.get(pieceKey(target, id, piece));
    if (!bytes) throw new Error(`A piece of the upload "${state.filename}" is missing`);
    out.set(bytes, at);
    at += bytes.byteLength;
  }
  return out;
}

/** Hands a complete upload to its target and forgets its pieces. */
async function finish(
  c: Ctx,
  ctx: ServerContext,
  { target, id, status }: { target: TusTarget; id: string; status: number },
): Promise<Response> {
  const state = (await readState(ctx, target, id))!;
  const bytes = await assemble(ctx, target, id, state);
  const name = await target.complete(state.filename, bytes);
  await ctx.store.blobs.deletePrefix(`${target.prefix}${id}/`);
  const headers: Record<string, string> = {
    "Upload-Offset": String(state.length),
    "Upload-Filename": name,
  };
  if (status === 201) headers.Location = locationOf(c, id);
  return tusResponse(target, status, { headers });
}

/** Per app: the upload ids with a PATCH in progress (one at a time per upload). */
const busy = new WeakMap<ServerContext, Set<string>>();

/**
 * Answers `HEAD` (offset and length, 404 if unknown) and `PATCH` (append at `Upload-Offset`;
 * a wrong offset → 409; past the declared length → 413) on an upload.
 *
 * @example
 * ```ts
 * // PATCH /api/tasks/5/data/<uuid> (Upload-Offset: 0, body) → 204 + Upload-Offset
 * // return await tusChunk(c, ctx, { target, id: c.req.param("uuid") });
 * ```
 */
export async function tusChunk(
  c: Ctx,
  ctx: ServerContext,
  { target, id }: { target: TusTarget; id: string },
): Promise<Response> {
  const state = await readState(ctx, target, id);
  if (c.req.method === "HEAD") {
    if (!state) return tusResponse(target, 404);
    const headers = {
      "Upload-Offset": String(state.offset),
      "Upload-Length": String(state.length),
    };
    return tusResponse(target, 200, { headers });
  }
  if (!state) return tusResponse(target, 404);
  const active = busy.get(ctx) ?? new Set<string>();
  busy.set(ctx, active);
  if (active.has(id) || Number(c.req.header("upload-offset")) !== state.offset) {
    await c.req.raw.body?.cancel().catch(() => {});
    return tusResponse(target, 409);
  }
  active.add(id);
  try {
    const bytes = await readBytesWithin(c.req.raw.body, state.length - state.offset);
    if (bytes === null) return tusResponse(target, 413);
    if (bytes.byteLength > 0) {
      await ctx.store.blobs.put(pieceKey(target, id, state.pieces), bytes);
      state.pieces += 1;
      state.offset += bytes.byteLength;
      await writeState(ctx, target, id, state);
    }
    if (state.offset === state.length) return await finish(c, ctx, { target, id, status: 204 });
    return tusResponse(target, 204, {
      headers: { "Upload-Offset": String(state.offset), "Upload-Filename": state.filename },
    });
  } finally {
    active.delete(id);
  }
}
