/**
 * Track reconstruction on import (formats.md §3.2): per-frame shapes carrying `track_id` and
 * `keyframe` become tracks. Per track, shapes sorted by frame; a shape is kept when it is a
 * keyframe, when visibility changes, or after a gap; a visible shape followed by a gap gets an
 * `outside` keyframe on the next frame; after the last visible shape an `outside` keyframe is
 * appended when the next frame is still within the range. Frames are task-relative (step 1).
 * The rows are held compactly by {@linkcode trackStore} (importers add them one by one there).
 *
 * @module
 */

import type { WireAttribute, WireTrack, WireTrackedShape } from "../core/wire_types.ts";
import { trackStore } from "./track_store.ts";

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
  const store = trackStore();
  for (const row of rows) store.add(row);
  return store.tracks(options);
}
