/**
 * The plan of a project export whose formats write every subset's items into shared folders
 * (PASCAL VOC's `Annotations/`, `JPEGImages/`, Segmentation mask's PNG folders, MOT's `img1/`,
 * ImageNet's label folders): the plan of project_plan.ts with image names made unique across
 * the whole project too (a later subset's `a.jpg` becomes `a_1.jpg` when an earlier subset has
 * `a.jpg`), so that no two items share a file. Datumaro lets the later item overwrite the
 * earlier one; keeping both is a deliberate difference.
 *
 * @module
 */

import { nameMangler, planProject, type ProjectPlan } from "./project_plan.ts";
import type { ProjectExportInput } from "./types.ts";

/**
 * The project plan with frame names unique across subsets (see the module doc).
 *
 * @example
 * ```ts
 * import { deepEqual } from "node:assert/strict";
 * import { flatProjectPlan } from "./project_flat.ts";
 * const task = (id: number) => ({ id, name: "t", mode: "annotation", labels: [], size: 1,
 *   startFrame: 0, stopFrame: 0, frames: [{ name: "a.jpg", width: 1, height: 1 }] });
 * const empty = { tags: [], shapes: [], tracks: [] };
 * const plan = flatProjectPlan({ project: { name: "p", labels: [] }, tasks: [
 *   { task: task(1), subset: "train", annotations: empty },
 *   { task: task(2), subset: "val", annotations: empty }] });
 * deepEqual(plan.tasks.map((t) => [t.subset, t.view.frames[0].name]),
 *   [["train", "a.jpg"], ["val", "a_1.jpg"]]);
 * ```
 */
export function flatProjectPlan(input: ProjectExportInput): ProjectPlan {
  const plan = planProject(input);
  const mangle = nameMangler();
  for (const planned of plan.tasks) {
    planned.view.frames = planned.view.frames.map((frame) => ({
      ...frame,
      name: mangle(frame.name, ""),
    }));
  }
  return plan;
}
