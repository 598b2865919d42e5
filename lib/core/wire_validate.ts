/**
 * CVAT's server-side checks of an annotation write (`PUT`/`PATCH .../annotations`): field
 * types, required fields and defaults (its serializers), then `label_id` and `spec_id`
 * membership (its `JobAnnotation` checks). Geometry is not checked.
 *
 * @module
 */

import { ArgumentError, DataError } from "./errors.ts";
import { ShapeType } from "./enums.ts";
import {
  type DrfErrors,
  failField,
  failValue,
  FieldFail,
  isRawObject,
  pythonType,
  type RawObject,
} from "./wire_fail.ts";
import {
  type IntOptions,
  type ListOptions,
  readBool,
  readInt,
  readList,
  readNumber,
  readPoints,
  readString,
} from "./wire_fields.ts";
import { indexLabels, type LabelEntry, type LabelIndex } from "./wire_labels.ts";
import type {
  LabeledData,
  WireAttribute,
  WireLabel,
  WireShape,
  WireTag,
  WireTrack,
  WireTrackedShape,
} from "./wire_types.ts";

/**
 * The `DataError` that {@linkcode validateLabeledData} throws: `errors` is the body a
 * CVAT server would answer with (400). Field errors nest like DRF's (`{ shapes: [{}, {},
 * { points: { "1": ["Value must be a float or an integer"] } }] }`, holding the first
 * error found only); a label or attribute error is a plain list (``["label_id `7` is
 * invalid"]``).
 */
export type WireValidationError = DataError & { errors: DrfErrors };

interface Context {
  labels: LabelIndex;
  /** The first label/spec error found; reported only if no field error is found. */
  labelError: string | null;
}

type SpecClass = "all" | "immutable" | "mutable";

const SHAPE_TYPES = new Set<string>(Object.values(ShapeType));
const NO_PARENT = -1;

function validationError(message: string, errors: DrfErrors): WireValidationError {
  return Object.assign(new DataError(message), { errors });
}

/**
 * True for an error thrown by {@linkcode validateLabeledData} (a `DataError` with `errors`).
 *
 * @example
 * ```ts
 * import { ok } from "node:assert/strict";
 * import { isWireValidationError, validateLabeledData } from "./wire_validate.ts";
 * try { validateLabeledData({ tags: 1 }, []); } catch (error) {
 *   ok(isWireValidationError(error));
 * }
 * ```
 */
export function isWireValidationError(error: unknown): error is WireValidationError {
  return error instanceof DataError && "errors" in error;
}

function note(context: Context, message: string): void {
  if (context.labelError === null) context.labelError = message;
}

function checkLabel(context: Context, labelId: number, parent: number): LabelEntry | undefined {
  const entry = context.labels.get(labelId);
  if (entry && (parent === NO_PARENT || entry.parentId === parent)) return entry;
  note(context, `label_id \`${labelId}\` is invalid`);
  return undefined;
}

function checkSpecs(
  context: Context,
  entry: LabelEntry | undefined,
  attributes: readonly WireAttribute[],
  specClass: SpecClass,
): void {
  if (!entry || context.labelError !== null) return;
  for (let i = 0; i < attributes.length; i++) {
    const mutable = entry.specs.get(attributes[i].spec_id);
    const fits = mutable !== undefined &&
      (specClass === "all" || mutable === (specClass === "mutable"));
    if (!fits) return note(context, `spec_id \`${attributes[i].spec_id}\` is invalid`);
  }
}

const ID: IntOptions = { nullable: true, fallback: null };
const NON_NEGATIVE: IntOptions = { min: 0 };
const GROUP: IntOptions = { min: 0, nullable: true, fallback: null };
const Z_ORDER: IntOptions = { fallback: 0 };
const ANY_INT: IntOptions = {};
const SOURCE = { fallback: "manual" };
const VALUE = { allowBlank: true, maxLength: 4096 };
const OPTIONAL: ListOptions = {};
// CVAT 2.15 accepts a track without shapes (its serializer allows an empty list); the
// collection skips such tracks on import, as cvat-core does.
const TRACK_SHAPES: ListOptions = { required: true, nonEmpty: false };

