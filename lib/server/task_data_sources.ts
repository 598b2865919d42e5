/**
 * Media that the server fetches itself (notes §2.7): `server_files` from the configured share
 * directory and `remote_files` over HTTP(S), read before the upload is accepted so that a
 * missing or unreachable file is a 400 naming it.
 *
 * Share paths are relative to the share (a leading `/` is the share's root, as CVAT strips it);
 * `..` components, NUL bytes, drive letters and symbolic links anywhere on the path are refused,
 * so nothing outside the share can be read.
 *
 * @module
 */

import { join, resolve } from "node:path";
import { badRequest, HttpError } from "./errors.ts";
import { readBytesWithin } from "./read_bytes.ts";
import type { MediaSource, UploadedFile } from "./task_data_form.ts";

/** What to read from the share. */
export interface ShareRequest {
  /** Files and directories (`dir/` or `dir`), relative to the share. */
  files: string[];
  /** Files or directories (`dir/`) to drop after directories are expanded. */
  exclude: string[];
}

/** Size limits of fetched media. */
export interface SourceLimits {
  /** Bytes allowed in total (the upload limit minus what was already sent). */
  maxBytes: number;
}

function tooLarge(): HttpError {
  return new HttpError(413, { detail: "The media files exceed the upload size limit." });
}

/**
 * A share path in canonical form (`images/a.jpg`, no leading or trailing slash), or a 400
 * naming it when it could leave the share.
 *
 * @example
 * ```ts
 * import { strictEqual, throws } from "node:assert/strict";
 * import { sharePath } from "./task_data_sources.ts";
 * strictEqual(sharePath("/images//a.jpg"), "images/a.jpg");
 * throws(() => sharePath("images/../../etc/passwd"));
 * ```
 */
export function sharePath(entry: string): string {
  const fail = (why: string) => badRequest({ server_files: [`"${entry}" ${why}`] });
  if (typeof entry !== "string" || entry.includes("\0")) throw fail("is not a valid path");
  if (/^[a-zA-Z]:/.test(entry) || entry.startsWith("\\")) throw fail("is an absolute path");
  const parts = entry.split(/[\\/]/).filter((p) => p !== "" && p !== ".");
  if (parts.includes("..")) throw fail("is outside the share directory");
  return parts.join("/");
}

/** The real path of the share root, or a 400 when the server has none. */
async function shareRoot(root: string | undefined): Promise<string> {
  if (!root) {
    throw badRequest({
      server_files: ["This server has no share directory (start it with --share <dir>)"],
    });
  }
  try {
    return await Deno.realPath(root);
  } catch {
    throw badRequest({ server_files: [`The share directory "${root}" cannot be read`] });
  }
}

/** Lstat of a share path, refusing links on the way and missing entries. */
async function statInShare(root: string, path: string): Promise<Deno.FileInfo> {
  let at = root;
  let info: Deno.FileInfo | null = null;
  for (const part of path === "" ? [] : path.split("/")) {
    at = join(at, part);
    try {
      info = await Deno.lstat(at);
    } catch {
      throw badRequest({ server_files: [`"${path}" was not found in the share directory`] });
    }
    if (info.isSymlink) {
      throw badRequest({ server_files: [`"${path}" goes through a symbolic link`] });
    }
  }
  return info ?? await Deno.lstat(root);
}

