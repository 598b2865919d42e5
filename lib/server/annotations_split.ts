/**
 * Task-level writes split by job range, as CVAT does: a tag or shape goes to every job whose
 * `[start_frame, stop_frame]` holds its frame (both jobs on an overlap frame, with the same
 * id); a track is cut at job borders, each piece keeping the track's id and the keyframes in
 * the job, plus a boundary keyframe at the job's first frame (the track's interpolated state
 * there, when it is visible and has no keyframe there) and at its last frame (when the track
 * has keyframes after the job and is visible there). An object on a frame of no job is a 400.
 *
 * @module
 */

import { badRequest } from "./errors.ts";
import { interpolateTrack } from "../core/wire_track.ts";
import type { LabeledData, WireTrack, WireTrackedShape } from "../core/wire_types.ts";

/** A job's frame range (task-relative, inclusive). */
export interface JobRange {
  id: number;
  start: number;
  stop: number;
}

/** Options of the track cut: the task's dimension (3D cuboids interpolate angles). */
export interface SliceOptions {
  dimension?: "2d" | "3d";
}

/**
 * The indexes of the jobs (sorted by start) whose range holds `frame`.
 *
 * @example
 * ```ts
 * import { deepStrictEqual } from "node:assert/strict";
 * import { jobsAt } from "./annotations_split.ts";
 * const jobs = [{ id: 1, start: 0, stop: 4 }, { id: 2, start: 3, stop: 7 }];
 * deepStrictEqual(jobsAt(jobs, 3), [0, 1]);
 * ```
 */
export function jobsAt(jobs: readonly JobRange[], frame: number): number[] {
  let low = 0;
  let high = jobs.length - 1;
  let last = -1;
  while (low <= high) {
    const mid = (low + high) >> 1;
    if (jobs[mid].start <= frame) {
      last = mid;
      low = mid + 1;
    } else high = mid - 1;
  }
  const out: number[] = [];
  for (let i = last; i >= 0 && jobs[i].stop >= frame; i--) out.unshift(i);
  return out;
}

function noJob(where: string, frame: number, jobs: readonly JobRange[]): never {
  const span = jobs.length === 0
    ? "the task has no jobs"
    : `its jobs cover frames ${jobs[0].start}-${jobs[jobs.length - 1].stop}`;
  throw badRequest([`The frame ${frame} of ${where} belongs to no job of the task (${span})`]);
}

function checkTrack(track: WireTrack, where: string, jobs: readonly JobRange[]): void {
  if (track.shapes.length === 0 && jobsAt(jobs, track.frame).length === 0) {
    noJob(where, track.frame, jobs);
  }
  track.shapes.forEach((shape, i) => {
    if (jobsAt(jobs, shape.frame).length === 0) noJob(`${where}.shapes[${i}]`, shape.frame, jobs);
  });
  (track.elements ?? []).forEach((e, i) => checkTrack(e, `${where}.elements[${i}]`, jobs));
}

/**
 * Throws a 400 (a plain list, as CVAT's validation errors) for the first object, keyframe or
 * element keyframe on a frame that belongs to no job.
 *
 * @example
 * ```ts
 * import { throws } from "node:assert/strict";
 * import { checkFrames } from "./annotations_split.ts";
 * const tag = { frame: 9, label_id: 1, group: 0, source: "manual", attributes: [] };
 * throws(() => checkFrames({ tags: [tag], shapes: [], tracks: [] }, [{ id: 1, start: 0, stop: 4 }]));
 * ```
 */
export function checkFrames(data: LabeledData, jobs: readonly JobRange[]): void {
  data.tags.forEach((tag, i) => {
    if (jobsAt(jobs, tag.frame).length === 0) noJob(`tags[${i}]`, tag.frame, jobs);
  });
  data.shapes.forEach((shape, i) => {
    if (jobsAt(jobs, shape.frame).length === 0) noJob(`shapes[${i}]`, shape.frame, jobs);
  });
  data.tracks.forEach((track, i) => checkTrack(track, `tracks[${i}]`, jobs));
}

function boundary(
  track: WireTrack,
  frame: number,
  options: SliceOptions,
): WireTrackedShape | null {
  try {
    const { keyframe: _keyframe, ...shape } = interpolateTrack(track, frame, options);
    return shape.outside ? null : { ...shape, id: null };
  } catch {
    return null; // geometry the core cannot interpolate: no boundary keyframe
  }
}

