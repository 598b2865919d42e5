/**
 * "LabelMe 3.0" project exports (formats.md §12): one folder per project subset,
 * `<subset>/<item id>.xml` with its masks in `<subset>/Masks/` and, with images,
 * `<subset>/<name>` (names unique inside a subset, project_plan.ts). One task's annotations
 * are read at a time.
 *
 * @module
 */

import { labelMeEntries } from "./labelme_export.ts";
import { loadTaskAnnotations, planProject } from "./project_plan.ts";
import type { ProjectExportInput } from "./types.ts";
import { type ZipEntry, zipStream } from "./zip_writer.ts";

async function* entries(input: ProjectExportInput): AsyncGenerator<ZipEntry> {
  const plan = planProject(input);
  for (const planned of plan.tasks) {
    const annotations = await loadTaskAnnotations(planned.source);
    const task = planned.view;
    yield* labelMeEntries({ task, annotations, images: planned.source.images }, planned.subset);
  }
}

/**
 * Writes a "LabelMe 3.0" project export as a zip stream.
 *
 * @example
 * ```ts
 * import { labelMeProjectExport } from "./labelme_project_export.ts";
 * await labelMeProjectExport({ project: { name: "p", labels: [] }, tasks: [] }).cancel();
 * ```
 */
export function labelMeProjectExport(input: ProjectExportInput): ReadableStream<Uint8Array> {
  return zipStream(entries(input), { modified: input.now });
}
