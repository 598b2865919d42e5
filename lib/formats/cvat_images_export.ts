/**
 * "CVAT for images 1.1" export (formats.md §4.4): `annotations.xml` with the `<meta>` block and
 * one `<image>` per exported frame (empty ones included), holding that frame's shapes (plain
 * and interpolated from tracks, outside ones skipped, by `z_order`) and then its tags. Written
 * frame by frame: memory holds one frame's objects and one ~64 KiB chunk.
 *
 * @module
 */

import { metaXml } from "./cvat_xml_meta.ts";
import { imageShapeXml, tagXml } from "./cvat_xml_elements.ts";
import { type FrameItem, frameItems } from "./items.ts";
import { type LabelLookup, labelLookup } from "./label_lookup.ts";
import type { ExportInput } from "./types.ts";
import { quoteAttribute, textChunker } from "./xml_text.ts";

/** The XML declaration, the root element and `<version>` that open every CVAT XML 1.1 file. */
export const XML_HEAD =
  '<?xml version="1.0" encoding="utf-8"?>\n<annotations>\n  <version>1.1</version>';
/** What closes every CVAT XML 1.1 file. */
export const XML_TAIL = "\n</annotations>\n";

/**
 * One `<image>` element (starting with a newline) with the frame's shapes, then its tags;
 * `extra` goes between `name` and `width` (a project's ` subset="..." task_id="..."`).
 *
 * @example
 * ```ts
 * import { equal } from "node:assert/strict";
 * import { imageXml } from "./cvat_images_export.ts";
 * import { labelLookup } from "./label_lookup.ts";
 * const item = { frame: 0, absoluteFrame: 4, name: "a.jpg", id: "a", width: 2, height: 1,
 *   shapes: [], tags: [] };
 * equal(imageXml(item, labelLookup([]), ' task_id="1"'),
 *   '\n  <image id="4" name="a.jpg" task_id="1" width="2" height="1">\n  </image>');
 * ```
 */
export function imageXml(item: FrameItem, lookup: LabelLookup, extra = ""): string {
  let text = `\n  <image id="${item.absoluteFrame}" name=${
    quoteAttribute(item.name)
  }${extra} width="${item.width}" height="${item.height}">`;
  for (const shape of item.shapes) text += imageShapeXml(shape, lookup, 2);
  for (const tag of item.tags) text += tagXml(tag, lookup, 2);
  return text + "\n  </image>";
}

/**
 * The chunks of `annotations.xml` in the "for images" flavour.
 *
 * @example
 * ```ts
 * import { ok } from "node:assert/strict";
 * import { cvatImagesXml } from "./cvat_images_export.ts";
 * const task = { name: "t", mode: "annotation", size: 1, startFrame: 0, stopFrame: 0,
 *   labels: [{ id: 1, name: "car" }], frames: [{ name: "a.jpg", width: 4, height: 3 }] };
 * const tags = [{ frame: 0, label_id: 1, group: 0, source: "manual", attributes: [] }];
 * const parts = [...cvatImagesXml({ task, annotations: { tags, shapes: [], tracks: [] } })];
 * const xml = new TextDecoder().decode(parts[0]);
 * ok(xml.includes('<image id="0" name="a.jpg" width="4" height="3">'));
 * ok(xml.includes('<tag label="car" source="manual">'));
 * ```
 */
export function* cvatImagesXml(input: ExportInput): Generator<Uint8Array> {
  const { task, annotations } = input;
  const lookup = labelLookup(task.labels);
  const chunker = textChunker();
  let chunk = chunker.push(XML_HEAD + metaXml(task, input.now ?? new Date()));
  if (chunk) yield chunk;
  for (const item of frameItems(task, annotations)) {
    chunk = chunker.push(imageXml(item, lookup));
    if (chunk) yield chunk;
  }
  chunker.push(XML_TAIL);
  const last = chunker.flush();
  if (last) yield last;
}
