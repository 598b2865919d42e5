/**
 * Compact storage of an import's track rows until the tracks are rebuilt (formats.md §3.2): per
 * `track_id`, one set of columns (frames, flags, z order, rotation, flat points, attribute
 * lists) instead of one object graph per row, so that a million per-frame rows cost tens of
 * megabytes, not gigabytes. Rows holding the same attribute values share one list (never
 * handed out: the rebuilt shapes get copies); only the shapes a track keeps are built again as
 * objects when the tracks are rebuilt.
 *
 * @module
 */

import type { ShapeType } from "../core/enums.ts";
import type { WireAttribute, WireTrack, WireTrackedShape } from "../core/wire_types.ts";
import type { RebuildOptions, TrackRow } from "./track_rebuild.ts";

const KEYFRAME = 1;
const OUTSIDE = 2;
const OCCLUDED = 4;
/** Distinct attribute lists shared at most; beyond, lists are kept as they come. */
const POOL_LIMIT = 100_000;

/** The rows of one track (or of one skeleton element of it), column by column. */
interface Columns {
  frames: number[];
  flags: number[];
  zOrders: number[];
  rotations: number[];
  types: ShapeType[];
  /** `points` of row i are `points[ends[i - 1] ?? 0 .. ends[i]]`. */
  ends: number[];
  points: number[];
  attributes: WireAttribute[][];
  /** Keyframe ids, only when some row has one. */
  ids?: (number | null | undefined)[];
}

interface StoredTrack {
  label_id: number;
  group: number;
  source: string;
  attributes: WireAttribute[];
  rows: Columns;
  elements: Map<number, Columns>;
}

/** Track rows held compactly, rebuilt into tracks at the end. */
export interface TrackStore {
  /** Adds one row (its objects are not kept). */
  add(row: TrackRow): void;
  /** The tracks, in order of first appearance of each `track_id`; empties the store. */
  tracks(options: RebuildOptions): WireTrack[];
}

function columns(): Columns {
  return {
    frames: [],
    flags: [],
    zOrders: [],
    rotations: [],
    types: [],
    ends: [],
    points: [],
    attributes: [],
  };
}

function attributePool() {
  const pool = new Map<string, WireAttribute[]>();
  return (list: WireAttribute[]): WireAttribute[] => {
    let key = "";
    for (const { spec_id, value } of list) key += `${spec_id}:${value.length}:${value}`;
    const known = pool.get(key);
    if (known) return known;
    if (pool.size < POOL_LIMIT) pool.set(key, list);
    return list;
  };
}

function push(
  into: Columns,
  keyframe: boolean,
  shape: WireTrackedShape,
  shared: (list: WireAttribute[]) => WireAttribute[],
): void {
  const n = into.frames.length;
  into.frames.push(shape.frame);
  into.flags.push(
    (keyframe ? KEYFRAME : 0) | (shape.outside ? OUTSIDE : 0) | (shape.occluded ? OCCLUDED : 0),
  );
  into.zOrders.push(shape.z_order);
  into.rotations.push(shape.rotation);
  into.types.push(shape.type);
  for (const value of shape.points) into.points.push(value);
  into.ends.push(into.points.length);
  into.attributes.push(shared(shape.attributes));
  if (shape.id !== undefined) (into.ids ??= [])[n] = shape.id;
}

function shapeAt(rows: Columns, i: number): WireTrackedShape {
  const shape: WireTrackedShape = {
    type: rows.types[i],
    frame: rows.frames[i],
    occluded: (rows.flags[i] & OCCLUDED) !== 0,
    outside: (rows.flags[i] & OUTSIDE) !== 0,
    z_order: rows.zOrders[i],
    rotation: rows.rotations[i],
    points: rows.points.slice(i ? rows.ends[i - 1] : 0, rows.ends[i]),
    attributes: rows.attributes[i].map(({ spec_id, value }) => ({ spec_id, value })),
  };
  const id = rows.ids?.[i];
  return id === undefined ? shape : { id, ...shape };
}

