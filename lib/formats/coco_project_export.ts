/**
 * COCO project exports (formats.md §6.1): one document per subset,
 * `annotations/<prefix>_<subset>.json` (`instances_` or `person_keypoints_`), each with the
 * project's categories, the images of the subset's tasks (ids 1..N over the subset, in task
 * order) and their annotations (ids 1..M over the subset); with images,
 * `images/<subset>/<name>`. Documents are streamed and only one task's annotations are in
 * memory at a time. A project without tasks exports no document.
 *
 * @module
 */

import {
  COCO_MIDDLE,
  COCO_TAIL,
  cocoAnnotationTexts,
  type CocoCounters,
  type CocoFlavour,
  cocoHead,
  cocoImageTexts,
} from "./coco_export.ts";
import { projectImageEntries } from "./project_images.ts";
import { loadTaskAnnotations, type PlannedTask, planProject } from "./project_plan.ts";
import type { FormatTask, ProjectExportInput } from "./types.ts";
import { textChunker } from "./xml_text.ts";
import { type ZipEntry, zipStream } from "./zip_writer.ts";

/**
 * The chunks of one subset's COCO document.
 *
 * @example
 * ```ts
 * import { equal } from "node:assert/strict";
 * import { cocoSubsetJson } from "./coco_project_export.ts";
 * import { planProject } from "./project_plan.ts";
 * const task = (id: number) => ({ id, name: "t", mode: "annotation", labels: [], size: 1,
 *   startFrame: 0, stopFrame: 0, frames: [{ name: "a.jpg", width: 1, height: 1 }] });
 * const empty = { tags: [], shapes: [], tracks: [] };
 * const plan = planProject({ project: { name: "p", labels: [] }, tasks: [
 *   { task: task(1), subset: "", annotations: empty },
 *   { task: task(2), subset: "", annotations: empty }] });
 * let text = "";
 * const flavour = { categories: [], annotations: () => [{}] };
 * for await (const part of cocoSubsetJson(plan.subsets[0].tasks, flavour)) {
 *   text += new TextDecoder().decode(part);
 * }
 * const json = JSON.parse(text);
 * equal(json.images[1].file_name, "a_1.jpg");
 * equal(json.annotations[1].image_id, 2);
 * ```
 */
export async function* cocoSubsetJson(
  tasks: readonly PlannedTask[],
  flavour: CocoFlavour,
): AsyncGenerator<Uint8Array> {
  const chunker = textChunker();
  const counters: CocoCounters = { imageId: 0, annotationId: 0 };
  let chunk = chunker.push(cocoHead(flavour));
  if (chunk) yield chunk;
  for (const planned of tasks) {
    for (const text of cocoImageTexts(planned.view, counters)) {
      chunk = chunker.push(text);
      if (chunk) yield chunk;
    }
  }
  chunk = chunker.push(COCO_MIDDLE);
  if (chunk) yield chunk;
  counters.imageId = 0;
  for (const planned of tasks) {
    const annotations = await loadTaskAnnotations(planned.source);
    for (const text of cocoAnnotationTexts(planned.view, annotations, flavour, counters)) {
      chunk = chunker.push(text);
      if (chunk) yield chunk;
    }
  }
  chunker.push(COCO_TAIL);
  const last = chunker.flush();
  if (last) yield last;
}

/**
 * A COCO project exporter: `prefix` names the documents, `flavour` makes each one's
 * categories and annotations from the project's labels.
 *
 * @example
 * ```ts
 * import { cocoProjectExporter } from "./coco_project_export.ts";
 * import { instancesFlavour } from "./coco_instances_flavour.ts";
 * const exportProject = cocoProjectExporter("instances", instancesFlavour);
 * await exportProject({ project: { name: "p", labels: [] }, tasks: [] }).cancel();
 * ```
 */
export function cocoProjectExporter(
  prefix: string,
  flavour: (task: Pick<FormatTask, "labels">) => CocoFlavour,
): (input: ProjectExportInput) => ReadableStream<Uint8Array> {
  return (input) => {
    const plan = planProject(input);
    async function* entries(): AsyncGenerator<ZipEntry> {
      for (const subset of plan.subsets) {
        yield {
          name: `annotations/${prefix}_${subset.name}.json`,
          data: () => cocoSubsetJson(subset.tasks, flavour(input.project)),
        };
      }
      yield* projectImageEntries(plan);
    }
    return zipStream(entries(), { modified: input.now });
  };
}
