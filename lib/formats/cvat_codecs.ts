/**
 * The CVAT XML 1.1 codecs: "CVAT for images 1.1" and "CVAT for video 1.1" (export only) and
 * "CVAT 1.1" (import of either flavour). Exports are zips with `annotations.xml` at the root
 * and, when `images` is given, `images/<frame name>` (a video frame without extension gets
 * `.PNG` or `.jpg` after its bytes). Project exports: cvat_project_export.ts.
 *
 * @module
 */

import { cvatImagesXml } from "./cvat_images_export.ts";
import { cvatVideoXml } from "./cvat_video_export.ts";
import { importCvatXml } from "./cvat_xml_import.ts";
import {
  cvatImagesProjectXml,
  cvatProjectExporter,
  cvatVideoProjectXml,
} from "./cvat_project_export.ts";
import { deletedPredicate, exportRange } from "./task_frames.ts";
import type { Codec, ExportInput } from "./types.ts";
import { type ZipEntry, zipStream } from "./zip_writer.ts";

function extensionOf(bytes: Uint8Array): string {
  return bytes[0] === 0x89 && bytes[1] === 0x50 ? ".PNG" : ".jpg";
}

/**
 * The `images/...` entries of an export "with images", one per exported frame (`dir`: a
 * project's `images/<subset>`).
 *
 * @example
 * ```ts
 * import { deepEqual } from "node:assert/strict";
 * import { imageEntries } from "./cvat_codecs.ts";
 * const task = { name: "t", mode: "annotation", size: 2, startFrame: 0, stopFrame: 1,
 *   labels: [], deletedFrames: [0],
 *   frames: [{ name: "a.jpg", width: 1, height: 1 }, { name: "b.jpg", width: 1, height: 1 }] };
 * const names = [];
 * const images = () => Promise.resolve(new Uint8Array([0xff, 0xd8]));
 * for await (const entry of imageEntries({ task, images })) names.push(entry.name);
 * deepEqual(names, ["images/b.jpg"]);
 * ```
 */
export async function* imageEntries(
  input: Pick<ExportInput, "task" | "images">,
  dir = "images",
): AsyncGenerator<ZipEntry> {
  const { task, images } = input;
  if (!images) return;
  const range = exportRange(task);
  const isDeleted = deletedPredicate(task);
  for (let frame = range.start; frame <= range.stop; frame++) {
    if (isDeleted(frame)) continue;
    const bytes = await images(frame);
    const name = task.frames[frame]?.name ?? `frame_${String(frame).padStart(6, "0")}`;
    const withExt = /\.[^/]+$/.test(name) ? name : name + extensionOf(bytes);
    yield { name: `${dir}/${withExt}`, data: () => [bytes] };
  }
}

async function* entries(
  input: ExportInput,
  xml: (input: ExportInput) => Iterable<Uint8Array>,
): AsyncGenerator<ZipEntry> {
  yield { name: "annotations.xml", data: () => xml(input) };
  yield* imageEntries(input);
}

/** "CVAT for images 1.1": one `<image>` per frame, tracks as per-frame shapes. */
export const cvatImagesCodec: Codec = {
  info: {
    name: "CVAT for images 1.1",
    ext: "ZIP",
    version: "1.1",
    importer: false,
    exporter: true,
    dimension: "2d",
  },
  export: (input) => zipStream(entries(input, cvatImagesXml), { modified: input.now }),
  exportProject: (input) => cvatProjectExporter(cvatImagesProjectXml)(input),
};

/** "CVAT for video 1.1": tracks with their rows; tags are not exported. */
export const cvatVideoCodec: Codec = {
  info: {
    name: "CVAT for video 1.1",
    ext: "ZIP",
    version: "1.1",
    importer: false,
    exporter: true,
    dimension: "2d",
  },
  export: (input) => zipStream(entries(input, cvatVideoXml), { modified: input.now }),
  exportProject: (input) => cvatProjectExporter(cvatVideoProjectXml)(input),
};

/** "CVAT 1.1": imports both flavours from a bare XML file or a zip. */
export const cvatImportCodec: Codec = {
  info: {
    name: "CVAT 1.1",
    ext: "XML, ZIP",
    version: "1.1",
    importer: true,
    exporter: false,
    dimension: "2d",
  },
  import: importCvatXml,
};
