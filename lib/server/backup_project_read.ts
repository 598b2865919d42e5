/**
 * Reading an uploaded project backup into a restore plan before anything is written:
 * `project.json` (the project's fields and labels) and, in CVAT's order (by folder number),
 * every `task_<n>/` folder read as a task backup (backup_read.ts). An error in a task's folder
 * names the folder.
 *
 * @module
 */

import { badRequest, HttpError } from "./errors.ts";
import { readBackup, type RestorePlan } from "./backup_read.ts";
import { type ProjectFields, readProjectManifest } from "./backup_project_json.ts";
import { BACKUP_VERSION, PROJECT_MANIFEST, taskFolders } from "./backup_layout.ts";
import type { LabelPlan } from "./labels_plan.ts";
import type { ZipArchive } from "../formats/zip_reader.ts";

/** The largest `project.json` read (it is parsed whole). */
const MAX_MANIFEST_BYTES = 64 * 1024 * 1024;

/** What a project restore creates, checked. */
export interface ProjectRestorePlan {
  project: ProjectFields;
  labels: LabelPlan;
  /** One plan per task folder, in CVAT's order, with the folder's name. */
  tasks: { folder: string; plan: RestorePlan }[];
}

/**
 * The parsed `project.json` of an archive (400 when it is missing or malformed, or the version
 * is not CVAT's "1.0").
 *
 * @example
 * ```ts
 * // const manifest = await readProjectFiles(archive);
 * ```
 */
export async function readProjectFiles(archive: ZipArchive): Promise<Record<string, unknown>> {
  const entry = archive.entries.find((e) => e.name === PROJECT_MANIFEST);
  if (!entry) throw badRequest([`Invalid backup: "${PROJECT_MANIFEST}" is missing`]);
  if (entry.size > MAX_MANIFEST_BYTES) {
    throw badRequest([`Invalid backup: "${PROJECT_MANIFEST}" is too large`]);
  }
  let manifest: unknown;
  try {
    manifest = JSON.parse(new TextDecoder().decode(await archive.bytes(entry)));
  } catch (error) {
    throw badRequest([
      `Invalid backup: "${PROJECT_MANIFEST}" is not JSON: ${(error as Error).message}`,
    ]);
  }
  if (typeof manifest !== "object" || manifest === null || Array.isArray(manifest)) {
    throw badRequest([`Invalid backup: "${PROJECT_MANIFEST}" is not an object`]);
  }
  const version = (manifest as Record<string, unknown>).version;
  if (version !== BACKUP_VERSION) {
    throw badRequest([`${JSON.stringify(version ?? null)} version is not supported`]);
  }
  return manifest as Record<string, unknown>;
}

/**
 * The error of a task folder, naming it: messages get the folder in front, field errors go
 * under the folder's name; anything else is returned as it is.
 *
 * @example
 * ```ts
 * import { deepStrictEqual } from "node:assert/strict";
 * import { badRequest } from "./errors.ts";
 * import { inTaskFolder } from "./backup_project_read.ts";
 * const error = inTaskFolder(badRequest(["bad frame"]), "task_2/") as { body: unknown };
 * deepStrictEqual(error.body, ["task_2: bad frame"]);
 * ```
 */
export function inTaskFolder(error: unknown, folder: string): unknown {
  if (!(error instanceof HttpError) || error.status !== 400) return error;
  const name = folder.replace(/\/$/, "");
  const body = error.body;
  if (typeof body === "string") return badRequest([`${name}: ${body}`]);
  if (Array.isArray(body) && body.every((item) => typeof item === "string")) {
    return badRequest(body.map((item) => `${name}: ${item}`));
  }
  return badRequest({ [name]: body });
}

/**
 * Reads and checks a project backup; throws a 400 for anything a restore would fail on, before
 * anything is written.
 *
 * @example
 * ```ts
 * // const plan = await readProjectBackup(await openZip(bytes));
 * ```
 */
export async function readProjectBackup(archive: ZipArchive): Promise<ProjectRestorePlan> {
  const { project, labels } = readProjectManifest(await readProjectFiles(archive));
  const tasks: ProjectRestorePlan["tasks"] = [];
  for (const folder of taskFolders(archive.entries.map((entry) => entry.name))) {
    try {
      tasks.push({ folder, plan: await readBackup(archive, folder) });
    } catch (error) {
      throw inTaskFolder(error, folder);
    }
  }
  return { project, labels, tasks };
}
