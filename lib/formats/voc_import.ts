/**
 * "PASCAL VOC 1.1" and "Segmentation mask 1.1" import (formats.md §8, §9; CVAT reads both
 * with Datumaro's VOC reader): a zip in the VOC layout, or a flat zip (or a bare file) of
 * annotation `*.xml`. Objects become rectangles with `difficult`/`truncated`/`occluded`,
 * `pose`, actions and `<attributes>` as attributes (so `track_id` + `keyframe` rebuild
 * tracks); `part` boxes of `Layout` items are grouped with their object; class lists become
 * tags; segmentation PNGs become polygons (CVAT's default mask conversion). Items match task
 * frames by id and the extension of their `filename` (then, as a fallback, by the
 * `filename` itself); labels must be in the label map and the task.
 *
 * @module
 */

import { DataError } from "../core/errors.ts";
import type { LabeledData } from "../core/wire_types.ts";
import { datasetCollector, type ImportedShape, type ImportedTag } from "./dataset_import.ts";
import { findRootHint, type FrameMatcher, frameMatcher } from "./frame_match.ts";
import type { LabelInfo, LabelLookup } from "./label_lookup.ts";
import { labelLookup } from "./label_lookup.ts";
import { decodePng } from "./png_decode.ts";
import type { ImportInput, ImportSource } from "./types.ts";
import { type UploadFile, uploadFiles } from "./upload_files.ts";
import { readText, type VocItem, vocUpload } from "./voc_layout.ts";
import type { VocLabelMap } from "./voc_labelmap.ts";
import { maskRegions } from "./voc_mask_import.ts";
import { parseVocXml, type VocBox, type VocDocument } from "./voc_xml_read.ts";

function accept(path: string): boolean {
  return /\.(xml|txt)$/i.test(path) || /(^|\/)Segmentation(Class|Object)\/.+\.png$/i.test(path);
}

function labelResolver(map: VocLabelMap, lookup: LabelLookup) {
  const known = new Set(map.labels.flatMap((label) => [label.name, ...label.parts]));
  return (name: string, what: string): LabelInfo => {
    const label = known.has(name) ? lookup.byName.get(name) : undefined;
    if (!label) throw new DataError(`${what}: unknown label "${name}"`);
    return label;
  };
}

function rectangle(label: LabelInfo, box: VocBox, group: number, attributes = {}): ImportedShape {
  const [x, y, w, h] = box;
  return { type: "rectangle", label, points: [x, y, x + w, y + h], group, z_order: 0, attributes };
}

function objectShapes(
  item: VocItem,
  doc: VocDocument | null,
  resolve: ReturnType<typeof labelResolver>,
  what: string,
): ImportedShape[] {
  const shapes: ImportedShape[] = [];
  doc?.objects.forEach((object, i) => {
    const parts = item.layout ? object.parts : [];
    if (!item.main && !parts.length) return;
    const label = resolve(object.name, what);
    shapes.push(rectangle(label, object.box, i + 1, object.attributes));
    for (const part of parts) shapes.push(rectangle(resolve(part.name, what), part.box, i + 1));
  });
  return shapes;
}

async function pngOf(file: UploadFile | undefined) {
  if (!file) return undefined;
  return decodePng(new Uint8Array(await new Response(file.open()).arrayBuffer()), file.name);
}

async function maskShapes(
  item: VocItem,
  map: VocLabelMap,
  resolve: ReturnType<typeof labelResolver>,
  groupBase: number,
  what: string,
): Promise<ImportedShape[]> {
  const regions = maskRegions(await pngOf(item.classPng), await pngOf(item.objectPng), map, what);
  return regions.flatMap((region) => {
    const label = resolve(map.labels[region.classIndex].name, what);
    const group = region.group ? groupBase + region.group : 0;
    return region.polygons.map((points): ImportedShape => ({
      type: "polygon",
      label,
      points,
      group,
      z_order: 0,
      attributes: {},
    }));
  });
}

function matchFrame(matcher: FrameMatcher, item: VocItem, filename: string | null): number {
  const ext = /\.[^./]+$/.exec(filename ?? "")?.[0] ?? ".jpg";
  const frame = matcher.find({ id: item.id, ext }) ??
    (filename ? matcher.find({ id: filename.replace(/\.[^./]+$/, ""), ext }) : null);
  return frame ?? matcher.match({ id: item.id });
}

/**
 * Reads a VOC upload into LabeledData for `input.task`.
 *
 * @throws {DataError} For a malformed file, an unknown label or colour, an unmatched item.
 * @example
 * ```ts
 * import { equal } from "node:assert/strict";
 * import { importVoc } from "./voc_import.ts";
 * const task = { name: "t", mode: "annotation", size: 1, startFrame: 0, stopFrame: 0,
 *   labels: [{ id: 1, name: "car", attributes: [] }],
 *   frames: [{ name: "a.jpg", width: 9, height: 9 }] };
 * const xml = "<annotation><filename>a.jpg</filename><object><name>car</name><bndbox>" +
 *   "<xmin>1</xmin><ymin>1</ymin><xmax>3</xmax><ymax>4</ymax></bndbox></object></annotation>";
 * const data = await importVoc(new TextEncoder().encode(xml), { task, filename: "a.xml" });
 * equal(data.shapes[0].type, "rectangle");
 * ```
 */
export async function importVoc(source: ImportSource, input: ImportInput): Promise<LabeledData> {
  const files = await uploadFiles(source, {
    name: input.filename,
    defaultName: "annotations.xml",
    accept,
  });
  const { map, items } = await vocUpload(files, input.task);
  const resolve = labelResolver(map, labelLookup(input.task.labels));
  const actionsOf = (name: string) => map.labels.find((l) => l.name === name)?.actions ?? [];
  const rootHint = findRootHint(input.task, items.map((item) => item.id));
  const matcher = frameMatcher(input.task, { rootHint });
  const collector = datasetCollector(input.task);
  for (const item of items) {
    const what = `Item "${item.id}"`;
    const doc = item.xml ? parseVocXml(await readText(item.xml), actionsOf, item.xml.name) : null;
    const frame = matchFrame(matcher, item, doc?.filename ?? null);
    const shapes = objectShapes(item, doc, resolve, what);
    shapes.push(...await maskShapes(item, map, resolve, doc?.objects.length ?? 0, what));
    const tags = item.tags.map((name): ImportedTag => ({
      label: resolve(name, what),
      group: 0,
      attributes: {},
    }));
    collector.add(frame, what, shapes, tags);
  }
  return collector.finish();
}
