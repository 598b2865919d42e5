/**
 * Reading one LabelMe XML document (formats.md §12, as Datumaro's `label_me` reader): the item
 * id (`folder`/`filename` without extension, else the file's path) and its objects —
 * `type=bounding_box` polygons as boxes (min/max of the points), other polygons, `segm` masks
 * (by file name in the subset's `Masks/`) — with `occluded yes`, the parsed attribute text
 * and `username`; `deleted` objects are dropped but still link groups. Groups: every object
 * with `hasparts` and no `ispartof` starts a group that its parts (recursively) join.
 *
 * @module
 */

import { DataError } from "../core/errors.ts";
import type { TypedValue } from "./item_attributes.ts";
import { parseLabelMeAttributes } from "./labelme_attributes.ts";
import { child, descendants, parseXmlTree, type XmlNode } from "./xml_tree.ts";

/** An object as the file describes it. */
export interface LabelMeRawObject {
  /** The object's `<id>`. */
  id: number;
  /** The `<name>` (a label name). */
  name: string;
  /** Which geometry the object has. */
  kind: "box" | "polygon" | "mask";
  /** Box: x1, y1, x2, y2; polygon: x, y pairs; mask: none. */
  points: number[];
  /** The mask file name (relative to `Masks/`). */
  mask?: string;
  /** The group from the parts links (0: none). */
  group: number;
  /** The attribute text parsed, with `occluded` and `username`. */
  attributes: Record<string, TypedValue>;
}

/** A document read. */
export interface LabelMeDocument {
  /** The item id (path without extension). */
  id: string;
  /** The image's extension, if the file names one. */
  ext?: string;
  /** The objects that are not deleted. */
  objects: LabelMeRawObject[];
}

const text = (node: XmlNode | undefined) => node?.text.trim() ?? "";

function ids(value: string, what: string): number[] {
  if (value === "") return [];
  return value.split(",").map((part) => {
    const id = Number(part.trim());
    if (part.trim() === "" || !Number.isInteger(id)) {
      throw new DataError(`${what}: bad object id list ${JSON.stringify(value)}`);
    }
    return id;
  });
}

function number(value: string, what: string): number {
  const parsed = Number(value);
  if (value === "" || !Number.isFinite(parsed)) {
    throw new DataError(`${what}: expected a number, got ${JSON.stringify(value)}`);
  }
  return parsed;
}

function geometry(node: XmlNode, what: string) {
  const polygon = child(node, "polygon");
  const segm = child(node, "segm");
  if (polygon) {
    const points = descendants(polygon, "pt").flatMap((pt) => [
      number(text(child(pt, "x")), what),
      number(text(child(pt, "y")), what),
    ]);
    const username = text(child(polygon, "username"));
    if (text(child(node, "type")) !== "bounding_box") {
      return { kind: "polygon" as const, points, username };
    }
    if (points.length === 0) throw new DataError(`${what}: a bounding box without points`);
    const xs = points.filter((_, i) => i % 2 === 0);
    const ys = points.filter((_, i) => i % 2 === 1);
    const box = [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)];
    return { kind: "box" as const, points: box, username };
  }
  if (segm) {
    const mask = text(child(segm, "mask"));
    if (!mask) throw new DataError(`${what}: a segm without a mask file`);
    return { kind: "mask" as const, points: [], mask, username: text(child(segm, "username")) };
  }
  return null;
}

function assignGroups(links: Map<number, { children: number[]; root: boolean }>) {
  const groups = new Map<number, number>();
  let next = 0;
  for (const [id, link] of links) {
    if (!link.root || groups.has(id)) continue;
    const group = ++next;
    const visit = [id];
    while (visit.length) {
      const at = visit.pop()!;
      if (groups.has(at) || !links.has(at)) continue;
      groups.set(at, group);
      visit.push(...links.get(at)!.children);
    }
  }
  return groups;
}

function readObject(node: XmlNode, what: string) {
  const idText = text(child(node, "id"));
  const id = Number(idText);
  if (idText === "" || !Number.isInteger(id)) throw new DataError(`${what}: an object has no id`);
  const where = `${what}, object ${id}`;
  const attributes = parseLabelMeAttributes(child(node, "attributes")?.text ?? "");
  attributes.occluded = text(child(node, "occluded")) === "yes";
  const shaped = geometry(node, where);
  if (shaped) attributes.username = shaped.username;
  const deleted = text(child(node, "deleted"));
  const parts = child(node, "parts");
  return {
    id,
    name: child(node, "name")?.text ?? "",
    shaped: deleted !== "" && Number(deleted) !== 0 ? null : shaped,
    attributes,
    link: parts && {
      children: ids(text(child(parts, "hasparts")), where),
      root: text(child(parts, "hasparts")) !== "" && text(child(parts, "ispartof")) === "",
    },
  };
}

/**
 * Reads one document; `path` is the file's path inside its subset folder.
 *
 * @throws {DataError} Naming the file for malformed XML, ids or coordinates.
 * @example
 * ```ts
 * import { deepEqual } from "node:assert/strict";
 * import { readLabelMeXml } from "./labelme_read.ts";
 * const xml = "<annotation><filename>a.jpg</filename><folder></folder><object><name>car</name>" +
 *   "<id>0</id><occluded>yes</occluded><type>bounding_box</type><polygon><pt><x>1</x><y>2</y>" +
 *   "</pt><pt><x>5</x><y>6</y></pt></polygon><attributes>speed=3</attributes></object>" +
 *   "</annotation>";
 * const doc = readLabelMeXml(xml, "a.xml", "default/a.xml");
 * deepEqual([doc.id, doc.ext, doc.objects[0].points], ["a", ".jpg", [1, 2, 5, 6]]);
 * deepEqual(doc.objects[0].attributes, { speed: 3, occluded: true, username: "" });
 * ```
 */
export function readLabelMeXml(xml: string, path: string, what: string): LabelMeDocument {
  const root = parseXmlTree(xml, what);
  if (root.name !== "annotation") throw new DataError(`${what}: not a LabelMe annotation`);
  const folder = child(root, "folder")?.text ?? "";
  const filename = child(root, "filename")?.text ?? "";
  const file = (folder ? `${folder.replace(/\/$/, "")}/${filename}` : filename) || path;
  const dot = file.lastIndexOf(".");
  const hasExt = dot > file.lastIndexOf("/") + 1;
  const links = new Map<number, { children: number[]; root: boolean }>();
  const read = descendants(root, "object").map((node) => readObject(node, what));
  for (const object of read) if (object.link) links.set(object.id, object.link);
  const groups = assignGroups(links);
  const objects: LabelMeRawObject[] = [];
  for (const object of read) {
    if (!object.shaped) continue;
    const { username: _, ...shaped } = object.shaped;
    objects.push({
      id: object.id,
      name: object.name,
      ...shaped,
      group: groups.get(object.id) ?? 0,
      attributes: object.attributes,
    });
  }
  return {
    id: hasExt ? file.slice(0, dot) : file,
    ext: hasExt ? file.slice(dot) : undefined,
    objects,
  };
}
