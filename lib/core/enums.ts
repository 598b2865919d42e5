/**
 * Enumerations shared by the core and the client, with cvat-core's member names and values.
 *
 * Each enum is a plain frozen object; its value type has the same name.
 *
 * @module
 */

/**
 * The three kinds of annotation object.
 *
 * @example
 * ```ts
 * import { ok } from "node:assert/strict";
 * import { ObjectType } from "@cvat-lite/cvat";
 * ok(ObjectType.TRACK === "track");
 * ```
 */
export const ObjectType: { readonly TAG: "tag"; readonly SHAPE: "shape"; readonly TRACK: "track" } =
  Object.freeze({ TAG: "tag", SHAPE: "shape", TRACK: "track" } as const);
/** A value of {@linkcode ObjectType}. */
export type ObjectType = typeof ObjectType[keyof typeof ObjectType];

/**
 * Geometry kinds of shapes and tracks.
 *
 * @example
 * ```ts
 * import { ok } from "node:assert/strict";
 * import { ShapeType } from "@cvat-lite/cvat";
 * ok(ShapeType.RECTANGLE === "rectangle");
 * ```
 */
export const ShapeType: {
  readonly RECTANGLE: "rectangle";
  readonly POLYGON: "polygon";
  readonly POLYLINE: "polyline";
  readonly POINTS: "points";
  readonly ELLIPSE: "ellipse";
  readonly CUBOID: "cuboid";
  readonly SKELETON: "skeleton";
  readonly MASK: "mask";
} = Object.freeze(
  {
    RECTANGLE: "rectangle",
    POLYGON: "polygon",
    POLYLINE: "polyline",
    POINTS: "points",
    ELLIPSE: "ellipse",
    CUBOID: "cuboid",
    SKELETON: "skeleton",
    MASK: "mask",
  } as const,
);
/** A value of {@linkcode ShapeType}. */
export type ShapeType = typeof ShapeType[keyof typeof ShapeType];

/**
 * Where an object came from.
 *
 * @example
 * ```ts
 * import { ok } from "node:assert/strict";
 * import { Source } from "@cvat-lite/cvat";
 * ok(Source.GT === "Ground truth");
 * ```
 */
export const Source: {
  readonly MANUAL: "manual";
  readonly SEMI_AUTO: "semi-auto";
  readonly AUTO: "auto";
  readonly FILE: "file";
  readonly GT: "Ground truth";
} = Object.freeze(
  {
    MANUAL: "manual",
    SEMI_AUTO: "semi-auto",
    AUTO: "auto",
    FILE: "file",
    GT: "Ground truth",
  } as const,
);
/** A value of {@linkcode Source}. */
export type Source = typeof Source[keyof typeof Source];

/**
 * Input types of label attributes.
 *
 * @example
 * ```ts
 * import { ok } from "node:assert/strict";
 * import { AttributeType } from "@cvat-lite/cvat";
 * ok(AttributeType.CHECKBOX === "checkbox");
 * ```
 */
export const AttributeType: {
  readonly CHECKBOX: "checkbox";
  readonly RADIO: "radio";
  readonly SELECT: "select";
  readonly NUMBER: "number";
  readonly TEXT: "text";
} = Object.freeze(
  {
    CHECKBOX: "checkbox",
    RADIO: "radio",
    SELECT: "select",
    NUMBER: "number",
    TEXT: "text",
  } as const,
);
/** A value of {@linkcode AttributeType}. */
export type AttributeType = typeof AttributeType[keyof typeof AttributeType];

/**
 * Which kinds of object a label may be used for.
 *
 * @example
 * ```ts
 * import { ok } from "node:assert/strict";
 * import { LabelType } from "@cvat-lite/cvat";
 * ok(LabelType.ANY === "any");
 * ```
 */
export const LabelType: {
  readonly ANY: "any";
  readonly RECTANGLE: "rectangle";
  readonly POLYGON: "polygon";
  readonly POLYLINE: "polyline";
  readonly POINTS: "points";
  readonly ELLIPSE: "ellipse";
  readonly CUBOID: "cuboid";
  readonly SKELETON: "skeleton";
  readonly MASK: "mask";
  readonly TAG: "tag";
} = Object.freeze(
  {
    ANY: "any",
    RECTANGLE: "rectangle",
    POLYGON: "polygon",
    POLYLINE: "polyline",
    POINTS: "points",
    ELLIPSE: "ellipse",
    CUBOID: "cuboid",
    SKELETON: "skeleton",
    MASK: "mask",
    TAG: "tag",
  } as const,
);
/** A value of {@linkcode LabelType}. */
export type LabelType = typeof LabelType[keyof typeof LabelType];

/**
 * Names of undo/redo history entries (cvat-core's strings, plus `CHANGED_OBJECT`).
 *
 * @example
 * ```ts
 * import { ok } from "node:assert/strict";
 * import { HistoryActions } from "@cvat-lite/cvat";
 * ok(HistoryActions.CREATED_OBJECTS === "Created objects");
 * ```
 */
