/**
 * Geometry of CVAT XML 1.1 shape elements (formats.md §4.4), both ways: the element name of a
 * shape type, its geometry attributes from `points` (and `rotation`), and `points` from an
 * element's attributes.
 *
 * @module
 */

import { DataError } from "../core/errors.ts";
import type { ShapeType } from "../core/enums.ts";
import { fixed2, quoteAttribute } from "./xml_text.ts";

const CUBOID_NAMES = [
  "xtl1",
  "ytl1",
  "xbl1",
  "ybl1",
  "xtr1",
  "ytr1",
  "xbr1",
  "ybr1",
  "xtl2",
  "ytl2",
  "xbl2",
  "ybl2",
  "xtr2",
  "ytr2",
  "xbr2",
  "ybr2",
];

/** XML element name → shape type. */
export const ELEMENT_TYPES: ReadonlyMap<string, ShapeType> = new Map<string, ShapeType>([
  ["box", "rectangle"],
  ["polygon", "polygon"],
  ["polyline", "polyline"],
  ["points", "points"],
  ["ellipse", "ellipse"],
  ["cuboid", "cuboid"],
  ["mask", "mask"],
  ["skeleton", "skeleton"],
]);

/**
 * The XML element name of a shape type (`rectangle` → `box`).
 *
 * @example
 * ```ts
 * import { equal } from "node:assert/strict";
 * import { elementName } from "./cvat_xml_geometry.ts";
 * equal(elementName("rectangle"), "box");
 * equal(elementName("mask"), "mask");
 * ```
 */
export function elementName(type: ShapeType): string {
  return type === "rectangle" ? "box" : type;
}

function pairs(points: readonly number[]): string {
  const out: string[] = [];
  for (let i = 0; i + 1 < points.length; i += 2) {
    out.push(`${fixed2(points[i])},${fixed2(points[i + 1])}`);
  }
  return out.join(";");
}

/**
 * The geometry attributes of an element (leading space included), `rotation` when non-zero.
 *
 * @example
 * ```ts
 * import { equal } from "node:assert/strict";
 * import { geometryXml } from "./cvat_xml_geometry.ts";
 * equal(geometryXml("rectangle", [1, 2, 3, 4], 0), ' xtl="1.00" ytl="2.00" xbr="3.00" ybr="4.00"');
 * equal(geometryXml("ellipse", [10, 10, 15, 7], 30),
 *   ' cx="10.00" cy="10.00" rx="5.00" ry="3.00" rotation="30.00"');
 * equal(geometryXml("mask", [0, 2, 1, 5, 6, 6, 6], 0),
 *   ' rle="0, 2, 1" left="5" top="6" width="2" height="1"');
 * equal(geometryXml("polygon", [0, 0, 1.5, 2], 0), ' points="0.00,0.00;1.50,2.00"');
 * ```
 */
export function geometryXml(type: ShapeType, points: readonly number[], rotation: number): string {
  const turn = rotation ? ` rotation="${fixed2(rotation)}"` : "";
  switch (type) {
    case "rectangle":
      return ` xtl="${fixed2(points[0])}" ytl="${fixed2(points[1])}" xbr="${
        fixed2(points[2])
      }" ybr="${fixed2(points[3])}"${turn}`;
    case "ellipse":
      return ` cx="${fixed2(points[0])}" cy="${fixed2(points[1])}" rx="${
        fixed2(points[2] - points[0])
      }" ry="${fixed2(points[1] - points[3])}"${turn}`;
    case "cuboid":
      return CUBOID_NAMES.map((name, i) => ` ${name}="${fixed2(points[i])}"`).join("");
    case "mask": {
      const n = points.length;
      const [left, top, right, bottom] = points.slice(n - 4).map(Math.trunc);
      const rle = points.slice(0, n - 4).map(Math.trunc).join(", ");
      return ` rle=${quoteAttribute(rle)} left="${left}" top="${top}" width="${
        right - left + 1
      }" height="${bottom - top + 1}"`;
    }
    case "skeleton":
      return "";
    default:
      return ` points="${pairs(points)}"`;
  }
}

function numberAttribute(attributes: Record<string, string>, name: string, what: string): number {
  const text = attributes[name];
  if (text === undefined) throw new DataError(`${what}: the attribute "${name}" is missing`);
  const value = Number(text.trim());
  if (text.trim() === "" || !Number.isFinite(value)) {
    throw new DataError(`${what}: "${name}" is not a number: ${JSON.stringify(text)}`);
  }
  return value;
}

function parsePoints(text: string | undefined, what: string): number[] {
  if (text === undefined) throw new DataError(`${what}: the attribute "points" is missing`);
  const out: number[] = [];
  for (const pair of text.split(";")) {
    const xy = pair.split(",");
    for (const part of xy) {
      const value = Number(part.trim());
      if (part.trim() === "" || !Number.isFinite(value) || xy.length !== 2) {
        throw new DataError(`${what}: bad points ${JSON.stringify(text)}`);
      }
      out.push(value);
    }
  }
  return out;
}

/**
 * `points` of an element read back from its attributes (`what` names it in errors).
 *
 * @throws {DataError} For a missing or non-numeric geometry attribute.
 * @example
 * ```ts
 * import { deepEqual } from "node:assert/strict";
 * import { readGeometry } from "./cvat_xml_geometry.ts";
 * deepEqual(readGeometry("ellipse", { cx: "10", cy: "10", rx: "5", ry: "3" }, "shape"),
 *   [10, 10, 15, 7]);
 * deepEqual(readGeometry("mask", { rle: "0, 2, 1", left: "5", top: "6", width: "2",
 *   height: "1" }, "shape"), [0, 2, 1, 5, 6, 6, 6]);
 * ```
 */
export function readGeometry(
  type: ShapeType,
  attributes: Record<string, string>,
  what: string,
): number[] {
  const num = (name: string) => numberAttribute(attributes, name, what);
  switch (type) {
    case "rectangle":
      return [num("xtl"), num("ytl"), num("xbr"), num("ybr")];
    case "ellipse": {
      const cx = num("cx");
      const cy = num("cy");
      return [cx, cy, cx + num("rx"), cy - num("ry")];
    }
    case "cuboid":
      return CUBOID_NAMES.map(num);
    case "mask": {
      const rle = (attributes.rle ?? "").split(",").map((part) => {
        const value = Number(part.trim());
        if (!Number.isInteger(value) || value < 0) {
          throw new DataError(`${what}: bad mask rle ${JSON.stringify(attributes.rle)}`);
        }
        return value;
      });
      const left = num("left");
      const top = num("top");
      return [...rle, left, top, left + num("width") - 1, top + num("height") - 1];
    }
    case "skeleton":
      return [];
    default:
      return parsePoints(attributes.points, what);
  }
}
