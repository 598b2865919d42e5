/**
 * The "YOLO 1.1" codec (Darknet layout, formats.md §7.1–7.2): export in yolo_export.ts, import
 * in yolo_import.ts.
 *
 * @module
 */

import type { Codec } from "./types.ts";
import { darknetEntries } from "./yolo_export.ts";
import { importDarknet } from "./yolo_import.ts";
import { yoloProjectExport } from "./yolo_project_export.ts";
import { zipStream } from "./zip_writer.ts";

/**
 * "YOLO 1.1": boxes as `<class> <cx> <cy> <w> <h>` per frame.
 *
 * @example
 * ```ts
 * import { equal } from "node:assert/strict";
 * import { yoloCodec } from "./yolo_codec.ts";
 * equal(yoloCodec.info.name, "YOLO 1.1");
 * ```
 */
export const yoloCodec: Codec = {
  info: {
    name: "YOLO 1.1",
    ext: "ZIP",
    version: "1.1",
    importer: true,
    exporter: true,
    dimension: "2d",
  },
  export: (input) => zipStream(darknetEntries(input), { modified: input.now }),
  exportProject: yoloProjectExport,
  import: (source, input) => importDarknet(source, input),
};
