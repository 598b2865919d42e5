/**
 * CVAT XML 1.1 project exports (formats.md §4): `annotations.xml` with the project `<meta>`
 * and, with images, `images/<subset>/<name>`.
 * - "CVAT for images 1.1": one `<image>` per exported frame of every task (tasks in id order),
 *   with `subset` and `task_id` between `name` and `width`; `id` = the offset frame number.
 * - "CVAT for video 1.1": the tracks of every task, then every task's standalone shapes as
 *   one-frame tracks (tasks in CVAT's order), with `task_id` and `subset` after `source`; ids
 *   run over the whole project. Tags are not exported.
 *
 * Only one task's annotations are in memory at a time (the video flavour reads each task
 * twice: once for its tracks, once for its shapes).
 *
 * Deliberate difference: CVAT compares a standalone shape's offset frame with the task's own
 * stop frame when it decides on the closing `outside` keyframe (so shapes of a later task of a
 * subset never close); here the comparison is within the task, as for task exports.
 *
 * @module
 */

import { imageXml, XML_HEAD, XML_TAIL } from "./cvat_images_export.ts";
import { shapeTracks, trackXml, videoContext } from "./cvat_video_export.ts";
import { projectMetaXml } from "./cvat_xml_project_meta.ts";
import { frameItems } from "./items.ts";
import { labelLookup } from "./label_lookup.ts";
import { projectImageEntries } from "./project_images.ts";
import {
  loadTaskAnnotations,
  type PlannedTask,
  planProject,
  type ProjectPlan,
} from "./project_plan.ts";
import type { ProjectExportInput } from "./types.ts";
import { quoteAttribute, textChunker } from "./xml_text.ts";
import { type ZipEntry, zipStream } from "./zip_writer.ts";

type Body = (input: ProjectExportInput, plan: ProjectPlan) => AsyncIterable<Uint8Array>;

/**
 * The chunks of a project's `annotations.xml` in the "for images" flavour.
 *
 * @example
 * ```ts
 * import { ok } from "node:assert/strict";
 * import { cvatImagesProjectXml } from "./cvat_project_export.ts";
 * import { planProject } from "./project_plan.ts";
 * const input = { project: { id: 1, name: "p", labels: [] }, tasks: [{ subset: "train",
 *   task: { id: 4, name: "t", mode: "annotation", labels: [], size: 1, startFrame: 0,
 *     stopFrame: 0, frames: [{ name: "a.jpg", width: 2, height: 1 }] },
 *   annotations: { tags: [], shapes: [], tracks: [] } }] };
 * let xml = "";
 * for await (const part of cvatImagesProjectXml(input, planProject(input))) {
 *   xml += new TextDecoder().decode(part);
 * }
 * ok(xml.includes('<image id="0" name="a.jpg" subset="train" task_id="4" width="2"'));
 * ```
 */
export async function* cvatImagesProjectXml(
  input: ProjectExportInput,
  plan: ProjectPlan,
): AsyncGenerator<Uint8Array> {
  const lookup = labelLookup(input.project.labels);
  const chunker = textChunker();
  let chunk = chunker.push(XML_HEAD + projectMetaXml(input, plan, input.now ?? new Date()));
  if (chunk) yield chunk;
  for (const planned of plan.inputOrder) {
    const annotations = await loadTaskAnnotations(planned.source);
    const extra = ` subset=${quoteAttribute(planned.subset)} task_id="${planned.view.id ?? ""}"`;
    for (const item of frameItems(planned.view, annotations)) {
      chunk = chunker.push(imageXml(item, lookup, extra));
      if (chunk) yield chunk;
    }
  }
  chunker.push(XML_TAIL);
  const last = chunker.flush();
  if (last) yield last;
}

function trackExtra(planned: PlannedTask): string {
  return ` task_id="${planned.view.id ?? ""}" subset=${quoteAttribute(planned.subset)}`;
}

/**
 * The chunks of a project's `annotations.xml` in the "for video" flavour.
 *
 * @example
 * ```ts
 * import { ok } from "node:assert/strict";
 * import { cvatVideoProjectXml } from "./cvat_project_export.ts";
 * import { planProject } from "./project_plan.ts";
 * const box = { type: "rectangle" as const, frame: 0, label_id: 1, group: 0, source: "manual",
 *   occluded: false, outside: false, z_order: 0, rotation: 0, points: [0, 0, 1, 1],
 *   attributes: [] };
 * const input = { project: { id: 1, name: "p", labels: [{ id: 1, name: "car" }] }, tasks: [{
 *   subset: "", task: { id: 4, name: "t", mode: "annotation", labels: [], size: 3,
 *     startFrame: 0, stopFrame: 2, frames: [] },
 *   annotations: { tags: [], shapes: [box], tracks: [] } }] };
 * let xml = "";
 * for await (const part of cvatVideoProjectXml(input, planProject(input))) {
 *   xml += new TextDecoder().decode(part);
 * }
 * ok(xml.includes('<track id="0" label="car" source="manual" task_id="4" subset="default">'));
 * ```
 */
export async function* cvatVideoProjectXml(
  input: ProjectExportInput,
  plan: ProjectPlan,
): AsyncGenerator<Uint8Array> {
  const lookup = labelLookup(input.project.labels);
  const chunker = textChunker();
  let chunk = chunker.push(XML_HEAD + projectMetaXml(input, plan, input.now ?? new Date()));
  if (chunk) yield chunk;
  let id = 0;
  for (const pass of ["tracks", "shapes"] as const) {
    for (const planned of plan.tasks) {
      const annotations = await loadTaskAnnotations(planned.source);
      const context = videoContext(planned.view, lookup);
      const tracks = pass === "tracks"
        ? annotations.tracks
        : shapeTracks(annotations.shapes, context);
      for (const track of tracks) {
        chunk = chunker.push(trackXml(track, id++, context, trackExtra(planned)));
        if (chunk) yield chunk;
      }
    }
  }
  chunker.push(XML_TAIL);
  const last = chunker.flush();
  if (last) yield last;
}

/**
 * A CVAT XML project exporter for a flavour's body.
 *
 * @example
 * ```ts
 * import { cvatImagesProjectXml, cvatProjectExporter } from "./cvat_project_export.ts";
 * const exportProject = cvatProjectExporter(cvatImagesProjectXml);
 * const zip = exportProject({ project: { name: "p", labels: [] }, tasks: [] });
 * await zip.cancel();
 * ```
 */
export function cvatProjectExporter(
  body: Body,
): (input: ProjectExportInput) => ReadableStream<Uint8Array> {
  return (input) => {
    const plan = planProject(input);
    async function* entries(): AsyncGenerator<ZipEntry> {
      yield { name: "annotations.xml", data: () => body(input, plan) };
      yield* projectImageEntries(plan);
    }
    return zipStream(entries(), { modified: input.now });
  };
}
