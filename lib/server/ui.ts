/**
 * Serves a built CVAT web UI (`createApp({ uiDir })`, `deno task serve --ui <dir>`) on the same
 * origin as the API: every GET/HEAD outside `/api/` is a file of the UI directory, or, for a path
 * without an extension (a client-side route such as `/tasks/1/jobs/2`), its `index.html`.
 *
 * Cache policy (CVAT's `test_cache_policy`): HTML is `no-cache`; files whose name carries a
 * content hash (`cvat-ui.3f2a9b1c0d.min.js`) are `public, max-age=31536000, immutable`; other
 * files `public, max-age=3600`. Nothing outside the directory is reachable: `.`/`..` segments
 * (raw or percent-encoded), encoded slashes, backslashes and NUL are refused, and the resolved
 * real path (symbolic links followed) must stay inside the directory's real path.
 *
 * @module
 */

import { resolve, sep } from "node:path";
import type { Hono } from "./deps.ts";
import type { Ctx, Env, ServerContext } from "./context.ts";
import { notFound } from "./errors.ts";

const CONTENT_TYPES: Record<string, string> = {
  html: "text/html; charset=utf-8",
  htm: "text/html; charset=utf-8",
  js: "text/javascript; charset=utf-8",
  mjs: "text/javascript; charset=utf-8",
  css: "text/css; charset=utf-8",
  json: "application/json; charset=utf-8",
  map: "application/json; charset=utf-8",
  webmanifest: "application/manifest+json; charset=utf-8",
  txt: "text/plain; charset=utf-8",
  svg: "image/svg+xml",
  png: "image/png",
  jpg: "image/jpeg",
  jpeg: "image/jpeg",
  gif: "image/gif",
  webp: "image/webp",
  ico: "image/x-icon",
  woff: "font/woff",
  woff2: "font/woff2",
  ttf: "font/ttf",
  otf: "font/otf",
  eot: "application/vnd.ms-fontobject",
  wasm: "application/wasm",
  onnx: "application/octet-stream",
};

/** A content hash in a file name: 8 or more hex digits between `.`/`-` and a `.`. */
const HASHED_NAME = /[.-][0-9a-f]{8,}\./i;
/** Files above this size are streamed instead of read whole. */
const STREAM_ABOVE = 1 << 20;

/** A regular file of the UI directory. */
interface UiFile {
  path: string;
  size: number;
  mtime: number;
}

/**
 * The Content-Type of a UI file, by extension (`application/octet-stream` when unknown).
 *
 * @example
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import { uiContentType } from "./ui.ts";
 * strictEqual(uiContentType("assets/cvat-ui.abc.min.js"), "text/javascript; charset=utf-8");
 * strictEqual(uiContentType("blob.bin"), "application/octet-stream");
 * ```
 */
export function uiContentType(name: string): string {
  const extension = /\.([^./\\]+)$/.exec(name)?.[1]?.toLowerCase() ?? "";
  return CONTENT_TYPES[extension] ?? "application/octet-stream";
}

/**
 * The Cache-Control of a UI file: HTML `no-cache`, hashed names immutable, others an hour.
 *
 * @example
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import { uiCacheControl } from "./ui.ts";
 * strictEqual(uiCacheControl("index.html"), "no-cache");
 * strictEqual(uiCacheControl("main.3f2a9b1c.js"), "public, max-age=31536000, immutable");
 * strictEqual(uiCacheControl("favicon.ico"), "public, max-age=3600");
 * ```
 */
export function uiCacheControl(name: string): string {
  const base = name.slice(name.lastIndexOf("/") + 1);
  if (/\.html?$/i.test(base)) return "no-cache";
  if (HASHED_NAME.test(base)) return "public, max-age=31536000, immutable";
  return "public, max-age=3600";
}

