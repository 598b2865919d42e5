/**
 * A streaming reader of CVAT XML 1.1 documents (both flavours): a SAX tokenizer (`saxes`,
 * strict, no DTD entities) fed with text decoded as it arrives, turning elements into raw
 * objects (label names, attribute names, element attributes as text) handed to a sink one by
 * one. Nothing but the current object is kept; `<meta>` and unknown elements are ignored.
 *
 * @module
 */

import { SaxesParser } from "./deps.ts";
import { DataError } from "../core/errors.ts";
import { ELEMENT_TYPES } from "./cvat_xml_geometry.ts";
import type { ShapeType } from "../core/enums.ts";

/** A shape, skeleton element or tag as written: element attributes and `<attribute>`s. */
export interface RawObject {
  /** "tag" for tags. */
  type: ShapeType | "tag";
  /** The XML attributes of the element (`label`, `xtl`, `frame`, `keyframe`, ...). */
  xml: Record<string, string>;
  /** The `<attribute name>` children, in order. */
  attributes: { name: string; value: string }[];
  /** Skeleton elements. */
  elements: RawObject[];
}

/** What the reader hands out. */
export interface RawSink {
  /** An `<image>` opens (its XML attributes). */
  image(xml: Record<string, string>): void;
  /** A shape or tag of the current `<image>` is complete. */
  imageObject(object: RawObject): void;
  /** A `<track>` is complete: its XML attributes and rows. */
  track(xml: Record<string, string>, rows: RawObject[]): void;
}

interface State {
  inImage: boolean;
  track: { xml: Record<string, string>; rows: RawObject[] } | null;
  object: RawObject | null;
  element: RawObject | null;
  attribute: { name: string; value: string } | null;
}

function raw(type: ShapeType | "tag", xml: Record<string, string>): RawObject {
  return { type, xml, attributes: [], elements: [] };
}

function open(state: State, name: string, xml: Record<string, string>, sink: RawSink): void {
  const type = ELEMENT_TYPES.get(name);
  if (name === "track") state.track = { xml, rows: [] };
  else if (name === "image") {
    state.inImage = true;
    sink.image(xml);
  } else if (type && (state.track || state.inImage)) {
    if (state.object?.type === "skeleton") state.element = raw(type, xml);
    else state.object = raw(type, xml);
  } else if (name === "tag" && state.inImage) state.object = raw("tag", xml);
  else if (name === "attribute" && state.object) {
    state.attribute = { name: xml.name ?? "", value: "" };
  }
}

function close(state: State, name: string, sink: RawSink): void {
  if (name === "attribute" && state.attribute) {
    (state.element ?? state.object)!.attributes.push(state.attribute);
    state.attribute = null;
  } else if (state.element && ELEMENT_TYPES.has(name)) {
    state.object!.elements.push(state.element);
    state.element = null;
  } else if (state.object && (ELEMENT_TYPES.has(name) || name === "tag")) {
    if (state.track) state.track.rows.push(state.object);
    else sink.imageObject(state.object);
    state.object = null;
  } else if (name === "track" && state.track) {
    sink.track(state.track.xml, state.track.rows);
    state.track = null;
  } else if (name === "image") state.inImage = false;
}

/**
 * Reads one CVAT XML document from a byte stream into `sink`.
 *
 * @throws {DataError} For malformed XML (naming the file, line and column) or what the sink
 *   throws.
 * @example
 * ```ts
 * import { equal } from "node:assert/strict";
 * import { readCvatXml } from "./cvat_xml_reader.ts";
 * const xml = '<annotations><image id="0" name="a.jpg"><box label="car" xtl="1" ytl="1"' +
 *   ' xbr="2" ybr="2"><attribute name="color">red</attribute></box></image></annotations>';
 * const seen: string[] = [];
 * await readCvatXml(new Blob([xml]).stream(), "a.xml", {
 *   image: (attrs) => seen.push(attrs.name),
 *   imageObject: (object) => seen.push(`${object.type}:${object.attributes[0].value}`),
 *   track: () => {},
 * });
 * equal(seen.join(), "a.jpg,rectangle:red");
 * ```
 */
export async function readCvatXml(
  stream: ReadableStream<Uint8Array>,
  fileName: string,
  sink: RawSink,
): Promise<void> {
  const parser = new SaxesParser({ xmlns: false, position: true });
  const state: State = {
    inImage: false,
    track: null,
    object: null,
    element: null,
    attribute: null,
  };
  parser.on("error", (error) => {
    throw new DataError(`${fileName}: malformed XML: ${error.message}`);
  });
  let sawRoot = false;
  parser.on("opentag", (node) => {
    sawRoot = true;
    open(state, node.name, node.attributes as Record<string, string>, sink);
  });
  parser.on("closetag", (node) => close(state, node.name, sink));
  parser.on("text", (text) => {
    if (state.attribute) state.attribute.value += text;
  });
  parser.on("cdata", (text) => {
    if (state.attribute) state.attribute.value += text;
  });
  const decoded = stream.pipeThrough(new TextDecoderStream("utf-8", { fatal: true }));
  try {
    for await (const text of decoded) parser.write(text);
    parser.close();
  } catch (error) {
    if (error instanceof DataError) throw error;
    throw new DataError(`${fileName}: cannot be read: ${(error as Error).message}`, {
      cause: error,
    });
  }
  if (!sawRoot) throw new DataError(`${fileName}: no XML element found`);
}