/** Every regular file under a share directory (links skipped), as share paths, sorted. */
async function walk(root: string, dir: string): Promise<string[]> {
  const out: string[] = [];
  const entries: Deno.DirEntry[] = [];
  try {
    for await (const entry of Deno.readDir(join(root, dir))) entries.push(entry);
  } catch {
    throw badRequest({ server_files: [`The share directory "${dir}" cannot be read`] });
  }
  entries.sort((a, b) => a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
  for (const entry of entries) {
    const path = dir === "" ? entry.name : `${dir}/${entry.name}`;
    if (entry.isSymlink) continue;
    if (entry.isDirectory) out.push(...await walk(root, path));
    else if (entry.isFile) out.push(path);
  }
  return out;
}

function excluded(path: string, exclude: Set<string>): boolean {
  if (exclude.has(path)) return true;
  const parts = path.split("/");
  for (let n = 1; n < parts.length; n++) {
    const dir = parts.slice(0, n).join("/");
    if (exclude.has(`${dir}/`) || exclude.has(dir)) return true;
  }
  return false;
}

/**
 * Finds `server_files` in the share: directories expand recursively, exclusions apply, and each
 * file is named by its share path. Files are read from disk only when their bytes are needed.
 *
 * @example
 * ```ts
 * // const { files, bytes } = await shareFiles(ctx.options.shareDir, { files: ["images/"], exclude: [] }, { maxBytes });
 * ```
 */
export async function shareFiles(
  root: string | undefined,
  request: ShareRequest,
  limits: SourceLimits,
): Promise<{ files: MediaSource[]; bytes: number }> {
  if (request.files.length === 0) return { files: [], bytes: 0 };
  const real = await shareRoot(root);
  const paths: string[] = [];
  for (const entry of request.files) {
    const path = sharePath(entry);
    const info = await statInShare(real, path);
    if (info.isDirectory) paths.push(...await walk(real, path));
    else if (info.isFile) paths.push(path);
    else throw badRequest({ server_files: [`"${entry}" is not a regular file`] });
  }
  const exclude = new Set(request.exclude.map((e) => sharePath(e) + (e.endsWith("/") ? "/" : "")));
  const files: MediaSource[] = [];
  let total = 0;
  for (const path of [...new Set(paths)].filter((p) => !excluded(p, exclude))) {
    const full = resolve(real, path);
    total += (await Deno.stat(full)).size;
    if (total > limits.maxBytes) throw tooLarge();
    files.push({ name: path, read: () => Deno.readFile(full) });
  }
  return { files, bytes: total };
}

/** The file name of a remote URL: its last path component, decoded. */
function remoteName(url: URL, raw: string): string {
  const last = url.pathname.split("/").filter((p) => p !== "").pop() ?? "";
  let name = last;
  try {
    name = decodeURIComponent(last);
  } catch { /* keep it encoded */ }
  if (name === "" || /[\\/\0]/.test(name)) {
    throw badRequest({ remote_files: [`"${raw}" does not name a file`] });
  }
  return name;
}

async function readBody(response: Response, room: number): Promise<Uint8Array> {
  const declared = Number(response.headers.get("content-length") ?? "NaN");
  if (Number.isFinite(declared) && declared > room) {
    await response.body?.cancel().catch(() => {});
    throw tooLarge();
  }
  const bytes = await readBytesWithin(response.body, room);
  if (bytes === null) throw tooLarge();
  return bytes;
}

async function download(raw: string, room: number, timeoutMs: number): Promise<UploadedFile> {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw badRequest({ remote_files: [`"${raw}" is not a valid URL`] });
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw badRequest({ remote_files: [`"${raw}" is not an http or https URL`] });
  }
  const name = remoteName(url, raw);
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
    if (!response.ok) {
      await response.body?.cancel().catch(() => {});
      throw badRequest({ remote_files: [`Cannot download "${raw}": HTTP ${response.status}`] });
    }
    return { name, bytes: await readBody(response, room) };
  } catch (error) {
    if (error instanceof HttpError) throw error;
    const why = error instanceof Error ? error.message : String(error);
    throw badRequest({ remote_files: [`Cannot download "${raw}": ${why}`] });
  }
}

/**
 * Downloads `remote_files` one after another within the size limit (each within `timeoutMs`,
 * default 60 s); a failed download is a 400 naming the URL.
 *
 * @example
 * ```ts
 * // const files = await remoteFiles(["https://example.com/a.jpg"], { maxBytes: 1 << 30 });
 * ```
 */
export async function remoteFiles(
  urls: string[],
  limits: SourceLimits & { timeoutMs?: number },
): Promise<UploadedFile[]> {
  const files: UploadedFile[] = [];
  let room = limits.maxBytes;
  for (const raw of urls) {
    const file = await download(raw, room, limits.timeoutMs ?? 60_000);
    room -= file.bytes.byteLength;
    files.push(file);
  }
  return files;
}
