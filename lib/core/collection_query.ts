/**
 * Read-only collection queries: the views of a frame, search, searchEmpty and select.
 *
 * @module
 */

import { show } from "./show.ts";
import { ArgumentError } from "./errors.ts";
import type { CollectionCore } from "./collection_core.ts";
import { compileFilter, type FilterPredicate, filterUsesSize } from "./filter.ts";
import { filterRecordOf, LazyFilterRecord } from "./filter_record.ts";
import type { Keyframe, ObjectRecord } from "./model.ts";
import type { ObjectState } from "./object_state.ts";
import { distanceToShape } from "./select_distance.ts";
import { type FrameView, isShown, toState, viewAt } from "./state_view.ts";

/** A track's view, or null when it cannot be placed on the frame (all keyframes deleted). */
function trackView(core: CollectionCore, record: ObjectRecord, frame: number): FrameView | null {
  try {
    return viewAt(core, record, frame);
  } catch {
    return null;
  }
}

/** The views `get(frame)` returns: tracks, then shapes, then tags, filtered. */
export function frameViews(
  core: CollectionCore,
  frame: number,
  predicate: FilterPredicate | null,
  allTracks: boolean,
): FrameView[] {
  if (core.isDeleted(frame)) return [];
  const out: FrameView[] = [];
  const keep = (view: FrameView | null) => {
    if (view && (!predicate || predicate(filterRecordOf(view, core.labels)))) out.push(view);
  };
  for (const record of allTracks ? core.index.tracks() : core.index.tracksAt(frame)) {
    const view = trackView(core, record, frame);
    if (view && (allTracks || isShown(view))) keep(view);
  }
  for (const record of core.index.shapesAt(frame)) keep(viewAt(core, record, frame));
  for (const record of core.index.tagsAt(frame)) keep(viewAt(core, record, frame));
  return out;
}

const visible = (view: FrameView) =>
  view.elements.length ? view.elements.some((e) => !e.position?.outside) : !view.position?.outside;

