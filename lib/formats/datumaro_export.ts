/**
 * The Datumaro 1.0 document `annotations/default.json` (formats.md §10), written as a stream:
 * `info`, `categories` (every label with its `parent`, the global attribute names with
 * `occluded`, and for skeletons a `points` category with point names and 1-based joints), then
 * one item per exported frame (`id` = path without extension, `attr.frame` = absolute frame,
 * `image` = path and `[h, w]` size) with its shapes (by z_order) and tags.
 *
 * @module
 */

import { type DatumaroContext, shapeAnnotation, tagAnnotation } from "./datumaro_annotations.ts";
import { cocoFileName } from "./coco_export.ts";
import { type FrameItem, frameItems } from "./items.ts";
import { labelLookup } from "./label_lookup.ts";
import { type SkeletonStructure, skeletonStructure } from "./skeleton_svg.ts";
import type { ExportInput } from "./types.ts";
import type { WireLabel } from "../core/wire_types.ts";
import { textChunker } from "./xml_text.ts";

/**
 * The conversion context of a label set (label indices, skeleton structures on demand).
 *
 * @example
 * ```ts
 * import { equal } from "node:assert/strict";
 * import { datumaroContext } from "./datumaro_export.ts";
 * equal(datumaroContext([{ id: 4, name: "a" }]).index.get(4), 0);
 * ```
 */
export function datumaroContext(labels: readonly WireLabel[]): DatumaroContext {
  const lookup = labelLookup(labels);
  const structures = new Map<number, SkeletonStructure>();
  return {
    lookup,
    index: new Map(lookup.ordered.map((label, i) => [label.id, i])),
    structure(labelId) {
      let structure = structures.get(labelId);
      if (!structure) {
        structure = skeletonStructure(lookup.byId.get(labelId)!);
        structures.set(labelId, structure);
      }
      return structure;
    },
  };
}

function categories(ctx: DatumaroContext) {
  const names = new Set<string>(["occluded"]);
  for (const label of ctx.lookup.ordered) {
    for (const spec of label.label.attributes ?? []) names.add(spec.name);
  }
  const labels = ctx.lookup.ordered.map((label) => ({
    name: label.name,
    parent: label.parent?.name ?? "",
    attributes: [],
  }));
  const points = ctx.lookup.ordered.filter((label) => label.sublabels.size > 0).map((label) => {
    const structure = ctx.structure(label.id);
    return {
      label_id: ctx.index.get(label.id),
      labels: structure.points.map((point) => point.name),
      joints: structure.joints,
    };
  });
  return { label: { labels, attributes: [...names].sort() }, points: { items: points } };
}

/**
 * The opening of a Datumaro document, up to the `items` array's `[`.
 *
 * @example
 * ```ts
 * import { ok } from "node:assert/strict";
 * import { datumaroContext, datumaroHead } from "./datumaro_export.ts";
 * ok(datumaroHead(datumaroContext([])).endsWith('"items":['));
 * ```
 */
export function datumaroHead(ctx: DatumaroContext): string {
  return `{"info":{},"categories":${JSON.stringify(categories(ctx))},"items":[`;
}

/**
 * The JSON text of one item (a frame with its shapes, by z_order, and tags).
 *
 * @example
 * ```ts
 * import { equal } from "node:assert/strict";
 * import { datumaroContext, datumaroItemText } from "./datumaro_export.ts";
 * const item = { frame: 0, absoluteFrame: 3, name: "a.jpg", id: "a", width: 2, height: 1,
 *   shapes: [], tags: [] };
 * equal(JSON.parse(datumaroItemText(item, datumaroContext([]))).attr.frame, 3);
 * ```
 */
export function datumaroItemText(item: FrameItem, ctx: DatumaroContext): string {
  const annotations = [];
  for (const shape of item.shapes) {
    const annotation = shapeAnnotation(shape, item, ctx);
    if (annotation) annotations.push(annotation);
  }
  for (const tag of item.tags) annotations.push(tagAnnotation(tag, ctx));
  return JSON.stringify({
    id: item.id,
    annotations,
    attr: { frame: item.absoluteFrame },
    image: { path: cocoFileName(item.name), size: [item.height, item.width] },
  });
}

/**
 * The chunks of `annotations/default.json`.
 *
 * @example
 * ```ts
 * import { equal } from "node:assert/strict";
 * import { datumaroJson } from "./datumaro_export.ts";
 * const task = { name: "t", mode: "annotation", size: 1, startFrame: 5, stopFrame: 5,
 *   labels: [{ id: 1, name: "sun" }], frames: [{ name: "d/a.jpg", width: 4, height: 3 }] };
 * const tags = [{ frame: 0, label_id: 1, group: 0, source: "manual", attributes: [] }];
 * const parts = [...datumaroJson({ task, annotations: { tags, shapes: [], tracks: [] } })];
 * const json = JSON.parse(new TextDecoder().decode(parts[0]));
 * equal(json.items[0].id, "d/a");
 * equal(json.items[0].attr.frame, 5);
 * equal(json.items[0].annotations[0].type, "label");
 * ```
 */
export function* datumaroJson(input: ExportInput): Generator<Uint8Array> {
  const ctx = datumaroContext(input.task.labels);
  const chunker = textChunker();
  let chunk = chunker.push(datumaroHead(ctx));
  if (chunk) yield chunk;
  let first = true;
  for (const item of frameItems(input.task, input.annotations)) {
    chunk = chunker.push((first ? "" : ",") + datumaroItemText(item, ctx));
    first = false;
    if (chunk) yield chunk;
  }
  chunker.push("]}");
  const last = chunker.flush();
  if (last) yield last;
}
