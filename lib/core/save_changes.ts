/**
 * Which fields a save really changes, and how the history names that change.
 *
 * @module
 */

import { HistoryActions } from "./enums.ts";
import type { ObjectRecord } from "./model.ts";
import type { ObjectState, UpdatableField } from "./object_state.ts";
import type { FrameView } from "./state_view.ts";
import { normalizeRotation } from "./geometry_rules.ts";

const ACTIONS: Record<UpdatableField, HistoryActions> = {
  label: HistoryActions.CHANGED_LABEL,
  attributes: HistoryActions.CHANGED_ATTRIBUTES,
  // Descriptions have no action of their own (cvat-core records none). They are recorded as
  // "Changed object" so that undo stays exact: entries hold whole records.
  descriptions: HistoryActions.CHANGED_OBJECT,
  points: HistoryActions.CHANGED_POINTS,
  rotation: HistoryActions.CHANGED_ROTATION,
  outside: HistoryActions.CHANGED_OUTSIDE,
  occluded: HistoryActions.CHANGED_OCCLUDED,
  keyframe: HistoryActions.CHANGED_KEYFRAME,
  zOrder: HistoryActions.CHANGED_ZORDER,
  pinned: HistoryActions.CHANGED_PINNED,
  lock: HistoryActions.CHANGED_LOCK,
  color: HistoryActions.CHANGED_COLOR,
  hidden: HistoryActions.CHANGED_HIDDEN,
};

export const GEOMETRY = new Set<UpdatableField>([
  "points",
  "rotation",
  "occluded",
  "outside",
  "zOrder",
  "keyframe",
]);
export const PER_FRAME = new Set<UpdatableField>([
  "points",
  "rotation",
  "occluded",
  "outside",
  "zOrder",
]);

/** The history action for a set of changed fields: one field → its name, several → CHANGED_OBJECT. */
export function actionFor(fields: ReadonlySet<UpdatableField>): HistoryActions {
  if (fields.size === 1) return ACTIONS[[...fields][0]];
  return HistoryActions.CHANGED_OBJECT;
}

const sameArray = (a: readonly number[], b: readonly number[]) =>
  a.length === b.length && a.every((v, i) => v === b[i]);

/** The flagged fields whose value differs from what the object has on that frame. */
export function changedFields(state: ObjectState, view: FrameView): Set<UpdatableField> {
  const { record, position } = view;
  const flags = state.updateFlags;
  const changed = new Set<UpdatableField>();
  const mark = (field: UpdatableField, differs: boolean) => {
    if (flags[field] && differs) changed.add(field);
  };
  const attrs = state.attributes as Record<string, unknown>;
  const current = view.attributes as Record<string, string>;
  mark("label", state.label?.id !== record.labelId);
  // Keys are compared as written, so a key that is not an id still reaches validation.
  mark("attributes", Object.keys(attrs).some((k) => attrs[k] !== current[k]));
  mark("descriptions", JSON.stringify(state.descriptions) !== JSON.stringify(record.descriptions));
  mark("lock", state.lock !== record.lock);
  mark("hidden", state.hidden !== record.hidden);
  mark("pinned", state.pinned !== record.pinned);
  mark("color", state.color !== record.color);
  if (position) {
    const points = state.shapeType === "skeleton" ? [] : state.points;
    mark("points", !Array.isArray(points) || !sameArray(points, position.points));
    const rotation = typeof state.rotation === "number"
      ? normalizeRotation(record.shapeType, state.rotation)
      : state.rotation;
    mark("rotation", rotation !== position.rotation);
    mark("occluded", state.occluded !== position.occluded);
    mark("outside", state.outside !== position.outside);
    mark("zOrder", state.zOrder !== position.zOrder);
  }
  if (record.objectType === "track") mark("keyframe", state.keyframe !== view.keyframe);
  return changed;
}

/** Fields that cannot change on skeletons and their elements. */
export function dropReadOnly(record: ObjectRecord, changed: Set<UpdatableField>): void {
  if (record.shapeType === "skeleton") {
    for (const f of ["points", "label", "occluded", "outside"] as const) changed.delete(f);
  }
  if (record.parentID !== null) {
    changed.delete("rotation");
    changed.delete("zOrder");
  }
}
