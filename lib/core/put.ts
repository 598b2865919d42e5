/**
 * `put(states)`: new objects from ObjectStates, all checked before any is added.
 *
 * @module
 */

import { show } from "./show.ts";
import { ArgumentError, DataError } from "./errors.ts";
import { ObjectType, ShapeType, Source } from "./enums.ts";
import type { Label } from "./label.ts";
import type { ObjectRecord, Position } from "./model.ts";
import { ObjectState } from "./object_state.ts";
import { type GeometryContext, normalizeRotation, prepareGeometry } from "./geometry_rules.ts";
import { baseRecord, labelDefaults, type RecordContext } from "./records.ts";
import {
  checkAttributes,
  checkBoolean,
  checkInteger,
  checkLabel,
  checkNumber,
  checkPointsArray,
} from "./state_validate.ts";

const SHAPE_TYPES = new Set<string>(Object.values(ShapeType));
const OBJECT_TYPES = new Set<string>(Object.values(ObjectType));

/** What `put` needs from the collection. */
export interface PutContext extends RecordContext, GeometryContext {
  startFrame: number;
  stopFrame: number;
}

function checkState(ctx: PutContext, state: unknown, at: number): ObjectState {
  if (!(state instanceof ObjectState)) {
    throw new ArgumentError(`states[${at}] must be an ObjectState, got ${show(state)}`);
  }
  if (!OBJECT_TYPES.has(state.objectType)) {
    throw new ArgumentError(`states[${at}].objectType is unknown: "${state.objectType}"`);
  }
  if (state.frame < ctx.startFrame || state.frame > ctx.stopFrame) {
    throw new ArgumentError(
      `states[${at}].frame must be within [${ctx.startFrame}, ${ctx.stopFrame}], got ${state.frame}`,
    );
  }
  return state;
}

function positionOf(ctx: PutContext, state: ObjectState, element: boolean): Position {
  const shapeType = state.shapeType!;
  const rotation = normalizeRotation(shapeType, checkNumber("rotation", state.rotation ?? 0));
  const points = shapeType === "skeleton" ? [] : checkPointsArray(state.points);
  if (shapeType !== "skeleton" && !points.length) {
    throw new DataError(`Cannot create a ${shapeType} without points`);
  }
  return {
    points: prepareGeometry(ctx, shapeType, points, rotation, state.frame, { element }),
    rotation,
    occluded: checkBoolean("occluded", state.occluded),
    // A new track starts visible; shapes and skeleton elements keep the state's flag.
    outside: state.objectType === "track" && !element
      ? false
      : checkBoolean("outside", state.outside),
    zOrder: checkInteger("zOrder", state.zOrder),
  };
}

const SOURCES = new Set<string>(Object.values(Source));

function checkSource(value: unknown): string {
  if (typeof value !== "string" || !SOURCES.has(value)) {
    throw new ArgumentError(
      `source must be one of ${[...SOURCES].map((s) => `"${s}"`).join(", ")}, got ${show(value)}`,
    );
  }
  return value;
}

function checkDescriptions(value: unknown): string[] {
  if (!Array.isArray(value) || value.some((v) => typeof v !== "string")) {
    throw new ArgumentError(`descriptions must be an array of strings, got ${show(value)}`);
  }
  return value.slice();
}

function groupOf(state: ObjectState): number {
  const id = state.group?.id ?? 0;
  if (!Number.isInteger(id) || id < 0) {
    throw new ArgumentError(`group must be a non-negative integer, got ${show(id)}`);
  }
  return id;
}

function checkShapeType(state: ObjectState, at: number): void {
  if (!SHAPE_TYPES.has(state.shapeType as string)) {
    throw new ArgumentError(
      `states[${at}].shapeType is unknown: ${show(state.shapeType)}`,
    );
  }
  if (state.objectType === "track" && state.shapeType === "mask") {
    throw new DataError('An unexpected type of track "mask"');
  }
}

function splitAttributes(label: Label, values: Record<number, string>, mutable: boolean) {
  const out: Record<number, string> = {};
  for (const a of label.attributes) {
    if (a.id !== null && a.mutable === mutable && values[a.id] !== undefined) {
      out[a.id] = values[a.id];
    }
  }
  return out;
}

function recordOf(
  ctx: PutContext,
  state: ObjectState,
  label: Label,
  parent: ObjectRecord | null,
): ObjectRecord {
  const given = checkAttributes(label, state.attributes);
  const fields: Parameters<typeof baseRecord>[1] = {
    objectType: state.objectType,
    shapeType: state.objectType === "tag" ? null : state.shapeType,
    labelId: label.id!,
    frame: state.frame,
    parentID: parent?.clientID ?? null,
    group: parent ? parent.group : groupOf(state),
    source: parent ? parent.source : checkSource(state.source),
    descriptions: checkDescriptions(state.descriptions),
  };
  const defaults = labelDefaults(label);
  if (state.objectType === "tag") {
    fields.attributes = { ...defaults.all, ...given };
    return baseRecord(ctx, fields);
  }
  const position = positionOf(ctx, state, parent !== null);
  if (state.objectType === "shape") {
    fields.attributes = { ...defaults.all, ...given };
    fields.position = position;
    return baseRecord(ctx, fields);
  }
  fields.attributes = { ...defaults.immutable, ...splitAttributes(label, given, false) };
  fields.keyframes = [{
    points: position.points,
    rotation: position.rotation,
    occluded: position.occluded,
    outside: position.outside,
    zOrder: position.zOrder,
    frame: state.frame,
    attributes: { ...defaults.mutable, ...splitAttributes(label, given, true) },
    serverID: null,
  }];
  return baseRecord(ctx, fields);
}

function skeletonElements(
  ctx: PutContext,
  state: ObjectState,
  label: Label,
  parent: ObjectRecord,
): ObjectRecord[] {
  const sublabels = label.structure?.sublabels ?? [];
  const given = state.elements;
  for (const element of given) {
    if (!sublabels.some((s) => s.id === element.label?.id)) {
      throw new ArgumentError(
        `Skeleton element label "${element.label?.name}" is not a sublabel of "${label.name}"`,
      );
    }
  }
  return sublabels.map((sublabel) => {
    const element = given.find((e) => e.label.id === sublabel.id);
    if (!element) {
      throw new DataError(`Skeleton "${label.name}" needs an element for "${sublabel.name}"`);
    }
    if (element.frame !== state.frame || element.objectType !== state.objectType) {
      throw new ArgumentError(
        `Skeleton element "${sublabel.name}" must have the skeleton's frame and objectType`,
      );
    }
    return recordOf(ctx, element, sublabel, parent);
  });
}

/**
 * Builds the records of new objects from states; throws before returning anything.
 * @returns the records in input order.
 */
export function recordsFromStates(ctx: PutContext, states: unknown): ObjectRecord[] {
  if (!Array.isArray(states)) {
    throw new ArgumentError(`put() needs an array of ObjectState, got ${show(states)}`);
  }
  return states.map((raw, at) => {
    const state = checkState(ctx, raw, at);
    const label = checkLabel(ctx.labels, state.label);
    if (label.parentID !== null) {
      throw new ArgumentError(`states[${at}]: "${label.name}" is a skeleton sublabel`);
    }
    if (state.objectType !== "tag") checkShapeType(state, at);
    const record = recordOf(ctx, state, label, null);
    if (record.shapeType === "skeleton") {
      record.elements = skeletonElements(ctx, state, label, record);
    }
    return record;
  });
}
