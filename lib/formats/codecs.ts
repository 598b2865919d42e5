/**
 * Registers every implemented codec, in `listFormats()` order.
 *
 * @module
 */

// Codec modules register themselves when imported, e.g.: import "./cvat_xml_codec.ts";
export {};
