/**
 * Group renumbering on import (formats.md §3.2): within one frame, groups with at least two
 * shape members become 1..k (in ascending order of their original ids) and single-member
 * groups become 0.
 *
 * @module
 */

/**
 * The new group id of each original group of one frame's shapes (a Map; absent → 0).
 *
 * @example
 * ```ts
 * import { deepEqual } from "node:assert/strict";
 * import { renumberGroups } from "./group_renumber.ts";
 * const map = renumberGroups([{ group: 7 }, { group: 3 }, { group: 7 }, { group: 3 }, { group: 9 }]);
 * deepEqual([map.get(3), map.get(7), map.get(9)], [1, 2, undefined]);
 * ```
 */
export function renumberGroups(shapes: readonly { group: number | null }[]): Map<number, number> {
  const sizes = new Map<number, number>();
  for (const shape of shapes) {
    const group = shape.group ?? 0;
    if (group !== 0) sizes.set(group, (sizes.get(group) ?? 0) + 1);
  }
  const kept = [...sizes].filter(([, size]) => size > 1).map(([group]) => group)
    .sort((a, b) => a - b);
  return new Map(kept.map((group, i) => [group, i + 1]));
}
