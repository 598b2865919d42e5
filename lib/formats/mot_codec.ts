/**
 * The "MOT 1.1" codec (formats.md §11): export in mot_export.ts, import in mot_import.ts.
 *
 * @module
 */

import { motEntries } from "./mot_export.ts";
import { importMot } from "./mot_import.ts";
import { motProjectExport } from "./mot_project_export.ts";
import type { Codec } from "./types.ts";
import { zipStream } from "./zip_writer.ts";

/** "MOT 1.1": rectangles and rectangle tracks. */
export const motCodec: Codec = {
  info: {
    name: "MOT 1.1",
    ext: "ZIP",
    version: "1.1",
    importer: true,
    exporter: true,
    dimension: "2d",
  },
  export: (input) => zipStream(motEntries(input), { modified: input.now }),
  exportProject: motProjectExport,
  import: importMot,
};
