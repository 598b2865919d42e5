/**
 * CVAT XML 1.1 elements for objects (formats.md §4.4–§4.5): `<attribute>` children, shapes of
 * the "for images" flavour (plain or from a track, skeletons with their `<points>` elements),
 * tags, and the per-frame rows of a "for video" `<track>`.
 *
 * @module
 */

import { DataError } from "../core/errors.ts";
import type { ShapeType } from "../core/enums.ts";
import type { WireAttribute, WireTag } from "../core/wire_types.ts";
import { elementName, geometryXml } from "./cvat_xml_geometry.ts";
import type { ItemShape } from "./items.ts";
import type { LabelInfo, LabelLookup } from "./label_lookup.ts";
import { escapeText, quoteAttribute } from "./xml_text.ts";

function pad(level: number): string {
  return "\n" + "  ".repeat(level);
}

function labelOf(lookup: LabelLookup, id: number): LabelInfo {
  const label = lookup.byId.get(id);
  if (!label) throw new DataError(`Unknown label id ${id} in the annotations to export`);
  return label;
}

/**
 * `<attribute name="…">value</attribute>` lines for stored values (unknown spec ids skipped).
 *
 * @example
 * ```ts
 * import { equal } from "node:assert/strict";
 * import { attributesXml } from "./cvat_xml_elements.ts";
 * import { labelLookup } from "./label_lookup.ts";
 * const label = labelLookup([{ id: 1, name: "car", attributes: [{ id: 4, name: "color",
 *   mutable: false, input_type: "text", default_value: "", values: [] }] }]).byId.get(1)!;
 * equal(attributesXml(label, [{ spec_id: 4, value: "a<b" }], 2),
 *   '\n    <attribute name="color">a&lt;b</attribute>');
 * ```
 */
export function attributesXml(
  label: LabelInfo,
  values: readonly WireAttribute[],
  level: number,
): string {
  let out = "";
  for (const value of values) {
    const spec = label.specsById.get(value.spec_id);
    if (!spec) continue;
    out += `${pad(level)}<attribute name=${quoteAttribute(spec.name)}>${
      escapeText(value.value)
    }</attribute>`;
  }
  return out;
}

function group(value: number | null | undefined): string {
  return value ? ` group_id="${value}"` : "";
}

/**
 * A shape of an `<image>` ("for images" flavour), with its attributes and skeleton elements.
 *
 * @example
 * ```ts
 * import { equal } from "node:assert/strict";
 * import { imageShapeXml } from "./cvat_xml_elements.ts";
 * import { labelLookup } from "./label_lookup.ts";
 * const lookup = labelLookup([{ id: 1, name: "car" }]);
 * const shape = { type: "rectangle" as const, label_id: 1, group: 2, source: "manual",
 *   occluded: false, outside: false, z_order: 1, rotation: 0, points: [0, 0, 1, 1],
 *   attributes: [], elements: [] };
 * equal(imageShapeXml(shape, lookup, 2), '\n    <box label="car" source="manual" occluded="0"' +
 *   ' xtl="0.00" ytl="0.00" xbr="1.00" ybr="1.00" z_order="1" group_id="2">\n    </box>');
 * ```
 */
export function imageShapeXml(shape: ItemShape, lookup: LabelLookup, level: number): string {
  const label = labelOf(lookup, shape.label_id);
  const name = elementName(shape.type);
  let out = `${pad(level)}<${name} label=${quoteAttribute(label.name)} source=${
    quoteAttribute(shape.source)
  }`;
  if (shape.type === "skeleton") {
    out += ` z_order="${shape.z_order}"${group(shape.group)}>`;
    for (const element of shape.elements) out += elementXml(element, lookup, level + 1);
  } else {
    out += ` occluded="${shape.occluded ? 1 : 0}"${
      geometryXml(shape.type, shape.points, shape.rotation)
    } z_order="${shape.z_order}"${group(shape.group)}>`;
  }
  out += attributesXml(label, shape.attributes, level + 1);
  return `${out}${pad(level)}</${name}>`;
}

