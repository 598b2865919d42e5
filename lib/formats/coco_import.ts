/**
 * "COCO 1.0" and "COCO Keypoints 1.0" import (formats.md §6.3): a bare `.json`, or a zip whose
 * `instances_*.json` (resp. `person_keypoints_*.json`) files are read, each whole. Categories
 * are matched to top-level labels by name (when an annotation uses them); every image is
 * matched to a task frame (§3.2, with the root hint); annotations are read per image, and the
 * frames go through the shared collector (groups, tracks from `track_id`/`keyframe`,
 * validation). Keypoints imports keep the skeletons only.
 *
 * @module
 */

import { DataError } from "../core/errors.ts";
import type { LabeledData } from "../core/wire_types.ts";
import { type CocoCategory, instanceShapes, keypointsSkeleton } from "./coco_annotation_import.ts";
import { datasetCollector, type ImportedShape } from "./dataset_import.ts";
import { findRootHint, frameMatcher } from "./frame_match.ts";
import { baseName, type JsonFile, readJsonFiles } from "./json_upload.ts";
import { type LabelLookup, labelLookup } from "./label_lookup.ts";
import type { ImportInput, ImportSource } from "./types.ts";

type Json = Record<string, unknown>;

/** Which COCO flavour an import reads. */
export type CocoKind = "instances" | "keypoints";

const PREFIX = { instances: "instances_", keypoints: "person_keypoints_" };

function list(doc: JsonFile, key: string): Json[] {
  const value = doc.json[key] ?? [];
  if (!Array.isArray(value) || value.some((v) => !v || typeof v !== "object")) {
    throw new DataError(`${doc.name}: "${key}" must be a list of objects`);
  }
  return value as Json[];
}

function categoriesOf(doc: JsonFile): Map<unknown, CocoCategory> {
  const out = new Map<unknown, CocoCategory>();
  for (const category of list(doc, "categories")) {
    const keypoints = Array.isArray(category.keypoints) ? category.keypoints.map(String) : [];
    out.set(category.id, { name: String(category.name ?? ""), keypoints });
  }
  return out;
}

function splitName(fileName: string): { id: string; ext?: string } {
  const dot = fileName.lastIndexOf(".");
  const slash = fileName.lastIndexOf("/");
  return dot > slash + 1 ? { id: fileName.slice(0, dot), ext: fileName.slice(dot) } : {
    id: fileName,
  };
}

interface Context {
  kind: CocoKind;
  lookup: LabelLookup;
  categories: Map<unknown, CocoCategory>;
}

function annotationShapes(annotation: Json, image: Json, context: Context, what: string) {
  const category = context.categories.get(annotation.category_id);
  if (!category) {
    throw new DataError(`${what}: unknown category_id ${JSON.stringify(annotation.category_id)}`);
  }
  const label = context.lookup.byName.get(category.name);
  if (!label) throw new DataError(`${what}: unknown label "${category.name}"`);
  const size = { width: Number(image.width), height: Number(image.height) };
  const read = { label, category, image: size, what };
  if (context.kind === "instances") return instanceShapes(annotation, read);
  if (annotation.keypoints === undefined && label.sublabels.size === 0) return [];
  return [keypointsSkeleton(annotation, read)];
}

function readDocument(
  doc: JsonFile,
  input: ImportInput,
  context: Context,
  collector: ReturnType<typeof datasetCollector>,
) {
  const images = list(doc, "images");
  const annotations = list(doc, "annotations");
  const byImage = new Map<unknown, Json[]>();
  for (const annotation of annotations) {
    const forImage = byImage.get(annotation.image_id);
    if (forImage) forImage.push(annotation);
    else byImage.set(annotation.image_id, [annotation]);
  }
  const names = images.map((image) => splitName(String(image.file_name ?? "")).id);
  const matcher = frameMatcher(input.task, { rootHint: findRootHint(input.task, names) });
  for (const image of images) {
    if (image.id === undefined || typeof image.file_name !== "string") {
      throw new DataError(`${doc.name}: an image needs "id" and "file_name"`);
    }
    const frame = matcher.match(splitName(image.file_name));
    const shapes: ImportedShape[] = [];
    for (const annotation of byImage.get(image.id) ?? []) {
      const what = `Image "${image.file_name}", annotation ${annotation.id ?? "?"}`;
      shapes.push(...annotationShapes(annotation, image, context, what));
    }
    byImage.delete(image.id);
    collector.add(frame, `Image "${image.file_name}"`, shapes, []);
  }
  for (const [imageId] of byImage) {
    throw new DataError(`${doc.name}: annotations refer to an unknown image_id ${imageId}`);
  }
}

/**
 * Reads a COCO upload into LabeledData for `input.task`.
 *
 * @throws {DataError} For malformed JSON, an unknown label or category, an unmatched image,
 *   bad geometry (naming the image and annotation).
 * @example
 * ```ts
 * import { equal } from "node:assert/strict";
 * import { importCoco } from "./coco_import.ts";
 * const task = { name: "t", mode: "annotation", size: 1, startFrame: 0, stopFrame: 0,
 *   labels: [{ id: 1, name: "car", attributes: [] }], frames: [{ name: "a.jpg", width: 9, height: 9 }] };
 * const doc = { categories: [{ id: 1, name: "car" }], images: [{ id: 1, file_name: "a.jpg" }],
 *   annotations: [{ id: 1, image_id: 1, category_id: 1, bbox: [1, 1, 2, 2], segmentation: [] }] };
 * const data = await importCoco("instances",
 *   new TextEncoder().encode(JSON.stringify(doc)), { task });
 * equal(data.shapes[0].type, "rectangle");
 * ```
 */
export async function importCoco(
  kind: CocoKind,
  source: ImportSource,
  input: ImportInput,
): Promise<LabeledData> {
  const docs = await readJsonFiles(source, {
    name: input.filename,
    defaultName: `${PREFIX[kind]}default.json`,
    accept: (path) => baseName(path).startsWith(PREFIX[kind]) && path.endsWith(".json"),
  });
  const lookup = labelLookup(input.task.labels);
  const collector = datasetCollector(input.task);
  for (const doc of docs) {
    const context = { kind, lookup, categories: categoriesOf(doc) };
    readDocument(doc, input, context, collector);
  }
  return collector.finish();
}
