/**
 * Project exports of the VOC layout (formats.md §8, §9): the item folders are shared by every
 * subset (`Annotations/`, `SegmentationClass/`, `SegmentationObject/`, `JPEGImages/`), with
 * names unique across the project (project_flat.ts), and each subset has its own `ImageSets`
 * lists: "PASCAL VOC 1.1" `ImageSets/Main/<subset>.txt` (plus `<label>_<subset>.txt` when the
 * subset has tags, `Segmentation`, `Action` and `Layout` lists as for a task), "Segmentation
 * mask 1.1" `ImageSets/Segmentation/<subset>.txt`. One `labelmap.txt` from the project's
 * labels. One task's annotations are read at a time; a subset's lists are written after its
 * tasks.
 *
 * @module
 */

import { imageEntries } from "./cvat_codecs.ts";
import { flatProjectPlan } from "./project_flat.ts";
import { loadTaskAnnotations, type ProjectPlan } from "./project_plan.ts";
import { maskFrameEntries } from "./segmentation_mask_export.ts";
import type { ProjectExportInput } from "./types.ts";
import { textEntry, vocFrameEntries, vocListEntries, vocLists } from "./voc_export.ts";
import { labelMapText, maskExportLabelMap, vocExportLabelMap } from "./voc_labelmap.ts";
import { type ZipEntry, zipStream } from "./zip_writer.ts";

async function* images(plan: ProjectPlan): AsyncGenerator<ZipEntry> {
  for (const planned of plan.tasks) {
    yield* imageEntries({ task: planned.view, images: planned.source.images }, "JPEGImages");
  }
}

async function* vocProjectEntries(input: ProjectExportInput): AsyncGenerator<ZipEntry> {
  const plan = flatProjectPlan(input);
  const map = vocExportLabelMap(input.project);
  yield textEntry("labelmap.txt", labelMapText(map));
  for (const subset of plan.subsets) {
    const lists = vocLists();
    for (const planned of subset.tasks) {
      const annotations = await loadTaskAnnotations(planned.source);
      yield* vocFrameEntries(planned.view, annotations, map, lists);
    }
    yield* vocListEntries(lists, map, subset.name);
  }
  yield* images(plan);
}

async function* maskProjectEntries(input: ProjectExportInput): AsyncGenerator<ZipEntry> {
  const plan = flatProjectPlan(input);
  const map = maskExportLabelMap(input.project);
  yield textEntry("labelmap.txt", labelMapText(map));
  for (const subset of plan.subsets) {
    const listed: string[] = [];
    for (const planned of subset.tasks) {
      const annotations = await loadTaskAnnotations(planned.source);
      yield* maskFrameEntries(planned.view, annotations, map, listed);
    }
    if (listed.length) {
      const text = listed.map((id) => `${id}\n`).join("");
      yield textEntry(`ImageSets/Segmentation/${subset.name}.txt`, text);
    }
  }
  yield* images(plan);
}

/**
 * Writes a "PASCAL VOC 1.1" project export as a zip stream.
 *
 * @example
 * ```ts
 * import { vocProjectExport } from "./voc_project_export.ts";
 * await vocProjectExport({ project: { name: "p", labels: [] }, tasks: [] }).cancel();
 * ```
 */
export function vocProjectExport(input: ProjectExportInput): ReadableStream<Uint8Array> {
  return zipStream(vocProjectEntries(input), { modified: input.now });
}

/**
 * Writes a "Segmentation mask 1.1" project export as a zip stream.
 *
 * @example
 * ```ts
 * import { maskProjectExport } from "./voc_project_export.ts";
 * await maskProjectExport({ project: { name: "p", labels: [] }, tasks: [] }).cancel();
 * ```
 */
export function maskProjectExport(input: ProjectExportInput): ReadableStream<Uint8Array> {
  return zipStream(maskProjectEntries(input), { modified: input.now });
}
