/**
 * Attributes as Datumaro-style exporters write them (formats.md §3.1): every attribute of the
 * label, missing ones filled with the default, typed per spec (`number` → number, `checkbox`
 * → boolean, others → string), plus the built-ins `occluded`, `rotation` (rectangles only),
 * and for track-derived shapes `track_id` and `keyframe`.
 *
 * @module
 */

import type { WireAttribute, WireAttributeSpec } from "../core/wire_types.ts";
import type { ItemShape } from "./items.ts";
import type { LabelInfo } from "./label_lookup.ts";

/** A typed attribute value. */
export type TypedValue = string | number | boolean;

/**
 * A stored attribute value typed by its spec.
 *
 * @example
 * ```ts
 * import { equal } from "node:assert/strict";
 * import { typedValue } from "./item_attributes.ts";
 * const spec = { name: "n", mutable: false, input_type: "number", default_value: "1", values: [] };
 * equal(typedValue(spec, "2.5"), 2.5);
 * equal(typedValue({ ...spec, input_type: "checkbox" }, "True"), true);
 * ```
 */
export function typedValue(spec: WireAttributeSpec, value: string): TypedValue {
  if (spec.input_type === "number") return Number(value);
  if (spec.input_type === "checkbox") return value.toLowerCase() === "true";
  return value;
}

/**
 * Every attribute of the label by name (stored value, else the default), typed; an
 * `ItemShape` also gets the built-ins.
 *
 * @example
 * ```ts
 * import { deepEqual } from "node:assert/strict";
 * import { typedAttributes } from "./item_attributes.ts";
 * import { labelLookup } from "./label_lookup.ts";
 * const label = labelLookup([{ id: 1, name: "car", attributes: [
 *   { id: 3, name: "parked", mutable: false, input_type: "checkbox", default_value: "false",
 *     values: ["false"] },
 * ] }]).byId.get(1)!;
 * deepEqual(typedAttributes(label, [], { occluded: true }), { parked: false, occluded: true });
 * ```
 */
export function typedAttributes(
  label: LabelInfo,
  values: readonly WireAttribute[],
  shape?: Partial<Pick<ItemShape, "type" | "occluded" | "rotation" | "track_id" | "keyframe">>,
): Record<string, TypedValue> {
  const stored = new Map(values.map((value) => [value.spec_id, value.value]));
  const out: Record<string, TypedValue> = {};
  for (const spec of label.label.attributes ?? []) {
    const value = (spec.id !== undefined ? stored.get(spec.id) : undefined) ?? spec.default_value;
    out[spec.name] = typedValue(spec, value);
  }
  if (!shape) return out;
  if (shape.occluded !== undefined) out.occluded = shape.occluded;
  if (shape.type === "rectangle") out.rotation = shape.rotation ?? 0;
  if (shape.track_id !== undefined) {
    out.track_id = shape.track_id;
    out.keyframe = shape.keyframe ?? false;
  }
  return out;
}
