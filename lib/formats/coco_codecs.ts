/**
 * The COCO codecs (formats.md §6): "COCO 1.0" writes `annotations/instances_default.json`,
 * "COCO Keypoints 1.0" `annotations/person_keypoints_default.json`, each with `images/<file
 * name>` when images are given; both import a bare `.json` or a zip. Project exports write one
 * document per subset (coco_project_export.ts).
 *
 * @module
 */

import { imageEntries } from "./cvat_codecs.ts";
import { type CocoFlavour, cocoJson } from "./coco_export.ts";
import { importCoco } from "./coco_import.ts";
import { instancesFlavour } from "./coco_instances_flavour.ts";
import { keypointsFlavour } from "./coco_keypoints.ts";
import { cocoProjectExporter } from "./coco_project_export.ts";
import type { Codec, ExportInput, FormatTask } from "./types.ts";
import { type ZipEntry, zipStream } from "./zip_writer.ts";

function exporter(file: string, flavour: (task: FormatTask) => CocoFlavour) {
  return (input: ExportInput) => {
    async function* entries(): AsyncGenerator<ZipEntry> {
      yield { name: `annotations/${file}`, data: () => cocoJson(input, flavour(input.task)) };
      yield* imageEntries(input);
    }
    return zipStream(entries(), { modified: input.now });
  };
}

/** "COCO 1.0": instances (boxes, polygons, masks, ellipses as masks). */
export const cocoCodec: Codec = {
  info: {
    name: "COCO 1.0",
    ext: "JSON, ZIP",
    version: "1.0",
    importer: true,
    exporter: true,
    dimension: "2d",
  },
  export: exporter("instances_default.json", instancesFlavour),
  exportProject: (input) => cocoProjectExporter("instances", instancesFlavour)(input),
  import: (source, input) => importCoco("instances", source, input),
};

/** "COCO Keypoints 1.0": skeletons as keypoints. */
export const cocoKeypointsCodec: Codec = {
  info: {
    name: "COCO Keypoints 1.0",
    ext: "JSON, ZIP",
    version: "1.0",
    importer: true,
    exporter: true,
    dimension: "2d",
  },
  export: exporter("person_keypoints_default.json", keypointsFlavour),
  exportProject: (input) => cocoProjectExporter("person_keypoints", keypointsFlavour)(input),
  import: (source, input) => importCoco("keypoints", source, input),
};
