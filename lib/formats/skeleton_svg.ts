/**
 * A skeleton's structure from its label `svg` (formats.md §3.1): the `<circle>` elements give
 * the point order (`data-label-id` or `data-label-name` names the sublabel), `<line
 * data-node-from data-node-to>` the joints. Joints are written 1-based over the point order.
 * Sublabels the svg does not place come last, in label order.
 *
 * @module
 */

import type { LabelInfo } from "./label_lookup.ts";

/** A skeleton's points (sublabels, in order) and joints (1-based pairs). */
export interface SkeletonStructure {
  points: LabelInfo[];
  joints: [number, number][];
}

function attr(tag: string, name: string): string | undefined {
  return new RegExp(`${name}\\s*=\\s*"([^"]*)"`).exec(tag)?.[1];
}

/**
 * The structure of a skeleton label (empty for other labels).
 *
 * @example
 * ```ts
 * import { deepEqual } from "node:assert/strict";
 * import { labelLookup } from "./label_lookup.ts";
 * import { skeletonStructure } from "./skeleton_svg.ts";
 * const person = labelLookup([{ id: 1, name: "person", type: "skeleton",
 *   svg: '<line data-node-from="2" data-node-to="1"></line>' +
 *     '<circle data-node-id="1" data-label-id="3"></circle>' +
 *     '<circle data-node-id="2" data-label-name="a"></circle>',
 *   sublabels: [{ id: 2, name: "a" }, { id: 3, name: "b" }] }]).byName.get("person")!;
 * const structure = skeletonStructure(person);
 * deepEqual(structure.points.map((p) => p.name), ["b", "a"]);
 * deepEqual(structure.joints, [[2, 1]]);
 * ```
 */
export function skeletonStructure(label: LabelInfo): SkeletonStructure {
  const svg = label.label.svg ?? "";
  const points: LabelInfo[] = [];
  const nodeIndex = new Map<string, number>();
  const subs = [...label.sublabels.values()];
  for (const match of svg.matchAll(/<circle\b[^>]*>/g)) {
    const id = attr(match[0], "data-label-id");
    const name = attr(match[0], "data-label-name");
    const sub = subs.find((s) => (id !== undefined && String(s.id) === id) || s.name === name);
    if (!sub || points.includes(sub)) continue;
    points.push(sub);
    const node = attr(match[0], "data-node-id");
    if (node !== undefined) nodeIndex.set(node, points.length);
  }
  for (const sub of subs) if (!points.includes(sub)) points.push(sub);
  const joints: [number, number][] = [];
  for (const match of svg.matchAll(/<line\b[^>]*>/g)) {
    const from = nodeIndex.get(attr(match[0], "data-node-from") ?? "");
    const to = nodeIndex.get(attr(match[0], "data-node-to") ?? "");
    if (from !== undefined && to !== undefined) joints.push([from, to]);
  }
  return { points, joints };
}
