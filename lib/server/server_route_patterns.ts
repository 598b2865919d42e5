/**
 * The app's own route table, read from Hono at request time: the concrete routes (method and
 * path pattern), their patterns as regular expressions (for the 405 fallback) and as OpenAPI
 * paths (for `/api/schema/`).
 *
 * @module
 */

/** One registered route: an upper-case method and a Hono path pattern (`/api/tasks/:id`). */
export interface RouteInfo {
  method: string;
  path: string;
}

/** One segment of a Hono path pattern. */
type Segment =
  | { kind: "literal"; text: string }
  | { kind: "param"; name: string; pattern: string | null; optional: boolean }
  | { kind: "wildcard" };

function parseSegment(text: string): Segment {
  if (text === "*") return { kind: "wildcard" };
  if (!text.startsWith(":")) return { kind: "literal", text };
  const optional = text.endsWith("?");
  const body = optional ? text.slice(1, -1) : text.slice(1);
  const open = body.indexOf("{");
  if (open < 0 || !body.endsWith("}")) {
    return { kind: "param", name: body, pattern: null, optional };
  }
  return { kind: "param", name: body.slice(0, open), pattern: body.slice(open + 1, -1), optional };
}

function segments(path: string): Segment[] {
  return path.split("/").slice(1).map(parseSegment);
}

const escapeRegex = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/**
 * The concrete routes of an app, without duplicates: middleware and `app.all` handlers (method
 * `ALL`) are left out.
 *
 * @example
 * ```ts
 * import { deepStrictEqual } from "node:assert/strict";
 * import { concreteRoutes } from "./server_route_patterns.ts";
 * const routes = [{ method: "ALL", path: "/*" }, { method: "GET", path: "/a" }, { method: "GET", path: "/a" }];
 * deepStrictEqual(concreteRoutes(routes), [{ method: "GET", path: "/a" }]);
 * ```
 */
export function concreteRoutes(routes: readonly RouteInfo[]): RouteInfo[] {
  const seen = new Set<string>();
  const out: RouteInfo[] = [];
  for (const { method, path } of routes) {
    const key = `${method} ${path}`;
    if (method === "ALL" || seen.has(key)) continue;
    seen.add(key);
    out.push({ method, path });
  }
  return out;
}

/**
 * A regular expression that matches the request paths a Hono path pattern matches
 * (`:name`, `:name{regex}`, `:name?` and `*` segments).
 *
 * @example
 * ```ts
 * import { ok } from "node:assert/strict";
 * import { routeRegex } from "./server_route_patterns.ts";
 * ok(routeRegex("/api/tasks/:id{[0-9]+}").test("/api/tasks/12"));
 * ok(!routeRegex("/api/tasks/:id").test("/api/tasks/12/data"));
 * ```
 */
export function routeRegex(path: string): RegExp {
  let source = "";
  for (const segment of segments(path)) {
    if (segment.kind === "wildcard") source += "(?:/.*)?";
    else if (segment.kind === "literal") source += `/${escapeRegex(segment.text)}`;
    else {
      const part = `/(?:${segment.pattern ?? "[^/]+"})`;
      source += segment.optional ? `(?:${part})?` : part;
    }
  }
  return new RegExp(`^${source || "/"}$`);
}

/**
 * A Hono path pattern as an OpenAPI path (`/api/tasks/:id` → `/api/tasks/{id}`) with its
 * parameter names, or null for wildcard patterns (which document nothing).
 *
 * @example
 * ```ts
 * import { deepStrictEqual } from "node:assert/strict";
 * import { openApiPath } from "./server_route_patterns.ts";
 * deepStrictEqual(openApiPath("/api/jobs/:id{[0-9]+}/data"), { path: "/api/jobs/{id}/data", params: ["id"] });
 * ```
 */
export function openApiPath(path: string): { path: string; params: string[] } | null {
  const params: string[] = [];
  let out = "";
  for (const segment of segments(path)) {
    if (segment.kind === "wildcard") return null;
    if (segment.kind === "literal") out += `/${segment.text}`;
    else {
      params.push(segment.name);
      out += `/{${segment.name}}`;
    }
  }
  return { path: out || "/", params };
}
