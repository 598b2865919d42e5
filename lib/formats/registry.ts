/**
 * The format registry: `listFormats()`, `exportAnnotations()`, `exportProject()` and
 * `importAnnotations()` dispatch to the codecs by display name.
 *
 * @module
 */

import { ArgumentError } from "../core/errors.ts";
import type { LabeledData } from "../core/wire_types.ts";
import type {
  Codec,
  ExportInput,
  FormatInfo,
  ImportInput,
  ImportSource,
  ProjectExportInput,
} from "./types.ts";

/** The codecs, in the order `listFormats()` lists them. Codec modules add themselves here. */
const CODECS: Codec[] = [];

/**
 * Adds a codec (called once per codec module, from `codecs.ts`).
 *
 * @example
 * ```ts
 * // registerCodec(cvatImagesCodec);
 * ```
 */
export function registerCodec(codec: Codec): void {
  if (CODECS.some((c) => c.info.name === codec.info.name)) {
    throw new Error(`The format "${codec.info.name}" is registered twice`);
  }
  CODECS.push(codec);
}

/**
 * Every implemented format, one item per display name.
 *
 * @example
 * ```ts
 * import { ok } from "node:assert/strict";
 * import { listFormats } from "./registry.ts";
 * ok(Array.isArray(listFormats()));
 * ```
 */
export function listFormats(): FormatInfo[] {
  return CODECS.map((codec) => ({ ...codec.info }));
}

function codecFor(name: unknown, direction: "export" | "import" | "exportProject"): Codec {
  const codec = CODECS.find((c) => c.info.name === name);
  if (!codec || !codec[direction]) {
    const names = CODECS.filter((c) => c[direction]).map((c) => `"${c.info.name}"`).join(", ");
    throw new ArgumentError(
      `Unknown ${direction === "import" ? "import" : "export"} format ${
        JSON.stringify(name)
      }; known: ${names || "none"}`,
    );
  }
  return codec;
}

/**
 * Exports annotations in a format as a byte stream (entries are written as they are produced).
 *
 * @example
 * ```ts
 * // const zip = exportAnnotations("COCO 1.0", { task, annotations });
 * ```
 */
export function exportAnnotations(format: string, input: ExportInput): ReadableStream<Uint8Array> {
  return codecFor(format, "export").export!(input);
}

/**
 * Exports a project (formats.md §3.1: one subset per task subset, "" as "default", frame
 * numbers offset per task within a subset, duplicate image names mangled) as a byte stream.
 * Each task's annotations are read (when given as a loader) when its turn comes.
 *
 * @example
 * ```ts
 * // const zip = exportProject("COCO 1.0", { project: { id, name, labels }, tasks: [
 * //   { task, subset: "train", annotations: () => readAnnotations(task.id), images },
 * // ] });
 * ```
 */
export function exportProject(
  format: string,
  input: ProjectExportInput,
): ReadableStream<Uint8Array> {
  return codecFor(format, "exportProject").exportProject!(input);
}

/**
 * Imports an upload in a format into LabeledData for `input.task`; a mismatch is a `DataError`
 * naming the item, and nothing is returned partially.
 *
 * @example
 * ```ts
 * // const data = await importAnnotations("CVAT 1.1", bytes, { task });
 * ```
 */
export function importAnnotations(
  format: string,
  source: ImportSource,
  input: ImportInput,
): Promise<LabeledData> {
  try {
    return codecFor(format, "import").import!(source, input);
  } catch (error) {
    return Promise.reject(error);
  }
}
