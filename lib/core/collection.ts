/**
 * `createAnnotations(options)`: the pure, synchronous annotation collection of one job or task.
 *
 * @module
 */

import { show } from "./show.ts";
import { ArgumentError } from "./errors.ts";
import { HistoryActions } from "./enums.ts";
import {
  type AnnotationsOptions,
  checkDeletedFrames,
  type CollectionCore,
  createCore,
  exportRecord,
} from "./collection_core.ts";
import { clear, type ClearOptions, group, merge, remove, split } from "./collection_edit.ts";
import { frameViews, search, searchEmpty, select } from "./collection_query.ts";
import { compileFilter } from "./filter.ts";
import { checkPointCount } from "./geometry.ts";
import type { History } from "./history.ts";
import type { Label } from "./label.ts";
import type { ObjectRecord } from "./model.ts";
import type { ObjectState, StateBinding } from "./object_state.ts";
import { recordsFromStates } from "./put.ts";
import { shapeToRecord, tagToRecord, trackToRecord } from "./records.ts";
import { recordToShape, recordToTag, recordToTrack } from "./records_export.ts";
import { saveState } from "./save.ts";
import { isEmptyDiff, type SaverDiff } from "./saver_diff.ts";
import { computeStatistics, type Statistics } from "./statistics.ts";
import { toState } from "./state_view.ts";
import { validateLabeledData } from "./wire_validate.ts";
import { cropMask } from "./mask.ts";
import { colorOf } from "./palette.ts";
import { isValidLabeledData } from "./wire_check.ts";
import type { LabeledData } from "./wire_types.ts";

export type { AnnotationsOptions, CollectionChange } from "./collection_core.ts";
export type { ClearOptions } from "./collection_edit.ts";

/** The collection `createAnnotations` returns. */
export interface Annotations {
  /** The collection's labels (top level; skeleton sublabels in `structure`). */
  readonly labels: readonly Label[];
  /** Adds server objects (ids kept, new clientIDs); afterwards nothing is unsaved. */
  import(data: LabeledData): void;
  /** Every object in the server's format, with `clientID` and, when known, `id`. */
  export(): LabeledData;
  /** The objects on a frame: tracks, then shapes, then tags. */
  get(frame: number, filter?: unknown, options?: { allTracks?: boolean }): ObjectState[];
  /** Adds objects; returns their clientIDs in input order. All or nothing. */
  put(states: ObjectState[]): number[];
  /** Merges objects into one new track; returns its clientID. */
  merge(states: ObjectState[]): number;
  /** Splits a track in two at a frame; returns the new clientIDs ([] when nothing was split). */
  split(state: ObjectState, frame: number): number[];
  /** Puts objects in one new group, or in none with `reset`; returns the group id. */
  group(states: ObjectState[], reset?: boolean): number;
  /** Removes everything, or what lies in a frame range. */
  clear(options?: ClearOptions): void;
  /** Counts per label and type (cvat-core's shape). */
  statistics(): Statistics;
  /** The first frame from `from` to `to` with an object matching `filter`, or null. */
  search(filter: unknown, from: number, to: number): number | null;
  /** The first frame from `from` to `to` without any object, or null. */
  searchEmpty(from: number, to: number): number | null;
  /** The visible shape nearest to (x, y) on a frame, or null. */
  select(frame: number, x: number, y: number): { state: ObjectState; distance: number } | null;
  /** Whether `diff()` has anything to send. */
  hasUnsavedChanges(): boolean;
  /** What a saver must send since the last acknowledged state. */
  diff(): SaverDiff;
  /** Takes the server's answer to a created/updated/deleted request. */
  acknowledge(kind: "created" | "updated" | "deleted", response: LabeledData): void;
  /** Replaces the deleted frames; every method reads the current set. */
  setDeletedFrames(frames: readonly number[]): void;
  /** Undo/redo. */
  readonly history: History;
}

function checkGeometry(records: ObjectRecord[]): void {
  for (const record of records) {
    const positions = record.keyframes ?? (record.position ? [record.position] : []);
    if (record.shapeType && record.shapeType !== "skeleton") {
      for (const p of positions) checkPointCount(record.shapeType, p.points);
    }
    checkGeometry(record.elements);
  }
}

/** Gives records their final clientIDs (and the palette colours that go with them). */
export function assignClientIDs(
  core: CollectionCore,
  record: ObjectRecord,
  parentID: number | null,
): void {
  record.clientID = core.nextClientID();
  record.color = colorOf(record.clientID);
  record.parentID = parentID;
  for (const element of record.elements) assignClientIDs(core, element, record.clientID);
}

function cropMasks(core: CollectionCore, records: ObjectRecord[]): void {
  for (const record of records) {
    if (record.shapeType !== "mask" || !record.position) continue;
    record.position.points = cropMask(record.position.points, core.frameSize?.(record.frame));
  }
}

