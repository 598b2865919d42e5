/**
 * Conversions between wire objects (LabeledData) and the collection's records.
 *
 * @module
 */

import { DataError } from "./errors.ts";
import type { ShapeType } from "./enums.ts";
import type { Label } from "./label.ts";
import type { AttributeMap, Keyframe, ObjectRecord, Position } from "./model.ts";
import { colorOf } from "./palette.ts";
import type {
  WireAttribute,
  WireShape,
  WireTag,
  WireTrack,
  WireTrackedShape,
} from "./wire_types.ts";

/** What the conversions need from the collection. */
export interface RecordContext {
  labels: ReadonlyMap<number, Label>;
  nextClientID(): number;
}

/** Wire attributes → a map, keeping only the ids that pass `keep`. */
export function toAttributeMap(
  attributes: readonly WireAttribute[],
  keep: (specId: number) => boolean = () => true,
): AttributeMap {
  const map: AttributeMap = {};
  for (const { spec_id, value } of attributes) if (keep(spec_id)) map[spec_id] = value;
  return map;
}

interface LabelDefaults {
  all: Readonly<AttributeMap>;
  mutable: Readonly<AttributeMap>;
  immutable: Readonly<AttributeMap>;
}

const DEFAULTS = new WeakMap<Label, LabelDefaults>();

/** The label's attribute defaults (cached per label; frozen: spread them, never change them). */
export function labelDefaults(label: Label): LabelDefaults {
  let cached = DEFAULTS.get(label);
  if (!cached) {
    const all: AttributeMap = {};
    const mutable: AttributeMap = {};
    const immutable: AttributeMap = {};
    for (const a of label.attributes) {
      if (a.id === null) continue;
      all[a.id] = a.defaultValue;
      (a.mutable ? mutable : immutable)[a.id] = a.defaultValue;
    }
    cached = Object.freeze({
      all: Object.freeze(all),
      mutable: Object.freeze(mutable),
      immutable: Object.freeze(immutable),
    });
    DEFAULTS.set(label, cached);
  }
  return cached;
}

/** A fresh copy of the label's attribute defaults, for all attributes or one class. */
export function defaultAttributes(label: Label, mutable?: boolean): AttributeMap {
  const d = labelDefaults(label);
  return { ...(mutable === undefined ? d.all : mutable ? d.mutable : d.immutable) };
}

function labelOf(ctx: RecordContext, id: number): Label {
  const label = ctx.labels.get(id);
  if (!label) throw new DataError(`label_id \`${id}\` is invalid`);
  return label;
}

/** Whether new objects of a shape type are pinned by default (cvat-core's rule). */
export function pinnedByDefault(shapeType: ShapeType | null): boolean {
  return shapeType === "polygon" || shapeType === "polyline" || shapeType === "points" ||
    shapeType === "mask";
}

/** A fresh record with the client-side defaults (built field by field: no spread). */
export function baseRecord(
  ctx: RecordContext,
  fields:
    & Pick<ObjectRecord, "objectType" | "shapeType" | "labelId" | "frame">
    & Partial<ObjectRecord>,
): ObjectRecord {
  const clientID = fields.clientID ?? ctx.nextClientID();
  return {
    clientID,
    serverID: fields.serverID ?? null,
    parentID: fields.parentID ?? null,
    objectType: fields.objectType,
    shapeType: fields.shapeType,
    labelId: fields.labelId,
    frame: fields.frame,
    group: fields.group ?? 0,
    source: fields.source ?? "manual",
    attributes: fields.attributes ?? {},
    position: fields.position ?? null,
    keyframes: fields.keyframes ?? null,
    elements: fields.elements ?? [],
    lock: fields.lock ?? false,
    hidden: fields.hidden ?? false,
    pinned: fields.pinned ?? pinnedByDefault(fields.shapeType),
    color: fields.color ?? colorOf(clientID),
    descriptions: fields.descriptions ?? [],
  };
}

/** The label's defaults overlaid with wire values (only ids that pass `keep`). */
function attributesOf(
  defaults: Readonly<AttributeMap>,
  attributes: readonly WireAttribute[] | undefined,
  keep?: (specId: number) => boolean,
): AttributeMap {
  const map: AttributeMap = { ...defaults };
  if (attributes) {
    for (const { spec_id, value } of attributes) {
      if (!keep || keep(spec_id)) map[spec_id] = value;
    }
  }
  return map;
}

/** The wire shape's position (points copied; absent optional fields take their defaults). */
function position(shape: WireShape | WireTrackedShape): Position {
  return {
    points: shape.points ? shape.points.slice() : [],
    rotation: shape.rotation ?? 0,
    occluded: shape.occluded ?? false,
    outside: shape.outside ?? false,
    zOrder: shape.z_order ?? 0,
  };
}

/**
 * A wire tag → a record (attribute defaults filled). These conversions expect data that passed
 * the server's checks; optional fields may be absent.
 */
