/**
 * A synthetic dataset-format workload: a task of `frames` frames and `tracks` rectangle tracks
 * spanning every frame with a keyframe every `keyframeStep` frames (1,000 × 1,000 = 1,000,000
 * per-frame rectangles in "CVAT for images"), plus a few plain shapes and tags. Deterministic:
 * positions come from integer arithmetic only. For `bench/formats_bench.ts` and the export /
 * import measurements in bench/README.md.
 *
 * @module
 */

import type { LabeledData, WireTrack } from "../lib/core/wire_types.ts";
import type { FormatTask } from "../lib/formats/types.ts";

/** Options of {@linkcode formatsWorkload}. */
export interface FormatsWorkloadOptions {
  /** Frames of the task; default 1000. */
  frames?: number;
  /** Rectangle tracks, each from frame 0 to the last frame; default 1000. */
  tracks?: number;
  /** Frames between keyframes; default 10. */
  keyframeStep?: number;
}

/** The task and its annotations. */
export interface FormatsWorkload {
  task: FormatTask;
  annotations: LabeledData;
}

function track(index: number, frames: number, step: number): WireTrack {
  const shapes = [];
  for (let frame = 0; frame < frames; frame += step) {
    const x = (index * 37 + frame * 3) % 1800;
    const y = (index * 53 + frame * 2) % 1000;
    shapes.push({
      type: "rectangle" as const,
      frame,
      occluded: (frame / step + index) % 7 === 0,
      outside: false,
      z_order: index % 4,
      rotation: 0,
      points: [x, y, x + 40 + (index % 50), y + 30 + (index % 40)],
      attributes: [{ spec_id: 2, value: String((frame + index) % 100) }],
    });
  }
  return {
    frame: 0,
    label_id: index % 2 === 0 ? 1 : 3,
    group: 0,
    source: "manual",
    attributes: [{ spec_id: 1, value: index % 3 === 0 ? "sedan" : "van" }],
    shapes,
    elements: [],
  };
}

/**
 * Builds the workload.
 *
 * @example
 * ```ts
 * import { equal } from "node:assert/strict";
 * import { formatsWorkload } from "./formats_workload.ts";
 * const { task, annotations } = formatsWorkload({ frames: 20, tracks: 3, keyframeStep: 10 });
 * equal(task.frames.length, 20);
 * equal(annotations.tracks.length, 3);
 * equal(annotations.tracks[0].shapes.length, 2);
 * ```
 */
export function formatsWorkload(options: FormatsWorkloadOptions = {}): FormatsWorkload {
  const frames = options.frames ?? 1000;
  const count = options.tracks ?? 1000;
  const step = options.keyframeStep ?? 10;
  const task: FormatTask = {
    id: 1,
    name: "formats workload",
    mode: "annotation",
    size: frames,
    startFrame: 0,
    stopFrame: frames - 1,
    frameFilter: "",
    labels: [
      {
        id: 1,
        name: "car",
        color: "#fa3253",
        type: "rectangle",
        attributes: [
          {
            id: 1,
            name: "model",
            mutable: false,
            input_type: "select",
            default_value: "sedan",
            values: ["sedan", "van"],
          },
          {
            id: 2,
            name: "speed",
            mutable: true,
            input_type: "number",
            default_value: "0",
            values: ["0", "100", "1"],
          },
        ],
      },
      { id: 3, name: "truck", color: "#33ddff", type: "rectangle", attributes: [] },
    ],
    frames: Array.from({ length: frames }, (_, i) => ({
      name: `images/frame_${String(i).padStart(6, "0")}.jpg`,
      width: 1920,
      height: 1080,
    })),
  };
  const tracks = Array.from({ length: count }, (_, i) => track(i, frames, step));
  // track attributes only belong to "car"
  for (const t of tracks) {
    if (t.label_id !== 1) t.attributes = [], t.shapes.forEach((s) => (s.attributes = []));
  }
  const shapes = Array.from({ length: Math.min(frames, 100) }, (_, i) => ({
    type: "polygon" as const,
    frame: i,
    label_id: 3,
    group: 0,
    source: "auto",
    occluded: false,
    outside: false,
    z_order: 5,
    rotation: 0,
    points: [10, 10, 100, 10, 100, 100],
    attributes: [],
    elements: [],
  }));
  const tags = Array.from({ length: Math.min(frames, 100) }, (_, i) => ({
    frame: i,
    label_id: 3,
    group: 0,
    source: "manual",
    attributes: [],
  }));
  return { task, annotations: { version: 0, tags, shapes, tracks } };
}
