/**
 * `ObjectState`: the value object the collection hands out and takes back.
 *
 * @module
 */

import { show } from "./show.ts";
import { ArgumentError } from "./errors.ts";
import {
  aliased,
  checkAttributes,
  checkDescriptions,
  checkPoints,
  groupOf,
  splitSkeletonPoints,
} from "./object_state_input.ts";
import { ObjectType, type ShapeType, Source } from "./enums.ts";
import { Label } from "./label.ts";

import {
  type KeyframeBounds,
  type ObjectStateInit,
  type StateBinding,
  UpdateFlags,
} from "./object_state_parts.ts";

export {
  type KeyframeBounds,
  type ObjectStateInit,
  type StateBinding,
  UPDATABLE_FIELDS,
  type UpdatableField,
  UpdateFlags,
} from "./object_state_parts.ts";

const OBJECT_TYPES = new Set<string>(Object.values(ObjectType));
/** The symbol under which a collection stores its binding. */
export const BINDING: unique symbol = Symbol("cvat-lite.binding");

/**
 * One tag, shape or track as seen on one frame. Setters mark `updateFlags`; `save()` writes the
 * marked fields back to the collection the state came from, and validates them first.
 *
 * @example
 * ```ts
 * import { ok } from "node:assert/strict";
 * import { createAnnotations, Label, ObjectState } from "@cvat-lite/cvat";
 * const car = new Label({ id: 1, name: "car", type: "any", attributes: [] });
 * const annotations = createAnnotations({ labels: [car], stopFrame: 9 });
 * const [id] = annotations.put([new ObjectState({
 *   objectType: "shape", shapeType: "rectangle", label: car, frame: 0, points: [0, 0, 10, 10],
 * })]);
 * const [state] = annotations.get(0);
 * state.points = [1, 1, 12, 12];
 * await state.save();
 * ok(annotations.get(0)[0].clientID === id);
 * ```
 */
export class ObjectState {
  #objectType: ObjectType;
  #shapeType: ShapeType | null;
  #label: Label;
  #frame: number;
  #points: number[] | null;
  #rotation: number | null;
  #attributes: Record<number, string>;
  #descriptions: string[];
  #zOrder: number;
  #occluded: boolean;
  #outside: boolean;
  #keyframe: boolean;
  #lock: boolean;
  #hidden: boolean;
  #pinned: boolean;
  #color: string;
  #source: string;
  #group: { id: number; color: string } | null;
  #clientID: number | null;
  #serverID: number | null;
  #parentID: number | null;
  #keyframes: KeyframeBounds | null;
  #elements: ObjectState[];
  #updated: number;
  #flags: UpdateFlags | null = null;
  /** @internal set by the collection that made this state. */
  [BINDING]: StateBinding | null = null;

  /**
   * Makes a state from cvat-core's fields; throws ArgumentError on bad required fields.
   *
   * @param init cvat-core's fields; `objectType`, `label` and an integer `frame` are required.
   */
  constructor(init: ObjectStateInit) {
    if (typeof init !== "object" || init === null) {
      throw new ArgumentError(`ObjectState needs an object, got ${show(init)}`);
    }
    if (!OBJECT_TYPES.has(init.objectType)) {
      throw new ArgumentError(`Unknown objectType ${show(init.objectType)}`);
    }
    if (!(init.label instanceof Label)) {
      throw new ArgumentError(`label must be a Label, got ${show(init.label)}`);
    }
    if (!Number.isInteger(init.frame)) {
      throw new ArgumentError(`frame must be an integer, got ${show(init.frame)}`);
    }
    this.#objectType = init.objectType;
    this.#shapeType = aliased<ShapeType>(init, "shapeType", "type");
    this.#label = init.label;
    this.#frame = init.frame;
    this.#points = aliased<number[]>(init, "points", "position");
    this.#rotation = init.rotation ?? null;
    this.#attributes = init.attributes === undefined ? {} : { ...checkAttributes(init.attributes) };
    this.#descriptions = init.descriptions ?? [];
    this.#zOrder = init.zOrder ?? 0;
    this.#occluded = init.occluded ?? false;
    this.#outside = init.outside ?? false;
    this.#keyframe = init.keyframe ?? true;
    this.#lock = init.lock ?? false;
    this.#hidden = init.hidden ?? false;
    this.#pinned = init.pinned ?? false;
    this.#color = init.color ?? "#000000";
    this.#source = init.source ?? Source.MANUAL;
    this.#group = groupOf(init.group);
    this.#clientID = init.clientID ?? null;
    this.#serverID = init.serverID ?? null;
    this.#parentID = init.parentID ?? null;
    this.#keyframes = init.keyframes ?? null;
    this.#elements = init.elements ?? [];
    this.#updated = init.updated ?? Date.now();
  }

