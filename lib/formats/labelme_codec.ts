/**
 * The "LabelMe 3.0" codec (formats.md §12): export in labelme_export.ts, import in
 * labelme_import.ts.
 *
 * @module
 */

import { labelMeEntries } from "./labelme_export.ts";
import { importLabelMe } from "./labelme_import.ts";
import { labelMeProjectExport } from "./labelme_project_export.ts";
import type { Codec } from "./types.ts";
import { zipStream } from "./zip_writer.ts";

/** "LabelMe 3.0": rectangles, polygons, masks (imported as polygons), groups. */
export const labelMeCodec: Codec = {
  info: {
    name: "LabelMe 3.0",
    ext: "ZIP",
    version: "3.0",
    importer: true,
    exporter: true,
    dimension: "2d",
  },
  export: (input) => zipStream(labelMeEntries(input), { modified: input.now }),
  exportProject: labelMeProjectExport,
  import: importLabelMe,
};