function cleanAttribute(raw: RawObject): WireAttribute {
  return {
    spec_id: readInt(raw, "spec_id", ANY_INT) as number,
    value: readString(raw, "value", VALUE),
  };
}

function readType(raw: RawObject): ShapeType {
  const value = raw.type;
  if (typeof value === "string" && SHAPE_TYPES.has(value)) return value as ShapeType;
  if (value === undefined || value === null) failValue("type", value, "", "expected a shape type");
  const drf = `"${String(value)}" is not a valid choice.`;
  return failField("type", drf, `expected one of ${[...SHAPE_TYPES].join(", ")}`, value);
}

function rejectNested(raw: RawObject): void {
  const value = raw.elements;
  if (value === undefined || (Array.isArray(value) && value.length === 0)) return;
  failField(
    "elements",
    "Nested elements are not allowed.",
    "an element cannot have elements",
    value,
  );
}

function readAttributes(raw: RawObject, context: Context): WireAttribute[] {
  return readList(raw, "attributes", cleanAttribute, context, NO_PARENT, OPTIONAL);
}

function cleanTag(raw: RawObject, context: Context): WireTag {
  const tag: WireTag = {
    id: readInt(raw, "id", ID),
    frame: readInt(raw, "frame", NON_NEGATIVE) as number,
    label_id: readInt(raw, "label_id", NON_NEGATIVE) as number,
    group: readInt(raw, "group", GROUP),
    source: readString(raw, "source", SOURCE),
    attributes: readAttributes(raw, context),
  };
  checkSpecs(context, checkLabel(context, tag.label_id, NO_PARENT), tag.attributes, "all");
  return tag;
}

function cleanShape(raw: RawObject, context: Context, parent: number): WireShape {
  const shape: WireShape = {
    id: readInt(raw, "id", ID),
    type: readType(raw),
    frame: readInt(raw, "frame", NON_NEGATIVE) as number,
    label_id: readInt(raw, "label_id", NON_NEGATIVE) as number,
    group: readInt(raw, "group", GROUP),
    source: readString(raw, "source", SOURCE),
    occluded: readBool(raw, "occluded", false),
    outside: readBool(raw, "outside", false),
    z_order: readInt(raw, "z_order", Z_ORDER) as number,
    rotation: readNumber(raw, "rotation", 0, 0, 360),
    points: readPoints(raw),
    attributes: readAttributes(raw, context),
  };
  checkSpecs(context, checkLabel(context, shape.label_id, parent), shape.attributes, "all");
  if (parent === NO_PARENT) {
    shape.elements = readList(raw, "elements", cleanShape, context, shape.label_id, OPTIONAL);
  } else rejectNested(raw);
  return shape;
}

function cleanTrackedShape(raw: RawObject, context: Context, label: number): WireTrackedShape {
  const shape: WireTrackedShape = {
    id: readInt(raw, "id", ID),
    type: readType(raw),
    frame: readInt(raw, "frame", NON_NEGATIVE) as number,
    occluded: readBool(raw, "occluded", false),
    outside: readBool(raw, "outside", false),
    z_order: readInt(raw, "z_order", Z_ORDER) as number,
    rotation: readNumber(raw, "rotation", 0, 0, 360),
    points: readPoints(raw),
    attributes: readAttributes(raw, context),
  };
  checkSpecs(context, context.labels.get(label), shape.attributes, "mutable");
  return shape;
}

