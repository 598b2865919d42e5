/**
 * The state every collection operation shares: labels, records, history, saver bookkeeping and
 * deleted frames, and the one place where changes are applied and recorded.
 *
 * @module
 */

import { show } from "./show.ts";
import { ArgumentError } from "./errors.ts";
import type { HistoryActions } from "./enums.ts";
import { createHistory, type HistoryLog, type ObjectChange } from "./history.ts";
import { Label } from "./label.ts";
import type { ObjectRecord } from "./model.ts";
import { createObjectIndex, type ObjectIndex } from "./object_index.ts";
import type { ObjectState, StateBinding } from "./object_state.ts";
import { createSaverState, type SaverState } from "./saver_diff.ts";
import type { SaveContext } from "./save.ts";
import { toState, viewAt } from "./state_view.ts";
import { recordToShape, recordToTag, recordToTrack } from "./records_export.ts";
import type { WireLabel } from "./wire_types.ts";
import { indexLabels, type LabelIndex } from "./wire_labels.ts";

/** Options of `createAnnotations`. */
export interface AnnotationsOptions {
  /** `Label` instances or the server's label JSON. */
  labels: readonly (Label | WireLabel)[];
  /** The first frame of the job (default 0). */
  startFrame?: number;
  /** The last frame of the job. */
  stopFrame: number;
  /** Frame sizes for clamping; without it nothing is clamped. */
  frameSize?: (frame: number) => { width: number; height: number } | undefined;
  /** Deleted frames; `setDeletedFrames` replaces them later. */
  deletedFrames?: readonly number[];
  /** How many history entries are kept (default 1000). */
  historyLimit?: number;
  /** `"3d"` for point-cloud jobs (no minimum sizes; 3D cuboid rotation). Default `"2d"`. */
  dimension?: "2d" | "3d";
  /**
   * Told after every recorded operation (put, merge, split, group, an ObjectState's `save()` or
   * `delete()`) which objects it created, updated and deleted. Not called for `import`,
   * `clear`, undo/redo or the saver's bookkeeping.
   */
  onChange?: (change: CollectionChange) => void;
}

/** What one operation changed (clientIDs of top-level objects). */
export interface CollectionChange {
  /** The history entry's action (`"Created objects"`, `"Changed points"`, ...). */
  action: HistoryActions;
  /** The frame the operation happened on. */
  frame: number;
  /** The objects it added. */
  created: number[];
  /** The objects it changed. */
  updated: number[];
  /** The objects it removed. */
  deleted: number[];
}

/** The shared state of one collection. */
export interface CollectionCore extends SaveContext {
  labels: Map<number, Label>;
  topLabels: Label[];
  /** The labels as the wire checks index them. */
  wireLabels: LabelIndex;
  startFrame: number;
  stopFrame: number;
  index: ObjectIndex;
  history: HistoryLog;
  saver: SaverState;
  deleted: Set<number>;
  deletedSorted: number[];
  maxGroup: number;
  nextClientID(): number;
  /**
   * Applies changes to the index and records them as one history entry. The records given are
   * owned by the collection from then on and must not be changed in place.
   */
  commit(action: HistoryActions, frame: number, changes: ObjectChange[]): void;
  checkFrame(frame: unknown, field?: string): number;
}

function checkFrameOption(value: unknown, field: string): number {
  if (!Number.isInteger(value) || (value as number) < 0) {
    throw new ArgumentError(
      `${field} must be a non-negative integer, got ${show(value)}`,
    );
  }
  return value as number;
}

/** Checks a list of deleted frames; returns it sorted without duplicates. */
export function checkDeletedFrames(frames: unknown): number[] {
  if (!Array.isArray(frames) || frames.some((f) => !Number.isInteger(f) || f < 0)) {
    throw new ArgumentError(
      `Deleted frames must be an array of non-negative integers, got ${show(frames)}`,
    );
  }
  return [...new Set(frames as number[])].sort((a, b) => a - b);
}

function buildLabels(input: unknown): { all: Map<number, Label>; top: Label[] } {
  if (!Array.isArray(input)) {
    throw new ArgumentError(`labels must be an array, got ${show(input)}`);
  }
  const top = input.map((l) => l instanceof Label ? l : new Label(l as WireLabel));
  const all = new Map<number, Label>();
  const add = (label: Label) => {
    if (label.id === null) throw new ArgumentError(`Label "${label.name}" has no id`);
    if (all.has(label.id)) throw new ArgumentError(`Label id ${label.id} is used twice`);
    all.set(label.id, label);
    label.structure?.sublabels.forEach(add);
  };
  top.forEach(add);
  return { all, top };
}

