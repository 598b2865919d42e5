/**
 * "ImageNet 1.0" project exports (formats.md §13), in the two layouts of a task export:
 *
 * - without images: one list per project subset, `<subset>.txt` (lines as for a task, names
 *   unique inside the subset), and `synsets.txt` from the project's labels — the importer reads
 *   every list;
 * - with images: the label folders are shared by every subset (the layout has no subsets), so
 *   names are made unique across the project (project_flat.ts); `<label>/<name>`,
 *   `no_label/<name>`.
 *
 * One task's annotations are read at a time.
 *
 * @module
 */

import { imagenetImageEntries, imagenetLines } from "./imagenet_export.ts";
import { labelLookup } from "./label_lookup.ts";
import { flatProjectPlan } from "./project_flat.ts";
import { loadTaskAnnotations, type PlannedTask, planProject } from "./project_plan.ts";
import type { ProjectExportInput } from "./types.ts";
import { textChunker } from "./xml_text.ts";
import { type ZipEntry, zipStream } from "./zip_writer.ts";

async function* subsetList(
  tasks: readonly PlannedTask[],
  index: Map<number, number>,
): AsyncGenerator<Uint8Array> {
  const chunker = textChunker();
  for (const planned of tasks) {
    const annotations = await loadTaskAnnotations(planned.source);
    for (const line of imagenetLines(planned.view, annotations, index)) {
      const chunk = chunker.push(line);
      if (chunk) yield chunk;
    }
  }
  const last = chunker.flush();
  if (last) yield last;
}

async function* entries(input: ProjectExportInput): AsyncGenerator<ZipEntry> {
  const lookup = labelLookup(input.project.labels);
  const index = new Map(lookup.ordered.map((label, i) => [label.id, i]));
  const withImages = input.tasks.some((entry) => entry.images);
  if (!withImages) {
    for (const subset of planProject(input).subsets) {
      yield { name: `${subset.name}.txt`, data: () => subsetList(subset.tasks, index) };
    }
    const synsets = lookup.ordered.map((label) => `${label.name}\n`).join("");
    yield { name: "synsets.txt", data: () => [new TextEncoder().encode(synsets)] };
    return;
  }
  for (const planned of flatProjectPlan(input).tasks) {
    const { images } = planned.source;
    if (!images) continue;
    const annotations = await loadTaskAnnotations(planned.source);
    const task = planned.view;
    yield* imagenetImageEntries({ task, annotations, images }, lookup.ordered, index);
  }
}

/**
 * Writes an "ImageNet 1.0" project export as a zip stream.
 *
 * @example
 * ```ts
 * import { imagenetProjectExport } from "./imagenet_project_export.ts";
 * await imagenetProjectExport({ project: { name: "p", labels: [] }, tasks: [] }).cancel();
 * ```
 */
export function imagenetProjectExport(input: ProjectExportInput): ReadableStream<Uint8Array> {
  return zipStream(entries(input), { modified: input.now });
}
