/**
 * "MOT 1.1" project exports (formats.md §11): MOT has no subsets, so — as CVAT, whose Datumaro
 * writer walks every item of every subset into one sequence — the whole project is one
 * sequence: `gt/gt.txt` with the items of every task in the plan's order (subsets sorted, tasks
 * by id), `frame` = the numeric item id or the item's 1-based position in the whole sequence;
 * `gt/labels.txt` from the project's labels; with images `img1/<item id><ext>`, names unique
 * across the project (project_flat.ts). Deliberate difference: each task's tracks are distinct
 * MOT tracks (CVAT keys them by the task-local track index, merging the first track of every
 * task into one). One task's annotations are read at a time.
 *
 * @module
 */

import { frameItems } from "./items.ts";
import { motImageEntries, motLabelsText, motRowWriter } from "./mot_export.ts";
import { flatProjectPlan } from "./project_flat.ts";
import { loadTaskAnnotations, type ProjectPlan } from "./project_plan.ts";
import type { ProjectExportInput } from "./types.ts";
import { textChunker } from "./xml_text.ts";
import { type ZipEntry, zipStream } from "./zip_writer.ts";

/**
 * The chunks of the project's `gt/gt.txt`, task by task.
 *
 * @example
 * ```ts
 * import { equal } from "node:assert/strict";
 * import { motProjectGtText } from "./mot_project_export.ts";
 * import { flatProjectPlan } from "./project_flat.ts";
 * const task = (id: number) => ({ id, name: "t", mode: "annotation", labels: [], size: 1,
 *   startFrame: 0, stopFrame: 0, frames: [{ name: "a.jpg", width: 9, height: 9 }] });
 * const box = { type: "rectangle" as const, frame: 0, label_id: 1, group: 0,
 *   source: "manual", occluded: false, outside: false, z_order: 0, rotation: 0,
 *   points: [0, 0, 1, 1], attributes: [] };
 * const data = { tags: [], shapes: [box], tracks: [] };
 * const labels = [{ id: 1, name: "car" }];
 * const plan = flatProjectPlan({ project: { name: "p", labels }, tasks: [
 *   { task: task(1), subset: "", annotations: data },
 *   { task: task(2), subset: "", annotations: data }] });
 * let text = "";
 * for await (const chunk of motProjectGtText(plan, labels)) text += new TextDecoder().decode(chunk);
 * equal(text, "1,-1,0.0,0.0,1.0,1.0,1,1,1.0\r\n2,-1,0.0,0.0,1.0,1.0,1,1,1.0\r\n");
 * ```
 */
export async function* motProjectGtText(
  plan: ProjectPlan,
  labels: ProjectExportInput["project"]["labels"],
): AsyncGenerator<Uint8Array> {
  const writer = motRowWriter(labels);
  const chunker = textChunker();
  for (const planned of plan.tasks) {
    const annotations = await loadTaskAnnotations(planned.source);
    writer.startTask();
    for (const item of frameItems(planned.view, annotations)) {
      const chunk = chunker.push(writer.rows(item));
      if (chunk) yield chunk;
    }
  }
  const last = chunker.flush();
  if (last) yield last;
}

async function* entries(input: ProjectExportInput): AsyncGenerator<ZipEntry> {
  const plan = flatProjectPlan(input);
  const { labels } = input.project;
  yield { name: "gt/gt.txt", data: () => motProjectGtText(plan, labels) };
  const names = new TextEncoder().encode(motLabelsText(labels));
  yield { name: "gt/labels.txt", data: () => [names] };
  for (const planned of plan.tasks) {
    yield* motImageEntries({ task: planned.view, images: planned.source.images });
  }
}

/**
 * Writes a "MOT 1.1" project export as a zip stream.
 *
 * @example
 * ```ts
 * import { motProjectExport } from "./mot_project_export.ts";
 * await motProjectExport({ project: { name: "p", labels: [] }, tasks: [] }).cancel();
 * ```
 */
export function motProjectExport(input: ProjectExportInput): ReadableStream<Uint8Array> {
  return zipStream(entries(input), { modified: input.now });
}
