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
export type MetaValue = string | MetaNode | [string, MetaNode][];
/** Named meta values, written in key order. */
export interface MetaNode {
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

/**
 * A `<owner>`/`<assignee>` value: username and email, or empty.
 *
 * @example
 * ```ts
 * import { deepEqual } from "node:assert/strict";
 * import { metaPerson } from "./cvat_xml_meta.ts";
 * deepEqual(metaPerson({ username: "a", email: "a@b" }), { username: "a", email: "a@b" });
 * deepEqual(metaPerson(null), "");
 * ```
 */
export function metaPerson(
  value: { username: string; email: string } | null | undefined,
): MetaValue {
  return value ? { username: value.username, email: value.email } : "";
}

/**
 * The `<labels>` children: every label (sublabels as separate entries with `<parent>`).
 *
 * @example
 * ```ts
 * import { equal } from "node:assert/strict";
 * import { labelNodes } from "./cvat_xml_meta.ts";
 * equal(labelNodes([{ id: 1, name: "car" }])[0][1].name, "car");
 * ```
 */
export function labelNodes(labels: readonly WireLabel[]): [string, MetaNode][] {
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

/**
 * A `<task>` (or, with `meta.segment`, `<job>`) node; without `labels` when asked (the task
 * blocks of a project's meta). Video tasks of task exports end with `<original_size>` and
 * `<source>`.
 *
 * @example
 * ```ts
 * import { equal } from "node:assert/strict";
 * import { taskMetaNode } from "./cvat_xml_meta.ts";
 * const node = taskMetaNode({ id: 3, name: "t", mode: "annotation", size: 1, startFrame: 0,
 *   stopFrame: 0, labels: [], frames: [] }, { labels: false });
 * equal(node.name, "t");
 * equal("labels" in node, false);
 * ```
 */
export function taskMetaNode(task: FormatTask, options = { labels: true }): MetaNode {
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
    owner: metaPerson(meta.owner),
    assignee: metaPerson(meta.assignee),
  });
  if (options.labels) node.labels = labelNodes(task.labels);
  if (meta.source !== undefined && !job) {
    const size = task.frames[0] ?? { width: 0, height: 0 };
    node.original_size = { width: String(size.width), height: String(size.height) };
    node.source = meta.source;
  }
  return node;
}

/**
 * Writes a node's values as elements (each on its own line, 2-space indentation).
 *
 * @example
 * ```ts
 * import { equal } from "node:assert/strict";
 * import { writeMetaNode } from "./cvat_xml_meta.ts";
 * const out: string[] = [];
 * writeMetaNode({ a: { b: "x<" } }, 1, out);
 * equal(out.join(""), "\n  <a>\n    <b>x&lt;</b>\n  </a>");
 * ```
 */
export function writeMetaNode(node: MetaNode, level: number, out: string[]): void {
  const pad = "\n" + "  ".repeat(level);
  for (const [key, value] of Object.entries(node)) {
    if (typeof value === "string") {
      out.push(`${pad}<${key}>${escapeText(value)}</${key}>`);
      continue;
    }
    out.push(`${pad}<${key}>`);
    if (Array.isArray(value)) {
      for (const [name, child] of value) writeMetaNode({ [name]: child }, level + 1, out);
    } else writeMetaNode(value, level + 1, out);
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
  const meta: MetaNode = { [task.meta?.segment ? "job" : "task"]: taskMetaNode(task) };
  meta.dumped = pythonTimestamp(now);
  if (task.meta?.source !== undefined && task.meta?.segment) {
    const size = task.frames[0] ?? { width: 0, height: 0 };
    meta.original_size = { width: String(size.width), height: String(size.height) };
  }
  const out: string[] = [];
  writeMetaNode({ meta }, 1, out);
  return out.join("");
}
