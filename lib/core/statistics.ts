/**
 * Annotation statistics per label, counted as cvat-core's `statistics()` counts them
 * (reference/cvat-core.md §4), over the collection's plain records.
 *
 * Shapes and tags count once each (skeleton shapes also count their elements); tracks count
 * their visible keyframes as `manually` and the frames they are interpolated over as
 * `interpolated`. Deleted frames count for nothing. Range counts use a binary search over the
 * sorted deleted frames, so the cost is O(objects + keyframes), not O(frames).
 *
 * @module
 */

import type { ShapeType } from "./enums.ts";
import { DataError } from "./errors.ts";
import type { Label } from "./label.ts";
import type { ObjectRecord } from "./model.ts";

/** The separator between a skeleton's name and a sublabel's name in statistics keys. */
export const SKELETON_LABEL_SEPARATOR = "{{cvat.skeleton.lbl.sep}}";

/** How many shapes and tracks of one shape type. */
export interface ShapeTrackCounts {
  /** The number of shapes. */
  shape: number;
  /** The number of tracks. */
  track: number;
}

/** The counts of one label (cvat-core's body shape, key for key). */
export interface LabelStatistics {
  /** Rectangle shapes and tracks. */
  rectangle: ShapeTrackCounts;
  /** Polygon shapes and tracks. */
  polygon: ShapeTrackCounts;
  /** Polyline shapes and tracks. */
  polyline: ShapeTrackCounts;
  /** Points shapes and tracks. */
  points: ShapeTrackCounts;
  /** Ellipse shapes and tracks. */
  ellipse: ShapeTrackCounts;
  /** Cuboid shapes and tracks. */
  cuboid: ShapeTrackCounts;
  /** Skeleton shapes and tracks. */
  skeleton: ShapeTrackCounts;
  /** Mask shapes (masks cannot be tracks). */
  mask: { shape: number };
  /** The number of tags. */
  tag: number;
  /** Shapes and tags, plus the visible keyframes of tracks. */
  manually: number;
  /** The visible frames that tracks are interpolated over (not keyframes). */
  interpolated: number;
  /** `manually` plus `interpolated`. */
  total: number;
}

/**
 * Statistics of a job or task: `label` by label name (skeleton sublabels as
 * `parent{{cvat.skeleton.lbl.sep}}child`) and their sum in `total`. Both are own properties,
 * deep copies of what the constructor was given.
 *
 * @example
 * ```ts
 * import { ok } from "node:assert/strict";
 * import { computeStatistics } from "./statistics.ts";
 * import type { ObjectRecord } from "./model.ts";
 * const stats = computeStatistics([], { labels: [], stopFrame: 9, isDeleted: () => false });
 * ok(stats.total.total === 0 && Object.keys(stats.label).length === 0);
 * ```
 */
export class Statistics {
  /** The counts per label name (skeleton sublabels as `parent{{cvat.skeleton.lbl.sep}}child`). */
  readonly label: Record<string, LabelStatistics>;
  /** The sum over all labels. */
  readonly total: LabelStatistics;

  /**
   * Makes statistics from deep copies of the given counts.
   *
   * @param label The counts per label name.
   * @param total The sum over all labels.
   */
  constructor(label: Record<string, LabelStatistics>, total: LabelStatistics) {
    this.label = structuredClone(label);
    this.total = structuredClone(total);
  }
}

/** Options of {@linkcode computeStatistics}. */
export interface StatisticsOptions {
  /** The top-level labels; skeletons carry their sublabels in `structure.sublabels`. */
  labels: readonly Label[];
  /** The last frame of the job: visible tracks are counted up to it. */
  stopFrame: number;
  /** Whether a frame is deleted. */
  isDeleted: (frame: number) => boolean;
  /** The deleted frames, sorted ascending without duplicates: makes range counts O(log n). */
  deletedFrames?: readonly number[];
}

const TRACKABLE = [
  "rectangle",
  "polygon",
  "polyline",
  "points",
  "ellipse",
  "cuboid",
  "skeleton",
] as const;

interface Counter {
  bodies: Record<string, LabelStatistics>;
  keys: Map<number, string>;
  stopFrame: number;
  isDeleted: (frame: number) => boolean;
  /** Non-deleted frames in [from, to]. */
  countLive: (from: number, to: number) => number;
}

function emptyBody(): LabelStatistics {
  const body = { mask: { shape: 0 }, tag: 0, manually: 0, interpolated: 0, total: 0 };
  const types = Object.fromEntries(TRACKABLE.map((type) => [type, { shape: 0, track: 0 }]));
  return { ...types, ...body } as LabelStatistics;
}

function addBody(target: LabelStatistics, source: LabelStatistics): void {
  for (const type of TRACKABLE) {
    target[type].shape += source[type].shape;
    target[type].track += source[type].track;
  }
  target.mask.shape += source.mask.shape;
  target.tag += source.tag;
  target.manually += source.manually;
  target.interpolated += source.interpolated;
  target.total += source.total;
}

function addLabels(counter: Counter, labels: readonly Label[], prefix: string): void {
  for (const label of labels) {
    const key = prefix + label.name;
    counter.bodies[key] = emptyBody();
    if (label.id !== null) counter.keys.set(label.id, key);
    const sublabels = label.structure?.sublabels ?? [];
    addLabels(counter, sublabels, key + SKELETON_LABEL_SEPARATOR);
  }
}

