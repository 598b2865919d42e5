/**
 * The record a filter sees for an object on a frame (cvat-core's flattened form), computed
 * lazily: a filter on the label never interpolates a track or gathers its attributes.
 *
 * @module
 */

import { attributeFilterValue, filterKey, type FilterRecord } from "./filter.ts";
import type { Label } from "./label.ts";
import { maskBox } from "./mask.ts";
import { pointsBox } from "./geometry.ts";
import type { ObjectRecord } from "./model.ts";
import type { FrameView } from "./state_view.ts";

function extent(points: readonly number[]): { width: number; height: number } {
  const box = pointsBox(points);
  return { width: box.xbr - box.xtl, height: box.ybr - box.ytl };
}

function sizeOf(view: FrameView): { width: number | null; height: number | null } {
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
 * A filter record over one object on one frame. `view` is called at most once, and only when
 * the filter reads a field that needs the object's state on that frame (size, attributes,
 * occluded). Sizes come from the points' box (skeletons: their elements' points); attributes are
 * typed by input type and keyed by label and attribute name (dots → "∙").
 *
 * @example
 * ```ts
 * import { ok } from "node:assert/strict";
 * import { Label } from "./label.ts";
 * import { LazyFilterRecord } from "./filter_record.ts";
 * const car = new Label({ id: 1, name: "car", type: "any", attributes: [] });
 * const record = { labelId: 1, clientID: 3, serverID: null, objectType: "tag", shapeType: null };
 * const lazy = new LazyFilterRecord(record as never, car, () => {
 *   throw new Error("not needed");
 * });
 * ok(lazy.label === "car" && lazy.objectID === 3);
 * ```
 */
export class LazyFilterRecord implements FilterRecord {
  #record: ObjectRecord;
  #label: Label;
  #view: (() => FrameView) | FrameView;
  #size: { width: number | null; height: number | null } | null = null;
  #attr: Record<string, Record<string, string | number | boolean>> | null = null;

  /** @param view the object's view on the frame, or a function that computes it. */
  constructor(record: ObjectRecord, label: Label, view: (() => FrameView) | FrameView) {
    this.#record = record;
    this.#label = label;
    this.#view = view;
  }

  #frameView(): FrameView {
    if (typeof this.#view === "function") this.#view = this.#view();
    return this.#view;
  }

  get label(): string {
    return this.#label.name;
  }
  get serverID(): number | null {
    return this.#record.serverID;
  }
  get objectID(): number {
    return this.#record.clientID;
  }
  get clientID(): number {
    return this.#record.clientID;
  }
  get type(): "tag" | "shape" | "track" {
    return this.#record.objectType;
  }
  get shape(): string | null {
    return this.#record.shapeType;
  }
  get occluded(): boolean {
    return this.#frameView().position?.occluded ?? false;
  }
  get width(): number | null {
    return (this.#size ??= sizeOf(this.#frameView())).width;
  }
  get height(): number | null {
    return (this.#size ??= sizeOf(this.#frameView())).height;
  }
  get attr(): Record<string, Record<string, string | number | boolean>> {
    if (this.#attr) return this.#attr;
    const attributes = this.#frameView().attributes;
    const values: Record<string, string | number | boolean> = {};
    for (const attribute of this.#label.attributes) {
      const value = attributes[attribute.id!];
      if (value !== undefined) {
        values[filterKey(attribute.name)] = attributeFilterValue(attribute.inputType, value);
      }
    }
    return this.#attr = { [filterKey(this.#label.name)]: values };
  }
}

/**
 * The filter record of a view that is already computed.
 *
 * @example
 * ```ts
 * // const record = filterRecordOf(view, labels); compileFilter(filter)(record)
 * ```
 */
export function filterRecordOf(view: FrameView, labels: ReadonlyMap<number, Label>): FilterRecord {
  return new LazyFilterRecord(view.record, labels.get(view.record.labelId)!, view);
}
