/**
 * The Ultralytics YOLO codecs under the names CVAT uses since 2.25 (formats.md §7.3):
 * Detection, Oriented Bounding Boxes, Segmentation and Pose, each exporting and importing.
 *
 * @module
 */

import type { Codec } from "./types.ts";
import { ultralyticsEntries } from "./ultralytics_export.ts";
import { importUltralytics } from "./ultralytics_import.ts";
import type { UltralyticsKind } from "./ultralytics_lines.ts";
import { ultralyticsProjectExporter } from "./ultralytics_project_export.ts";
import { zipStream } from "./zip_writer.ts";

function ultralyticsCodec(name: string, kind: UltralyticsKind): Codec {
  return {
    info: { name, ext: "ZIP", version: "1.0", importer: true, exporter: true, dimension: "2d" },
    export: (input) => zipStream(ultralyticsEntries(kind, input), { modified: input.now }),
    exportProject: ultralyticsProjectExporter(kind),
    import: (source, input) => importUltralytics(kind, source, input),
  };
}

/**
 * "Ultralytics YOLO Detection 1.0": unrotated boxes.
 *
 * @example
 * ```ts
 * import { equal } from "node:assert/strict";
 * import { ultralyticsDetectionCodec } from "./ultralytics_codecs.ts";
 * equal(ultralyticsDetectionCodec.info.version, "1.0");
 * ```
 */
export const ultralyticsDetectionCodec: Codec = ultralyticsCodec(
  "Ultralytics YOLO Detection 1.0",
  "detection",
);

/**
 * "Ultralytics YOLO Oriented Bounding Boxes 1.0": boxes with their rotation.
 *
 * @example
 * ```ts
 * import { equal } from "node:assert/strict";
 * import { ultralyticsObbCodec } from "./ultralytics_codecs.ts";
 * equal(ultralyticsObbCodec.info.ext, "ZIP");
 * ```
 */
export const ultralyticsObbCodec: Codec = ultralyticsCodec(
  "Ultralytics YOLO Oriented Bounding Boxes 1.0",
  "obb",
);

/**
 * "Ultralytics YOLO Segmentation 1.0": polygons (masks and ellipses as polygons on export).
 *
 * @example
 * ```ts
 * import { ok } from "node:assert/strict";
 * import { ultralyticsSegmentationCodec } from "./ultralytics_codecs.ts";
 * ok(ultralyticsSegmentationCodec.import && ultralyticsSegmentationCodec.export);
 * ```
 */
export const ultralyticsSegmentationCodec: Codec = ultralyticsCodec(
  "Ultralytics YOLO Segmentation 1.0",
  "segmentation",
);

/**
 * "Ultralytics YOLO Pose 1.0": skeletons as keypoints (`kpt_shape`).
 *
 * @example
 * ```ts
 * import { equal } from "node:assert/strict";
 * import { ultralyticsPoseCodec } from "./ultralytics_codecs.ts";
 * equal(ultralyticsPoseCodec.info.dimension, "2d");
 * ```
 */
export const ultralyticsPoseCodec: Codec = ultralyticsCodec("Ultralytics YOLO Pose 1.0", "pose");
