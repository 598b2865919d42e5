/**
 * Serverless functions (`/api/lambda/...`): CVAT runs them on Nuclio; this server has none. The
 * web UI lists functions and auto-annotation requests on several pages, so both lists answer
 * `200 []` (CVAT's lists here are plain, unpaginated) and single functions and requests do not
 * exist (404). Calling a function is not offered (405 from the app's fallback).
 *
 * @module
 */

import type { Hono } from "./deps.ts";
import type { Ctx, Env, ServerContext } from "./context.ts";
import { requireUser } from "./access.ts";
import { notFound } from "./errors.ts";

const emptyList = (c: Ctx): Response => {
  requireUser(c);
  return c.json([]);
};

const missing = (c: Ctx): Response => {
  requireUser(c);
  throw notFound();
};

/**
 * Registers `GET /api/lambda/functions`, `GET /api/lambda/requests` (always `[]` for an
 * authenticated caller, 401 otherwise) and their detail routes (always 404).
 *
 * @example
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import { createApp } from "./app.ts";
 * const app = createApp();
 * strictEqual((await app.request("/api/lambda/functions")).status, 401);
 * ```
 */
export function registerLambdaRoutes(app: Hono<Env>, _ctx: ServerContext): void {
  app.get("/api/lambda/functions", emptyList);
  app.get("/api/lambda/functions/:id", missing);
  app.get("/api/lambda/requests", emptyList);
  app.get("/api/lambda/requests/:id", missing);
}