function cleanTrack(raw: RawObject, context: Context, parent: number): WireTrack {
  const track: WireTrack = {
    id: readInt(raw, "id", ID),
    frame: readInt(raw, "frame", NON_NEGATIVE) as number,
    label_id: readInt(raw, "label_id", NON_NEGATIVE) as number,
    group: readInt(raw, "group", GROUP),
    source: readString(raw, "source", SOURCE),
    attributes: readAttributes(raw, context),
    shapes: [],
  };
  const label = track.label_id;
  checkSpecs(context, checkLabel(context, label, parent), track.attributes, "immutable");
  track.shapes = readList(raw, "shapes", cleanTrackedShape, context, label, TRACK_SHAPES);
  if (parent === NO_PARENT) {
    track.elements = readList(raw, "elements", cleanTrack, context, label, OPTIONAL);
  } else rejectNested(raw);
  return track;
}

function cleanData(data: RawObject, context: Context): LabeledData {
  const result = {} as LabeledData;
  if (data.version !== undefined) result.version = readInt(data, "version", ANY_INT) as number;
  result.tags = readList(data, "tags", cleanTag, context, NO_PARENT, OPTIONAL);
  result.shapes = readList(data, "shapes", cleanShape, context, NO_PARENT, OPTIONAL);
  result.tracks = readList(data, "tracks", cleanTrack, context, NO_PARENT, OPTIONAL);
  return result;
}

/**
 * Checks annotations sent to the server as CVAT does and returns a clean copy: only known
 * fields, omitted optional fields filled (`id: null`, `group: null`, `source: "manual"`,
 * `occluded`/`outside: false`, `z_order: 0`, `rotation: 0`, `points: []`, `attributes: []`,
 * `elements: []` on top-level shapes and tracks), `version` kept when sent. The input is
 * not changed. Checks: field types (JSON numbers, booleans and strings only; integers within
 * 2^31−1; `frame`, `label_id`, `group` ≥ 0; `rotation` in [0, 360]; attribute values ≤ 4096
 * characters), required fields, a non-empty `shapes` list on every track, no `elements` on
 * elements; then every `label_id` is one of the labels (an element's is a sublabel of its
 * parent's label) and every `spec_id` is an attribute of the object's label of the right
 * class (any for shapes and tags, immutable for tracks, mutable for tracked shapes).
 *
 * @param data The request body, as parsed from JSON.
 * @param labels The task's labels as the server sends them (with ids and sublabels).
 * @throws {WireValidationError} A `DataError` naming the path and value (`shapes[3].points[1]:
 *   expected a number, got "a"`), or with CVAT's exact text for label and attribute errors
 *   (``label_id `N` is invalid``, ``spec_id `N` is invalid``); `errors` holds CVAT's body.
 * @example
 * ```ts
 * import { ok } from "node:assert/strict";
 * import { validateLabeledData } from "./wire_validate.ts";
 * const labels = [{ id: 1, name: "car", attributes: [] }];
 * const body = { shapes: [{ type: "rectangle", frame: 0, label_id: 1, points: [0, 0, 5, 5] }] };
 * const clean = validateLabeledData(body, labels);
 * ok(clean.shapes[0].source === "manual" && clean.tracks.length === 0);
 * ```
 */
export function validateLabeledData(data: unknown, labels: readonly WireLabel[]): LabeledData {
  if (!Array.isArray(labels)) {
    throw new ArgumentError(`labels must be an array, got ${pythonType(labels)}`);
  }
  if (!isRawObject(data)) {
    const drf = `Invalid data. Expected a dictionary, but got ${pythonType(data)}.`;
    const fail = new FieldFail([], { non_field_errors: [drf] }, "expected an object", data);
    throw validationError(fail.message(), fail.body);
  }
  const context: Context = { labels: indexLabels(labels), labelError: null };
  let result: LabeledData;
  try {
    result = cleanData(data, context);
  } catch (error) {
    if (error instanceof FieldFail) throw validationError(error.message(), error.body);
    throw error;
  }
  if (context.labelError !== null) {
    throw validationError(context.labelError, [context.labelError]);
  }
  return result;
}
