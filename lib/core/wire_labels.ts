/**
 * A lookup index over the server's labels (sublabels included), built once per call of
 * the wire functions so that each object costs a map lookup, not a search.
 *
 * @module
 */

import type { WireAttribute, WireAttributeSpec, WireLabel } from "./wire_types.ts";

/** What the wire functions need to know about one label. */
export interface LabelEntry {
  id: number;
  /** The skeleton's id for a sublabel, else null. */
  parentId: number | null;
  /** spec id → true for a mutable attribute, false for an immutable one. */
  specs: Map<number, boolean>;
  /** Default values of every attribute, in label order. */
  allDefaults: WireAttribute[];
  /** Default values of the immutable attributes, in label order. */
  immutableDefaults: WireAttribute[];
  /** Default values of the mutable attributes, in label order. */
  mutableDefaults: WireAttribute[];
}

/** Labels by id. */
export type LabelIndex = Map<number, LabelEntry>;

function defaultValue(spec: WireAttributeSpec): string {
  if (typeof spec.default_value === "string") return spec.default_value;
  return Array.isArray(spec.values) && typeof spec.values[0] === "string" ? spec.values[0] : "";
}

function addLabel(index: LabelIndex, label: WireLabel, parentId: number | null): void {
  if (typeof label !== "object" || label === null) return;
  const id = typeof label.id === "number" ? label.id : null;
  if (id !== null) {
    const entry: LabelEntry = {
      id,
      parentId: typeof label.parent_id === "number" ? label.parent_id : parentId,
      specs: new Map(),
      allDefaults: [],
      immutableDefaults: [],
      mutableDefaults: [],
    };
    for (const spec of label.attributes ?? []) {
      if (typeof spec?.id !== "number") continue;
      const mutable = spec.mutable === true;
      const value = { spec_id: spec.id, value: defaultValue(spec) };
      entry.specs.set(spec.id, mutable);
      entry.allDefaults.push(value);
      (mutable ? entry.mutableDefaults : entry.immutableDefaults).push(value);
    }
    index.set(id, entry);
  }
  for (const sublabel of label.sublabels ?? []) addLabel(index, sublabel, id);
}

/**
 * Indexes labels and their sublabels by id. Labels without a numeric id are left out.
 *
 * @example
 * ```ts
 * import { ok } from "node:assert/strict";
 * import { indexLabels } from "./wire_labels.ts";
 * const index = indexLabels([{
 *   id: 1, name: "car", attributes: [
 *     { id: 7, name: "color", mutable: false, input_type: "text", default_value: "red", values: [] },
 *   ],
 * }]);
 * ok(index.get(1)?.specs.get(7) === false);
 * ```
 */
export function indexLabels(labels: readonly WireLabel[]): LabelIndex {
  const index: LabelIndex = new Map();
  for (const label of labels) addLabel(index, label, null);
  return index;
}