/** Row indices by frame (stable: rows of one frame keep their order). */
function byFrame(frames: number[]): number[] {
  const order = frames.map((_, i) => i);
  const sorted = frames.every((frame, i) => i === 0 || frames[i - 1] <= frame);
  return sorted ? order : order.sort((a, b) => frames[a] - frames[b] || a - b);
}

/**
 * The kept shapes: keyframes, visibility changes and the first shape after a gap; an
 * `outside` shape after a visible one followed by a gap, and after the last visible one when
 * its next frame is within the range.
 */
function keyframes(rows: Columns, stopFrame: number): WireTrackedShape[] {
  const out: WireTrackedShape[] = [];
  const closing = (i: number) => ({
    ...shapeAt(rows, i),
    outside: true,
    frame: rows.frames[i] + 1,
  });
  let prev = -1;
  for (const i of byFrame(rows.frames)) {
    const prevVisible = prev < 0 ? null : (rows.flags[prev] & OUTSIDE) === 0;
    const visible = (rows.flags[i] & OUTSIDE) === 0;
    const gap = prevVisible === true && rows.frames[prev] + 1 < rows.frames[i];
    if (gap) out.push(closing(prev));
    const keyframe = (rows.flags[i] & KEYFRAME) !== 0;
    if (prevVisible !== visible || (visible && (gap || keyframe))) out.push(shapeAt(rows, i));
    prev = i;
  }
  if (prev >= 0 && (rows.flags[prev] & OUTSIDE) === 0 && rows.frames[prev] + 1 <= stopFrame) {
    out.push(closing(prev));
  }
  return out;
}

function rebuilt(track: StoredTrack, stopFrame: number): WireTrack {
  const shapes = keyframes(track.rows, stopFrame);
  return {
    frame: shapes[0]?.frame ?? track.rows.frames[0],
    label_id: track.label_id,
    group: track.group,
    source: track.source,
    attributes: track.attributes,
    shapes,
    elements: [...track.elements].map(([label_id, rows]) => {
      const elementShapes = keyframes(rows, stopFrame);
      return {
        frame: elementShapes[0]?.frame ?? 0,
        label_id,
        group: 0,
        source: track.source,
        attributes: [],
        shapes: elementShapes,
      };
    }),
  };
}

/**
 * An empty store. A track takes its label, group and source from its first row and its
 * immutable attributes from its last row that has them.
 *
 * @example
 * ```ts
 * import { deepEqual } from "node:assert/strict";
 * import { trackStore } from "./track_store.ts";
 * const store = trackStore();
 * for (const frame of [0, 1, 2, 5]) {
 *   store.add({ track_id: 5, keyframe: frame % 2 === 0, label_id: 1, group: 0, source: "file",
 *     shape: { type: "rectangle", frame, occluded: false, outside: false, z_order: 0,
 *       rotation: 0, points: [frame, 0, 1, 1], attributes: [] } });
 * }
 * const [track] = store.tracks({ stopFrame: 9 });
 * deepEqual(track.shapes.map((s) => [s.frame, s.outside]),
 *   [[0, false], [2, false], [3, true], [5, false], [6, true]]);
 * ```
 */
export function trackStore(): TrackStore {
  let byId = new Map<number, StoredTrack>();
  const shared = attributePool();
  return {
    add(row) {
      let track = byId.get(row.track_id);
      if (!track) {
        const { label_id, group, source } = row;
        track = { label_id, group, source, attributes: [], rows: columns(), elements: new Map() };
        byId.set(row.track_id, track);
      }
      if (row.trackAttributes) track.attributes = row.trackAttributes;
      push(track.rows, row.keyframe, row.shape, shared);
      for (const element of row.elements ?? []) {
        let rows = track.elements.get(element.label_id);
        if (!rows) track.elements.set(element.label_id, rows = columns());
        push(rows, row.keyframe, element.shape, shared);
      }
    },
    tracks(options) {
      const tracks: WireTrack[] = [];
      for (const track of byId.values()) tracks.push(rebuilt(track, options.stopFrame));
      byId = new Map();
      return tracks;
    },
  };
}
