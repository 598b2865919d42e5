/**
 * `ObjectState.save()`: the fields a caller set are checked and applied to a copy of the object's
 * record; the copy replaces the record only when everything passed.
 *
 * @module
 */

import { ArgumentError } from "./errors.ts";
import type { HistoryActions } from "./enums.ts";
import type { Label } from "./label.ts";
import type { Keyframe, ObjectRecord, Position } from "./model.ts";
import type { ObjectState, UpdatableField } from "./object_state.ts";
import { actionFor, changedFields, dropReadOnly, GEOMETRY, PER_FRAME } from "./save_changes.ts";
import { type GeometryContext, normalizeRotation, prepareGeometry } from "./geometry_rules.ts";
import { defaultAttributes } from "./records.ts";
import { type FrameView, viewAt, type ViewContext } from "./state_view.ts";
import {
  checkAttributes,
  checkBoolean,
  checkColor,
  checkInteger,
  checkLabel,
  checkNumber,
  checkPointsArray,
  isValidAttributeValue,
} from "./state_validate.ts";

/** What saving needs from the collection. */
export interface SaveContext extends ViewContext, GeometryContext {
  /** A bound ObjectState of a record on a frame. */
  stateOf(record: ObjectRecord, frame: number): ObjectState;
}

function relabel(record: ObjectRecord, from: Label, to: Label): void {
  record.labelId = to.id!;
  if (record.objectType === "track") {
    record.attributes = defaultAttributes(to, false);
    for (const k of record.keyframes!) k.attributes = {};
    return;
  }
  const kept: Record<number, string> = defaultAttributes(to);
  for (const attribute of to.attributes) {
    const old = from.attributes.find((a) => a.name === attribute.name);
    const value = old?.id != null ? record.attributes[old.id] : undefined;
    if (value !== undefined && isValidAttributeValue(attribute, value)) kept[attribute.id!] = value;
  }
  record.attributes = kept;
}

function ensureKeyframe(record: ObjectRecord, view: FrameView): Keyframe {
  const keyframes = record.keyframes!;
  const at = keyframes.findIndex((k) => k.frame >= view.frame);
  if (at >= 0 && keyframes[at].frame === view.frame) return keyframes[at];
  const position = view.position!;
  const keyframe: Keyframe = {
    ...position,
    points: position.points.slice(),
    frame: view.frame,
    attributes: {},
    serverID: null,
  };
  keyframes.splice(at < 0 ? keyframes.length : at, 0, keyframe);
  return keyframe;
}

function removeKeyframe(record: ObjectRecord, frame: number): void {
  const keyframes = record.keyframes!;
  const at = keyframes.findIndex((k) => k.frame === frame);
  if (at < 0) return;
  if (keyframes.length === 1) throw new ArgumentError("Can not remove the latest keyframe");
  keyframes.splice(at, 1);
}

/** The attribute values of a state that belong to its (new) label, checked. */
function stateAttributes(state: ObjectState, label: Label, relabelled: boolean) {
  const values = state.attributes;
  if (relabelled) {
    for (const key of Object.keys(values)) {
      if (!label.attributes.some((a) => a.id === Number(key))) delete values[Number(key)];
    }
  }
  return checkAttributes(label, values);
}

function applyAttributes(
  record: ObjectRecord,
  view: FrameView,
  values: Record<number, string>,
  label: Label,
): void {
  if (record.objectType !== "track") {
    record.attributes = { ...record.attributes, ...values };
    return;
  }
  for (const [key, value] of Object.entries(values)) {
    const id = Number(key);
    const mutable = label.attributes.find((a) => a.id === id)!.mutable;
    if (!mutable) record.attributes[id] = value;
    else if (view.attributes[id] !== value) ensureKeyframe(record, view).attributes[id] = value;
  }
}

function applyPerFrame(
  ctx: SaveContext,
  record: ObjectRecord,
  state: ObjectState,
  view: FrameView,
  changed: Set<UpdatableField>,
): void {
  if (![...changed].some((f) => PER_FRAME.has(f))) return;
  const target: Position = record.objectType === "track"
    ? ensureKeyframe(record, view)
    : record.position!;
  const shapeType = record.shapeType!;
  if (changed.has("rotation")) {
    target.rotation = normalizeRotation(shapeType, checkNumber("rotation", state.rotation));
  }
  if (changed.has("points")) {
    const points = checkPointsArray(state.points);
    target.points = prepareGeometry(ctx, shapeType, points, target.rotation, view.frame, {
      element: record.parentID !== null,
    });
  }
  if (changed.has("occluded")) target.occluded = checkBoolean("occluded", state.occluded);
  if (changed.has("outside")) target.outside = checkBoolean("outside", state.outside);
  if (changed.has("zOrder")) target.zOrder = checkInteger("zOrder", state.zOrder);
}

