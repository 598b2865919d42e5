/**
 * A tiny element tree for small XML files (one LabelMe or VOC annotation per image), parsed
 * with the strict `saxes` tokenizer (no DTD, no external entities): element names, attributes,
 * children and text.
 *
 * @module
 */

import { DataError } from "../core/errors.ts";
import { SaxesParser } from "./deps.ts";

/** One element. */
export interface XmlNode {
  /** The element name. */
  name: string;
  /** The element's XML attributes. */
  attributes: Record<string, string>;
  /** The child elements, in order. */
  children: XmlNode[];
  /** The element's own text (CDATA included), children's text left out. */
  text: string;
}

/**
 * Parses a document (`what` names it in errors).
 *
 * @throws {DataError} For malformed XML or a document without an element.
 * @example
 * ```ts
 * import { equal } from "node:assert/strict";
 * import { parseXmlTree } from "./xml_tree.ts";
 * const root = parseXmlTree("<a><b>x &amp; y</b><b/></a>", "a.xml");
 * equal(root.children.length, 2);
 * equal(root.children[0].text, "x & y");
 * ```
 */
export function parseXmlTree(text: string, what: string): XmlNode {
  const parser = new SaxesParser({ xmlns: false, position: true });
  const stack: XmlNode[] = [];
  let root: XmlNode | null = null;
  parser.on("error", (error) => {
    throw new DataError(`${what}: malformed XML: ${error.message}`);
  });
  parser.on("opentag", (tag) => {
    const node: XmlNode = {
      name: tag.name,
      attributes: tag.attributes as Record<string, string>,
      children: [],
      text: "",
    };
    if (stack.length) stack[stack.length - 1].children.push(node);
    else root ??= node;
    stack.push(node);
  });
  parser.on("closetag", () => void stack.pop());
  const addText = (value: string) => {
    if (stack.length) stack[stack.length - 1].text += value;
  };
  parser.on("text", addText);
  parser.on("cdata", addText);
  parser.write(text).close();
  if (!root) throw new DataError(`${what}: no XML element found`);
  return root;
}

/**
 * The first child element named `name`, or undefined.
 *
 * @example
 * ```ts
 * import { equal } from "node:assert/strict";
 * import { child, parseXmlTree } from "./xml_tree.ts";
 * equal(child(parseXmlTree("<a><b>1</b></a>", "a.xml"), "b")?.text, "1");
 * ```
 */
export function child(node: XmlNode, name: string): XmlNode | undefined {
  return node.children.find((c) => c.name === name);
}

/**
 * Every descendant element named `name`, in document order.
 *
 * @example
 * ```ts
 * import { equal } from "node:assert/strict";
 * import { descendants, parseXmlTree } from "./xml_tree.ts";
 * equal(descendants(parseXmlTree("<a><b><b/></b></a>", "a.xml"), "b").length, 2);
 * ```
 */
export function descendants(node: XmlNode, name: string): XmlNode[] {
  const out: XmlNode[] = [];
  const visit = (n: XmlNode) => {
    for (const c of n.children) {
      if (c.name === name) out.push(c);
      visit(c);
    }
  };
  visit(node);
  return out;
}
