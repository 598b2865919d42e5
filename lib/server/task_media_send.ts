/**
 * Sends media bytes the way the UI's chunk loader expects: `Content-Length`, a stable `ETag`,
 * `Cache-Control: private`, and 304 for a matching `If-None-Match`.
 *
 * @module
 */

import type { Ctx } from "./context.ts";

/** How long a browser may keep media without asking again (the bytes never change). */
export const MEDIA_MAX_AGE = 86400;

/**
 * A quoted ETag from the parts naming the media (data id, kind, number, quality).
 *
 * @example
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import { mediaEtag } from "./task_media_send.ts";
 * strictEqual(mediaEtag(7, "chunk", 0, "compressed"), '"data7-chunk-0-compressed"');
 * ```
 */
export function mediaEtag(dataId: number, ...parts: (string | number)[]): string {
  return `"${["data" + dataId, ...parts].join("-")}"`;
}

function cacheHeaders(etag: string): Record<string, string> {
  return { "ETag": etag, "Cache-Control": `private, max-age=${MEDIA_MAX_AGE}` };
}

/**
 * A 304 when the request's `If-None-Match` names `etag` (or `*`), else null.
 *
 * @example
 * ```ts
 * // const unchanged = notModified(c, etag); if (unchanged) return unchanged;
 * ```
 */
export function notModified(c: Ctx, etag: string): Response | null {
  const header = c.req.header("If-None-Match");
  if (!header) return null;
  const tags = header.split(",").map((tag) => tag.trim().replace(/^W\//, ""));
  if (!tags.includes(etag) && !tags.includes("*")) return null;
  return c.body(null, 304, cacheHeaders(etag));
}

/**
 * A 200 with the bytes, their type, length and cache headers.
 *
 * @example
 * ```ts
 * // return sendMedia(c, zip, "application/zip", mediaEtag(data.id, "chunk", 0, "compressed"));
 * ```
 */
export function sendMedia(c: Ctx, bytes: Uint8Array, mime: string, etag: string): Response {
  return c.body(bytes as Uint8Array<ArrayBuffer>, 200, {
    ...cacheHeaders(etag),
    "Content-Type": mime,
    "Content-Length": String(bytes.length),
  });
}
