/**
 * `GET /api/server/share` (notes §2.1): one directory of the share as `[{name, type, mime_type}]`,
 * directories first, then by name. Links are left out and nothing outside the share is listed.
 *
 * @module
 */

import type { Hono } from "./deps.ts";
import type { Ctx, Env, ServerContext } from "./context.ts";
import { requireUser } from "./access.ts";
import { allowMethods } from "./body.ts";
import { badRequest } from "./errors.ts";
import { join } from "node:path";

/** One share entry as CVAT lists it. */
export interface ShareEntry {
  name: string;
  type: "REG" | "DIR";
  mime_type: string;
}

const KINDS: [RegExp, string][] = [
  [/\.(jpe?g|png|gif|bmp|tiff?|webp|jfif|pbm|pgm|ppm|ras|svg|ico|heic)$/i, "image"],
  [/\.(mp4|m4v|avi|mov|mkv|webm|mpe?g|wmv|flv|3gp|ogv|ts|mts|m2ts|vob|asf)$/i, "video"],
  [/\.(zip|tar|tgz|gz|bz2|xz|7z|rar)$/i, "archive"],
  [/\.pdf$/i, "pdf"],
  [/\.(pcd|bin)$/i, "3d"],
];

/**
 * The `mime_type` CVAT reports for a file name.
 *
 * @example
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import { shareMimeType } from "./server_share.ts";
 * strictEqual(shareMimeType("a.JPG"), "image");
 * strictEqual(shareMimeType("b.zip"), "archive");
 * strictEqual(shareMimeType("notes.txt"), "unknown");
 * ```
 */
export function shareMimeType(name: string): string {
  return KINDS.find(([pattern]) => pattern.test(name))?.[1] ?? "unknown";
}

function invalid(directory: string) {
  return badRequest(`${directory} is an invalid directory`);
}

/** The real directory a `directory` parameter names, or a 400. */
async function directoryOf(root: string, directory: string): Promise<string> {
  const parts = directory.split("/").filter((p) => p !== "" && p !== ".");
  if (parts.includes("..") || directory.includes("\0")) throw invalid(directory);
  let at = root;
  for (const part of parts) {
    at = join(at, part);
    const info = await Deno.lstat(at).catch(() => null);
    if (!info || info.isSymlink || !info.isDirectory) throw invalid(directory);
  }
  return at;
}

async function listShare(c: Ctx, ctx: ServerContext): Promise<Response> {
  requireUser(c);
  const directory = c.req.query("directory") ?? "/";
  const search = c.req.query("search") ?? "";
  const root = ctx.options.shareDir;
  if (!root) {
    if (directory.replaceAll("/", "") === "") return c.json([]);
    throw invalid(directory);
  }
  const real = await Deno.realPath(root).catch(() => null);
  if (!real) throw invalid(directory);
  const dir = await directoryOf(real, directory);
  const entries: ShareEntry[] = [];
  for await (const entry of Deno.readDir(dir)) {
    if (!entry.name.startsWith(search) || entry.isSymlink) continue;
    if (entry.isDirectory) entries.push({ name: entry.name, type: "DIR", mime_type: "DIR" });
    else if (entry.isFile) {
      entries.push({ name: entry.name, type: "REG", mime_type: shareMimeType(entry.name) });
    }
  }
  entries.sort((a, b) =>
    a.type !== b.type ? (a.type < b.type ? -1 : 1) : a.name < b.name ? -1 : a.name > b.name ? 1 : 0
  );
  return c.json(entries);
}

/**
 * Registers `GET /api/server/share`.
 *
 * @example
 * ```ts
 * // registerShareRoutes(app, ctx);
 * // GET /api/server/share?directory=/images → [{"name": "a.jpg", "type": "REG", "mime_type": "image"}]
 * ```
 */
export function registerShareRoutes(app: Hono<Env>, ctx: ServerContext): void {
  app.get("/api/server/share", (c) => listShare(c, ctx));
  allowMethods(app, "/api/server/share", ["GET"]);
}
