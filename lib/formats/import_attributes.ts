/**
 * Attribute values read by name from a file, resolved against a label's specs (formats.md
 * §3.2): names the label does not define are dropped; `checkbox` values must be true/false
 * (any case, stored lower-case) or the default; a track's values split into mutable (per
 * shape) and immutable (per track) ones.
 *
 * @module
 */

import { DataError } from "../core/errors.ts";
import type { WireAttribute } from "../core/wire_types.ts";
import type { LabelInfo } from "./label_lookup.ts";

/** An attribute as a file names it. */
export interface NamedValue {
  name: string;
  value: string;
}

/**
 * Resolves named values to `{ spec_id, value }`; `which` keeps only mutable or immutable
 * specs. `what` names the object in errors.
 *
 * @throws {DataError} For a checkbox value other than true/false/the default.
 * @example
 * ```ts
 * import { deepEqual, throws } from "node:assert/strict";
 * import { resolveAttributes } from "./import_attributes.ts";
 * import { labelLookup } from "./label_lookup.ts";
 * const label = labelLookup([{ id: 1, name: "car", attributes: [
 *   { id: 5, name: "parked", mutable: false, input_type: "checkbox", default_value: "false",
 *     values: ["false"] },
 * ] }]).byId.get(1)!;
 * deepEqual(resolveAttributes(label, [{ name: "parked", value: "True" }, { name: "x", value: "1" }],
 *   "shape"), [{ spec_id: 5, value: "true" }]);
 * throws(() => resolveAttributes(label, [{ name: "parked", value: "maybe" }], "shape"),
 *   { name: "DataError" });
 * ```
 */
export function resolveAttributes(
  label: LabelInfo,
  values: readonly NamedValue[],
  what: string,
  which: "all" | "mutable" | "immutable" = "all",
): WireAttribute[] {
  const out: WireAttribute[] = [];
  for (const { name, value } of values) {
    const spec = label.specsByName.get(name);
    if (!spec || typeof spec.id !== "number") continue;
    if (which !== "all" && spec.mutable !== (which === "mutable")) continue;
    let text = value;
    if (spec.input_type === "checkbox" && text !== spec.default_value) {
      text = text.toLowerCase();
      if (text !== "true" && text !== "false") {
        throw new DataError(
          `${what}: failed to convert attribute '${label.name}'='${value}': expected true or false`,
        );
      }
    }
    out.push({ spec_id: spec.id, value: text });
  }
  return out;
}
