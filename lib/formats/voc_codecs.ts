/**
 * The VOC-layout codecs: "PASCAL VOC 1.1" (formats.md §8) and "Segmentation mask 1.1" (§9).
 * Both import through the same VOC reader, as CVAT does.
 *
 * @module
 */

import { segmentationMaskEntries } from "./segmentation_mask_export.ts";
import type { Codec } from "./types.ts";
import { vocEntries } from "./voc_export.ts";
import { importVoc } from "./voc_import.ts";
import { maskProjectExport, vocProjectExport } from "./voc_project_export.ts";
import { zipStream } from "./zip_writer.ts";

/** "PASCAL VOC 1.1": boxes as objects, masks and ellipses as segmentation PNGs, tags as lists. */
export const vocCodec: Codec = {
  info: {
    name: "PASCAL VOC 1.1",
    ext: "ZIP",
    version: "1.1",
    importer: true,
    exporter: true,
    dimension: "2d",
  },
  export: (input) => zipStream(vocEntries(input), { modified: input.now }),
  exportProject: vocProjectExport,
  import: importVoc,
};

/** "Segmentation mask 1.1": area shapes painted into class and instance PNGs. */
export const segmentationMaskCodec: Codec = {
  info: {
    name: "Segmentation mask 1.1",
    ext: "ZIP",
    version: "1.1",
    importer: true,
    exporter: true,
    dimension: "2d",
  },
  export: (input) => zipStream(segmentationMaskEntries(input), { modified: input.now }),
  exportProject: maskProjectExport,
  import: importVoc,
};
