/**
 * The record a filter sees for an object on a frame (cvat-core's flattened form).
 *
 * @module
 */

import { attributeFilterValue, filterKey, type FilterRecord } from "./filter.ts";
import type { Label } from "./label.ts";
import { maskBox } from "./mask.ts";
import type { FrameView } from "./state_view.ts";

function extent(points: readonly number[]): { width: number; height: number } {
  let xtl = Infinity, ytl = Infinity, xbr = -Infinity, ybr = -Infinity;
  for (let i = 0; i + 1 < points.length; i += 2) {
    xtl = Math.min(xtl, points[i]);
    xbr = Math.max(xbr, points[i]);
    ytl = Math.min(ytl, points[i + 1]);
    ybr = Math.max(ybr, points[i + 1]);
  }
  return xtl === Infinity ? { width: 0, height: 0 } : { width: xbr - xtl, height: ybr - ytl };
}

function size(view: FrameView): { width: number | null; height: number | null } {
  const { record } = view;
  if (record.objectType === "tag") return { width: null, height: null };
  if (record.shapeType === "mask") {
    const box = maskBox(view.position!.points);
    return { width: box.width, height: box.height };
  }
  if (record.shapeType === "skeleton") {
    return extent(view.elements.flatMap((e) => e.position?.points ?? []));
  }
  return extent(view.position!.points);
}

/**
 * The filter record of a view: size from the points' box (skeletons: their elements' points),
 * attributes typed by input type and keyed by label and attribute name (dots → "∙").
 *
 * @example
 * ```ts
 * // const record = filterRecordOf(view, labels); compileFilter(filter)(record)
 * ```
 */
export function filterRecordOf(view: FrameView, labels: ReadonlyMap<number, Label>): FilterRecord {
  const { record } = view;
  const label = labels.get(record.labelId)!;
  const values: Record<string, string | number | boolean> = {};
  for (const attribute of label.attributes) {
    const value = view.attributes[attribute.id!];
    if (value !== undefined) {
      values[filterKey(attribute.name)] = attributeFilterValue(attribute.inputType, value);
    }
  }
  const { width, height } = size(view);
  return {
    width,
    height,
    attr: { [filterKey(label.name)]: values },
    label: label.name,
    serverID: record.serverID,
    objectID: record.clientID,
    clientID: record.clientID,
    type: record.objectType,
    shape: record.shapeType,
    occluded: view.position?.occluded ?? false,
  };
}
