/**
 * "Datumaro 1.0" import (formats.md §10): a bare `.json` or a zip whose `annotations/*.json`
 * files are read (one per subset). Label categories resolve by name and parent; every item is
 * matched to a task frame by its id, image path extension or `attr.frame` (§3.2, with the root
 * hint); the annotations go through the shared collector (groups, tracks from
 * `track_id`/`keyframe`, validation).
 *
 * @module
 */

import { DataError } from "../core/errors.ts";
import type { LabeledData } from "../core/wire_types.ts";
import { type DatumaroLabels, readDatumaroAnnotation } from "./datumaro_annotation_import.ts";
import { datasetCollector, type ImportedShape, type ImportedTag } from "./dataset_import.ts";
import { findRootHint, frameMatcher } from "./frame_match.ts";
import { type JsonFile, readJsonFiles } from "./json_upload.ts";
import { type LabelLookup, labelLookup } from "./label_lookup.ts";
import type { ImportInput, ImportSource } from "./types.ts";

type Json = Record<string, unknown>;

function objects(value: unknown, what: string): Json[] {
  if (value === undefined) return [];
  if (!Array.isArray(value) || value.some((v) => !v || typeof v !== "object")) {
    throw new DataError(`${what} must be a list of objects`);
  }
  return value as Json[];
}

function labelsOf(doc: JsonFile, lookup: LabelLookup): DatumaroLabels {
  const categories = (doc.json.categories ?? {}) as Json;
  const labelCategory = (categories.label ?? {}) as Json;
  const entries = objects(labelCategory.labels, `${doc.name}: categories.label.labels`);
  const points = objects(
    ((categories.points ?? {}) as Json).items,
    `${doc.name}: categories.points.items`,
  );
  return {
    label(index, what) {
      const entry = typeof index === "number" ? entries[index] : undefined;
      if (!entry) throw new DataError(`${what}: unknown label index ${JSON.stringify(index)}`);
      const name = String(entry.name ?? "");
      const parent = entry.parent ? String(entry.parent) : "";
      const label = parent
        ? lookup.byName.get(parent)?.sublabels.get(name)
        : lookup.byName.get(name);
      if (!label) {
        throw new DataError(`${what}: unknown label "${parent ? `${parent}/` : ""}${name}"`);
      }
      return label;
    },
    pointNames(index) {
      const entry = points.find((p) => p.label_id === index);
      return Array.isArray(entry?.labels) ? entry.labels.map(String) : [];
    },
  };
}

function extension(item: Json): string | undefined {
  const path = String(((item.image ?? {}) as Json).path ?? "");
  const dot = path.lastIndexOf(".");
  return dot > path.lastIndexOf("/") + 1 ? path.slice(dot) : undefined;
}

function readDocument(
  doc: JsonFile,
  input: ImportInput,
  lookup: LabelLookup,
  collector: ReturnType<typeof datasetCollector>,
) {
  const items = objects(doc.json.items, `${doc.name}: "items"`);
  const labels = labelsOf(doc, lookup);
  const ids = items.map((item) => String(item.id ?? ""));
  const matcher = frameMatcher(input.task, { rootHint: findRootHint(input.task, ids) });
  for (const item of items) {
    const what = `Item "${item.id ?? ""}"`;
    const attr = (item.attr ?? {}) as Json;
    const frame = matcher.match({
      id: String(item.id ?? ""),
      ext: extension(item),
      frame: attr.frame as number | undefined,
    });
    const shapes: ImportedShape[] = [];
    const tags: ImportedTag[] = [];
    for (const annotation of objects(item.annotations, `${what}: "annotations"`)) {
      const read = readDatumaroAnnotation(annotation, labels, what);
      if (read?.shape) shapes.push(read.shape);
      if (read?.tag) tags.push(read.tag);
    }
    collector.add(frame, what, shapes, tags);
  }
}

/**
 * Reads a Datumaro upload into LabeledData for `input.task`.
 *
 * @throws {DataError} For malformed JSON, an unknown label, an unmatched item, bad geometry.
 * @example
 * ```ts
 * import { equal } from "node:assert/strict";
 * import { importDatumaro } from "./datumaro_import.ts";
 * const task = { name: "t", mode: "annotation", size: 1, startFrame: 0, stopFrame: 0,
 *   labels: [{ id: 1, name: "sun", attributes: [] }], frames: [{ name: "a.jpg", width: 9, height: 9 }] };
 * const doc = { categories: { label: { labels: [{ name: "sun", parent: "" }] } },
 *   items: [{ id: "a", annotations: [{ type: "label", label_id: 0 }] }] };
 * const data = await importDatumaro(new TextEncoder().encode(JSON.stringify(doc)), { task });
 * equal(data.tags[0].label_id, 1);
 * ```
 */
export async function importDatumaro(
  source: ImportSource,
  input: ImportInput,
): Promise<LabeledData> {
  const docs = await readJsonFiles(source, {
    name: input.filename,
    defaultName: "default.json",
    accept: (path) => /(^|\/)annotations\/[^/]+\.json$/.test(path),
  });
  const lookup = labelLookup(input.task.labels);
  const collector = datasetCollector(input.task);
  for (const doc of docs) readDocument(doc, input, lookup, collector);
  return collector.finish();
}
