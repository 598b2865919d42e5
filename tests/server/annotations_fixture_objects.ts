/**
 * Builders of wire objects for the annotation route tests (re-exported by
 * annotations_fixture.ts).
 *
 * @example
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import { rect } from "./annotations_fixture_objects.ts";
 * strictEqual(rect(1, 3).frame, 3);
 * ```
 *
 * @module
 */

// deno-lint-ignore no-explicit-any
type Json = any;

/** Label ids the skeleton builders need. */
export interface SkeletonIds {
  person: number;
  head: number;
  hand: number;
}

/** `/api/jobs/{id}/annotations` with an optional query. */
export const jobPath = (id: number, query = ""): string =>
  `/api/jobs/${id}/annotations${query ? `?${query}` : ""}`;

/** `/api/tasks/{id}/annotations` with an optional query. */
export const taskPath = (id: number, query = ""): string =>
  `/api/tasks/${id}/annotations${query ? `?${query}` : ""}`;

/** A rectangle shape of label `label` on `frame`. */
export function rect(label: number, frame: number, x = 0, extra: Json = {}): Json {
  return { type: "rectangle", frame, label_id: label, points: [x, 0, x + 10, 10], ...extra };
}

/** A tag. */
export function tag(label: number, frame: number, extra: Json = {}): Json {
  return { frame, label_id: label, ...extra };
}

/** A tracked shape (rectangle keyframe). */
export function keyframe(frame: number, x = 0, extra: Json = {}): Json {
  return { type: "rectangle", frame, points: [x, 0, x + 10, 10], ...extra };
}

/** A rectangle track over the given keyframes (`[frame, x]`). */
export function track(label: number, keys: [number, number][], extra: Json = {}): Json {
  return {
    frame: keys[0][0],
    label_id: label,
    shapes: keys.map(([f, x]) => keyframe(f, x)),
    ...extra,
  };
}

/** A skeleton shape of `person` with `head` and `hand` points. */
export function skeleton(ids: SkeletonIds, frame: number): Json {
  const point = (label: number, x: number) => ({
    type: "points",
    frame,
    label_id: label,
    points: [x, x],
  });
  return {
    type: "skeleton",
    frame,
    label_id: ids.person,
    points: [],
    elements: [point(ids.head, 1), point(ids.hand, 2)],
  };
}

/** A skeleton track of `person` with keyframes on `frames`. */
export function skeletonTrack(ids: SkeletonIds, frames: number[]): Json {
  const shapes = (type: string) =>
    frames.map((frame, i) => ({ type, frame, points: type === "points" ? [i, i] : [] }));
  const element = (label: number) => ({
    frame: frames[0],
    label_id: label,
    shapes: shapes("points"),
  });
  return {
    frame: frames[0],
    label_id: ids.person,
    shapes: shapes("skeleton"),
    elements: [element(ids.head), element(ids.hand)],
  };
}

/** A LabeledData body. */
export function data(parts: { tags?: Json[]; shapes?: Json[]; tracks?: Json[] }): Json {
  return {
    version: 0,
    tags: parts.tags ?? [],
    shapes: parts.shapes ?? [],
    tracks: parts.tracks ?? [],
  };
}