export const HistoryActions: {
  readonly CHANGED_LABEL: "Changed label";
  readonly CHANGED_ATTRIBUTES: "Changed attributes";
  readonly CHANGED_POINTS: "Changed points";
  readonly CHANGED_ROTATION: "Object rotated";
  readonly CHANGED_OUTSIDE: "Changed outside";
  readonly CHANGED_OCCLUDED: "Changed occluded";
  readonly CHANGED_ZORDER: "Changed z-order";
  readonly CHANGED_KEYFRAME: "Changed keyframe";
  readonly CHANGED_LOCK: "Changed lock";
  readonly CHANGED_PINNED: "Changed pinned";
  readonly CHANGED_COLOR: "Changed color";
  readonly CHANGED_HIDDEN: "Changed hidden";
  readonly CHANGED_SOURCE: "Changed source";
  readonly MERGED_OBJECTS: "Merged objects";
  readonly JOINED_OBJECTS: "Joined objects";
  readonly SLICED_OBJECT: "Sliced object";
  readonly SPLITTED_TRACK: "Splitted track";
  readonly GROUPED_OBJECTS: "Grouped objects";
  readonly CREATED_OBJECTS: "Created objects";
  readonly REMOVED_OBJECT: "Removed object";
  readonly REMOVED_FRAME: "Removed frame";
  readonly RESTORED_FRAME: "Restored frame";
  readonly CHANGED_OBJECT: "Changed object";
} = Object.freeze(
  {
    CHANGED_LABEL: "Changed label",
    CHANGED_ATTRIBUTES: "Changed attributes",
    CHANGED_POINTS: "Changed points",
    CHANGED_ROTATION: "Object rotated",
    CHANGED_OUTSIDE: "Changed outside",
    CHANGED_OCCLUDED: "Changed occluded",
    CHANGED_ZORDER: "Changed z-order",
    CHANGED_KEYFRAME: "Changed keyframe",
    CHANGED_LOCK: "Changed lock",
    CHANGED_PINNED: "Changed pinned",
    CHANGED_COLOR: "Changed color",
    CHANGED_HIDDEN: "Changed hidden",
    CHANGED_SOURCE: "Changed source",
    MERGED_OBJECTS: "Merged objects",
    JOINED_OBJECTS: "Joined objects",
    SLICED_OBJECT: "Sliced object",
    SPLITTED_TRACK: "Splitted track",
    GROUPED_OBJECTS: "Grouped objects",
    CREATED_OBJECTS: "Created objects",
    REMOVED_OBJECT: "Removed object",
    REMOVED_FRAME: "Removed frame",
    RESTORED_FRAME: "Restored frame",
    CHANGED_OBJECT: "Changed object",
  } as const,
);
/** A value of {@linkcode HistoryActions}. */
export type HistoryActions = typeof HistoryActions[keyof typeof HistoryActions];

/**
 * Stages of a job.
 *
 * @example
 * ```ts
 * import { ok } from "node:assert/strict";
 * import { JobStage } from "@cvat-lite/cvat";
 * ok(JobStage.VALIDATION === "validation");
 * ```
 */
export const JobStage: {
  readonly ANNOTATION: "annotation";
  readonly VALIDATION: "validation";
  readonly ACCEPTANCE: "acceptance";
} = Object.freeze(
  { ANNOTATION: "annotation", VALIDATION: "validation", ACCEPTANCE: "acceptance" } as const,
);
/** A value of {@linkcode JobStage}. */
export type JobStage = typeof JobStage[keyof typeof JobStage];

/**
 * States of a job.
 *
 * @example
 * ```ts
 * import { ok } from "node:assert/strict";
 * import { JobState } from "@cvat-lite/cvat";
 * ok(JobState.IN_PROGRESS === "in progress");
 * ```
 */
export const JobState: {
  readonly NEW: "new";
  readonly IN_PROGRESS: "in progress";
  readonly COMPLETED: "completed";
  readonly REJECTED: "rejected";
} = Object.freeze(
  {
    NEW: "new",
    IN_PROGRESS: "in progress",
    COMPLETED: "completed",
    REJECTED: "rejected",
  } as const,
);
/** A value of {@linkcode JobState}. */
export type JobState = typeof JobState[keyof typeof JobState];

/**
 * Statuses of a task.
 *
 * @example
 * ```ts
 * import { ok } from "node:assert/strict";
 * import { TaskStatus } from "@cvat-lite/cvat";
 * ok(TaskStatus.COMPLETED === "completed");
 * ```
 */
export const TaskStatus: {
  readonly ANNOTATION: "annotation";
  readonly VALIDATION: "validation";
  readonly COMPLETED: "completed";
} = Object.freeze(
  { ANNOTATION: "annotation", VALIDATION: "validation", COMPLETED: "completed" } as const,
);
/** A value of {@linkcode TaskStatus}. */
export type TaskStatus = typeof TaskStatus[keyof typeof TaskStatus];

/**
 * Modes of a task: images (`annotation`) or video (`interpolation`).
 *
 * @example
 * ```ts
 * import { ok } from "node:assert/strict";
 * import { TaskMode } from "@cvat-lite/cvat";
 * ok(TaskMode.INTERPOLATION === "interpolation");
 * ```
 */
export const TaskMode: {
  readonly ANNOTATION: "annotation";
  readonly INTERPOLATION: "interpolation";
} = Object.freeze(
  { ANNOTATION: "annotation", INTERPOLATION: "interpolation" } as const,
);
/** A value of {@linkcode TaskMode}. */
export type TaskMode = typeof TaskMode[keyof typeof TaskMode];

export { EventScope, EventType } from "./enums_events.ts";