function applyOne(
  ctx: SaveContext,
  record: ObjectRecord,
  state: ObjectState,
  view: FrameView,
): Set<UpdatableField> {
  if (record.lock && state.lock) return new Set();
  const changed = changedFields(state, view);
  dropReadOnly(record, changed);
  const oldLabel = ctx.labels.get(record.labelId)!;
  let label = oldLabel;
  if (changed.has("label")) {
    label = checkLabel(ctx.labels, state.label);
    if (label.parentID !== oldLabel.parentID) {
      throw new ArgumentError(`Cannot change label "${oldLabel.name}" to "${label.name}"`);
    }
    relabel(record, oldLabel, label);
  }
  if (changed.has("lock")) record.lock = checkBoolean("lock", state.lock);
  if (changed.has("hidden")) record.hidden = checkBoolean("hidden", state.hidden);
  if (changed.has("pinned")) record.pinned = checkBoolean("pinned", state.pinned);
  if (changed.has("color")) record.color = checkColor(state.color);
  if (changed.has("descriptions")) record.descriptions = state.descriptions;
  if (record.objectType !== "tag") applyPerFrame(ctx, record, state, view, changed);
  if (changed.has("attributes") || changed.has("label")) {
    applyAttributes(record, view, stateAttributes(state, label, changed.has("label")), label);
  }
  if (changed.has("keyframe") && record.objectType === "track") {
    if (checkBoolean("keyframe", state.keyframe)) ensureKeyframe(record, view);
    else removeKeyframe(record, view.frame);
  }
  if (record.parentID === null && [...changed].some((f) => GEOMETRY.has(f))) {
    record.source = record.source === "auto" || record.source === "semi-auto"
      ? "semi-auto"
      : "manual";
  }
  if (record.keyframes) record.frame = record.keyframes[0].frame;
  return changed;
}

/** The collection's side of a save: where records live and where history goes. */
export interface SaveTarget {
  get(clientID: number): ObjectRecord | undefined;
  parentOf(clientID: number): number | undefined;
  commit(action: HistoryActions, frame: number, before: ObjectRecord, after: ObjectRecord): void;
}

function propagateToElements(
  ctx: SaveContext,
  skeleton: ObjectRecord,
  state: ObjectState,
  changed: Set<UpdatableField>,
): void {
  for (const element of skeleton.elements) {
    const view = viewAt(ctx, element, state.frame);
    if (changed.has("zOrder")) {
      const target = element.keyframes ? ensureKeyframe(element, view) : element.position!;
      target.zOrder = state.zOrder;
    }
    if (changed.has("keyframe") && element.keyframes) {
      if (state.keyframe) ensureKeyframe(element, view);
      else if (element.keyframes.length > 1) removeKeyframe(element, state.frame);
    }
  }
}

function resetFlags(state: ObjectState): void {
  state.updateFlags.reset();
  for (const element of state.elements) element.updateFlags.reset();
}

/**
 * Applies a state's changed fields to its object, as one history entry.
 * @returns a fresh state of the same object on the same frame.
 */
export function saveState(ctx: SaveContext, target: SaveTarget, state: ObjectState): ObjectState {
  const clientID = state.clientID ?? -1;
  const parentID = target.parentOf(clientID);
  const top = target.get(parentID ?? clientID);
  if (!top) {
    throw new ArgumentError(`Cannot save object ${clientID}: it is not in the collection`);
  }
  const after = structuredClone(top);
  const changed = new Set<UpdatableField>();
  const add = (fields: Set<UpdatableField>) => fields.forEach((f) => changed.add(f));
  const frame = state.frame;
  if (parentID === undefined) {
    const own = applyOne(ctx, after, state, viewAt(ctx, top, frame));
    add(own);
    if (top.shapeType === "skeleton") propagateToElements(ctx, after, state, own);
    for (const es of state.elements) {
      const i = top.elements.findIndex((e) => e.clientID === es.clientID);
      if (i >= 0) add(applyOne(ctx, after.elements[i], es, viewAt(ctx, top.elements[i], frame)));
    }
  } else {
    const i = top.elements.findIndex((e) => e.clientID === clientID);
    add(applyOne(ctx, after.elements[i], state, viewAt(ctx, top.elements[i], frame)));
  }
  resetFlags(state);
  if (changed.size) target.commit(actionFor(changed), frame, top, after);
  const source = changed.size ? after : top;
  const record = parentID === undefined
    ? source
    : source.elements.find((e) => e.clientID === clientID)!;
  return ctx.stateOf(record, frame);
}
