/**
 * The "Datumaro 1.0" codec (formats.md §10): exports `annotations/default.json` (+
 * `images/<name>` when images are given); imports a bare `.json` or a zip. Project exports:
 * datumaro_project_export.ts.
 *
 * @module
 */

import { imageEntries } from "./cvat_codecs.ts";
import { datumaroJson } from "./datumaro_export.ts";
import { importDatumaro } from "./datumaro_import.ts";
import { datumaroProjectExport } from "./datumaro_project_export.ts";
import type { Codec, ExportInput } from "./types.ts";
import { type ZipEntry, zipStream } from "./zip_writer.ts";

async function* entries(input: ExportInput): AsyncGenerator<ZipEntry> {
  yield { name: "annotations/default.json", data: () => datumaroJson(input) };
  yield* imageEntries(input);
}

/** "Datumaro 1.0". */
export const datumaroCodec: Codec = {
  info: {
    name: "Datumaro 1.0",
    ext: "JSON, ZIP",
    version: "1.0",
    importer: true,
    exporter: true,
    dimension: "2d",
  },
  export: (input) => zipStream(entries(input), { modified: input.now }),
  exportProject: (input) => datumaroProjectExport(input),
  import: importDatumaro,
};
