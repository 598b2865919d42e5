/**
 * "LabelMe 3.0" export (formats.md §12, Datumaro's `label_me`): per frame `default/<item id>.xml`
 * (lxml's pretty print: 2-space indent, no declaration, empty elements as `<x></x>`, a final
 * newline), its masks as `default/Masks/<item id>_mask_<object id>.png` and, with images,
 * `default/<item id><ext>`.
 *
 * `<annotation>`: `filename` (base name with extension), `folder` (the directories of the
 * frame path), `source` (`sourceImage` empty, `sourceAnnotation` Datumaro), `imagesize`
 * (`nrows`, `ncols`), then per object: `name, deleted 0, verified 0, occluded yes|no, date,
 * id, parts{hasparts, ispartof}`, then `type bounding_box` + `polygon` of the four corners
 * (TL, TR, BR, BL) for a box, a `polygon` of its points, or `segm{mask, box{xmin, ymin, xmax,
 * ymax}}` (inclusive pixel bounds); coordinates `%.2f`; `username`; `attributes`
 * (labelme_attributes.ts). Groups: the first member lists the others in `hasparts`, the others
 * name it in `ispartof`.
 *
 * @module
 */

import { cocoFileName } from "./coco_export.ts";
import { encodeLabelMeAttributes } from "./labelme_attributes.ts";
import { labelMeMaskPng, type LabelMeObject, labelMeObjects } from "./labelme_objects.ts";
import { type FrameItem, frameItems } from "./items.ts";
import { labelLookup } from "./label_lookup.ts";
import type { ExportInput } from "./types.ts";
import { escapeText, fixed2 } from "./xml_text.ts";
import type { ZipEntry } from "./zip_writer.ts";

type Parts = Map<number, { hasparts: string; ispartof: string }>;

function partsOf(objects: readonly LabelMeObject[]): Parts {
  const groups = new Map<number, number[]>();
  for (const object of objects) {
    if (object.group) groups.set(object.group, [...groups.get(object.group) ?? [], object.id]);
  }
  const parts: Parts = new Map();
  for (const [leader, ...members] of groups.values()) {
    parts.set(leader, { hasparts: members.join(","), ispartof: "" });
    for (const member of members) parts.set(member, { hasparts: "", ispartof: String(leader) });
  }
  return parts;
}

function element(name: string, text: string | number, indent: string): string {
  return `${indent}<${name}>${escapeText(String(text))}</${name}>\n`;
}

function pointsXml(points: readonly number[], indent: string): string {
  let out = "";
  for (let i = 0; i + 1 < points.length; i += 2) {
    out += `${indent}<pt>\n${element("x", fixed2(points[i]), indent + "  ")}` +
      `${element("y", fixed2(points[i + 1]), indent + "  ")}${indent}</pt>\n`;
  }
  return out;
}

function geometryXml(object: LabelMeObject, maskName: string): string {
  const p = object.points;
  const user = element("username", object.username, "      ");
  if (object.kind === "mask") {
    const [xmin, ymin, xmax, ymax] = p.slice(-4).map(fixed2);
    return `    <segm>\n${element("mask", maskName, "      ")}      <box>\n` +
      element("xmin", xmin, "        ") + element("ymin", ymin, "        ") +
      element("xmax", xmax, "        ") + element("ymax", ymax, "        ") +
      `      </box>\n${user}    </segm>\n`;
  }
  const corners = object.kind === "box" ? [p[0], p[1], p[2], p[1], p[2], p[3], p[0], p[3]] : p;
  const type = object.kind === "box" ? element("type", "bounding_box", "    ") : "";
  return `${type}    <polygon>\n${pointsXml(corners, "      ")}${user}    </polygon>\n`;
}

/**
 * The name of an object's mask PNG (in `Masks/`).
 *
 * @example
 * ```ts
 * import { equal } from "node:assert/strict";
 * import { labelMeMaskName } from "./labelme_export.ts";
 * equal(labelMeMaskName("dir/a", 2), "dir/a_mask_2.png");
 * ```
 */
export function labelMeMaskName(itemId: string, objectId: number): string {
  return `${itemId}_mask_${objectId}.png`;
}

