/**
 * Track reconstruction on import (formats.md §3.2): per-frame shapes carrying `track_id` and
 * `keyframe` become tracks. Per track, shapes sorted by frame; a shape is kept when it is a
 * keyframe, when visibility changes, or after a gap; a visible shape followed by a gap gets an
 * `outside` keyframe on the next frame; after the last visible shape an `outside` keyframe is
 * appended when the next frame is still within the range. Frames are task-relative (step 1).
 *
 * @module
 */

import type { WireAttribute, WireTrack, WireTrackedShape } from "../core/wire_types.ts";

/** One per-frame shape of a track, as an importer read it. */
export interface TrackRow {
  track_id: number;
  keyframe: boolean;
  label_id: number;
  group: number;
  source: string;
  /** The shape at its frame (its `attributes` are the mutable values). */
  shape: WireTrackedShape;
  /** Immutable values (the last row of the track wins). */
  trackAttributes?: WireAttribute[];
  /** Skeleton elements at this frame, with their sublabel ids. */
  elements?: { label_id: number; shape: WireTrackedShape }[];
}

/** Options of {@linkcode rebuildTracks}. */
export interface RebuildOptions {
  /** The last task-relative frame of the imported range (an outside keyframe may go there). */
  stopFrame: number;
}

function keyframesOf(rows: TrackedRowShape[], stopFrame: number): WireTrackedShape[] {
  rows.sort((a, b) => a.shape.frame - b.shape.frame);
  const out: WireTrackedShape[] = [];
  let prev: TrackedRowShape | null = null;
  for (const row of rows) {
    const prevVisible = prev ? !prev.shape.outside : null;
    const visible = !row.shape.outside;
    const gap = prevVisible === true && prev!.shape.frame + 1 < row.shape.frame;
    if (gap) out.push({ ...prev!.shape, outside: true, frame: prev!.shape.frame + 1 });
    if (prevVisible !== visible || (visible && (gap || row.keyframe))) out.push(row.shape);
    prev = row;
  }
  if (prev && !prev.shape.outside && prev.shape.frame + 1 <= stopFrame) {
    out.push({ ...prev.shape, outside: true, frame: prev.shape.frame + 1 });
  }
  return out;
}

interface TrackedRowShape {
  keyframe: boolean;
  shape: WireTrackedShape;
}

/**
 * Tracks from rows, in order of first appearance of each `track_id`.
 *
 * @example
 * ```ts
 * import { deepEqual } from "node:assert/strict";
 * import { rebuildTracks } from "./track_rebuild.ts";
 * const row = (frame: number, keyframe: boolean) => ({
 *   track_id: 5, keyframe, label_id: 1, group: 0, source: "file",
 *   shape: { type: "rectangle" as const, frame, occluded: false, outside: false, z_order: 0,
 *     rotation: 0, points: [frame, 0, 1, 1], attributes: [] },
 * });
 * const [track] = rebuildTracks([row(0, true), row(1, false), row(2, true), row(5, false)], {
 *   stopFrame: 9,
 * });
 * deepEqual(track.shapes.map((s) => [s.frame, s.outside]),
 *   [[0, false], [2, false], [3, true], [5, false], [6, true]]);
 * ```
 */
export function rebuildTracks(rows: readonly TrackRow[], options: RebuildOptions): WireTrack[] {
  const byId = new Map<number, TrackRow[]>();
  for (const row of rows) {
    const list = byId.get(row.track_id);
    if (list) list.push(row);
    else byId.set(row.track_id, [row]);
  }
  const tracks: WireTrack[] = [];
  for (const list of byId.values()) {
    const first = list[0];
    const shapes = keyframesOf(
      list.map((r) => ({ keyframe: r.keyframe, shape: r.shape })),
      options.stopFrame,
    );
    const elements = new Map<number, TrackedRowShape[]>();
    for (const row of list) {
      for (const element of row.elements ?? []) {
        const rowsOf = elements.get(element.label_id) ?? [];
        rowsOf.push({ keyframe: row.keyframe, shape: element.shape });
        elements.set(element.label_id, rowsOf);
      }
    }
    let attributes: WireAttribute[] = [];
    for (const row of list) if (row.trackAttributes) attributes = row.trackAttributes;
    tracks.push({
      frame: shapes[0]?.frame ?? first.shape.frame,
      label_id: first.label_id,
      group: first.group,
      source: first.source,
      attributes,
      shapes,
      elements: [...elements].map(([label_id, rowsOf]) => {
        const elementShapes = keyframesOf(rowsOf, options.stopFrame);
        return {
          frame: elementShapes[0]?.frame ?? 0,
          label_id,
          group: 0,
          source: first.source,
          attributes: [],
          shapes: elementShapes,
        };
      }),
    });
  }
  return tracks;
}
