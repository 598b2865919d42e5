/**
 * Conversion between the wire's attribute lists (`[{ spec_id, value }]`) and the
 * core's attribute maps (`{ [specId]: value }`).
 *
 * @module
 */

import type { AttributeMap } from "./model.ts";
import type { WireAttribute } from "./wire_types.ts";

/**
 * An attribute map from a wire attribute list; a repeated `spec_id` keeps its last value.
 *
 * @example
 * ```ts
 * import { ok } from "node:assert/strict";
 * import { attributesToMap } from "./wire_attributes.ts";
 * const map = attributesToMap([{ spec_id: 3, value: "red" }]);
 * ok(map[3] === "red");
 * ```
 */
export function attributesToMap(list: readonly WireAttribute[]): AttributeMap {
  const map: AttributeMap = {};
  for (let i = 0; i < list.length; i++) map[list[i].spec_id] = list[i].value;
  return map;
}

/**
 * A wire attribute list from an attribute map, in ascending `spec_id` order.
 *
 * @example
 * ```ts
 * import { ok } from "node:assert/strict";
 * import { attributesToWire } from "./wire_attributes.ts";
 * const list = attributesToWire({ 5: "b", 3: "a" });
 * ok(list[0].spec_id === 3 && list[1].value === "b");
 * ```
 */
export function attributesToWire(map: Readonly<AttributeMap>): WireAttribute[] {
  const list: WireAttribute[] = [];
  for (const key in map) list.push({ spec_id: Number(key), value: map[key] });
  return list;
}

/**
 * Copies of a wire attribute list's items, followed by every item of `defaults` whose
 * `spec_id` the list lacks (in `defaults` order). This is how CVAT fills missing values.
 *
 * @example
 * ```ts
 * import { ok } from "node:assert/strict";
 * import { fillAttributes } from "./wire_attributes.ts";
 * const filled = fillAttributes([{ spec_id: 2, value: "x" }], [
 *   { spec_id: 1, value: "d1" },
 *   { spec_id: 2, value: "d2" },
 * ]);
 * ok(filled.length === 2 && filled[0].value === "x" && filled[1].spec_id === 1);
 * ```
 */
export function fillAttributes(
  list: readonly WireAttribute[],
  defaults: readonly WireAttribute[],
): WireAttribute[] {
  const out: WireAttribute[] = new Array(list.length);
  for (let i = 0; i < list.length; i++) {
    out[i] = { spec_id: list[i].spec_id, value: list[i].value };
  }
  for (let d = 0; d < defaults.length; d++) {
    const id = defaults[d].spec_id;
    let found = false;
    for (let i = 0; i < list.length && !found; i++) found = list[i].spec_id === id;
    if (!found) out.push({ spec_id: id, value: defaults[d].value });
  }
  return out;
}
