/**
 * "YOLO 1.1" project exports (formats.md §7.1): one Darknet subset per project subset, the
 * written subset `default` as `train` (kept as `default` when the project also has a real
 * `train` subset, where Datumaro would overwrite one with the other), each with
 * `obj_<subset>_data/` (label files, images) and `<subset>.txt`; `obj.data` lists every subset's
 * list (`<subset> = data/<subset>.txt`) in the plan's order. `backup`, `classes` and `names` are
 * reserved words (`obj.data` keys) and cannot be subsets: such an export fails before anything is
 * written. One task's annotations are read at a time.
 *
 * @module
 */

import { DataError } from "../core/errors.ts";
import { labelLookup } from "./label_lookup.ts";
import {
  loadTaskAnnotations,
  type PlannedTask,
  planProject,
  type ProjectPlan,
} from "./project_plan.ts";
import type { ProjectExportInput } from "./types.ts";
import { darknetClasses, darknetLines } from "./yolo_export.ts";
import { frameEntries, listChunks, type SubsetLayout, type WrittenFrames } from "./yolo_frames.ts";
import { type ZipEntry, zipStream } from "./zip_writer.ts";

const encoder = new TextEncoder();

/**
 * The YOLO name of each written subset (`default` → `train` unless `train` exists), in plan
 * order.
 *
 * @throws {DataError} When a subset is one of the `reserved` words.
 * @example
 * ```ts
 * import { deepEqual, throws } from "node:assert/strict";
 * import { yoloSubsetNames } from "./yolo_project_export.ts";
 * const plan = (...names: string[]) => ({ subsets: names.map((name) => ({ name, tasks: [] })) });
 * deepEqual(yoloSubsetNames(plan("default", "val") as never, []), ["train", "val"]);
 * deepEqual(yoloSubsetNames(plan("default", "train") as never, []), ["default", "train"]);
 * throws(() => yoloSubsetNames(plan("names") as never, ["names"]), /reserved/);
 * ```
 */
export function yoloSubsetNames(
  plan: Pick<ProjectPlan, "subsets">,
  reserved: readonly string[],
  format = "YOLO",
): string[] {
  const written = plan.subsets.map((subset) => subset.name);
  return written.map((name) => {
    if (reserved.includes(name)) {
      throw new DataError(`Can't export the subset "${name}" in ${format}: the word is reserved`);
    }
    return name === "default" && !written.includes("train") ? "train" : name;
  });
}

/**
 * The label files, images and list of one project subset, task by task (one task's
 * annotations in memory at a time); the list is written last.
 *
 * @example
 * ```ts
 * import { deepEqual } from "node:assert/strict";
 * import { projectSubsetEntries } from "./yolo_project_export.ts";
 * import { planProject } from "./project_plan.ts";
 * const task = (id: number) => ({ id, name: "t", mode: "annotation", labels: [], size: 1,
 *   startFrame: 0, stopFrame: 0, frames: [{ name: "a.jpg", width: 1, height: 1 }] });
 * const empty = { tags: [], shapes: [], tracks: [] };
 * const plan = planProject({ project: { name: "p", labels: [] }, tasks: [
 *   { task: task(1), subset: "", annotations: empty },
 *   { task: task(2), subset: "", annotations: empty }] });
 * const layout = { labelPath: (id: string) => `l/${id}.txt`, imagePath: (n: string) => n,
 *   listPath: "list.txt", listLine: (n: string) => n, lines: () => [], writeEmpty: true };
 * const names = [];
 * for await (const e of projectSubsetEntries(plan.subsets[0].tasks, layout)) names.push(e.name);
 * deepEqual(names, ["l/a.txt", "l/a_1.txt", "list.txt"]);
 * ```
 */
export async function* projectSubsetEntries(
  tasks: readonly PlannedTask[],
  layout: SubsetLayout,
): AsyncGenerator<ZipEntry> {
  const written: WrittenFrames[] = [];
  for (const planned of tasks) {
    const task = planned.view;
    const frames = { task, codes: new Uint8Array(task.size) };
    const annotations = await loadTaskAnnotations(planned.source);
    yield* frameEntries({ task, annotations, images: planned.source.images }, layout, frames);
    written.push(frames);
  }
  yield { name: layout.listPath, data: () => listChunks(written, layout) };
}

async function* darknetProjectEntries(
  input: ProjectExportInput,
  plan: ProjectPlan,
  names: string[],
): AsyncGenerator<ZipEntry> {
  const lookup = labelLookup(input.project.labels);
  const lists = names.map((name) => `${name} = data/${name}.txt\n`).join("");
  const data = `classes = ${lookup.ordered.length}\n${lists}names = data/obj.names\n` +
    "backup = backup/\n";
  yield { name: "obj.data", data: () => [encoder.encode(data)] };
  const labelNames = lookup.ordered.map((label) => label.name + "\n").join("");
  yield { name: "obj.names", data: () => [encoder.encode(labelNames)] };
  const classes = darknetClasses(lookup);
  for (const [i, subset] of plan.subsets.entries()) {
    const dir = `obj_${names[i]}_data`;
    yield* projectSubsetEntries(subset.tasks, {
      labelPath: (id) => `${dir}/${id}.txt`,
      imagePath: (name) => `${dir}/${name}`,
      listPath: `${names[i]}.txt`,
      listLine: (name) => `data/${dir}/${name}`,
      lines: (item) => darknetLines(item, classes),
      writeEmpty: true,
    });
  }
}

/**
 * Writes a "YOLO 1.1" project export as a zip stream.
 *
 * @throws {DataError} When a subset name is reserved (`backup`, `classes`, `names`).
 * @example
 * ```ts
 * import { yoloProjectExport } from "./yolo_project_export.ts";
 * await yoloProjectExport({ project: { name: "p", labels: [] }, tasks: [] }).cancel();
 * ```
 */
export function yoloProjectExport(input: ProjectExportInput): ReadableStream<Uint8Array> {
  const plan = planProject(input);
  const names = yoloSubsetNames(plan, ["backup", "classes", "names"]);
  return zipStream(darknetProjectEntries(input, plan, names), { modified: input.now });
}