/**
 * The XML document of one frame.
 *
 * @example
 * ```ts
 * import { ok } from "node:assert/strict";
 * import { labelMeXml } from "./labelme_export.ts";
 * const item = { frame: 0, absoluteFrame: 0, name: "d/a.jpg", id: "d/a", width: 4, height: 3,
 *   shapes: [], tags: [] };
 * const xml = labelMeXml(item, []);
 * ok(xml.startsWith("<annotation>\n  <filename>a.jpg</filename>\n  <folder>d</folder>\n"));
 * ok(xml.endsWith("    <ncols>4</ncols>\n  </imagesize>\n</annotation>\n"));
 * ```
 */
export function labelMeXml(item: FrameItem, objects: readonly LabelMeObject[]): string {
  const file = cocoFileName(item.name);
  const slash = file.lastIndexOf("/");
  let xml = "<annotation>\n" + element("filename", file.slice(slash + 1), "  ") +
    element("folder", slash < 0 ? "" : file.slice(0, slash), "  ") +
    "  <source>\n" + element("sourceImage", "", "    ") +
    element("sourceAnnotation", "Datumaro", "    ") + "  </source>\n  <imagesize>\n" +
    element("nrows", item.height, "    ") + element("ncols", item.width, "    ") +
    "  </imagesize>\n";
  const parts = partsOf(objects);
  for (const object of objects) {
    const part = parts.get(object.id) ?? { hasparts: "", ispartof: "" };
    xml += "  <object>\n" + element("name", object.name, "    ") +
      element("deleted", 0, "    ") + element("verified", 0, "    ") +
      element("occluded", object.occluded ? "yes" : "no", "    ") +
      element("date", "", "    ") + element("id", object.id, "    ") + "    <parts>\n" +
      element("hasparts", part.hasparts, "      ") + element("ispartof", part.ispartof, "      ") +
      "    </parts>\n" + geometryXml(object, labelMeMaskName(item.id, object.id)) +
      element("attributes", encodeLabelMeAttributes(object.attributes), "    ") +
      "  </object>\n";
  }
  return xml + "</annotation>\n";
}

function extensionOf(name: string, bytes: Uint8Array): string {
  const match = /\.[^/.]+$/.exec(name);
  if (match) return "";
  return bytes[0] === 0x89 && bytes[1] === 0x50 ? ".PNG" : ".jpg";
}

/**
 * Every entry of a LabelMe export, frame by frame: the image (when images are given), the
 * masks, then the XML, in the folder of `subset`.
 *
 * @example
 * ```ts
 * import { deepEqual } from "node:assert/strict";
 * import { labelMeEntries } from "./labelme_export.ts";
 * const task = { name: "t", mode: "annotation", size: 1, startFrame: 0, stopFrame: 0,
 *   labels: [], frames: [{ name: "a.jpg", width: 1, height: 1 }] };
 * const names = [];
 * for await (const entry of labelMeEntries({ task,
 *   annotations: { tags: [], shapes: [], tracks: [] } })) names.push(entry.name);
 * deepEqual(names, ["default/a.xml"]);
 * ```
 */
export async function* labelMeEntries(
  input: ExportInput,
  subset = "default",
): AsyncGenerator<ZipEntry> {
  const lookup = labelLookup(input.task.labels);
  const encoder = new TextEncoder();
  for (const item of frameItems(input.task, input.annotations)) {
    if (input.images) {
      const bytes = await input.images(item.frame);
      yield { name: `${subset}/${item.name}${extensionOf(item.name, bytes)}`, data: () => [bytes] };
    }
    const objects = labelMeObjects(item, lookup);
    for (const object of objects) {
      if (object.kind !== "mask") continue;
      const png = await labelMeMaskPng(object.points, item.width, item.height);
      yield { name: `${subset}/Masks/${labelMeMaskName(item.id, object.id)}`, data: () => [png] };
    }
    const xml = encoder.encode(labelMeXml(item, objects));
    yield { name: `${subset}/${item.id}.xml`, data: () => [xml] };
  }
}
