/**
 * A task's annotations as the union of its jobs' (task-level GET), undoing the task-level
 * split: pieces of one track (the same id in several jobs) are joined back, keyframes by
 * frame, the earlier job winning on a frame both hold; a tag or shape stored in several jobs
 * under one id counts once (the earlier job's); and on a frame shared by overlapping jobs,
 * tags and shapes with identical content (ids aside) count once.
 *
 * @module
 */

import { type JobRange, jobsAt } from "./annotations_split.ts";
import type { LabeledData, WireShape, WireTag, WireTrack } from "../core/wire_types.ts";

function joinTrack(into: WireTrack, piece: WireTrack): void {
  const frames = new Set(into.shapes.map((shape) => shape.frame));
  let added = false;
  for (const shape of piece.shapes) {
    if (!frames.has(shape.frame)) {
      into.shapes.push(shape);
      added = true;
    }
  }
  if (added) into.shapes.sort((a, b) => a.frame - b.frame);
  into.frame = Math.min(into.frame, piece.frame);
  if (!piece.elements) return;
  into.elements ??= [];
  for (const element of piece.elements) {
    const twin = into.elements.find((e) => e.id === element.id);
    if (twin) joinTrack(twin, element);
    else into.elements.push(element);
  }
}

function contentKey(object: WireTag | WireShape): string {
  const { id: _id, ...rest } = object as WireShape;
  if (rest.elements) rest.elements = rest.elements.map(({ id: _e, ...e }) => e as WireShape);
  return JSON.stringify(rest);
}

class FlatMerger<T extends WireTag | WireShape> {
  readonly out: T[] = [];
  private readonly ids = new Set<number>();
  private readonly contents = new Map<number, Set<string>>();

  constructor(private readonly jobs: readonly JobRange[]) {}

  add(object: T): void {
    if (typeof object.id === "number") {
      if (this.ids.has(object.id)) return;
      this.ids.add(object.id);
    }
    if (jobsAt(this.jobs, object.frame).length > 1) {
      const key = contentKey(object);
      let seen = this.contents.get(object.frame);
      if (!seen) this.contents.set(object.frame, seen = new Set());
      if (seen.has(key)) return;
      seen.add(key);
    }
    this.out.push(object);
  }
}

/**
 * Joins the jobs' annotations (each as the store reads it; changed in place and reused) into
 * the task's. `parts` must be in the order of `jobs` (sorted by start frame).
 *
 * @example
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import { mergeJobs } from "./annotations_merge.ts";
 * const tag = { id: 1, frame: 3, label_id: 1, group: 0, source: "manual", attributes: [] };
 * const jobs = [{ id: 7, start: 0, stop: 4 }, { id: 8, start: 3, stop: 7 }];
 * const part = () => ({ tags: [{ ...tag }], shapes: [], tracks: [] });
 * strictEqual(mergeJobs(jobs, [part(), part()]).tags.length, 1);
 * ```
 */
export function mergeJobs(
  jobs: readonly JobRange[],
  parts: readonly LabeledData[],
): LabeledData {
  const tags = new FlatMerger<WireTag>(jobs);
  const shapes = new FlatMerger<WireShape>(jobs);
  const tracks: WireTrack[] = [];
  const byId = new Map<number, WireTrack>();
  for (const part of parts) {
    for (const tag of part.tags) tags.add(tag);
    for (const shape of part.shapes) shapes.add(shape);
    for (const track of part.tracks) {
      const twin = typeof track.id === "number" ? byId.get(track.id) : undefined;
      if (twin) joinTrack(twin, track);
      else {
        tracks.push(track);
        if (typeof track.id === "number") byId.set(track.id, track);
      }
    }
  }
  return { tags: tags.out, shapes: shapes.out, tracks };
}
