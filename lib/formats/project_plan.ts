/**
 * How a project export lays its tasks out (formats.md §3.1): tasks in CVAT's order (by stored
 * subset, then id); each task's subset with "" written as "default" (or "default_1", ... when a
 * real subset is called "default"); frame numbers offset per task within a subset (the offset
 * grows by `start_frame + step * size` of each earlier task of the subset); duplicate image
 * names inside a subset mangled to `name_1.ext`, `name_2.ext`, ...; video frames named
 * `frame_NNNNNN` after their offset number. Each task is described by a "view": a
 * {@linkcode FormatTask} with the project's labels, the offset `startFrame` and the written
 * frame names, so the per-task writers work on it unchanged.
 *
 * Deliberate difference: a mangled name is remembered too, so a later image really called
 * `name_1.ext` becomes `name_1_1.ext` instead of colliding with it.
 *
 * @module
 */

import type { LabeledData } from "../core/wire_types.ts";
import { frameStep } from "./task_frames.ts";
import type { FormatTask, ProjectExportInput, ProjectExportTask } from "./types.ts";

/** One task of the plan. */
export interface PlannedTask {
  /** The input entry. */
  source: ProjectExportTask;
  /** The task as written (see the module doc); `meta` is the original task's. */
  view: FormatTask;
  /** The subset as written ("default" for ""). */
  subset: string;
  /** The frame offset of the task within its subset. */
  offset: number;
}

/** The layout of a project export. */
export interface ProjectPlan {
  /** Tasks in CVAT's order: grouped by stored subset (sorted), input (id) order inside. */
  tasks: PlannedTask[];
  /** Tasks in input (id) order. */
  inputOrder: PlannedTask[];
  /** The written subsets in the order of `tasks`, each with its tasks. */
  subsets: { name: string; tasks: PlannedTask[] }[];
}

/**
 * The subset a task's stored subset is written as (CVAT's `get_defaulted_subset`).
 *
 * @example
 * ```ts
 * import { equal } from "node:assert/strict";
 * import { defaultedSubset } from "./project_plan.ts";
 * equal(defaultedSubset("", ["", "train"]), "default");
 * equal(defaultedSubset("", ["", "default"]), "default_1");
 * equal(defaultedSubset("train", ["train"]), "train");
 * ```
 */
export function defaultedSubset(subset: string, subsets: readonly string[]): string {
  if (subset) return subset;
  if (!subsets.includes("default")) return "default";
  let i = 1;
  while (subsets.includes(`default_${i}`)) i++;
  return `default_${i}`;
}

/**
 * A name mangler for one export: the first `a.jpg` of a subset keeps its name, the next ones
 * become `a_1.jpg`, `a_2.jpg`, ... (the stem is what must be unique: `a.png` after `a.jpg`
 * becomes `a_1.png`).
 *
 * @example
 * ```ts
 * import { deepEqual } from "node:assert/strict";
 * import { nameMangler } from "./project_plan.ts";
 * const mangle = nameMangler();
 * deepEqual(["a.jpg", "a.jpg", "a.png", "a.jpg"].map((n) => mangle(n, "train")),
 *   ["a.jpg", "a_1.jpg", "a_2.png", "a_3.jpg"]);
 * deepEqual(mangle("a.jpg", "val"), "a.jpg");
 * ```
 */
export function nameMangler(): (path: string, subset: string) => string {
  const counts = new Map<string, number>();
  const key = (subset: string, stem: string) => `${subset}\u0000${stem}`;
  return (path, subset) => {
    const slash = path.lastIndexOf("/");
    const dot = path.lastIndexOf(".");
    const split = dot > slash + 1 ? dot : path.length;
    const stem = path.slice(0, split);
    const ext = path.slice(split);
    const seen = counts.get(key(subset, stem)) ?? 0;
    counts.set(key(subset, stem), seen + 1);
    if (!seen) return path;
    let candidate = `${stem}_${seen}`;
    if (counts.get(key(subset, candidate))) {
      let i = 1;
      while (counts.get(key(subset, `${candidate}_${i}`))) i++;
      candidate = `${candidate}_${i}`;
    }
    counts.set(key(subset, candidate), 1);
    return candidate + ext;
  };
}