/** The path of a URL exactly as sent (no dot-segment removal, no decoding). */
function rawPath(url: string): string {
  const start = url.indexOf("/", url.indexOf("://") + 3);
  if (start < 0) return "/";
  const rest = url.slice(start);
  const end = rest.search(/[?#]/);
  return end < 0 ? rest : rest.slice(0, end);
}

/**
 * The decoded, non-empty path segments of a request URL, or null when one of them could leave
 * the directory (`.`, `..`, an encoded `/`, a `\` or NUL) or is not valid percent-encoding.
 *
 * @example
 * ```ts
 * import { deepStrictEqual, strictEqual } from "node:assert/strict";
 * import { uiSegments } from "./ui.ts";
 * deepStrictEqual(uiSegments("http://h/static/a%20b.js?x=1"), ["static", "a b.js"]);
 * strictEqual(uiSegments("http://h/%2e%2e/etc/passwd"), null);
 * strictEqual(uiSegments("http://h/..%2fetc"), null);
 * ```
 */
export function uiSegments(url: string): string[] | null {
  const segments: string[] = [];
  for (const part of rawPath(url).split("/")) {
    if (part === "") continue;
    let segment: string;
    try {
      segment = decodeURIComponent(part);
    } catch {
      return null;
    }
    if (segment === "." || segment === ".." || /[/\\\0]/.test(segment)) return null;
    segments.push(segment);
  }
  return segments;
}

/** The regular file at `segments` under `root`, or null (missing, a directory, or outside). */
async function findFile(root: string, segments: string[]): Promise<UiFile | null> {
  try {
    const realRoot = await Deno.realPath(root);
    const real = await Deno.realPath(resolve(realRoot, ...segments));
    if (!real.startsWith(realRoot.endsWith(sep) ? realRoot : realRoot + sep)) return null;
    const info = await Deno.stat(real);
    if (!info.isFile) return null;
    return { path: real, size: info.size, mtime: info.mtime?.getTime() ?? 0 };
  } catch {
    return null;
  }
}

/** The response for one UI file (304 when the client's validator matches; no body for HEAD). */
async function sendFile(c: Ctx, file: UiFile, cacheControl: string): Promise<Response> {
  const etag = `W/"${file.size.toString(16)}-${Math.floor(file.mtime).toString(16)}"`;
  const headers: Record<string, string> = {
    "Content-Type": uiContentType(file.path),
    "Cache-Control": cacheControl,
    "ETag": etag,
    "X-Content-Type-Options": "nosniff",
  };
  if (file.mtime) headers["Last-Modified"] = new Date(file.mtime).toUTCString();
  const match = c.req.header("if-none-match");
  if (match && match.split(",").some((tag) => tag.trim() === etag || tag.trim() === "*")) {
    return c.body(null, 304, headers);
  }
  headers["Content-Length"] = String(file.size);
  if (c.req.method === "HEAD") return c.body(null, 200, headers);
  try {
    if (file.size <= STREAM_ABOVE) return c.body(await Deno.readFile(file.path), 200, headers);
    const handle = await Deno.open(file.path, { read: true });
    return c.body(handle.readable, 200, headers);
  } catch (error) {
    // Removed or replaced between the lookup and the read.
    if (error instanceof Deno.errors.NotFound) throw notFound();
    throw error;
  }
}

/** One GET/HEAD outside `/api/`: the file, the SPA's index for a route, or 404. */
async function serveUi(c: Ctx, root: string): Promise<Response> {
  const segments = uiSegments(c.req.url);
  if (segments === null) throw notFound();
  const file = segments.length ? await findFile(root, segments) : null;
  if (file) return await sendFile(c, file, uiCacheControl(file.path));
  const last = segments.at(-1) ?? "";
  // A missing file with an extension is a 404; anything else is a client-side route.
  if (/\.[^.]+$/.test(last)) throw notFound();
  const index = await findFile(root, ["index.html"]);
  if (!index) throw notFound();
  return await sendFile(c, index, "no-cache");
}

/** Whether a request belongs to the API rather than the UI (`/api`, `/api/...`, encoded too). */
function isApiRequest(url: string): boolean {
  const first = rawPath(url).split("/").find((part) => part !== "") ?? "";
  try {
    return decodeURIComponent(first) === "api";
  } catch {
    return false;
  }
}

/**
 * Registers the web UI when `ctx.options.uiDir` is set (nothing otherwise). Call it after every
 * API route and before the final 405/404 fallback: other methods and `/api/` paths pass through.
 *
 * @example
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import { createApp } from "../../server.ts";
 * // Without uiDir, `/` is not served.
 * strictEqual((await createApp().request("/")).status, 404);
 * ```
 */
export function registerUiRoutes(app: Hono<Env>, ctx: ServerContext): void {
  const root = ctx.options.uiDir;
  if (!root) return;
  // `all` (not `get`): the 405 fallback and the OpenAPI document ignore ALL routes.
  app.all("*", async (c, next) => {
    const method = c.req.method.toUpperCase();
    if ((method !== "GET" && method !== "HEAD") || isApiRequest(c.req.url)) {
      await next();
      return undefined;
    }
    return await serveUi(c, root);
  });
}