  /** The fields set since the state was made or last saved. */
  get updateFlags(): UpdateFlags {
    return this.#flags ??= new UpdateFlags();
  }

  /** Tag, shape or track. */
  get objectType(): ObjectType {
    return this.#objectType;
  }
  /** The geometry kind; null for tags. */
  get shapeType(): ShapeType | null {
    return this.#shapeType;
  }
  /**
   * Only a new state (not yet in a collection) may change its type, e.g. a plugin's custom type
   * turned into a real one before `put`, which checks it; a tag has none.
   */
  set shapeType(value: ShapeType | string) {
    if (this[BINDING] || this.#clientID !== null) {
      throw new ArgumentError("shapeType cannot be changed once the object is in a collection");
    }
    if (this.#objectType === "tag" || typeof value !== "string" || value === "") {
      throw new ArgumentError(`shapeType cannot be ${show(value)} for a ${this.#objectType}`);
    }
    this.#shapeType = value as ShapeType;
  }
  /** The seed API's name for `shapeType`. */
  get type(): ShapeType | null {
    return this.#shapeType;
  }
  set type(value: ShapeType | string) {
    this.shapeType = value;
  }
  /** The frame this state describes. */
  get frame(): number {
    return this.#frame;
  }
  /** Where the object came from (`manual`, `semi-auto`, `auto`, `file` or `Ground truth`). */
  get source(): string {
    return this.#source;
  }
  /** Whether `source` is `Ground truth`. */
  get isGroundTruth(): boolean {
    return this.#source === Source.GT;
  }
  /** The collection's id of the object; null for states not yet put. */
  get clientID(): number | null {
    return this.#clientID;
  }
  /** The server's id of the object; null for objects not yet saved. */
  get serverID(): number | null {
    return this.#serverID;
  }
  /** The parent skeleton's clientID for an element, else null. */
  get parentID(): number | null {
    return this.#parentID;
  }
  /** When the object last changed (ms since the epoch). */
  get updated(): number {
    return this.#updated;
  }
  /** A copy of the group `{ id, color }` (id 0 = none), or null. */
  get group(): { id: number; color: string } | null {
    return this.#group ? { ...this.#group } : null;
  }
  /** `{ prev, next, first, last }` for tracks, null for shapes and tags. */
  get keyframes(): KeyframeBounds | null {
    return this.#keyframes ? { ...this.#keyframes } : null;
  }
  /** Skeleton elements (a copy of the array). */
  get elements(): ObjectState[] {
    return this.#elements.slice();
  }

  /** The object's label. Writable. */
  get label(): Label {
    return this.#label;
  }
  set label(value: Label) {
    this.updateFlags.label = true;
    this.#label = value;
  }

  /** Display colour as `#rrggbb`. Writable. */
  get color(): string {
    return this.#color;
  }
  set color(value: string) {
    this.updateFlags.color = true;
    this.#color = value;
  }

  /** Whether the object is pinned. Writable. */
  get pinned(): boolean {
    return this.#pinned;
  }
  set pinned(value: boolean) {
    this.updateFlags.pinned = true;
    this.#pinned = value;
  }

  /** Drawing order; higher values are drawn on top. Writable. */
  get zOrder(): number {
    return this.#zOrder;
  }
  set zOrder(value: number) {
    this.updateFlags.zOrder = true;
    this.#zOrder = value;
  }

