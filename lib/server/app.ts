/**
 * The Hono application that serves CVAT's REST API: middleware, then one module per resource.
 *
 * @module
 */

import { Hono } from "./deps.ts";
import type { AppOptions, Env, ServerContext } from "./context.ts";
import { memoryStore } from "../store/memory.ts";
import { registerConventions } from "./conventions.ts";
import { registerAuthRoutes } from "./auth.ts";
import { registerUserRoutes } from "./users.ts";
import { methodNotAllowedFallback, registerServerRoutes } from "./server_routes.ts";
import { registerShareRoutes } from "./server_share.ts";
import { registerProjectRoutes } from "./projects.ts";
import { registerTaskRoutes } from "./tasks.ts";
import { registerTaskDataRoutes } from "./task_data.ts";
import { registerTaskMediaRoutes } from "./task_media.ts";
import { registerLabelRoutes } from "./labels.ts";
import { registerJobRoutes } from "./jobs.ts";
import { registerAnnotationRoutes } from "./annotations.ts";
import { registerExportRoutes } from "./export_routes.ts";
import { registerImportRoutes } from "./import_routes.ts";
import { registerProjectDatasetImportRoutes } from "./project_dataset_import.ts";
import { registerBackupExportRoutes } from "./backup_export_routes.ts";
import { registerBackupImportRoutes } from "./backup_import_routes.ts";
import { registerIssueRoutes } from "./issues.ts";
import { registerEventRoutes } from "./events.ts";
import { registerOrganizationRoutes } from "./organizations.ts";
import { registerRequestRoutes } from "./requests.ts";
import { registerLambdaRoutes } from "./lambda.ts";
import { registerAnalyticsRoutes } from "./analytics.ts";
import { registerGuideRoutes } from "./guides.ts";
import { registerUiRoutes } from "./ui.ts";
import { ensureAdmin } from "./admin.ts";

export type { AppOptions } from "./context.ts";

/** The CVAT server version whose wire format this app speaks. */
export const SERVER_VERSION = "2.15.0";

/**
 * Builds the REST application. It opens nothing and does no I/O until the first request
 * (which creates the configured admin if missing).
 *
 * @example
 * ```ts
 * import { ok } from "node:assert/strict";
 * import { createApp } from "../../server.ts";
 * const app = createApp();
 * const res = await app.request("/api/server/health/");
 * ok(res.status === 200);
 * ```
 */
export function createApp(options: AppOptions = {}): Hono<Env> {
  const store = options.store ?? memoryStore();
  let started: Promise<void> | null = null;
  const ctx: ServerContext = {
    store,
    options: { version: SERVER_VERSION, ...options },
    ready() {
      // A failed start-up (store down) is retried on the next request instead of sticking.
      started ??= ensureAdmin(store, options.admin, { iterations: options.passwordIterations })
        .catch((error) => {
          started = null;
          throw error;
        });
      return started;
    },
  };
  const app = new Hono<Env>();
  // Order matters: conventions (request id, versioning, errors) wrap everything; auth sets the
  // user for the routes after it.
  registerConventions(app, ctx);
  registerAuthRoutes(app, ctx);
  registerServerRoutes(app, ctx);
  registerShareRoutes(app, ctx);
  registerUserRoutes(app, ctx);
  // Media routes before projects and tasks: their preview routes replace the placeholders.
  registerTaskDataRoutes(app, ctx);
  registerTaskMediaRoutes(app, ctx);
  registerProjectRoutes(app, ctx);
  registerTaskRoutes(app, ctx);
  registerLabelRoutes(app, ctx);
  // Exports and imports before the annotations: without `format` they fall through to them.
  registerExportRoutes(app, ctx);
  registerImportRoutes(app, ctx);
  registerProjectDatasetImportRoutes(app, ctx);
  registerBackupExportRoutes(app, ctx);
  registerBackupImportRoutes(app, ctx);
  registerAnnotationRoutes(app, ctx);
  registerJobRoutes(app, ctx);
  registerIssueRoutes(app, ctx);
  registerEventRoutes(app, ctx);
  registerOrganizationRoutes(app, ctx);
  registerRequestRoutes(app, ctx);
  registerLambdaRoutes(app, ctx);
  registerAnalyticsRoutes(app, ctx);
  registerGuideRoutes(app, ctx);
  // The web UI (with --ui) answers every path outside /api/.
  registerUiRoutes(app, ctx);
  // Last: a known path with another method answers 405, anything else 404.
  methodNotAllowedFallback(app);
  return app;
}