function viewOf(
  entry: ProjectExportTask,
  labels: FormatTask["labels"],
  at: { subset: string; offset: number },
  mangle: (path: string, subset: string) => string,
): FormatTask {
  const { task } = entry;
  const startFrame = task.startFrame + at.offset;
  const step = frameStep(task);
  const video = task.meta?.source !== undefined;
  const frames = task.frames.map((frame, i) => ({
    ...frame,
    name: video
      ? `frame_${String(startFrame + i * step).padStart(6, "0")}`
      : mangle(frame.name, at.subset),
  }));
  return { ...task, labels, startFrame, stopFrame: task.stopFrame + at.offset, frames };
}

/**
 * The layout of a project export (see the module doc).
 *
 * @example
 * ```ts
 * import { deepEqual } from "node:assert/strict";
 * import { planProject } from "./project_plan.ts";
 * const task = (id: number) => ({ id, name: `t${id}`, mode: "annotation", labels: [], size: 2,
 *   startFrame: 0, stopFrame: 1, frames: [{ name: "a.jpg", width: 1, height: 1 },
 *   { name: "b.jpg", width: 1, height: 1 }] });
 * const empty = { tags: [], shapes: [], tracks: [] };
 * const plan = planProject({ project: { name: "p", labels: [] }, tasks: [
 *   { task: task(1), subset: "train", annotations: empty },
 *   { task: task(2), subset: "", annotations: empty },
 *   { task: task(3), subset: "train", annotations: empty }] });
 * deepEqual(plan.tasks.map((t) => [t.view.id, t.subset, t.offset]),
 *   [[2, "default", 0], [1, "train", 0], [3, "train", 2]]);
 * deepEqual(plan.tasks[2].view.frames.map((f) => f.name), ["a_1.jpg", "b_1.jpg"]);
 * ```
 */
export function planProject(input: ProjectExportInput): ProjectPlan {
  const stored = [...new Set(input.tasks.map((entry) => entry.subset))];
  const order = input.tasks.map((entry, i) => ({ entry, i }))
    .sort((a, b) =>
      a.entry.subset < b.entry.subset ? -1 : a.entry.subset > b.entry.subset ? 1 : a.i - b.i
    );
  const mangle = nameMangler();
  const planned = new Array<PlannedTask>(input.tasks.length);
  const subsets: ProjectPlan["subsets"] = [];
  let offset = 0;
  let current: string | null = null;
  for (const { entry, i } of order) {
    const subset = defaultedSubset(entry.subset, stored);
    if (entry.subset !== current) {
      current = entry.subset;
      offset = 0;
      subsets.push({ name: subset, tasks: [] });
    }
    const view = viewOf(entry, input.project.labels, { subset, offset }, mangle);
    planned[i] = { source: entry, view, subset, offset };
    subsets[subsets.length - 1].tasks.push(planned[i]);
    offset += entry.task.startFrame + frameStep(entry.task) * entry.task.size;
  }
  return { tasks: order.map(({ i }) => planned[i]), inputOrder: planned, subsets };
}

/**
 * A task's annotations: the given data, or what its loader reads now.
 *
 * @example
 * ```ts
 * import { equal } from "node:assert/strict";
 * import { loadTaskAnnotations } from "./project_plan.ts";
 * const data = { tags: [], shapes: [], tracks: [] };
 * equal(await loadTaskAnnotations({ annotations: () => Promise.resolve(data) } as never), data);
 * ```
 */
export function loadTaskAnnotations(entry: ProjectExportTask): Promise<LabeledData> {
  const { annotations } = entry;
  return typeof annotations === "function" ? annotations() : Promise.resolve(annotations);
}
