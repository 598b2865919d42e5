/**
 * The per-frame `Annotations/<id>.xml` of "PASCAL VOC 1.1" (formats.md §8), written as
 * Datumaro's VOC converter pretty-prints it: `folder` (the id up to its first `_`),
 * `filename`, an `Unknown` source, the size with an empty depth, `segmented`, and one
 * `object` per rectangle (`pose` when an attribute of that name exists, `truncated`,
 * `occluded`, `difficult` as integers, the unrotated `bndbox` as Python floats, every other
 * attribute under `attributes` as Python `str()` text).
 *
 * @module
 */

import type { FrameItem, ItemShape } from "./items.ts";
import { typedAttributes, type TypedValue } from "./item_attributes.ts";
import type { LabelLookup } from "./label_lookup.ts";
import { pyFloat, pyInt, pyStr } from "./py_repr.ts";
import { escapeText } from "./xml_text.ts";

const NATIVE = new Set(["difficult", "pose", "truncated", "occluded"]);

function element(indent: number, name: string, text: string): string {
  return `${"  ".repeat(indent)}<${name}>${escapeText(text)}</${name}>\n`;
}

function attributeText(name: string, value: TypedValue): string {
  return name === "track_id" ? String(value) : pyStr(value);
}

function objectXml(shape: ItemShape, lookup: LabelLookup): string {
  const label = lookup.byId.get(shape.label_id);
  const attrs = label ? typedAttributes(label, shape.attributes, shape) : {};
  let out = "  <object>\n" + element(2, "name", label?.name ?? "");
  if ("pose" in attrs) out += element(2, "pose", attributeText("pose", attrs.pose));
  for (const name of ["truncated", "occluded", "difficult"]) {
    out += element(2, name, String(pyInt(attrs[name], 0)));
  }
  const [x0, y0, x1, y1] = shape.points;
  const [x, y, w, h] = [x0, y0, x1 - x0, y1 - y0];
  out += "    <bndbox>\n" + element(3, "xmin", pyFloat(x)) + element(3, "ymin", pyFloat(y)) +
    element(3, "xmax", pyFloat(x + w)) + element(3, "ymax", pyFloat(y + h)) + "    </bndbox>\n";
  const extra = Object.entries(attrs).filter(([name]) => !NATIVE.has(name));
  if (extra.length) {
    out += "    <attributes>\n";
    for (const [name, value] of extra) {
      out += "      <attribute>\n" + element(4, "name", name) +
        element(4, "value", attributeText(name, value)) + "      </attribute>\n";
    }
    out += "    </attributes>\n";
  }
  return out + "  </object>\n";
}

/**
 * One frame's annotation document in parts (the head, then one part per object), so that a
 * writer can encode it piece by piece.
 *
 * @example
 * ```ts
 * import { equal } from "node:assert/strict";
 * import { vocAnnotationXmlParts } from "./voc_xml_export.ts";
 * import { labelLookup } from "./label_lookup.ts";
 * const item = { frame: 0, absoluteFrame: 0, name: "a.jpg", id: "a", width: 4, height: 3,
 *   tags: [], shapes: [] };
 * const parts = [...vocAnnotationXmlParts(item, "a.jpg", labelLookup([]), false)];
 * equal(parts.at(-1), "</annotation>\n");
 * ```
 */
export function* vocAnnotationXmlParts(
  item: FrameItem,
  filename: string,
  lookup: LabelLookup,
  segmented: boolean,
): Generator<string> {
  const underscore = item.id.indexOf("_");
  yield "<annotation>\n" +
    element(1, "folder", underscore >= 0 ? item.id.slice(0, underscore) : "") +
    element(1, "filename", filename) + "  <source>\n" + element(2, "database", "Unknown") +
    element(2, "annotation", "Unknown") + element(2, "image", "Unknown") + "  </source>\n" +
    "  <size>\n" + element(2, "width", String(item.width)) +
    element(2, "height", String(item.height)) + element(2, "depth", "") + "  </size>\n" +
    element(1, "segmented", segmented ? "1" : "0");
  for (const shape of item.shapes) {
    if (shape.type === "rectangle") yield objectXml(shape, lookup);
  }
  yield "</annotation>\n";
}

/**
 * One frame's annotation document (`segmented`: whether the frame has segmentation masks).
 *
 * @example
 * ```ts
 * import { ok } from "node:assert/strict";
 * import { vocAnnotationXml } from "./voc_xml_export.ts";
 * import { labelLookup } from "./label_lookup.ts";
 * const item = { frame: 0, absoluteFrame: 0, name: "a_1.jpg", id: "a_1", width: 4, height: 3,
 *   tags: [], shapes: [{ type: "rectangle" as const, label_id: 1, group: 0, source: "manual",
 *     occluded: true, outside: false, z_order: 0, rotation: 0, points: [1, 1, 2, 2.5],
 *     attributes: [], elements: [] }] };
 * const xml = vocAnnotationXml(item, "a_1.jpg", labelLookup([{ id: 1, name: "car" }]), false);
 * ok(xml.includes("<folder>a</folder>"));
 * ok(xml.includes("<occluded>1</occluded>"));
 * ok(xml.includes("<ymax>2.5</ymax>"));
 * ok(xml.includes("<name>rotation</name>"));
 * ```
 */
export function vocAnnotationXml(
  item: FrameItem,
  filename: string,
  lookup: LabelLookup,
  segmented: boolean,
): string {
  return [...vocAnnotationXmlParts(item, filename, lookup, segmented)].join("");
}
