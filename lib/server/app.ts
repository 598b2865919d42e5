/**
 * The Hono application that serves CVAT's REST API.
 *
 * @module
 */

import { Hono } from "./deps.ts";

/** Options of {@linkcode createApp}. */
export interface AppOptions {
  /** The version reported by `GET /api/server/about`. */
  version?: string;
}

/** The CVAT server version whose wire format this app speaks. */
export const SERVER_VERSION = "2.15.0";

/**
 * Builds the REST application. It opens nothing and holds no I/O handles of its own.
 *
 * @example
 * ```ts
 * import { ok } from "node:assert/strict";
 * import { createApp } from "@cvat-lite/cvat/server";
 * const app = createApp();
 * const res = await app.request("/api/server/health/");
 * ok(res.status === 200);
 * ```
 */
export function createApp(options: AppOptions = {}): Hono {
  const app = new Hono();
  const version = options.version ?? SERVER_VERSION;
  app.get("/api/server/health/", (c) => c.json({ Store: "working", Application: "working" }));
  app.get("/api/server/about", (c) =>
    c.json({
      name: "Computer Vision Annotation Tool",
      description: "cvat-lite: CVAT's annotation backend in one Deno process",
      version,
    }));
  return app;
}
