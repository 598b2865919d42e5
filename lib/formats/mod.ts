/**
 * The formats library: importing this module registers every codec.
 *
 * @module
 */

import "./codecs.ts";
export { exportAnnotations, exportProject, importAnnotations, listFormats } from "./registry.ts";
export type {
  Codec,
  ExportInput,
  FormatInfo,
  FormatTask,
  FrameImages,
  ImportInput,
  ImportSource,
  ProjectExportInput,
  ProjectExportTask,
} from "./types.ts";