function importData(core: CollectionCore, data: unknown): void {
  // One pass for data that is fine as it is; the detailed checks (and their errors) otherwise.
  const clean = isValidLabeledData(data, core.wireLabels)
    ? data as Partial<LabeledData>
    : validateLabeledData(data, core.topLabels.map((l) => l.toJSON()));
  let counter = 0;
  const ctx = { labels: core.labels, nextClientID: () => --counter };
  const records = [
    ...(clean.tags ?? []).map((t) => tagToRecord(ctx, t)),
    ...(clean.shapes ?? []).map((s) => shapeToRecord(ctx, s)),
    ...(clean.tracks ?? []).map((t) => trackToRecord(ctx, t)).filter((t): t is ObjectRecord => !!t),
  ];
  checkGeometry(records);
  cropMasks(core, records);
  // Only now that everything passed are real clientIDs given out.
  for (const record of records) {
    assignClientIDs(core, record, null);
    core.maxGroup = Math.max(core.maxGroup, record.group);
    core.index.set(record);
  }
}

function exportData(core: CollectionCore): LabeledData {
  const out: LabeledData = { tags: [], shapes: [], tracks: [] };
  for (const record of core.index.all()) {
    if (record.objectType === "tag") out.tags.push(recordToTag(record, core.labels));
    else if (record.objectType === "shape") out.shapes.push(recordToShape(record, core.labels));
    else out.tracks.push(recordToTrack(record, core.labels));
  }
  return out;
}

/**
 * Creates an empty annotation collection for a job or task: objects, tracks with interpolation,
 * undo/redo, filters, statistics, search, select, merge/split/group and the saver's diff. Every
 * call is synchronous and pure; a call that throws has changed nothing.
 *
 * @example
 * ```ts
 * import { ok } from "node:assert/strict";
 * import { createAnnotations } from "@cvat-lite/cvat";
 * const annotations = createAnnotations({
 *   labels: [{ id: 1, name: "car", type: "any", attributes: [] }],
 *   stopFrame: 9,
 * });
 * annotations.import({
 *   tags: [],
 *   shapes: [{
 *     type: "rectangle", frame: 0, label_id: 1, group: 0, source: "manual", occluded: false,
 *     outside: false, z_order: 0, rotation: 0, points: [0, 0, 10, 10], attributes: [],
 *   }],
 *   tracks: [],
 * });
 * ok(annotations.get(0).length === 1 && !annotations.hasUnsavedChanges());
 * ```
 */
export function createAnnotations(options: AnnotationsOptions): Annotations {
  const binding: StateBinding = {
    save: (state) =>
      saveState(core, {
        get: (id) => core.index.get(id),
        parentOf: (id) => core.index.parentOf(id),
        commit: (action, frame, before, after) =>
          core.commit(action, frame, [{ clientID: before.clientID, before, after }]),
      }, state),
    remove: (state, frame, force) => remove(core, state, frame, force),
  };
  const core: CollectionCore = createCore(options, binding);
  /** The records as last saved or imported (cvat-core's rule: unsaved = the export differs). */
  let saved = core.index.snapshot();
  function hasUnsavedChanges(): boolean {
    const current = core.index.snapshot();
    if (current.size !== saved.size) return true;
    for (const [id, record] of current) {
      const before = saved.get(id);
      if (!before) return true;
      if (before === record) continue;
      const same = JSON.stringify(exportRecord(before, core.labels)) ===
        JSON.stringify(exportRecord(record, core.labels));
      if (!same) {
        return true;
      }
    }
    return false;
  }
  return {
    labels: core.topLabels,
    import(data) {
      importData(core, data);
      core.saver.reset();
      saved = core.index.snapshot();
    },
    export: () => exportData(core),
    get(frame, filter = null, options = {}) {
      const { allTracks = false } = options ?? {};
      const at = core.checkFrame(frame);
      if (typeof allTracks !== "boolean") {
        throw new ArgumentError(`allTracks must be a boolean, got ${show(allTracks)}`);
      }
      const predicate = filter === null || filter === undefined ? null : compileFilter(filter);
      return frameViews(core, at, predicate, allTracks).map((view) => toState(core, view));
    },
    put(states) {
      let counter = 0;
      const provisional = { ...core, nextClientID: () => --counter };
      const records = recordsFromStates(provisional, states);
      for (const record of records) {
        assignClientIDs(core, record, null);
        core.maxGroup = Math.max(core.maxGroup, record.group);
      }
      if (records.length) {
        core.commit(
          HistoryActions.CREATED_OBJECTS,
          records[0].frame,
          records.map((r) => ({ clientID: r.clientID, before: null, after: r })),
        );
      }
      return records.map((r) => r.clientID);
    },
    merge: (states) => merge(core, states),
    split: (state, frame) => split(core, state, frame),
    group: (states, reset = false) => group(core, states, reset),
    clear: (options) => clear(core, options),
    statistics: () =>
      computeStatistics(core.index.all(), {
        labels: core.topLabels,
        stopFrame: core.stopFrame,
        isDeleted: core.isDeleted,
        deletedFrames: core.deletedSorted,
      }),
    search: (filter, from, to) => search(core, filter, from, to),
    searchEmpty: (from, to) => searchEmpty(core, from, to),
    select: (frame, x, y) => select(core, frame, x, y),
    hasUnsavedChanges,
    diff: () => core.saver.diff(),
    acknowledge(kind, response) {
      core.saver.acknowledge(kind, response);
      if (isEmptyDiff(core.saver.diff(false))) saved = core.index.snapshot();
    },
    setDeletedFrames(frames) {
      const sorted = checkDeletedFrames(frames);
      core.deleted.clear();
      for (const f of sorted) core.deleted.add(f);
      core.deletedSorted = sorted;
      core.index.reindexTracks();
    },
    history: core.history,
  };
}