  /** Rotation in degrees, or null. Writable: writing the same value sets no flag. */
  get rotation(): number | null {
    return this.#rotation;
  }
  set rotation(value: number) {
    if (typeof value !== "number") {
      throw new ArgumentError(`Rotation must be a number, got ${show(value)}`);
    }
    if (value === this.#rotation) return;
    this.updateFlags.rotation = true;
    this.#rotation = value;
  }

  /** A copy of the attribute values, keyed by attribute id. Writable. */
  get attributes(): Record<number, string> {
    return { ...this.#attributes };
  }
  /** Merged into the current values: keys are added or overwritten, never removed. */
  set attributes(value: Record<number, string>) {
    const checked = checkAttributes(value);
    this.updateFlags.attributes = true;
    this.#attributes = { ...this.#attributes, ...checked };
  }

  /** A copy of the free-text notes (not sent to the server). Writable. */
  get descriptions(): string[] {
    return this.#descriptions.slice();
  }
  set descriptions(value: string[]) {
    this.#descriptions = checkDescriptions(value);
    this.updateFlags.descriptions = true;
  }

  /** Skeletons: the concatenated element points. */
  get points(): number[] {
    if (this.#shapeType === "skeleton") return this.#elements.flatMap((e) => e.points);
    return this.#points ? this.#points.slice() : [];
  }
  set points(value: number[]) {
    const points = checkPoints(value);
    if (this.#shapeType === "skeleton") {
      this.#setElementPoints(points);
      return;
    }
    this.updateFlags.points = true;
    this.#points = points;
  }
  /** The seed API's name for `points`. */
  get position(): number[] {
    return this.points;
  }
  set position(value: number[]) {
    this.points = value;
  }

  #setElementPoints(points: number[]): void {
    const parts = splitSkeletonPoints(points, this.#elements.map((e) => e.points.length));
    this.#elements.forEach((element, i) => element.points = parts[i]);
  }

  /** Whether the object is occluded; skeletons: every element is. Writable. */
  get occluded(): boolean {
    return this.#aggregate("occluded", this.#occluded);
  }
  set occluded(value: boolean) {
    this.#spread("occluded", value);
    this.updateFlags.occluded = true;
    this.#occluded = value;
  }

  /** Whether the object is outside the frame; skeletons: every element is. Writable. */
  get outside(): boolean {
    return this.#aggregate("outside", this.#outside);
  }
  set outside(value: boolean) {
    this.#spread("outside", value);
    this.updateFlags.outside = true;
    this.#outside = value;
  }

  /** Whether the object is locked against edits; skeletons: every element is. Writable. */
  get lock(): boolean {
    return this.#aggregate("lock", this.#lock);
  }
  set lock(value: boolean) {
    this.#spread("lock", value);
    this.updateFlags.lock = true;
    this.#lock = value;
  }

  /** Whether the object is hidden; skeletons: every element is. Writable. */
  get hidden(): boolean {
    return this.#aggregate("hidden", this.#hidden);
  }
  set hidden(value: boolean) {
    this.#spread("hidden", value);
    this.updateFlags.hidden = true;
    this.#hidden = value;
  }

  /** Skeletons: own keyframe or any element's. */
  get keyframe(): boolean {
    if (this.#shapeType === "skeleton" && this.#elements.some((e) => e.keyframe)) return true;
    return this.#keyframe;
  }
  set keyframe(value: boolean) {
    this.updateFlags.keyframe = true;
    this.#keyframe = value;
  }

  #aggregate(field: "occluded" | "outside" | "lock" | "hidden", own: boolean): boolean {
    if (this.#shapeType !== "skeleton" || this.#elements.length === 0) return own;
    return this.#elements.every((e) => e[field]);
  }

  #spread(field: "occluded" | "outside" | "lock" | "hidden", value: boolean): void {
    if (this.#shapeType !== "skeleton") return;
    for (const element of this.#elements) element[field] = value;
  }

  /**
   * Writes the changed fields to the collection; validates everything first.
   * @returns a fresh state for the same frame.
   */
  save(): Promise<ObjectState> {
    const binding = this[BINDING];
    if (!binding) {
      return Promise.reject(
        new ArgumentError("Cannot save an object state that is not in a collection: use put()"),
      );
    }
    try {
      return Promise.resolve(binding.save(this));
    } catch (error) {
      return Promise.reject(error);
    }
  }

  /**
   * Removes the whole object. A locked object is kept unless `force` is true.
   * @returns whether the object was removed.
   */
  delete(frame: number, force = false): Promise<boolean> {
    if (!Number.isInteger(frame) || frame < 0) {
      return Promise.reject(
        new ArgumentError(`Frame must be a non-negative integer, got ${show(frame)}`),
      );
    }
    const binding = this[BINDING];
    if (!binding) {
      return Promise.reject(
        new ArgumentError("Cannot delete an object state that is not in a collection"),
      );
    }
    try {
      return Promise.resolve(binding.remove(this, frame, Boolean(force)));
    } catch (error) {
      return Promise.reject(error);
    }
  }
}
