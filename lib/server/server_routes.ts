/**
 * The server endpoints: health, about, annotation formats, plugins, user agreements, the OpenAPI
 * schema and Swagger UI; and the generic 405 fallback for known paths called with another method.
 *
 * @module
 */

import type { Hono } from "./deps.ts";
import type { Ctx, Env, ServerContext } from "./context.ts";
import { requireUser } from "./access.ts";
import { notFound, unauthorized } from "./errors.ts";
import { isPublicPath, openApiDocument } from "./schema.ts";
import { registerDocsRoutes } from "./docs.ts";
import { availableFormats, formatsJson } from "./server_formats.ts";
import {
  concreteRoutes,
  openApiPath,
  type RouteInfo,
  routeRegex,
} from "./server_route_patterns.ts";

const ABOUT_DESCRIPTION = "cvat-lite serves the REST API of CVAT, the Computer Vision " +
  "Annotation Tool, from one small TypeScript service: projects, tasks, jobs, labels and " +
  "annotations for images and video, with the formats and behaviour that CVAT's web UI, SDK " +
  "and CLI expect.";

const PLUGINS = { GIT_INTEGRATION: false, ANALYTICS: false, MODELS: false, PREDICT: false };

/** DRF's `?format=` / `?scheme=` override: absent or one of `allowed`, else 404. */
function formatOverride(c: Ctx, name: string, allowed: string[]): string | undefined {
  const value = c.req.query(name);
  if (value !== undefined && !allowed.includes(value)) throw notFound();
  return value;
}

async function health(c: Ctx, ctx: ServerContext): Promise<Response> {
  formatOverride(c, "format", ["json"]);
  try {
    await ctx.store.users.count();
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return c.json({ Store: `unavailable: ${reason}` }, 503);
  }
  return c.json({ Store: "working" });
}

/** Whether the Accept header asks for YAML rather than JSON (drf-spectacular's renderers). */
function wantsYaml(accept: string | undefined): boolean {
  const types = (accept ?? "").split(",").map((part) => part.split(";")[0].trim().toLowerCase());
  const yaml = types.some((t) => t === "application/vnd.oai.openapi" || t.endsWith("/yaml"));
  return yaml && !types.some((t) => t.endsWith("json"));
}

function schema(c: Ctx, app: Hono<Env>, ctx: ServerContext): Response {
  const scheme = formatOverride(c, "scheme", ["json", "yaml"]);
  const yaml = scheme === "yaml" || (scheme === undefined && wantsYaml(c.req.header("accept")));
  const document = openApiDocument(app.routes, ctx.options.version ?? "2.15.0");
  // JSON is valid YAML, so one serialisation serves both media types.
  return c.body(JSON.stringify(document), 200, {
    "content-type": yaml
      ? "application/vnd.oai.openapi; charset=utf-8"
      : "application/vnd.oai.openapi+json; charset=utf-8",
  });
}

/**
 * Registers the server endpoints (`GET /api/server/share` is in `server_share.ts`).
 *
 * @example
 * ```ts
 * import { ok } from "node:assert/strict";
 * import { createApp } from "../../server.ts";
 * const res = await createApp().request("/api/server/about");
 * ok((await res.json()).name === "Computer Vision Annotation Tool");
 * ```
 */
export function registerServerRoutes(app: Hono<Env>, ctx: ServerContext): void {
  app.get("/api/server/health/", (c) => health(c, ctx));
  app.get("/api/server/about", (c) =>
    c.json({
      name: "Computer Vision Annotation Tool",
      description: ABOUT_DESCRIPTION,
      version: ctx.options.version ?? "2.15.0",
    }));
  app.get("/api/server/annotation/formats", (c) => {
    requireUser(c);
    return c.json(formatsJson(availableFormats()));
  });
  app.get("/api/server/plugins", (c) => {
    requireUser(c);
    return c.json(PLUGINS);
  });
  app.get("/api/user-agreements", (c) => c.json([]));
  app.get("/api/schema/", (c) => schema(c, app, ctx));
  registerDocsRoutes(app);
}

interface PathMethods {
  regex: RegExp;
  methods: Set<string>;
  isPublic: boolean;
}

/** The methods registered for each path pattern, rebuilt when the route table grows. */
function methodTable(app: { routes: readonly RouteInfo[] }): () => PathMethods[] {
  let built: { size: number; table: PathMethods[] } | null = null;
  return () => {
    if (built?.size === app.routes.length) return built.table;
    const byPath = new Map<string, Set<string>>();
    for (const { method, path } of concreteRoutes(app.routes)) {
      if (!byPath.has(path)) byPath.set(path, new Set());
      byPath.get(path)!.add(method);
    }
    const table = [...byPath].map(([path, methods]) => ({
      regex: routeRegex(path),
      methods,
      isPublic: isPublicPath(openApiPath(path)?.path ?? ""),
    }));
    built = { size: app.routes.length, table };
    return table;
  };
}

/**
 * Adds the last handler of the app: a request that no route answered gets 405
 * `{"detail": "Method \"PUT\" not allowed."}` (with `Allow`) when some route has its path with
 * another method, and the app's 404 otherwise. As in DRF, authentication comes first: an
 * anonymous caller gets 401 instead, except on public paths (about, health, schema, login...).
 * `OPTIONS` on a known path answers 200 with `Allow`. Call it after every route is registered
 * (at the end of `createApp`).
 *
 * @example
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import { createApp } from "../../server.ts";
 * import { methodNotAllowedFallback } from "./server_routes.ts";
 * const app = createApp();
 * methodNotAllowedFallback(app);
 * strictEqual((await app.request("/api/server/about", { method: "PUT" })).status, 405);
 * ```
 */
export function methodNotAllowedFallback(app: Hono<Env>): void {
  const table = methodTable(app);
  app.all("*", (c) => {
    const method = c.req.method.toUpperCase();
    const allowed = new Set<string>();
    let isPublic = false;
    for (const entry of table()) {
      if (!entry.regex.test(c.req.path)) continue;
      for (const m of entry.methods) allowed.add(m);
      isPublic ||= entry.isPublic;
    }
    if (!allowed.size || allowed.has(method)) return c.notFound();
    if (!isPublic && !c.get("user")) {
      const { status, body, headers } = unauthorized();
      return c.json(body, status as 401, headers);
    }
    if (allowed.has("GET")) allowed.add("HEAD");
    allowed.add("OPTIONS");
    const allow = [...allowed].join(", ");
    if (method === "OPTIONS") return c.json({}, 200, { Allow: allow });
    return c.json({ detail: `Method "${method}" not allowed.` }, 405, { Allow: allow });
  });
}