/** A copy of `old` carrying the server ids of `ack` (the same object, acknowledged later). */
function withServerIds(old: ObjectRecord, ack: ObjectRecord): ObjectRecord {
  const copy = structuredClone(old);
  const take = (into: ObjectRecord, from: ObjectRecord) => {
    into.serverID = from.serverID;
    for (const keyframe of into.keyframes ?? []) {
      const match = from.keyframes?.find((k) => k.frame === keyframe.frame);
      if (match) keyframe.serverID = match.serverID;
    }
    for (const element of into.elements) {
      const match = from.elements.find((e) => e.clientID === element.clientID);
      if (match) take(element, match);
    }
  };
  take(copy, ack);
  return copy;
}

/** The wire form of any record (with clientID). */
export function exportRecord(record: ObjectRecord, labels?: ReadonlyMap<number, Label>) {
  if (record.objectType === "tag") return recordToTag(record, labels);
  return record.objectType === "shape"
    ? recordToShape(record, labels)
    : recordToTrack(record, labels);
}

function describeChange(
  action: HistoryActions,
  frame: number,
  changes: ObjectChange[],
): CollectionChange {
  const out: CollectionChange = { action, frame, created: [], updated: [], deleted: [] };
  for (const { clientID, before, after } of changes) {
    (before === null ? out.created : after === null ? out.deleted : out.updated).push(clientID);
  }
  return out;
}

/** Builds the shared state from the options, checking them. */
export function createCore(options: AnnotationsOptions, binding: StateBinding): CollectionCore {
  if (typeof options !== "object" || options === null) {
    throw new ArgumentError(`Options must be an object, got ${show(options)}`);
  }
  const { all, top } = buildLabels(options.labels);
  const startFrame = checkFrameOption(options.startFrame ?? 0, "startFrame");
  const stopFrame = checkFrameOption(options.stopFrame, "stopFrame");
  if (stopFrame < startFrame) {
    throw new ArgumentError(`stopFrame (${stopFrame}) is before startFrame (${startFrame})`);
  }
  const dimension = options.dimension ?? "2d";
  if (dimension !== "2d" && dimension !== "3d") {
    throw new ArgumentError(`dimension must be "2d" or "3d", got ${show(dimension)}`);
  }
  if (options.onChange !== undefined && typeof options.onChange !== "function") {
    throw new ArgumentError("onChange must be a function");
  }
  if (options.frameSize !== undefined && typeof options.frameSize !== "function") {
    throw new ArgumentError("frameSize must be a function of the frame number");
  }
  const deletedSorted = checkDeletedFrames(options.deletedFrames ?? []);
  const deleted = new Set<number>(deletedSorted);
  const isDeleted = (frame: number) => deleted.has(frame);
  const index = createObjectIndex({ stopFrame, isDeleted });
  let counter = 0;
  const core: CollectionCore = {
    labels: all,
    topLabels: top,
    wireLabels: indexLabels(top.map((l) => l.toJSON())),
    startFrame,
    stopFrame,
    dimension,
    frameSize: options.frameSize,
    isDeleted,
    binding,
    index,
    history: createHistory({
      limit: options.historyLimit,
      apply(records) {
        for (const { clientID, record } of records) {
          if (record) index.set(record);
          else index.delete(clientID);
        }
      },
    }),
    saver: createSaverState({
      all: () => index.all(),
      get: (id) => index.get(id),
      replace: (record) => index.set(record),
      exportRecord: (record) => exportRecord(record, all),
      identified(records) {
        const acknowledged = new Map(records.map((r) => [r.clientID, r]));
        core.history.rewrite((old) => {
          const ack = acknowledged.get(old.clientID);
          return ack ? withServerIds(old, ack) : old;
        });
      },
    }),
    deleted,
    deletedSorted,
    maxGroup: 0,
    nextClientID: () => ++counter,
    commit(action, frame, changes) {
      for (const { clientID, after } of changes) {
        if (after) index.set(after);
        else index.delete(clientID);
      }
      core.history.record({
        action,
        frame,
        clientIDs: changes.map((c) => c.clientID),
        changes,
      });
      if (options.onChange) options.onChange(describeChange(action, frame, changes));
    },
    checkFrame(frame, field = "frame") {
      if (
        !Number.isInteger(frame) || (frame as number) < startFrame || (frame as number) > stopFrame
      ) {
        throw new ArgumentError(
          `${field} must be an integer within [${startFrame}, ${stopFrame}], got ${show(frame)}`,
        );
      }
      return frame as number;
    },
    stateOf: (record: ObjectRecord, frame: number): ObjectState =>
      toState(core, viewAt(core, record, frame)),
  };
  return core;
}
