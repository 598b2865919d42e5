/**
 * Project dataset imports, which this server does not do yet, refused so that CVAT's UI shows
 * why: `POST /api/projects/{id}/dataset` (plain, `Upload-Start`, `Upload-Finish`), the TUS
 * calls on `.../dataset/` and `.../dataset/<uuid>`, and the status poll `GET
 * .../dataset?action=import_status` (export_routes.ts) all answer 400 with one message, after
 * the usual checks (authentication; the project exists and the user may see it). cvat-core's
 * `importDataset` turns the 400 into a `ServerError` on its first call (`Upload-Start`), so
 * nothing is uploaded and the UI reports "Could not import dataset to the project" with it.
 *
 * @module
 */

import type { Hono } from "./deps.ts";
import type { Ctx, Env, ServerContext } from "./context.ts";
import { pathId, projectFor, requireUser } from "./access.ts";
import { badRequest, type HttpError } from "./errors.ts";
import { TUS_ID } from "./tus.ts";

const PROJECT = "/api/projects/:id{[0-9]+}";

/** The message every project dataset import call is refused with. */
export const PROJECT_DATASET_IMPORT_REFUSED =
  "Importing a dataset into a project is not supported by this server yet";

/**
 * The 400 of a project dataset import (CVAT's list-of-messages shape).
 *
 * @example
 * ```ts
 * import { deepStrictEqual, strictEqual } from "node:assert/strict";
 * import { datasetImportRefusal, PROJECT_DATASET_IMPORT_REFUSED } from "./project_dataset_import.ts";
 * const error = datasetImportRefusal();
 * strictEqual(error.status, 400);
 * deepStrictEqual(error.body, [PROJECT_DATASET_IMPORT_REFUSED]);
 * ```
 */
export function datasetImportRefusal(): HttpError {
  return badRequest([PROJECT_DATASET_IMPORT_REFUSED]);
}

async function refuse(c: Ctx, ctx: ServerContext): Promise<Response> {
  await c.req.raw.body?.cancel().catch(() => {});
  const user = requireUser(c);
  await projectFor(ctx, user, pathId(c.req.param("id")));
  throw datasetImportRefusal();
}

/**
 * Registers the refusals of project dataset imports (POST and the TUS calls).
 *
 * @example
 * ```ts
 * // registerProjectDatasetImportRoutes(app, ctx);
 * // POST /api/projects/2/dataset?format=COCO+1.0 (Upload-Start) → 400 ["Importing a dataset ..."]
 * ```
 */
export function registerProjectDatasetImportRoutes(app: Hono<Env>, ctx: ServerContext): void {
  app.post(`${PROJECT}/dataset`, (c) => refuse(c, ctx));
  app.post(`${PROJECT}/dataset/`, (c) => refuse(c, ctx));
  app.patch(`${PROJECT}/dataset/:uuid{${TUS_ID}}`, (c) => refuse(c, ctx));
}
