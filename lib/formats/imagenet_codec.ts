/**
 * The "ImageNet 1.0" codec (formats.md §13): export in imagenet_export.ts, import in
 * imagenet_import.ts.
 *
 * @module
 */

import { imagenetEntries } from "./imagenet_export.ts";
import { importImagenet } from "./imagenet_import.ts";
import { imagenetProjectExport } from "./imagenet_project_export.ts";
import type { Codec } from "./types.ts";
import { zipStream } from "./zip_writer.ts";

/** "ImageNet 1.0": tags, as label folders of images or as a list file. */
export const imagenetCodec: Codec = {
  info: {
    name: "ImageNet 1.0",
    ext: "ZIP",
    version: "1.0",
    importer: true,
    exporter: true,
    dimension: "2d",
  },
  export: (input) => zipStream(imagenetEntries(input), { modified: input.now }),
  exportProject: imagenetProjectExport,
  import: importImagenet,
};
