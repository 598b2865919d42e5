/**
 * The image entries of a project export "with images": `images/<subset>/<name>` for every
 * exported frame of every task that has images, task by task in CVAT's order (formats.md
 * §4.1, §10), with the names the plan gives (mangled; video frames `frame_NNNNNN` + the
 * image's extension).
 *
 * @module
 */

import { imageEntries } from "./cvat_codecs.ts";
import type { ProjectPlan } from "./project_plan.ts";
import type { ZipEntry } from "./zip_writer.ts";

/**
 * The `images/<subset>/...` entries of a project export; one frame's bytes at a time.
 *
 * @example
 * ```ts
 * import { deepEqual } from "node:assert/strict";
 * import { projectImageEntries } from "./project_images.ts";
 * import { planProject } from "./project_plan.ts";
 * const task = (id: number) => ({ id, name: "t", mode: "annotation", labels: [], size: 1,
 *   startFrame: 0, stopFrame: 0, frames: [{ name: "a.jpg", width: 1, height: 1 }] });
 * const images = () => Promise.resolve(new Uint8Array([0xff, 0xd8]));
 * const empty = { tags: [], shapes: [], tracks: [] };
 * const plan = planProject({ project: { name: "p", labels: [] }, tasks: [
 *   { task: task(1), subset: "", annotations: empty, images },
 *   { task: task(2), subset: "", annotations: empty, images }] });
 * const names = [];
 * for await (const entry of projectImageEntries(plan)) names.push(entry.name);
 * deepEqual(names, ["images/default/a.jpg", "images/default/a_1.jpg"]);
 * ```
 */
export async function* projectImageEntries(plan: ProjectPlan): AsyncGenerator<ZipEntry> {
  for (const planned of plan.tasks) {
    const { images } = planned.source;
    if (!images) continue;
    yield* imageEntries({ task: planned.view, images }, `images/${planned.subset}`);
  }
}
