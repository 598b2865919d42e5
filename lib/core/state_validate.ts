/**
 * Checks of the values an ObjectState carries into `put()` and `save()`. Each throws before
 * anything is changed.
 *
 * @module
 */

import { show } from "./show.ts";
import { ArgumentError } from "./errors.ts";
import { Label } from "./label.ts";
import type { Attribute } from "./label.ts";
import type { AttributeMap } from "./model.ts";

const COLOR = /^#[0-9A-F]{6}$/i;

/** The collection's own Label for the one given (matched by id). */
export function checkLabel(labels: ReadonlyMap<number, Label>, value: unknown): Label {
  if (!(value instanceof Label)) {
    throw new ArgumentError(`label must be a Label, got ${show(value)}`);
  }
  const own = value.id === null ? undefined : labels.get(value.id);
  if (!own) {
    throw new ArgumentError(`Unknown label "${value.name}" (id ${value.id}) for this collection`);
  }
  return own;
}

/** Throws unless `value` is a boolean. */
export function checkBoolean(field: string, value: unknown): boolean {
  if (typeof value !== "boolean") {
    throw new ArgumentError(`${field} must be a boolean, got ${show(value)}`);
  }
  return value;
}

/** Throws unless `value` is an integer. */
export function checkInteger(field: string, value: unknown): number {
  if (!Number.isInteger(value)) {
    throw new ArgumentError(`${field} must be an integer, got ${show(value)}`);
  }
  return value as number;
}

/** Throws unless `value` is a `#RRGGBB` colour. */
export function checkColor(value: unknown): string {
  if (typeof value !== "string" || !COLOR.test(value)) {
    throw new ArgumentError(`color must be like "#RRGGBB", got ${show(value)}`);
  }
  return value;
}

/** Throws unless `value` is a finite number. */
export function checkNumber(field: string, value: unknown): number {
  if (typeof value !== "number" || !Number.isFinite(value)) {
    throw new ArgumentError(`${field} must be a finite number, got ${show(value)}`);
  }
  return value;
}

/** Throws unless `value` is an array of finite numbers. */
export function checkPointsArray(value: unknown): number[] {
  if (!Array.isArray(value) || value.some((v) => typeof v !== "number" || !Number.isFinite(v))) {
    throw new ArgumentError(`points must be an array of numbers, got ${show(value)}`);
  }
  return value;
}

/** Whether a value is valid for an attribute (cvat-core's rules per input type). */
export function isValidAttributeValue(attribute: Attribute, value: string): boolean {
  switch (attribute.inputType) {
    case "number": {
      const n = Number(value);
      const [min, max] = attribute.values.map(Number);
      if (value.trim() === "" || !Number.isFinite(n)) return false;
      return !(Number.isFinite(min) && n < min) && !(Number.isFinite(max) && n > max);
    }
    case "checkbox":
      return value.toLowerCase() === "true" || value.toLowerCase() === "false";
    case "text":
      return true;
    default:
      return attribute.values.includes(value);
  }
}

const ATTRIBUTES_BY_ID = new WeakMap<Label, Map<number, Attribute>>();

function attributeById(label: Label, id: number): Attribute | undefined {
  let byId = ATTRIBUTES_BY_ID.get(label);
  if (!byId) {
    byId = new Map(label.attributes.filter((a) => a.id !== null).map((a) => [a.id!, a]));
    ATTRIBUTES_BY_ID.set(label, byId);
  }
  return byId.get(id);
}

/** Checks attribute values against a label; returns them keyed by numeric id. */
export function checkAttributes(label: Label, values: unknown): AttributeMap {
  if (typeof values !== "object" || values === null || Array.isArray(values)) {
    throw new ArgumentError(`attributes must be an object, got ${show(values)}`);
  }
  const out: AttributeMap = {};
  const keys = Object.keys(values);
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i];
    const value = (values as Record<string, unknown>)[key];
    const id = Number(key);
    const attribute = attributeById(label, id);
    if (!Number.isInteger(id) || !attribute) {
      throw new ArgumentError(
        `Attribute ${show(key)} is not an attribute of label "${label.name}"`,
      );
    }
    if (typeof value !== "string") {
      throw new ArgumentError(
        `Attribute "${attribute.name}" needs a string value, got ${show(value)}`,
      );
    }
    if (!isValidAttributeValue(attribute, value)) {
      throw new ArgumentError(
        `Attribute "${attribute.name}" (${attribute.inputType}) cannot take the value ${
          show(value)
        }${attribute.values.length ? `: expected one of ${show(attribute.values)}` : ""}`,
      );
    }
    out[id] = value;
  }
  return out;
}
