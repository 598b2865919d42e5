/**
 * Reading one VOC `Annotations/<id>.xml` (formats.md §8) as Datumaro's VOC reader does: the
 * `filename`, and per `object` its `name`, `bndbox` (floats; `xmax - xmin` as width),
 * `difficult`/`truncated`/`occluded` (`"1"` is true), `pose`, `actions` children, `part`
 * boxes and `attributes/attribute` name–value pairs (strings, later ones win).
 *
 * @module
 */

import { DataError } from "../core/errors.ts";
import { SaxesParser } from "./deps.ts";

/** A minimal element tree. */
interface Node {
  name: string;
  text: string;
  children: Node[];
}

/** A box as `[x, y, w, h]`. */
export type VocBox = [number, number, number, number];

/** One `object` of the document. */
export interface VocObject {
  name: string;
  box: VocBox;
  /** Built-in flags, `pose`, actions (booleans) and `attributes` entries, in that order. */
  attributes: Record<string, string | boolean>;
  /** The action names the `actions` element mentions, with their values. */
  actions: Record<string, boolean>;
  parts: { name: string; box: VocBox }[];
}

/** A parsed document. */
export interface VocDocument {
  filename: string | null;
  objects: VocObject[];
}

function parseTree(text: string, what: string): Node {
  const parser = new SaxesParser({ xmlns: false });
  const stack: Node[] = [];
  let root: Node | null = null;
  parser.on("error", (error) => {
    throw new DataError(`${what}: malformed XML: ${error.message}`);
  });
  parser.on("opentag", (tag) => {
    const node: Node = { name: tag.name, text: "", children: [] };
    if (stack.length) stack[stack.length - 1].children.push(node);
    else root ??= node;
    stack.push(node);
  });
  parser.on("closetag", () => void stack.pop());
  const addText = (t: string) => {
    if (stack.length) stack[stack.length - 1].text += t;
  };
  parser.on("text", addText);
  parser.on("cdata", addText);
  parser.write(text).close();
  if (!root) throw new DataError(`${what}: no XML element found`);
  return root;
}

const child = (node: Node, name: string) => node.children.find((c) => c.name === name);

function descendants(node: Node, name: string): Node[] {
  return node.children.flatMap((c) => [...(c.name === name ? [c] : []), ...descendants(c, name)]);
}

function number(node: Node | undefined, field: string, what: string): number {
  const text = node?.text.trim() ?? "";
  const value = Number(text);
  if (text === "" || Number.isNaN(value) && text.toLowerCase() !== "nan") {
    throw new DataError(`${what}: bndbox '${field}' is not a number: '${node?.text ?? ""}'`);
  }
  return value;
}

function box(node: Node, what: string): VocBox {
  const bndbox = child(node, "bndbox");
  if (!bndbox) throw new DataError(`${what}: an object has no bndbox`);
  const [xmin, ymin, xmax, ymax] = ["xmin", "ymin", "xmax", "ymax"].map((f) =>
    number(child(bndbox, f), f, what)
  );
  return [xmin, ymin, xmax - xmin, ymax - ymin];
}

function readObject(node: Node, actionsOf: (label: string) => string[], what: string) {
  const name = child(node, "name")?.text ?? "";
  const attributes: VocObject["attributes"] = {};
  for (const flag of ["difficult", "truncated", "occluded"]) {
    attributes[flag] = child(node, flag)?.text === "1";
  }
  const pose = child(node, "pose");
  if (pose) attributes.pose = pose.text;
  const actions: Record<string, boolean> = {};
  for (const action of actionsOf(name)) actions[action] = false;
  for (const action of child(node, "actions")?.children ?? []) {
    actions[action.name] = action.text === "1";
  }
  Object.assign(attributes, actions);
  const parts = node.children.filter((c) => c.name === "part").map((part) => ({
    name: child(part, "name")?.text ?? "",
    box: box(part, what),
  }));
  for (
    const entry of descendants(
      child(node, "attributes") ?? { name: "", text: "", children: [] },
      "attribute",
    )
  ) {
    attributes[child(entry, "name")?.text ?? ""] = child(entry, "value")?.text ?? "";
  }
  return { name, box: box(node, what), attributes, actions, parts };
}

/**
 * Parses one annotation document; `actionsOf` gives a label's actions from the label map.
 *
 * @throws {DataError} For malformed XML, a missing `bndbox` or a non-numeric coordinate.
 * @example
 * ```ts
 * import { deepEqual, equal } from "node:assert/strict";
 * import { parseVocXml } from "./voc_xml_read.ts";
 * const doc = parseVocXml("<annotation><filename>a.jpg</filename><object><name>car</name>" +
 *   "<occluded>1</occluded><bndbox><xmin>1</xmin><ymin>2</ymin><xmax>4</xmax><ymax>6</ymax>" +
 *   "</bndbox><attributes><attribute><name>color</name><value>red</value></attribute>" +
 *   "</attributes></object></annotation>", () => [], "a.xml");
 * equal(doc.filename, "a.jpg");
 * deepEqual(doc.objects[0].box, [1, 2, 3, 4]);
 * equal(doc.objects[0].attributes.occluded, true);
 * equal(doc.objects[0].attributes.color, "red");
 * ```
 */
export function parseVocXml(
  text: string,
  actionsOf: (label: string) => string[],
  what: string,
): VocDocument {
  const root = parseTree(text, what);
  return {
    filename: child(root, "filename")?.text ?? null,
    objects: root.children.filter((c) => c.name === "object")
      .map((node) => readObject(node, actionsOf, what)),
  };
}
