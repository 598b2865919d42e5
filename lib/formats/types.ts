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
  /** Reads an upload into LabeledData against `task` (DataError naming the item on a mismatch). */
  import?(source: ImportSource, input: ImportInput): Promise<LabeledData>;
}