function elementXml(element: ItemShape, lookup: LabelLookup, level: number): string {
  const label = labelOf(lookup, element.label_id);
  const name = elementName(element.type);
  return `${pad(level)}<${name} label=${quoteAttribute(label.name)} source=${
    quoteAttribute(element.source)
  } outside="${element.outside ? 1 : 0}" occluded="${element.occluded ? 1 : 0}"${
    geometryXml(element.type, element.points, element.rotation)
  }${group(element.group)}>${attributesXml(label, element.attributes, level + 1)}${
    pad(level)
  }</${name}>`;
}

/**
 * A `<tag>` of an `<image>`.
 *
 * @example
 * ```ts
 * import { equal } from "node:assert/strict";
 * import { tagXml } from "./cvat_xml_elements.ts";
 * import { labelLookup } from "./label_lookup.ts";
 * const tag = { frame: 0, label_id: 1, group: 0, source: "auto", attributes: [] };
 * equal(tagXml(tag, labelLookup([{ id: 1, name: "day" }]), 2),
 *   '\n    <tag label="day" source="auto">\n    </tag>');
 * ```
 */
export function tagXml(tag: WireTag, lookup: LabelLookup, level: number): string {
  const label = labelOf(lookup, tag.label_id);
  return `${pad(level)}<tag label=${quoteAttribute(label.name)} source=${
    quoteAttribute(tag.source)
  }${group(tag.group)}>${attributesXml(label, tag.attributes, level + 1)}${pad(level)}</tag>`;
}

/** One frame of a track as a "for video" row. */
export interface TrackRowShape {
  type: ShapeType;
  frame: number;
  keyframe: boolean;
  outside: boolean;
  occluded: boolean;
  z_order: number;
  rotation: number;
  points: number[];
  attributes: WireAttribute[];
}

/**
 * A row of a `<track>` ("for video"): `frame` is absolute. A skeleton row holds its
 * elements' rows (`elements`: label and row per element present at that frame).
 *
 * @example
 * ```ts
 * import { equal } from "node:assert/strict";
 * import { trackRowXml } from "./cvat_xml_elements.ts";
 * import { labelLookup } from "./label_lookup.ts";
 * const label = labelLookup([{ id: 1, name: "car" }]).byId.get(1)!;
 * const row = { type: "points" as const, frame: 4, keyframe: true, outside: false,
 *   occluded: true, z_order: 0, rotation: 0, points: [1, 2], attributes: [] };
 * equal(trackRowXml(row, label, 2), '\n    <points frame="4" keyframe="1" outside="0"' +
 *   ' occluded="1" points="1.00,2.00" z_order="0">\n    </points>');
 * ```
 */
export function trackRowXml(
  row: TrackRowShape,
  label: LabelInfo,
  level: number,
  elements: { label: LabelInfo; row: TrackRowShape }[] = [],
): string {
  const name = elementName(row.type);
  if (row.type === "skeleton") {
    let out = `${pad(level)}<skeleton frame="${row.frame}" keyframe="${row.keyframe ? 1 : 0}" ` +
      `z_order="${row.z_order}">`;
    for (const element of elements) {
      const r = element.row;
      out += `${pad(level + 1)}<${elementName(r.type)} label=${
        quoteAttribute(element.label.name)
      } keyframe="${r.keyframe ? 1 : 0}" outside="${r.outside ? 1 : 0}" occluded="${
        r.occluded ? 1 : 0
      }"${geometryXml(r.type, r.points, r.rotation)}>${
        attributesXml(element.label, r.attributes, level + 2)
      }${pad(level + 1)}</${elementName(r.type)}>`;
    }
    return `${out}${attributesXml(label, row.attributes, level + 1)}${pad(level)}</skeleton>`;
  }
  return `${pad(level)}<${name} frame="${row.frame}" keyframe="${row.keyframe ? 1 : 0}" outside="${
    row.outside ? 1 : 0
  }" occluded="${row.occluded ? 1 : 0}"${
    geometryXml(row.type, row.points, row.rotation)
  } z_order="${row.z_order}">${attributesXml(label, row.attributes, level + 1)}${
    pad(level)
  }</${name}>`;
}