/** The keyframe that decides a track's flags on a frame (§3's "left"), or null before it starts. */
function leftKeyframe(core: CollectionCore, keyframes: readonly Keyframe[], frame: number) {
  let lo = 0, hi = keyframes.length - 1, at = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (keyframes[mid].frame <= frame) {
      at = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  if (at >= 0 && keyframes[at].frame === frame) return keyframes[at];
  while (at >= 0 && core.isDeleted(keyframes[at].frame)) at--;
  return at >= 0 ? keyframes[at] : null;
}

/** Whether a track matches on a frame: visible there (not outside) and passing the filter. */
function trackMatches(
  core: CollectionCore,
  record: ObjectRecord,
  frame: number,
  predicate: FilterPredicate,
): boolean {
  const label = core.labels.get(record.labelId)!;
  if (record.elements.length) {
    const view = trackView(core, record, frame);
    return view !== null && isShown(view) && visible(view) &&
      predicate(new LazyFilterRecord(record, label, view));
  }
  const left = leftKeyframe(core, record.keyframes!, frame);
  if (!left || left.outside) return false;
  return predicate(new LazyFilterRecord(record, label, () => viewAt(core, record, frame)));
}

/** The frames a track is tested on: keyframes and both ends, or every frame of its span. */
function trackFrames(record: ObjectRecord, lo: number, hi: number, everyFrame: boolean) {
  const first = Math.min(...[record, ...record.elements].map((p) => p.keyframes![0].frame));
  if (everyFrame) {
    const out: number[] = [];
    for (let f = Math.max(lo, first); f <= hi; f++) out.push(f);
    return out;
  }
  const frames = new Set<number>([lo, hi]);
  for (const part of [record, ...record.elements]) {
    for (const k of part.keyframes!) if (k.frame >= lo && k.frame <= hi) frames.add(k.frame);
  }
  return [...frames].filter((f) => f >= first).sort((a, b) => a - b);
}

function checkRange(core: CollectionCore, from: unknown, to: unknown): [number, number, number] {
  const start = core.checkFrame(from, "from");
  const stop = core.checkFrame(to, "to");
  return [start, stop, stop >= start ? 1 : -1];
}

function firstShapeOrTag(
  core: CollectionCore,
  [start, stop, step]: [number, number, number],
  predicate: FilterPredicate,
): number | null {
  for (let frame = start; frame !== stop + step; frame += step) {
    if (core.isDeleted(frame)) continue;
    for (const record of [...core.index.shapesAt(frame), ...core.index.tagsAt(frame)]) {
      const label = core.labels.get(record.labelId)!;
      if (predicate(new LazyFilterRecord(record, label, () => viewAt(core, record, frame)))) {
        return frame;
      }
    }
  }
  return null;
}

/**
 * The first frame from `from` to `to` (both inclusive, either direction) with an object that
 * matches the filter; null if none. Deleted frames are skipped. Tracks are tested on their
 * keyframes and on the two ends, or on every frame when the filter reads width or height
 * (cvat-core's rule); each track is visited once, not once per frame.
 */
export function search(core: CollectionCore, filter: unknown, from: unknown, to: unknown) {
  const predicate = compileFilter(filter);
  const range = checkRange(core, from, to);
  const [start, stop, step] = range;
  const [lo, hi] = step > 0 ? [start, stop] : [stop, start];
  const sized = filterUsesSize(filter);
  let best = firstShapeOrTag(core, range, predicate);
  const before = (frame: number) => best === null || (step > 0 ? frame < best : frame > best);
  for (const record of core.index.tracks()) {
    const frames = trackFrames(record, lo, hi, sized);
    if (step < 0) frames.reverse();
    for (const frame of frames) {
      if (!before(frame)) break;
      if (core.isDeleted(frame)) continue;
      if (trackMatches(core, record, frame, predicate)) {
        best = frame;
        break;
      }
    }
  }
  return best;
}

/** The first frame in the range with no shape, no tag and no track present. */
export function searchEmpty(core: CollectionCore, from: unknown, to: unknown): number | null {
  const [start, stop, step] = checkRange(core, from, to);
  for (let frame = start; frame !== stop + step; frame += step) {
    if (core.isDeleted(frame)) continue;
    if (core.index.shapesAt(frame).length || core.index.tagsAt(frame).length) continue;
    const present = core.index.tracksAt(frame).some((record) => {
      const view = trackView(core, record, frame);
      return view !== null && isShown(view);
    });
    if (!present) return frame;
  }
  return null;
}

const SKELETON_MARGIN = 20;

function skeletonDistance(view: FrameView, x: number, y: number): number | null {
  const points = view.elements.filter((e) => !e.position!.outside).map((e) => e.position!.points);
  if (!points.length) return null;
  const xs = points.map((p) => p[0]);
  const ys = points.map((p) => p[1]);
  if (
    x < Math.min(...xs) - SKELETON_MARGIN || x > Math.max(...xs) + SKELETON_MARGIN ||
    y < Math.min(...ys) - SKELETON_MARGIN || y > Math.max(...ys) + SKELETON_MARGIN
  ) return null;
  return Math.min(...points.map((p) => Math.hypot(p[0] - x, p[1] - y)));
}

/**
 * The visible shape of a frame nearest to a point (by the metric of its type), or null.
 * Tags, hidden and outside objects are never selected; on a tie the first wins.
 */
export function select(
  core: CollectionCore,
  frame: unknown,
  x: unknown,
  y: unknown,
): { state: ObjectState; distance: number } | null {
  const at = core.checkFrame(frame);
  for (const [name, value] of [["x", x], ["y", y]] as const) {
    if (typeof value !== "number" || !Number.isFinite(value)) {
      throw new ArgumentError(`${name} must be a finite number, got ${show(value)}`);
    }
  }
  let best: { view: FrameView; distance: number } | null = null;
  for (const view of frameViews(core, at, null, false)) {
    const { record, position } = view;
    if (record.objectType === "tag" || record.hidden || !position || !visible(view)) continue;
    const distance = record.shapeType === "skeleton"
      ? skeletonDistance(view, x as number, y as number)
      : distanceToShape(
        record.shapeType!,
        position.points,
        position.rotation,
        x as number,
        y as number,
      );
    if (distance !== null && (!best || distance < best.distance)) best = { view, distance };
  }
  return best ? { state: toState(core, best.view), distance: best.distance } : null;
}
