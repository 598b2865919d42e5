/**
 * A project backup's `project.json` as CVAT's `ProjectExporter` writes it and `ProjectImporter`
 * reads it: the project's name, bug tracker, status and labels (names, no ids; skeleton svg by
 * sublabel name, as in `task.json`), then `version`. Pure.
 *
 * @module
 */

import { badRequest } from "./errors.ts";
import { Fields } from "./body_fields.ts";
import { readLabels } from "./labels_parse.ts";
import { type LabelPlan, planLabels } from "./labels_plan.ts";
import { backupLabels } from "./backup_task_json.ts";
import { BACKUP_VERSION } from "./backup_layout.ts";
import type { LabelRecord, ProjectRecord } from "../store/types.ts";

/** The project fields a restore sets (the rest are the importer's or defaults). */
export type ProjectFields = Pick<ProjectRecord, "name" | "bugTracker" | "status">;

const STATUSES: readonly string[] = ["annotation", "validation", "completed"];

/**
 * The whole `project.json` of a project; `labels` are its labels (sublabels included).
 *
 * @example
 * ```ts
 * import { deepStrictEqual } from "node:assert/strict";
 * import { projectManifest } from "./backup_project_json.ts";
 * const project = { name: "p", bugTracker: "", status: "annotation" } as never;
 * deepStrictEqual(projectManifest(project, []), {
 *   name: "p", bug_tracker: "", status: "annotation", labels: [], version: "1.0",
 * });
 * ```
 */
export function projectManifest(
  project: ProjectRecord,
  labels: readonly LabelRecord[],
): Record<string, unknown> {
  return {
    name: project.name,
    bug_tracker: project.bugTracker,
    status: project.status,
    labels: backupLabels(labels),
    version: BACKUP_VERSION,
  };
}

/**
 * The project fields and label plan of a parsed `project.json` (400 with DRF's shapes for bad
 * fields or labels). Unknown keys are ignored, as CVAT drops them.
 *
 * @example
 * ```ts
 * import { deepStrictEqual, strictEqual } from "node:assert/strict";
 * import { readProjectManifest } from "./backup_project_json.ts";
 * const { project, labels } = readProjectManifest({
 *   name: "p", bug_tracker: "", status: "completed", labels: [{ name: "car" }], version: "1.0",
 * });
 * deepStrictEqual(project, { name: "p", bugTracker: "", status: "completed" });
 * strictEqual(labels.labels.length, 1);
 * ```
 */
export function readProjectManifest(
  manifest: Record<string, unknown>,
): { project: ProjectFields; labels: LabelPlan } {
  const f = new Fields(manifest);
  const name = f.text("name", { required: true, max: 256 });
  const bugTracker = f.text("bug_tracker", { max: 2000, allowBlank: true }) ?? "";
  const status = manifest.status ?? "annotation";
  if (!STATUSES.includes(status as string)) {
    f.fail("status", [`"${String(status)}" is not a valid choice.`]);
  }
  const inputs = readLabels(f, "create") ?? [];
  f.check();
  const labels = planLabels([], inputs, "create");
  if (!name) throw badRequest({ name: ["This field is required."] });
  return {
    project: { name, bugTracker, status: status as ProjectFields["status"] },
    labels,
  };
}
