/**
 * Registers every implemented codec, in `listFormats()` order. A new codec module exports its
 * `Codec` objects; add one `registerCodec(...)` line per display name here.
 *
 * @module
 */

import { cvatImagesCodec, cvatImportCodec, cvatVideoCodec } from "./cvat_codecs.ts";
import { cocoCodec, cocoKeypointsCodec } from "./coco_codecs.ts";
import { datumaroCodec } from "./datumaro_codec.ts";
import { imagenetCodec } from "./imagenet_codec.ts";
import { labelMeCodec } from "./labelme_codec.ts";
import { motCodec } from "./mot_codec.ts";
import { registerCodec } from "./registry.ts";
import {
  ultralyticsDetectionCodec,
  ultralyticsObbCodec,
  ultralyticsPoseCodec,
  ultralyticsSegmentationCodec,
} from "./ultralytics_codecs.ts";
import { segmentationMaskCodec, vocCodec } from "./voc_codecs.ts";
import { yoloCodec } from "./yolo_codec.ts";

registerCodec(cvatImagesCodec);
registerCodec(cvatVideoCodec);
registerCodec(cvatImportCodec);
registerCodec(cocoCodec);
registerCodec(cocoKeypointsCodec);
registerCodec(datumaroCodec);
registerCodec(yoloCodec);
registerCodec(ultralyticsDetectionCodec);
registerCodec(ultralyticsObbCodec);
registerCodec(ultralyticsSegmentationCodec);
registerCodec(ultralyticsPoseCodec);
registerCodec(vocCodec);
registerCodec(segmentationMaskCodec);
registerCodec(motCodec);
registerCodec(labelMeCodec);
registerCodec(imagenetCodec);
