/**
 * What every response shares: `X-Request-Id`, Accept-header versioning (`application/vnd.cvat+json;
 * version=2.0`, plain JSON accepted, an unknown version → 406), CVAT's JSON content type, and one
 * place where errors become CVAT-shaped bodies (never a 500 for bad input).
 *
 * @module
 */

import type { Hono } from "./deps.ts";
import type { Ctx, Env, ServerContext } from "./context.ts";
import { HttpError } from "./errors.ts";

const CVAT_JSON = "application/vnd.cvat+json";

/**
 * The API version a request's Accept header asks for: "2.0" by default, or null when it names
 * a version this server does not have. DRF's quirk (`version in "2.0"`) is kept: "2", "2.", "2.0".
 */
export function acceptedVersion(accept: string | undefined): string | null {
  if (!accept) return "2.0";
  for (const part of accept.split(",")) {
    const [type, ...params] = part.trim().split(";").map((s) => s.trim());
    if (type !== CVAT_JSON) continue;
    const version = params.find((p) => p.startsWith("version="))?.slice(8);
    if (version === undefined) return "2.0";
    return version !== "" && "2.0".includes(version) ? version : null;
  }
  return "2.0";
}

/** The JSON body and status of any error thrown by a route. */
function errorResponse(c: Ctx, error: unknown): Response {
  if (error instanceof HttpError) {
    return c.json(error.body as never, error.status as never, error.headers);
  }
  if (error instanceof SyntaxError) {
    return c.json({ detail: `JSON parse error - ${error.message}` }, 400);
  }
  console.error(error);
  return c.json({ detail: "Internal server error." }, 500);
}

/**
 * Installs the request id, versioning and error handling on the app.
 *
 * @example
 * ```ts
 * // registerConventions(app, ctx) — before any route
 * ```
 */
export function registerConventions(app: Hono<Env>, ctx: ServerContext): void {
  app.use("*", async (c, next) => {
    const requestId = crypto.randomUUID();
    c.set("requestId", requestId);
    c.set("user", null);
    c.set("session", null);
    c.set("authMethod", null);
    if (acceptedVersion(c.req.header("accept")) === null) {
      c.header("X-Request-Id", requestId);
      c.header("Content-Type", `${CVAT_JSON}`);
      return c.body(JSON.stringify({ detail: 'Invalid version in "Accept" header.' }), 406);
    }
    await ctx.ready();
    await next();
    c.res.headers.set("X-Request-Id", requestId);
    const type = c.res.headers.get("content-type") ?? "";
    // API responses only: files of the web UI (.json, .map) keep their own type.
    if (type.startsWith("application/json") && new URL(c.req.url).pathname.startsWith("/api/")) {
      const version = acceptedVersion(c.req.header("accept"));
      c.res.headers.set("content-type", `${CVAT_JSON}; version=${version}`);
    }
    return undefined;
  });
  app.onError((error, c) => {
    const response = errorResponse(c, error);
    response.headers.set("X-Request-Id", c.get("requestId") ?? crypto.randomUUID());
    return response;
  });
  app.notFound((c) => c.json({ detail: "Not found." }, 404));
}
