/**
 * What an object looks like on one frame, and the `ObjectState` built from that.
 *
 * @module
 */

import type { Label } from "./label.ts";
import type { AttributeMap, ObjectRecord, Position } from "./model.ts";
import { BINDING, type KeyframeBounds, ObjectState, type StateBinding } from "./object_state.ts";
import { colorOf, NO_GROUP_COLOR } from "./palette.ts";
import { labelDefaults } from "./records.ts";
import { keyframeIndex, trackPositionAt } from "./track.ts";

/** An object on one frame, before it becomes an ObjectState. */
export interface FrameView {
  record: ObjectRecord;
  frame: number;
  /** null for tags. */
  position: Position | null;
  keyframe: boolean;
  attributes: AttributeMap;
  bounds: KeyframeBounds | null;
  elements: FrameView[];
}

/** What building views and states needs from the collection. */
export interface ViewContext {
  labels: ReadonlyMap<number, Label>;
  dimension: "2d" | "3d";
  isDeleted(frame: number): boolean;
  binding: StateBinding;
}

/**
 * Per track record, the attribute values in force from each keyframe on (defaults, then the
 * track's immutable values, then every keyframe's mutable values up to it). Records are never
 * changed in place, so the cache is keyed by the record itself.
 */
const ATTRIBUTES = new WeakMap<ObjectRecord, AttributeMap[]>();

function trackAttributes(record: ObjectRecord, label: Label, frame: number): AttributeMap {
  let table = ATTRIBUTES.get(record);
  if (!table) {
    const base: AttributeMap = { ...labelDefaults(label).mutable, ...record.attributes };
    table = [base];
    for (const keyframe of record.keyframes!) {
      const next = { ...table[table.length - 1] };
      const values = keyframe.attributes;
      const keys = Object.keys(values);
      for (let i = 0; i < keys.length; i++) {
        const id = Number(keys[i]);
        next[id] = values[id];
      }
      table.push(next);
    }
    ATTRIBUTES.set(record, table);
  }
  // The last keyframe at or before the frame (deleted ones too, as in cvat-core).
  const keyframes = record.keyframes!;
  const at = keyframeIndex(keyframes, frame);
  const upTo = at < keyframes.length && keyframes[at].frame === frame ? at + 1 : at;
  return table[upTo];
}

/**
 * The view of a record on a frame; tracks are interpolated.
 *
 * @example
 * ```ts
 * // const view = viewAt(ctx, record, 5); view.position.points
 * ```
 */
export function viewAt(ctx: ViewContext, record: ObjectRecord, frame: number): FrameView {
  const label = ctx.labels.get(record.labelId)!;
  if (record.objectType !== "track") {
    return {
      record,
      frame,
      position: record.position,
      keyframe: true,
      attributes: record.attributes,
      bounds: null,
      elements: record.elements.map((e) => viewAt(ctx, e, frame)),
    };
  }
  const at = trackPositionAt(record.keyframes!, frame, {
    shapeType: record.shapeType!,
    dimension: ctx.dimension,
    isDeleted: ctx.isDeleted,
  });
  const elements = record.elements.map((e) => viewAt(ctx, e, frame));
  const view: FrameView = {
    record,
    frame,
    position: at.position,
    keyframe: at.keyframe,
    attributes: trackAttributes(record, label, frame),
    bounds: { prev: at.prev, next: at.next, first: at.first, last: at.last },
    elements,
  };
  if (elements.length) view.bounds = skeletonBounds(view.bounds!, elements);
  return view;
}

function skeletonBounds(own: KeyframeBounds, elements: FrameView[]): KeyframeBounds {
  const pick = (key: keyof KeyframeBounds, better: (a: number, b: number) => boolean) => {
    let best = own[key];
    for (const e of elements) {
      const v = e.bounds?.[key] ?? null;
      if (v !== null && (best === null || better(v, best))) best = v;
    }
    return best;
  };
  return {
    prev: pick("prev", (a, b) => a > b),
    next: pick("next", (a, b) => a < b),
    first: pick("first", (a, b) => a < b),
    last: pick("last", (a, b) => a > b),
  };
}

/** Whether `get(frame)` shows a view without `allTracks` (outside non-keyframes are hidden). */
export function isShown(view: FrameView): boolean {
  if (view.record.objectType !== "track") return true;
  if (view.elements.length) return view.elements.some(isShown) || view.keyframe;
  return !(view.position!.outside && !view.keyframe);
}

/** Builds the ObjectState of a view, bound to the collection. */
export function toState(ctx: ViewContext, view: FrameView): ObjectState {
  const { record, position } = view;
  const state = new ObjectState({
    objectType: record.objectType,
    shapeType: record.shapeType,
    label: ctx.labels.get(record.labelId)!,
    frame: view.frame,
    points: position ? position.points.slice() : null,
    rotation: position ? position.rotation : null,
    attributes: { ...view.attributes },
    descriptions: record.descriptions.slice(),
    zOrder: position?.zOrder ?? 0,
    occluded: position?.occluded ?? false,
    outside: position?.outside ?? false,
    keyframe: view.keyframe,
    lock: record.lock,
    hidden: record.hidden,
    pinned: record.pinned,
    color: record.color,
    source: record.source,
    group: { id: record.group, color: record.group ? colorOf(record.group) : NO_GROUP_COLOR },
    clientID: record.clientID,
    serverID: record.serverID,
    parentID: record.parentID,
    keyframes: view.bounds,
    elements: view.elements.map((e) => toState(ctx, e)),
  });
  state[BINDING] = ctx.binding;
  return state;
}
