/**
 * cvat-lite: CVAT's annotation model in TypeScript. The pure core (`createAnnotations`,
 * `ObjectState`, `Label`, interpolation, history, filters, statistics) works in-process with no
 * I/O; `createCvat` is the CVAT JS API over any CVAT-compatible server (or `createApp().fetch`).
 *
 * @example
 * ```ts
 * import { ok } from "node:assert/strict";
 * import { createAnnotations, Label, ObjectState } from "@cvat-lite/cvat";
 * const car = new Label({ id: 1, name: "car", type: "any", attributes: [] });
 * const annotations = createAnnotations({ labels: [car], stopFrame: 99 });
 * annotations.put([new ObjectState({
 *   objectType: "track", shapeType: "rectangle", label: car, frame: 0, points: [0, 0, 10, 10],
 * })]);
 * ok(annotations.get(50).length === 1);
 * ```
 *
 * @module
 */

export {
  type Annotations,
  type AnnotationsOptions,
  type ClearOptions,
  type CollectionChange,
  createAnnotations,
} from "./lib/core/collection.ts";
export { Attribute, Label } from "./lib/core/label.ts";
export { createCvat, type Cvat, type CvatClasses, type CvatExceptions } from "./lib/client/cvat.ts";
export type { ClientClasses } from "./lib/client/classes.ts";
export type { ClientConfig, CvatOptions, FrameLoadPolicy } from "./lib/client/context.ts";
export { FrameData } from "./lib/client/frames.ts";
export type { Plugin, PluginHooks } from "./lib/client/plugins.ts";
export type { EventsApi, Listener, SessionEvent } from "./lib/client/session_events.ts";
export type { AnnotationsApi } from "./lib/client/session_annotations.ts";
export type { ActionsApi } from "./lib/client/session_actions.ts";
export type { FramesApi } from "./lib/client/frames.ts";
export type { LabelsApi, LogsApi } from "./lib/client/session_misc.ts";
export type { AnnotationFormats, ServerApi, ServerInfo } from "./lib/client/server_api.ts";
export type { User, UserJson } from "./lib/client/user.ts";
export type { Paged, Queries } from "./lib/client/queries.ts";
export type { Logger } from "./lib/client/logger.ts";
export {
  exportAnnotations,
  type ExportInput,
  exportProject,
  type FormatInfo,
  type FormatTask,
  type FrameImages,
  importAnnotations,
  type ImportInput,
  type ImportSource,
  listFormats,
  type ProjectExportInput,
  type ProjectExportTask,
} from "./lib/formats/mod.ts";
export {
  type KeyframeBounds,
  ObjectState,
  type ObjectStateInit,
  type UPDATABLE_FIELDS,
  type UpdatableField,
  type UpdateFlags,
} from "./lib/core/object_state.ts";
export type { LabelStatistics, ShapeTrackCounts, Statistics } from "./lib/core/statistics.ts";
export type { ChangeSet, History, ObjectChange } from "./lib/core/history.ts";
export type { SaverDiff } from "./lib/core/saver_diff.ts";
export type { AttributeMap, Keyframe, ObjectRecord, Position } from "./lib/core/model.ts";
export {
  AttributeType,
  EventScope,
  EventType,
  HistoryActions,
  JobStage,
  JobState,
  LabelType,
  ObjectType,
  ShapeType,
  Source,
  TaskMode,
  TaskStatus,
} from "./lib/core/enums.ts";
export {
  ArgumentError,
  DataError,
  Exception,
  PluginError,
  ScriptingError,
  ServerError,
} from "./lib/core/errors.ts";
export type {
  LabeledData,
  WireAttribute,
  WireAttributeSpec,
  WireInterpolatedShape,
  WireLabel,
  WireShape,
  WireTag,
  WireTrack,
  WireTrackedShape,
} from "./lib/core/wire_types.ts";
