/**
 * Registers every implemented codec, in `listFormats()` order. A new codec module exports its
 * `Codec` objects; add one `registerCodec(...)` line per display name here.
 *
 * @module
 */

import { cvatImagesCodec, cvatImportCodec, cvatVideoCodec } from "./cvat_codecs.ts";
import { cocoCodec, cocoKeypointsCodec } from "./coco_codecs.ts";
import { datumaroCodec } from "./datumaro_codec.ts";
import { registerCodec } from "./registry.ts";

registerCodec(cvatImagesCodec);
registerCodec(cvatVideoCodec);
registerCodec(cvatImportCodec);
registerCodec(cocoCodec);
registerCodec(cocoKeypointsCodec);
registerCodec(datumaroCodec);