/** How many values of a sorted array are below `value`. */
function countBelow(sorted: readonly number[], value: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function liveFrameCounter(options: StatisticsOptions): (from: number, to: number) => number {
  const { deletedFrames, isDeleted } = options;
  if (deletedFrames) {
    return (from, to) =>
      to < from ? 0 : to - from + 1 - (countBelow(deletedFrames, to + 1) -
        countBelow(deletedFrames, from));
  }
  return (from, to) => {
    let count = 0;
    for (let frame = from; frame <= to; frame++) if (!isDeleted(frame)) count++;
    return count;
  };
}

function bodyOf(counter: Counter, record: ObjectRecord): LabelStatistics {
  const key = counter.keys.get(record.labelId);
  if (key === undefined) {
    throw new DataError(
      `Cannot count object ${record.clientID}: its label id ${record.labelId} is not among the labels`,
    );
  }
  return counter.bodies[key];
}

function countType(body: LabelStatistics, record: ObjectRecord, kind: "shape" | "track"): void {
  const type: ShapeType | null = record.shapeType;
  if (type === "mask" && kind === "shape") body.mask.shape++;
  else if (type !== null && type !== "mask") body[type][kind]++;
  else {
    throw new DataError(
      `Cannot count object ${record.clientID}: a ${kind} of type ${JSON.stringify(type)}`,
    );
  }
}

function addManual(body: LabelStatistics, count: number): void {
  body.manually += count;
  body.total += count;
}

function addInterpolated(body: LabelStatistics, count: number): void {
  body.interpolated += count;
  body.total += count;
}

/** A tag or a shape (with its skeleton elements) on a non-deleted frame. */
function countStatic(counter: Counter, record: ObjectRecord): void {
  const body = bodyOf(counter, record);
  if (record.objectType === "tag") body.tag++;
  else countType(body, record, "shape");
  addManual(body, 1);
  if (record.shapeType === "skeleton") {
    for (const element of record.elements) countStatic(counter, element);
  }
}

/**
 * Whether a skeleton element is outside at `frame`, a frame at or after all its keyframes:
 * its keyframe there, else its last non-deleted keyframe before it (none → outside).
 */
function elementOutsideAt(counter: Counter, element: ObjectRecord, frame: number): boolean {
  let outside = true;
  for (const keyframe of element.keyframes ?? []) {
    if (keyframe.frame === frame) return keyframe.outside;
    if (keyframe.frame < frame && !counter.isDeleted(keyframe.frame)) outside = keyframe.outside;
  }
  return outside;
}

/** Counts a track; returns nothing, adds to the bodies of its label and its elements' labels. */
function countTrack(counter: Counter, track: ObjectRecord): void {
  const body = bodyOf(counter, track);
  countType(body, track, "track");
  let last: number | null = null;
  let lastOutside = true;
  for (const keyframe of track.keyframes ?? []) {
    if (counter.isDeleted(keyframe.frame)) continue;
    if (last !== null && !lastOutside) {
      addInterpolated(body, counter.countLive(last + 1, keyframe.frame - 1));
    }
    if (!keyframe.outside) addManual(body, 1);
    last = keyframe.frame;
    lastOutside = keyframe.outside;
  }
  if (track.shapeType === "skeleton") {
    for (const element of track.elements) {
      countTrack(counter, element);
      for (const keyframe of element.keyframes ?? []) {
        last = Math.max(last ?? -Infinity, keyframe.frame);
      }
    }
    if (last !== null) {
      lastOutside = track.elements.every((e) => elementOutsideAt(counter, e, last!));
    }
  }
  if (last !== null && last !== counter.stopFrame && !lastOutside) {
    addInterpolated(body, counter.countLive(last + 1, counter.stopFrame));
  }
}

/**
 * Counts the objects per label, as cvat-core's `statistics()`: every label and sublabel is
 * present even with zeros, and `total` sums all of them (skeleton elements included).
 * Skeleton elements are counted through their skeleton: records with a `parentID` are skipped.
 *
 * @throws {DataError} For an object whose label id is not among the labels, or a mask track.
 * @example
 * ```ts
 * import { ok } from "node:assert/strict";
 * import { Label } from "./label.ts";
 * import { computeStatistics } from "./statistics.ts";
 * import type { ObjectRecord } from "./model.ts";
 * const car = new Label({ id: 1, name: "car", type: "rectangle", attributes: [] });
 * const shape: ObjectRecord = {
 *   clientID: 1, serverID: null, parentID: null, objectType: "shape", shapeType: "rectangle",
 *   labelId: 1, frame: 0, group: 0, source: "manual", attributes: {}, keyframes: null,
 *   position: { points: [0, 0, 9, 9], rotation: 0, occluded: false, outside: false, zOrder: 0 },
 *   elements: [], lock: false, hidden: false, pinned: false, color: "#ff0000", descriptions: [],
 * };
 * const stats = computeStatistics([structuredClone(shape)], {
 *   labels: [car], stopFrame: 9, isDeleted: () => false, deletedFrames: [],
 * });
 * ok(stats.label.car.rectangle.shape === 1 && stats.total.manually === 1);
 * ```
 */
export function computeStatistics(
  objects: Iterable<ObjectRecord>,
  options: StatisticsOptions,
): Statistics {
  const counter: Counter = {
    bodies: {},
    keys: new Map(),
    stopFrame: options.stopFrame,
    isDeleted: options.isDeleted,
    countLive: liveFrameCounter(options),
  };
  addLabels(counter, options.labels.filter((label) => !label.hasParent), "");
  for (const object of objects) {
    if (object.parentID !== null) continue;
    if (object.objectType === "track") countTrack(counter, object);
    else if (!options.isDeleted(object.frame)) countStatic(counter, object);
  }
  const total = emptyBody();
  for (const body of Object.values(counter.bodies)) addBody(total, body);
  return new Statistics(counter.bodies, total);
}
