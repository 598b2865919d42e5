/**
 * `GET /api/schema/`: an OpenAPI 3 document generated from the routes the app has registered,
 * so it never lists an endpoint that does not exist. cvat-ui reads only the keys of `paths`
 * (`/api/auth/login`, `/api/auth/register`, `/api/auth/password/change` switch its forms on).
 *
 * @module
 */

import { concreteRoutes, openApiPath, type RouteInfo } from "./server_route_patterns.ts";

/** The OpenAPI document (only the parts this server fills). */
export interface OpenApiDocument {
  openapi: string;
  info: { title: string; version: string; description: string };
  paths: Record<string, Record<string, OpenApiOperation>>;
  components: { securitySchemes: Record<string, unknown> };
  security: Record<string, string[]>[];
}

/** One operation of a path. */
export interface OpenApiOperation {
  operationId: string;
  summary: string;
  tags: string[];
  parameters?: Record<string, unknown>[];
  security?: Record<string, string[]>[];
  responses: Record<string, { description: string }>;
}

/** Summaries of the operations this server documents by name; others get a generic one. */
const SUMMARIES: Record<string, string> = {
  "GET /api/server/health/": "Check that the server and its store answer",
  "GET /api/server/about": "Get basic information about the server",
  "GET /api/server/annotation/formats": "List the annotation import and export formats",
  "GET /api/server/plugins": "List the server's optional features",
  "GET /api/server/share": "List files and directories in the mounted share",
  "GET /api/user-agreements": "List the user agreements to accept at registration",
  "GET /api/schema/": "Get this OpenAPI document",
  "GET /api/docs": "Browse this API with Swagger UI",
  "POST /api/auth/login": "Log in: returns a token and sets the session cookies",
  "POST /api/auth/logout": "Log out: deletes the token and the session",
  "POST /api/auth/register": "Create a user account",
  "POST /api/auth/password/change": "Change the current user's password",
  "GET /api/users/self": "Get the current user",
  "GET /api/users": "List users",
  "GET /api/projects": "List projects",
  "POST /api/projects": "Create a project",
  "GET /api/tasks": "List tasks",
  "POST /api/tasks": "Create a task",
  "GET /api/jobs": "List jobs",
  "GET /api/labels": "List labels of a project, task or job",
  "GET /api/issues": "List issues",
  "GET /api/comments": "List comments",
  "POST /api/events": "Send client events (telemetry)",
  "GET /api/organizations": "List organizations (always empty: organizations are not supported)",
  "GET /api/invitations": "List invitations (always empty)",
  "GET /api/memberships": "List memberships (always empty)",
  "GET /api/cloudstorages": "List cloud storages (always empty)",
  "GET /api/requests": "List the current user's background requests",
  "GET /api/requests/{id}": "Get the status of a background request",
  "POST /api/requests/{id}/cancel": "Cancel a background request",
  "GET /api/lambda/functions": "List serverless functions (always empty)",
  "GET /api/lambda/requests": "List serverless function calls (always empty)",
  "GET /api/analytics/reports": "Get the analytics report of a job, task or project",
  "POST /api/analytics/reports": "Request an analytics report calculation, or check one",
  "POST /api/guides": "Create the annotation guide of a task or project",
  "GET /api/guides/{id}": "Get an annotation guide",
  "PATCH /api/guides/{id}": "Update an annotation guide's markdown",
  "DELETE /api/guides/{id}": "Delete an annotation guide",
};

/** Operations anyone may call without credentials ("METHOD /openapi/path"). */
export const PUBLIC_OPERATIONS: ReadonlySet<string> = new Set([
  "GET /api/server/health/",
  "GET /api/server/about",
  "GET /api/user-agreements",
  "GET /api/schema/",
  "GET /api/docs",
  "GET /api/docs/",
  "POST /api/auth/login",
  "POST /api/auth/register",
  "POST /api/auth/password/reset",
  "POST /api/auth/password/reset/confirm",
]);

/**
 * Whether some operation on an OpenAPI path is public (then a wrong method is a 405 even for an
 * anonymous caller; elsewhere DRF checks authentication first and answers 401).
 *
 * @example
 * ```ts
 * import { ok } from "node:assert/strict";
 * import { isPublicPath } from "./schema.ts";
 * ok(isPublicPath("/api/server/about") && !isPublicPath("/api/tasks"));
 * ```
 */
export function isPublicPath(path: string): boolean {
  for (const operation of PUBLIC_OPERATIONS) {
    if (operation.slice(operation.indexOf(" ") + 1) === path) return true;
  }
  return false;
}

const SECURITY_SCHEMES = {
  tokenAuth: {
    type: "apiKey",
    in: "header",
    name: "Authorization",
    description: 'The token from POST /api/auth/login, as "Token <key>".',
  },
  basicAuth: { type: "http", scheme: "basic" },
  sessionAuth: { type: "apiKey", in: "cookie", name: "sessionid" },
  csrfAuth: { type: "apiKey", in: "header", name: "X-CSRFToken" },
};

const VERBS: Record<string, string> = {
  GET: "Get",
  POST: "Create or run",
  PUT: "Replace",
  PATCH: "Update",
  DELETE: "Delete",
  OPTIONS: "Describe",
};

function operationFor(method: string, path: string, params: string[]): OpenApiOperation {
  const key = `${method} ${path}`;
  const resource = path.split("/").filter((s) => s && !s.startsWith("{"));
  const operation: OpenApiOperation = {
    operationId: `${method.toLowerCase()}_${resource.slice(1).join("_").replace(/\W+/g, "_")}`,
    summary: SUMMARIES[key] ?? `${VERBS[method] ?? method} ${resource.slice(1).join(" ")}`,
    tags: [resource[1] ?? "api"],
    responses: { default: { description: "See the CVAT REST API reference." } },
  };
  if (params.length) {
    operation.parameters = params.map((name) => ({
      name,
      in: "path",
      required: true,
      schema: { type: name === "id" && !path.startsWith("/api/requests/") ? "integer" : "string" },
    }));
  }
  if (PUBLIC_OPERATIONS.has(key)) operation.security = [{}];
  return operation;
}

/**
 * The OpenAPI document of a set of routes (Hono patterns; `:id` becomes `{id}`), one operation
 * per method, paths and methods in a stable order.
 *
 * @example
 * ```ts
 * import { ok } from "node:assert/strict";
 * import { openApiDocument } from "./schema.ts";
 * const doc = openApiDocument([{ method: "POST", path: "/api/auth/login" }], "2.15.0");
 * ok("/api/auth/login" in doc.paths);
 * ```
 */
export function openApiDocument(routes: readonly RouteInfo[], version: string): OpenApiDocument {
  const paths: OpenApiDocument["paths"] = {};
  const sorted = concreteRoutes(routes).sort((a, b) =>
    a.path === b.path ? a.method.localeCompare(b.method) : a.path.localeCompare(b.path)
  );
  for (const route of sorted) {
    const converted = openApiPath(route.path);
    if (!converted || route.method === "HEAD") continue;
    const item = paths[converted.path] ??= {};
    item[route.method.toLowerCase()] = operationFor(route.method, converted.path, converted.params);
  }
  return {
    openapi: "3.0.3",
    info: {
      title: "CVAT REST API",
      version,
      description: "The REST API of cvat-lite, compatible with CVAT server " + version + ".",
    },
    paths,
    components: { securitySchemes: SECURITY_SCHEMES },
    security: [{ tokenAuth: [] }, { basicAuth: [] }, { sessionAuth: [], csrfAuth: [] }],
  };
}
