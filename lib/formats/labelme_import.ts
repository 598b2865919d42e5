/**
 * "LabelMe 3.0" import (formats.md §12): every `*.xml` of the zip (or a bare `.xml`), the first
 * folder of its path being its subset, whose `Masks/` holds the mask PNGs. Boxes become
 * rectangles, polygons polygons, masks polygons (any non-zero pixel is set; the outlines of
 * mask_contours.ts, all in the mask's group), as CVAT's default `conv_mask_to_poly` does.
 * Labels resolve by name; attributes by name (`rotation` applies to rectangles); `track_id`
 * and `keyframe` are dropped, as CVAT rebuilds no tracks from LabelMe. Items are matched to
 * frames by `folder/filename` (§3.2, with the root hint).
 *
 * @module
 */

import { DataError } from "../core/errors.ts";
import type { LabeledData } from "../core/wire_types.ts";
import { datasetCollector, type ImportedShape } from "./dataset_import.ts";
import { findRootHint, frameMatcher } from "./frame_match.ts";
import { type LabelLookup, labelLookup } from "./label_lookup.ts";
import { type LabelMeDocument, type LabelMeRawObject, readLabelMeXml } from "./labelme_read.ts";
import { maskToPolygons } from "./mask_contours.ts";
import { decodePng } from "./png_decode.ts";
import type { ImportInput, ImportSource } from "./types.ts";
import { type UploadFile, uploadFiles } from "./upload_files.ts";
import { uploadText } from "./upload_text.ts";

interface ReadDocument extends LabelMeDocument {
  what: string;
  subset: string;
}

async function maskPolygons(file: UploadFile | undefined, what: string): Promise<number[][]> {
  if (!file) throw new DataError(`${what}: the mask file is missing`);
  const bytes = new Uint8Array(await new Response(file.open()).arrayBuffer());
  const image = await decodePng(bytes, file.name);
  const bits = new Uint8Array(image.values.length);
  for (let i = 0; i < bits.length; i++) bits[i] = image.values[i] ? 1 : 0;
  return maskToPolygons(bits, image.width, image.height);
}

async function shapesOf(
  doc: ReadDocument,
  lookup: LabelLookup,
  masks: Map<string, UploadFile>,
): Promise<ImportedShape[]> {
  const shapes: ImportedShape[] = [];
  for (const object of doc.objects) {
    const what = `Item "${doc.id}", object ${object.id}`;
    const label = labelOf(object, lookup, what);
    const { track_id: _, keyframe: __, ...attributes } = object.attributes;
    const base = { label, group: object.group, z_order: 0, attributes };
    if (object.kind === "box") shapes.push({ ...base, type: "rectangle", points: object.points });
    else if (object.kind === "polygon") {
      shapes.push({ ...base, type: "polygon", points: object.points });
    } else {
      const path = `${doc.subset ? `${doc.subset}/` : ""}Masks/${object.mask}`;
      for (const points of await maskPolygons(masks.get(path), what)) {
        shapes.push({ ...base, type: "polygon", points });
      }
    }
  }
  return shapes;
}

function labelOf(object: LabelMeRawObject, lookup: LabelLookup, what: string) {
  if (!object.name) throw new DataError(`${what}: the object has no label`);
  const label = lookup.byName.get(object.name);
  if (!label) throw new DataError(`${what}: unknown label "${object.name}"`);
  return label;
}

async function readDocuments(files: UploadFile[]): Promise<ReadDocument[]> {
  const docs: ReadDocument[] = [];
  for (const file of files) {
    if (!/\.xml$/i.test(file.name)) continue;
    const parts = file.name.split("/");
    const subset = parts.length > 1 ? parts[0] : "";
    const path = parts.length > 1 ? parts.slice(1).join("/") : file.name;
    const doc = readLabelMeXml(await uploadText(file), path, file.name);
    docs.push({ ...doc, what: file.name, subset });
  }
  return docs;
}

/**
 * Reads a LabelMe upload into LabeledData for `input.task`.
 *
 * @throws {DataError} For malformed XML or PNGs, missing masks, unknown labels, unmatched items.
 * @example
 * ```ts
 * import { equal } from "node:assert/strict";
 * import { importLabelMe } from "./labelme_import.ts";
 * const task = { name: "t", mode: "annotation", size: 1, startFrame: 0, stopFrame: 0,
 *   labels: [{ id: 1, name: "car", attributes: [] }],
 *   frames: [{ name: "a.jpg", width: 9, height: 9 }] };
 * const xml = "<annotation><filename>a.jpg</filename><folder></folder><object><name>car" +
 *   "</name><id>0</id><polygon><pt><x>1</x><y>1</y></pt><pt><x>5</x><y>1</y></pt><pt><x>5</x>" +
 *   "<y>5</y></pt></polygon></object></annotation>";
 * const data = await importLabelMe(new TextEncoder().encode(xml), { task, filename: "a.xml" });
 * equal(data.shapes[0].type, "polygon");
 * ```
 */
export async function importLabelMe(
  source: ImportSource,
  input: ImportInput,
): Promise<LabeledData> {
  const files = await uploadFiles(source, {
    name: input.filename,
    defaultName: "annotation.xml",
    accept: (path) => /\.xml$/i.test(path) || /(^|\/)Masks\/.+\.png$/i.test(path),
  });
  const masks = new Map(files.map((file) => [file.name, file]));
  const docs = await readDocuments(files);
  if (docs.length === 0) throw new DataError("The archive has no LabelMe .xml file");
  const lookup = labelLookup(input.task.labels);
  const matcher = frameMatcher(input.task, {
    rootHint: findRootHint(input.task, docs.map((doc) => doc.id)),
  });
  const collector = datasetCollector(input.task);
  for (const doc of docs) {
    const frame = matcher.match({ id: doc.id, ext: doc.ext });
    collector.add(frame, `Item "${doc.id}"`, await shapesOf(doc, lookup, masks), []);
  }
  return collector.finish();
}