function cutShapes(track: WireTrack, start: number, stop: number, options: SliceOptions) {
  const shapes = track.shapes;
  const out: WireTrackedShape[] = [];
  const has = (frame: number) => shapes.some((shape) => shape.frame === frame);
  if (shapes.some((s) => s.frame < start) && !has(start)) {
    const first = boundary(track, start, options);
    if (first) out.push(first);
  }
  for (const shape of shapes) if (shape.frame >= start && shape.frame <= stop) out.push(shape);
  if (out.length > 0 && shapes.some((s) => s.frame > stop) && !has(stop)) {
    const last = boundary(track, stop, options);
    if (last) out.push(last);
  }
  return out;
}

/**
 * The piece of a track (shapes sorted by frame) inside `[start, stop]`, or null when the
 * track shows nothing there. A skeleton's element tracks are cut the same way and all kept.
 *
 * @example
 * ```ts
 * import { deepStrictEqual } from "node:assert/strict";
 * import { sliceTrack } from "./annotations_split.ts";
 * const shape = (frame: number, x: number) => ({ id: frame, type: "rectangle" as const, frame,
 *   occluded: false, outside: false, z_order: 0, rotation: 0, points: [x, 0, x + 1, 1],
 *   attributes: [] });
 * const track = { id: 1, frame: 0, label_id: 1, group: 0, source: "manual", attributes: [],
 *   shapes: [shape(0, 0), shape(10, 10)], elements: [] };
 * const piece = sliceTrack(track, 5, 9, {})!;
 * deepStrictEqual(piece.shapes.map((s) => [s.frame, s.points[0]]), [[5, 5], [9, 9]]);
 * ```
 */
export function sliceTrack(
  track: WireTrack,
  start: number,
  stop: number,
  options: SliceOptions,
): WireTrack | null {
  const hasShapes = track.shapes.length > 0 || (track.elements ?? []).some((e) => e.shapes.length);
  if (!hasShapes) return track.frame >= start && track.frame <= stop ? track : null;
  const shapes = cutShapes(track, start, stop, options);
  const elements = (track.elements ?? []).map((element) => {
    const cut = cutShapes(element, start, stop, options);
    return { ...element, frame: cut[0]?.frame ?? element.frame, shapes: cut };
  });
  if (shapes.length === 0 && elements.every((e) => e.shapes.length === 0)) return null;
  const frames = [shapes, ...elements.map((e) => e.shapes)].map((list) => list[0]?.frame ?? stop);
  const out: WireTrack = { ...track, frame: Math.min(...frames), shapes };
  if (track.elements) out.elements = elements;
  return out;
}

/**
 * Splits task-level data into one LabeledData per job (by job id). Objects are shared, not
 * copied; boundary keyframes are new objects with `id: null`.
 *
 * @example
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import { splitByJob } from "./annotations_split.ts";
 * const tag = { id: 1, frame: 3, label_id: 1, group: 0, source: "manual", attributes: [] };
 * const jobs = [{ id: 7, start: 0, stop: 4 }, { id: 8, start: 3, stop: 7 }];
 * const parts = splitByJob({ tags: [tag], shapes: [], tracks: [] }, jobs, {});
 * strictEqual(parts.get(8)!.tags[0], tag);
 * ```
 */
export function splitByJob(
  data: LabeledData,
  jobs: readonly JobRange[],
  options: SliceOptions,
): Map<number, LabeledData> {
  const parts = new Map<number, LabeledData>();
  for (const job of jobs) parts.set(job.id, { tags: [], shapes: [], tracks: [] });
  for (const tag of data.tags) {
    for (const i of jobsAt(jobs, tag.frame)) parts.get(jobs[i].id)!.tags.push(tag);
  }
  for (const shape of data.shapes) {
    for (const i of jobsAt(jobs, shape.frame)) parts.get(jobs[i].id)!.shapes.push(shape);
  }
  for (const track of data.tracks) {
    const sorted = { ...track, shapes: track.shapes.slice().sort((a, b) => a.frame - b.frame) };
    for (const job of jobs) {
      const piece = sliceTrack(sorted, job.start, job.stop, options);
      if (piece) parts.get(job.id)!.tracks.push(piece);
    }
  }
  return parts;
}
