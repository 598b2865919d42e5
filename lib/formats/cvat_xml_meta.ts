/**
 * The `<meta>` block of CVAT XML 1.1 (formats.md §4.3) from a {@linkcode FormatTask}: a
 * `<task>` (or, for a job export, `<job>`) with the task's fields, segments, owner, assignee
 * and labels (sublabels as separate entries with `<parent>`, skeleton SVG with label names),
 * then `<dumped>`, and for video tasks `<original_size>` (and `<source>`).
 *
 * @module
 */

import type { WireLabel } from "../core/wire_types.ts";
import { labelLookup } from "./label_lookup.ts";
import { absoluteFrame, exportRange } from "./task_frames.ts";
import type { FormatTask } from "./types.ts";
import { escapeText } from "./xml_text.ts";

/** A meta value: text, nested fields, or a list of same-named children. */
type MetaValue = string | MetaNode | [string, MetaNode][];
interface MetaNode {
  [key: string]: MetaValue;
}

/**
 * A timestamp as Python's `str(datetime)` of an aware UTC time writes it:
 * `YYYY-MM-DD HH:MM:SS.ffffff+00:00`. ISO strings are converted; other text is kept.
 *
 * @example
 * ```ts
 * import { equal } from "node:assert/strict";
 * import { pythonTimestamp } from "./cvat_xml_meta.ts";
 * equal(pythonTimestamp(new Date("2024-07-02T10:11:12.345Z")), "2024-07-02 10:11:12.345000+00:00");
 * equal(pythonTimestamp("2024-07-02T10:11:12.123456Z"), "2024-07-02 10:11:12.123456+00:00");
 * ```
 */
export function pythonTimestamp(value: Date | string | undefined): string {
  if (value === undefined) return "";
  if (value instanceof Date) {
    return value.toISOString().replace("T", " ").replace(/\.(\d{3})Z$/, ".$1000+00:00");
  }
  const iso = /^(\d{4}-\d\d-\d\d)T(\d\d:\d\d:\d\d)(?:\.(\d{1,6}))?(Z|[+-]\d\d:\d\d)$/.exec(value);
  if (!iso) return value;
  const fraction = (iso[3] ?? "").padEnd(6, "0");
  return `${iso[1]} ${iso[2]}.${fraction}${iso[4] === "Z" ? "+00:00" : iso[4]}`;
}

function person(value: { username: string; email: string } | null | undefined): MetaValue {
  return value ? { username: value.username, email: value.email } : "";
}

function labelNodes(labels: readonly WireLabel[]): [string, MetaNode][] {
  return labelLookup(labels).ordered.map((entry) => {
    const node: MetaNode = {
      name: entry.name,
      color: entry.label.color ?? "",
      type: entry.type,
      attributes: (entry.label.attributes ?? []).map((spec): [string, MetaNode] => ["attribute", {
        name: spec.name,
        mutable: spec.mutable ? "True" : "False",
        input_type: spec.input_type,
        default_value: spec.default_value,
        values: spec.values.join("\n"),
      }]),
    };
    if (entry.parent) node.parent = entry.parent.name;
    if (entry.type === "skeleton" && entry.label.svg !== undefined) {
      let svg = entry.label.svg;
      for (const sub of entry.sublabels.values()) {
        svg = svg.replaceAll(`data-label-id="${sub.id}"`, `data-label-name="${sub.name}"`);
      }
      node.svg = svg;
    }
    return ["label", node];
  });
}

function taskNode(task: FormatTask): MetaNode {
  const meta = task.meta ?? {};
  const job = meta.segment;
  const range = exportRange(task);
  const segments = job ? [job] : meta.segments ?? [];
  const node: MetaNode = { id: String(job ? job.id : task.id ?? "") };
  if (!job) node.name = task.name;
  Object.assign(node, {
    size: String(range.stop - range.start + 1),
    mode: task.mode,
    overlap: String(meta.overlap ?? 0),
    bugtracker: meta.bugTracker ?? "",
    created: pythonTimestamp(meta.createdDate),
    updated: pythonTimestamp(meta.updatedDate),
    subset: meta.subset || "default",
    start_frame: String(job ? absoluteFrame(task, range.start) : task.startFrame),
    stop_frame: String(job ? absoluteFrame(task, range.stop) : task.stopFrame),
    frame_filter: task.frameFilter ?? "",
    segments: segments.map((s): [string, MetaNode] => ["segment", {
      id: String(s.id),
      start: String(s.start),
      stop: String(s.stop),
      url: s.url ?? "",
    }]),
    owner: person(meta.owner),
    assignee: person(meta.assignee),
    labels: labelNodes(task.labels),
  });
  return node;
}

function writeNode(node: MetaNode, level: number, out: string[]): void {
  const pad = "\n" + "  ".repeat(level);
  for (const [key, value] of Object.entries(node)) {
    if (typeof value === "string") {
      out.push(`${pad}<${key}>${escapeText(value)}</${key}>`);
      continue;
    }
    out.push(`${pad}<${key}>`);
    if (Array.isArray(value)) {
      for (const [name, child] of value) writeNode({ [name]: child }, level + 1, out);
    } else writeNode(value, level + 1, out);
    out.push(`${pad}</${key}>`);
  }
}

/**
 * The `<meta>` element, starting with a newline, at indentation level 1.
 *
 * @example
 * ```ts
 * import { ok } from "node:assert/strict";
 * import { metaXml } from "./cvat_xml_meta.ts";
 * const xml = metaXml({ id: 3, name: "cars", mode: "annotation", size: 1, startFrame: 0,
 *   stopFrame: 0, labels: [{ id: 1, name: "car", color: "#ff0000", type: "any",
 *   attributes: [] }], frames: [{ name: "a.jpg", width: 4, height: 4 }] },
 *   new Date("2024-01-01T00:00:00Z"));
 * ok(xml.includes("\n    <task>\n      <id>3</id>\n      <name>cars</name>"));
 * ok(xml.includes("<dumped>2024-01-01 00:00:00.000000+00:00</dumped>"));
 * ```
 */
export function metaXml(task: FormatTask, now: Date): string {
  const meta: MetaNode = { [task.meta?.segment ? "job" : "task"]: taskNode(task) };
  const video = task.meta?.source !== undefined;
  const size = task.frames[0] ?? { width: 0, height: 0 };
  const original = { width: String(size.width), height: String(size.height) };
  if (video && !task.meta?.segment) {
    Object.assign(meta.task as MetaNode, { original_size: original, source: task.meta!.source! });
  }
  meta.dumped = pythonTimestamp(now);
  if (video && task.meta?.segment) meta.original_size = original;
  const out: string[] = [];
  writeNode({ meta }, 1, out);
  return out.join("");
}
