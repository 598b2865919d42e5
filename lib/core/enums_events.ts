/**
 * The enumerations of the client's events: what a session emits to its subscribers
 * (`EventType`) and the scopes of log events posted to `/api/events` (`EventScope`), with
 * cvat-core's names and values. Re-exported by `enums.ts`.
 *
 * @module
 */

/**
 * Events a session emits to its subscribers.
 *
 * @example
 * ```ts
 * import { ok } from "node:assert/strict";
 * import { EventType } from "@cvat-lite/cvat";
 * ok(EventType.OBJECTS_CREATED === "objects:created");
 * ```
 */
export const EventType: {
  readonly OBJECTS_CREATED: "objects:created";
  readonly OBJECTS_UPDATED: "objects:updated";
  readonly OBJECTS_DELETED: "objects:deleted";
  readonly HISTORY_CHANGED: "history:changed";
  readonly ANNOTATIONS_SAVED: "annotations:saved";
  readonly FRAME_LOADED: "frame:loaded";
  readonly EXCEPTION: "exception";
} = Object.freeze(
  {
    OBJECTS_CREATED: "objects:created",
    OBJECTS_UPDATED: "objects:updated",
    OBJECTS_DELETED: "objects:deleted",
    HISTORY_CHANGED: "history:changed",
    ANNOTATIONS_SAVED: "annotations:saved",
    FRAME_LOADED: "frame:loaded",
    EXCEPTION: "exception",
  } as const,
);
/** A value of {@linkcode EventType}. */
export type EventType = typeof EventType[keyof typeof EventType];

/**
 * Scopes of log events posted to `/api/events` (cvat-core's strings).
 *
 * @example
 * ```ts
 * import { ok } from "node:assert/strict";
 * import { EventScope } from "@cvat-lite/cvat";
 * ok(EventScope.SAVE_JOB === "save:job");
 * ```
 */
export const EventScope: {
  readonly LOAD_CVAT: "load:cvat";
  readonly LOAD_JOB: "load:job";
  readonly SAVE_JOB: "save:job";
  readonly RESTORE_JOB: "restore:job";
  readonly UPLOAD_ANNOTATIONS: "upload:annotations";
  readonly SEND_EXCEPTION: "send:exception";
  readonly SEND_TASK_INFO: "send:task_info";
  readonly DRAW_OBJECT: "draw:object";
  readonly PASTE_OBJECT: "paste:object";
  readonly COPY_OBJECT: "copy:object";
  readonly PROPAGATE_OBJECT: "propagate:object";
  readonly DRAG_OBJECT: "drag:object";
  readonly RESIZE_OBJECT: "resize:object";
  readonly DELETE_OBJECT: "delete:object";
  readonly LOCK_OBJECT: "lock:object";
  readonly MERGE_OBJECTS: "merge:objects";
  readonly SPLIT_OBJECTS: "split:objects";
  readonly GROUP_OBJECTS: "group:objects";
  readonly SLICE_OBJECT: "slice:object";
  readonly JOIN_OBJECTS: "join:objects";
  readonly CHANGE_ATTRIBUTE: "change:attribute";
  readonly CHANGE_LABEL: "change:label";
  readonly CHANGE_FRAME: "change:frame";
  readonly ZOOM_IMAGE: "zoom:image";
  readonly FIT_IMAGE: "fit:image";
  readonly ROTATE_IMAGE: "rotate:image";
  readonly UNDO_ACTION: "action:undo";
  readonly REDO_ACTION: "action:redo";
  readonly DEBUG_INFO: "debug:info";
  readonly RUN_ANNOTATIONS_ACTION: "run:annotations_action";
  readonly CLICK_ELEMENT: "click:element";
} = Object.freeze(
  {
    LOAD_CVAT: "load:cvat",
    LOAD_JOB: "load:job",
    SAVE_JOB: "save:job",
    RESTORE_JOB: "restore:job",
    UPLOAD_ANNOTATIONS: "upload:annotations",
    SEND_EXCEPTION: "send:exception",
    SEND_TASK_INFO: "send:task_info",
    DRAW_OBJECT: "draw:object",
    PASTE_OBJECT: "paste:object",
    COPY_OBJECT: "copy:object",
    PROPAGATE_OBJECT: "propagate:object",
    DRAG_OBJECT: "drag:object",
    RESIZE_OBJECT: "resize:object",
    DELETE_OBJECT: "delete:object",
    LOCK_OBJECT: "lock:object",
    MERGE_OBJECTS: "merge:objects",
    SPLIT_OBJECTS: "split:objects",
    GROUP_OBJECTS: "group:objects",
    SLICE_OBJECT: "slice:object",
    JOIN_OBJECTS: "join:objects",
    CHANGE_ATTRIBUTE: "change:attribute",
    CHANGE_LABEL: "change:label",
    CHANGE_FRAME: "change:frame",
    ZOOM_IMAGE: "zoom:image",
    FIT_IMAGE: "fit:image",
    ROTATE_IMAGE: "rotate:image",
    UNDO_ACTION: "action:undo",
    REDO_ACTION: "action:redo",
    DEBUG_INFO: "debug:info",
    RUN_ANNOTATIONS_ACTION: "run:annotations_action",
    CLICK_ELEMENT: "click:element",
  } as const,
);
/** A value of {@linkcode EventScope}. */
export type EventScope = typeof EventScope[keyof typeof EventScope];
