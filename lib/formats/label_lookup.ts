/**
 * Labels of a task by id and by name (skeleton sublabels by parent and name), with their
 * attribute specs by id and by name: what codecs need to write names and resolve them back.
 *
 * @module
 */

import type { WireAttributeSpec, WireLabel } from "../core/wire_types.ts";

/** One label (or sublabel) with its specs indexed. */
export interface LabelInfo {
  id: number;
  name: string;
  /** The label type ("any", "rectangle", ..., "skeleton", "tag"); "any" when absent. */
  type: string;
  label: WireLabel;
  /** The skeleton of a sublabel, else null. */
  parent: LabelInfo | null;
  /** A skeleton's sublabels by name. */
  sublabels: Map<string, LabelInfo>;
  specsById: Map<number, WireAttributeSpec>;
  specsByName: Map<string, WireAttributeSpec>;
}

/** Every label by id, and the top-level labels by name, in task order. */
export interface LabelLookup {
  byId: Map<number, LabelInfo>;
  byName: Map<string, LabelInfo>;
  /** Every label in task order, each skeleton followed by its sublabels. */
  ordered: LabelInfo[];
}

function info(label: WireLabel, parent: LabelInfo | null, lookup: LabelLookup): LabelInfo {
  const entry: LabelInfo = {
    id: label.id ?? -1,
    name: label.name,
    type: label.type ?? "any",
    label,
    parent,
    sublabels: new Map(),
    specsById: new Map(),
    specsByName: new Map(),
  };
  for (const spec of label.attributes ?? []) {
    if (typeof spec.id === "number") entry.specsById.set(spec.id, spec);
    entry.specsByName.set(spec.name, spec);
  }
  if (typeof label.id === "number") lookup.byId.set(label.id, entry);
  lookup.ordered.push(entry);
  for (const sublabel of label.sublabels ?? []) {
    entry.sublabels.set(sublabel.name, info(sublabel, entry, lookup));
  }
  return entry;
}

/**
 * Indexes a task's labels.
 *
 * @example
 * ```ts
 * import { equal } from "node:assert/strict";
 * import { labelLookup } from "./label_lookup.ts";
 * const lookup = labelLookup([{ id: 1, name: "person", type: "skeleton", sublabels: [
 *   { id: 2, name: "nose", type: "points" },
 * ] }]);
 * equal(lookup.byName.get("person")?.sublabels.get("nose")?.id, 2);
 * equal(lookup.byId.get(2)?.parent?.name, "person");
 * ```
 */
export function labelLookup(labels: readonly WireLabel[]): LabelLookup {
  const lookup: LabelLookup = { byId: new Map(), byName: new Map(), ordered: [] };
  for (const label of labels) lookup.byName.set(label.name, info(label, null, lookup));
  return lookup;
}
