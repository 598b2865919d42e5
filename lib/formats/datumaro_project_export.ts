/**
 * Datumaro 1.0 project exports (formats.md §10): one `annotations/<subset>.json` per subset
 * with the project's categories and the items of the subset's tasks (in task order; ids are
 * the plan's, possibly mangled, names without extension, `attr.frame` the offset frame
 * number); with images, `images/<subset>/<name>`. Streamed; one task's annotations at a time.
 * A project without tasks exports no document.
 *
 * @module
 */

import { datumaroContext, datumaroHead, datumaroItemText } from "./datumaro_export.ts";
import type { DatumaroContext } from "./datumaro_annotations.ts";
import { frameItems } from "./items.ts";
import { projectImageEntries } from "./project_images.ts";
import { loadTaskAnnotations, type PlannedTask, planProject } from "./project_plan.ts";
import type { ProjectExportInput } from "./types.ts";
import { textChunker } from "./xml_text.ts";
import { type ZipEntry, zipStream } from "./zip_writer.ts";

/**
 * The chunks of one subset's Datumaro document.
 *
 * @example
 * ```ts
 * import { deepEqual } from "node:assert/strict";
 * import { datumaroSubsetJson } from "./datumaro_project_export.ts";
 * import { datumaroContext } from "./datumaro_export.ts";
 * import { planProject } from "./project_plan.ts";
 * const task = (id: number) => ({ id, name: "t", mode: "annotation", labels: [], size: 1,
 *   startFrame: 0, stopFrame: 0, frames: [{ name: "a.jpg", width: 1, height: 1 }] });
 * const empty = { tags: [], shapes: [], tracks: [] };
 * const plan = planProject({ project: { name: "p", labels: [] }, tasks: [
 *   { task: task(1), subset: "", annotations: empty },
 *   { task: task(2), subset: "", annotations: empty }] });
 * let text = "";
 * for await (const part of datumaroSubsetJson(plan.subsets[0].tasks, datumaroContext([]))) {
 *   text += new TextDecoder().decode(part);
 * }
 * deepEqual(JSON.parse(text).items.map((i: { id: string }) => i.id), ["a", "a_1"]);
 * ```
 */
export async function* datumaroSubsetJson(
  tasks: readonly PlannedTask[],
  ctx: DatumaroContext,
): AsyncGenerator<Uint8Array> {
  const chunker = textChunker();
  let chunk = chunker.push(datumaroHead(ctx));
  if (chunk) yield chunk;
  let first = true;
  for (const planned of tasks) {
    const annotations = await loadTaskAnnotations(planned.source);
    for (const item of frameItems(planned.view, annotations)) {
      chunk = chunker.push((first ? "" : ",") + datumaroItemText(item, ctx));
      first = false;
      if (chunk) yield chunk;
    }
  }
  chunker.push("]}");
  const last = chunker.flush();
  if (last) yield last;
}

/**
 * Writes a Datumaro 1.0 project export as a zip stream.
 *
 * @example
 * ```ts
 * import { datumaroProjectExport } from "./datumaro_project_export.ts";
 * await datumaroProjectExport({ project: { name: "p", labels: [] }, tasks: [] }).cancel();
 * ```
 */
export function datumaroProjectExport(input: ProjectExportInput): ReadableStream<Uint8Array> {
  const plan = planProject(input);
  async function* entries(): AsyncGenerator<ZipEntry> {
    for (const subset of plan.subsets) {
      yield {
        name: `annotations/${subset.name}.json`,
        data: () => datumaroSubsetJson(subset.tasks, datumaroContext(input.project.labels)),
      };
    }
    yield* projectImageEntries(plan);
  }
  return zipStream(entries(), { modified: input.now });
}