export function tagToRecord(ctx: RecordContext, tag: WireTag): ObjectRecord {
  const label = labelOf(ctx, tag.label_id);
  return baseRecord(ctx, {
    objectType: "tag",
    shapeType: null,
    labelId: tag.label_id,
    frame: tag.frame,
    serverID: tag.id ?? null,
    group: tag.group ?? 0,
    source: tag.source ?? "manual",
    attributes: attributesOf(labelDefaults(label).all, tag.attributes),
  });
}

/** A wire shape → a record; skeleton elements follow the label's sublabel order. */
export function shapeToRecord(
  ctx: RecordContext,
  shape: WireShape,
  parentID: number | null = null,
): ObjectRecord {
  const label = labelOf(ctx, shape.label_id);
  const record = baseRecord(ctx, {
    objectType: "shape",
    shapeType: shape.type,
    labelId: shape.label_id,
    frame: shape.frame,
    serverID: shape.id ?? null,
    parentID,
    group: shape.group ?? 0,
    source: shape.source ?? "manual",
    attributes: attributesOf(labelDefaults(label).all, shape.attributes),
    position: position(shape),
  });
  if (shape.type === "skeleton") {
    record.position!.points = [];
    record.elements = skeletonElements(
      label,
      shape.elements ?? [],
      (e) => shapeToRecord(ctx, e, record.clientID),
      (sublabel, present) => missingElement(ctx, record, sublabel, present),
    );
  }
  return record;
}

function skeletonElements<T extends { label_id: number }>(
  label: Label,
  elements: readonly T[],
  convert: (element: T) => ObjectRecord,
  missing: (sublabel: Label, present: ObjectRecord[]) => ObjectRecord,
): ObjectRecord[] {
  const sublabels = label.structure?.sublabels ?? [];
  const converted = sublabels.map((s) => {
    const element = elements.find((e) => e.label_id === s.id);
    return element ? convert(element) : null;
  });
  const present = converted.filter((e): e is ObjectRecord => e !== null);
  return converted.map((e, i) => e ?? missing(sublabels[i], present));
}

function missingElement(
  ctx: RecordContext,
  parent: ObjectRecord,
  sublabel: Label,
  present: ObjectRecord[],
): ObjectRecord {
  const points = present.map((e) => e.position?.points ?? e.keyframes?.[0]?.points ?? []);
  const xs = points.filter((p) => p.length >= 2).map((p) => p[0]);
  const ys = points.filter((p) => p.length >= 2).map((p) => p[1]);
  const mean = (v: number[]) => v.length ? v.reduce((a, b) => a + b, 0) / v.length : 0;
  const pos: Position = {
    points: [mean(xs), mean(ys)],
    rotation: 0,
    occluded: false,
    outside: true,
    zOrder: parent.position?.zOrder ?? 0,
  };
  const isTrack = parent.objectType === "track";
  return baseRecord(ctx, {
    objectType: parent.objectType,
    shapeType: "points",
    labelId: sublabel.id!,
    frame: parent.frame,
    parentID: parent.clientID,
    group: parent.group,
    source: parent.source,
    attributes: defaultAttributes(sublabel, isTrack ? false : undefined),
    position: isTrack ? null : pos,
    keyframes: isTrack ? [{ ...pos, frame: parent.frame, attributes: {}, serverID: null }] : null,
  });
}

const MUTABLE = new WeakMap<Label, Set<number>>();

function mutableIds(label: Label): Set<number> {
  let ids = MUTABLE.get(label);
  if (!ids) {
    ids = new Set(label.attributes.filter((a) => a.mutable && a.id !== null).map((a) => a.id!));
    MUTABLE.set(label, ids);
  }
  return ids;
}

function keyframeOf(shape: WireTrackedShape, mutable: Set<number>): Keyframe {
  return {
    ...position(shape),
    frame: shape.frame,
    attributes: toAttributeMap(shape.attributes ?? [], (id) => mutable.has(id)),
    serverID: shape.id ?? null,
  };
}

/** A wire track → a record, or null for a track without keyframes (skipped, as cvat-core). */
export function trackToRecord(
  ctx: RecordContext,
  track: WireTrack,
  parentID: number | null = null,
): ObjectRecord | null {
  if (!track.shapes?.length) return null;
  const label = labelOf(ctx, track.label_id);
  const type = track.shapes[0].type;
  if (type === "mask") throw new DataError('An unexpected type of track "mask"');
  const mutable = mutableIds(label);
  const keyframes = track.shapes.map((s) => keyframeOf(s, mutable)).sort((a, b) =>
    a.frame - b.frame
  );
  const record = baseRecord(ctx, {
    objectType: "track",
    shapeType: type,
    labelId: track.label_id,
    frame: keyframes[0].frame,
    serverID: track.id ?? null,
    parentID,
    group: track.group ?? 0,
    source: track.source ?? "manual",
    attributes: attributesOf(
      labelDefaults(label).immutable,
      track.attributes,
      (id) => !mutable.has(id),
    ),
    keyframes,
  });
  if (type === "skeleton") {
    for (const k of keyframes) k.points = [];
    record.elements = skeletonElements(
      label,
      track.elements ?? [],
      (e) => trackToRecord(ctx, e, record.clientID) ?? missingElement(ctx, record, label, []),
      (sublabel, present) => missingElement(ctx, record, sublabel, present),
    );
  }
  return record;
}
