/**
 * The formats contract (DESIGN.md "The formats contract"): what an export or import is about,
 * what a format can do, and the shape every codec implements.
 *
 * @module
 */

import type { LabeledData, WireLabel } from "../core/wire_types.ts";

/** One item of `listFormats()`: a display name with what it can do. */
export interface FormatInfo {
  /** The display name, e.g. "CVAT for images 1.1" (the `?format=` key). */
  name: string;
  /** The file extensions CVAT lists, e.g. "ZIP" or "XML, ZIP". */
  ext: string;
  /** The format's version, e.g. "1.1". */
  version: string;
  /** Whether `importAnnotations` reads it. */
  importer: boolean;
  /** Whether `exportAnnotations` writes it. */
  exporter: boolean;
  /** "2d" for image and video tasks, "3d" for point clouds. */
  dimension: "2d" | "3d";
}

/**
 * What the annotations belong to, in the server's own shapes. `startFrame`, `stopFrame` and
 * `frameFilter` are in source-media numbering (as `data/meta` gives them); `frames[i]` and every
 * LabeledData `frame` are task-relative (0..size-1).
 */
export interface FormatTask {
  /** The task's id (CVAT XML `<meta>`), when known. */
  id?: number;
  /** The task's name. */
  name: string;
  /** "annotation" (images) or "interpolation" (video). */
  mode: "annotation" | "interpolation" | string;
  /** Server label JSON: ids, attributes (with ids), sublabels, svg, type, color. */
  labels: WireLabel[];
  /** The number of frames. */
  size: number;
  /** The first frame in source-media numbering. */
  startFrame: number;
  /** The last frame in source-media numbering. */
  stopFrame: number;
  /** "" or "step=N". */
  frameFilter?: string;
  /** Per task frame: its file name (relative path) and size. */
  frames: { name: string; width: number; height: number }[];
  /** Deleted task frames (left out of exports). */
  deletedFrames?: number[];
  /** Optional descriptive fields written to CVAT XML `<meta>`. */
  meta?: {
    createdDate?: string;
    updatedDate?: string;
    owner?: { username: string; email: string } | null;
    assignee?: { username: string; email: string } | null;
    overlap?: number;
    segmentSize?: number;
    bugTracker?: string;
    subset?: string;
    /**
     * The job the export covers (task-relative frames), when it is a job export: CVAT XML then
     * writes a `<job>` block with this id.
     */
    segment?: { id: number; start: number; stop: number; url?: string };
    /** The task's segments for a task export's `<segments>` (ids, ranges, job URLs). */
    segments?: { id: number; start: number; stop: number; url?: string }[];
    /** A video task's file name: CVAT XML then writes `<original_size>` and `<source>`. */
    source?: string;
  };
}

/** The bytes of one frame's image (for "with images" exports). */
export type FrameImages = (frame: number) => Promise<Uint8Array>;

/** Input of an export. */
export interface ExportInput {
  /** What the annotations belong to. */
  task: FormatTask;
  /** The annotations, in the server's form, with task-relative frames. */
  annotations: LabeledData;
  /** When given, images are written into the archive. */
  images?: FrameImages;
  /** The export time written into metadata (CVAT XML `<dumped>`); default now. */
  now?: Date;
}

/** One task of a project export. */
export interface ProjectExportTask {
  /** The task (its `labels` are the project's; `meta.subset` is not used, see `subset`). */
  task: FormatTask;
  /** The task's subset as stored ("" when none: written as "default" or "default_N"). */
  subset: string;
  /**
   * The task's annotations, or a loader called when the task's turn comes (so that only one
   * task's annotations are in memory; "CVAT for video 1.1" calls it twice: tracks, then shapes).
   */
  annotations: LabeledData | (() => Promise<LabeledData>);
  /** When given, the task's images are written into the archive. */
  images?: FrameImages;
}

/** Input of a project export (formats.md §3.1). */
export interface ProjectExportInput {
  /** The project. */
  project: {
    /** The project's id (CVAT XML `<meta><project><id>`). */
    id?: number;
    /** The project's name. */
    name: string;
    /** Server label JSON of the project (ids shared by its tasks' annotations). */
    labels: WireLabel[];
    /** Optional descriptive fields written to CVAT XML `<meta><project>`. */
    meta?: {
      createdDate?: string;
      updatedDate?: string;
      owner?: { username: string; email: string } | null;
      assignee?: { username: string; email: string } | null;
      bugTracker?: string;
    };
  };
  /** The project's tasks that have data, in id order. */
  tasks: ProjectExportTask[];
  /** The export time written into metadata (CVAT XML `<dumped>`); default now. */
  now?: Date;
}

/** What an import reads: bytes, a byte stream or a Blob (a zip or a bare file). */
export type ImportSource = Uint8Array | ReadableStream<Uint8Array> | Blob;

/** Options of an import. */
export interface ImportInput {
  /** What the annotations will belong to (labels and frames are matched against it). */
  task: FormatTask;
  /** The uploaded file's name (helps tell a bare `.xml`/`.json` from a zip). */
  filename?: string;
}

/** A format implementation. */
export interface Codec {
  /** What the format is and can do. */
  info: FormatInfo;
  /** Writes the export as a byte stream (a zip unless the format says otherwise). */
  export?(input: ExportInput): ReadableStream<Uint8Array>;
  /** Writes a project export (one subset per task subset) as a byte stream. */
  exportProject?(input: ProjectExportInput): ReadableStream<Uint8Array>;
  /** Reads an upload into LabeledData against `task` (DataError naming the item on a mismatch). */
  import?(source: ImportSource, input: ImportInput): Promise<LabeledData>;
}
