/**
 * Records → wire objects (LabeledData), as `export()` and the saver send them.
 *
 * @module
 */

import type { Label } from "./label.ts";
import type { AttributeMap, ObjectRecord } from "./model.ts";
import type {
  WireAttribute,
  WireShape,
  WireTag,
  WireTrack,
  WireTrackedShape,
} from "./wire_types.ts";

/** Attribute ids of a label in ascending order (cached). */
const ATTRIBUTE_IDS = new WeakMap<Label, number[]>();

function attributeIds(label: Label): number[] {
  let ids = ATTRIBUTE_IDS.get(label);
  if (!ids) {
    ids = label.attributes.filter((a) => a.id !== null).map((a) => a.id!).sort((a, b) => a - b);
    ATTRIBUTE_IDS.set(label, ids);
  }
  return ids;
}

/**
 * A map → wire attributes, in ascending id order. With the label, its attribute ids are read
 * directly (maps in records only hold their label's ids); that is ~5× faster than Object.keys,
 * which turns every integer key into a string and back.
 */
export function toWireAttributes(map: AttributeMap, label?: Label): WireAttribute[] {
  const out: WireAttribute[] = [];
  if (label) {
    const ids = attributeIds(label);
    for (let i = 0; i < ids.length; i++) {
      const value = map[ids[i]];
      if (value !== undefined) out.push({ spec_id: ids[i], value });
    }
    return out;
  }
  const keys = Object.keys(map);
  for (let i = 0; i < keys.length; i++) {
    const id = Number(keys[i]);
    out.push({ spec_id: id, value: map[id] });
  }
  return out;
}

function withId<T extends { id?: number | null }>(object: T, id: number | null): T {
  if (id !== null) object.id = id;
  return object;
}

/** A tag record → wire (no `elements`). */
export function recordToTag(record: ObjectRecord, labels?: ReadonlyMap<number, Label>): WireTag {
  const tag: WireTag = {
    clientID: record.clientID,
    label_id: record.labelId,
    frame: record.frame,
    group: record.group,
    source: record.source,
    attributes: toWireAttributes(record.attributes, labels?.get(record.labelId)),
  };
  return withId(tag, record.serverID);
}

/** A shape record → wire; elements carry no `elements` of their own. */
export function recordToShape(
  record: ObjectRecord,
  labels?: ReadonlyMap<number, Label>,
): WireShape {
  const label = labels?.get(record.labelId);
  const p = record.position!;
  const shape: WireShape = {
    type: record.shapeType!,
    clientID: record.clientID,
    label_id: record.labelId,
    frame: record.frame,
    group: record.group,
    source: record.source,
    occluded: p.occluded,
    outside: p.outside,
    z_order: p.zOrder,
    rotation: p.rotation,
    points: p.points.slice(),
    attributes: toWireAttributes(record.attributes, label),
  };
  if (record.parentID === null) {
    shape.elements = record.elements.map((element) => recordToShape(element, labels));
  }
  return withId(shape, record.serverID);
}

/** A track record → wire; keyframes in frame order. */
export function recordToTrack(
  record: ObjectRecord,
  labels?: ReadonlyMap<number, Label>,
): WireTrack {
  const label = labels?.get(record.labelId);
  const track: WireTrack = {
    clientID: record.clientID,
    label_id: record.labelId,
    frame: record.frame,
    group: record.group,
    source: record.source,
    attributes: toWireAttributes(record.attributes, label),
    shapes: record.keyframes!.map((k) =>
      withId<WireTrackedShape>({
        type: record.shapeType!,
        frame: k.frame,
        occluded: k.occluded,
        outside: k.outside,
        z_order: k.zOrder,
        rotation: k.rotation,
        points: k.points.slice(),
        attributes: toWireAttributes(k.attributes, label),
      }, k.serverID)
    ),
  };
  if (record.parentID === null) {
    track.elements = record.elements.map((element) => recordToTrack(element, labels));
  }
  return withId(track, record.serverID);
}
