/**
 * `labelmap.txt` of the VOC layouts (formats.md §8, §9): `name:r,g,b:parts:actions` lines
 * under a `# label:color_rgb:parts:actions` comment. "PASCAL VOC 1.1" lists the task labels
 * (sublabels included) with a `background` label put first when there is none, coloured with
 * the VOC palette by position; "Segmentation mask 1.1" uses the labels' own colours,
 * `background` (black) added when missing, sorted by name. Import parses the file, or
 * synthesises one from the task labels (no colours: palette by position, no background).
 *
 * @module
 */

import { DataError } from "../core/errors.ts";
import type { FormatTask } from "./types.ts";
import { labelLookup } from "./label_lookup.ts";
import { packRgb, type Rgb, vocColor } from "./voc_palette.ts";

/** One label of a label map. */
export interface VocLabel {
  name: string;
  /** Its segmentation colour, or null when the file gives none. */
  color: Rgb | null;
  parts: string[];
  actions: string[];
}

/** A label map: labels in class-index order, with the background label's index. */
export interface VocLabelMap {
  labels: VocLabel[];
  /** The class index unpainted pixels get. */
  background: number;
}

const BACKGROUND = "background";

function taskLabelNames(task: Pick<FormatTask, "labels">): string[] {
  return [...new Set(labelLookup(task.labels).ordered.map((label) => label.name))];
}

function hexColor(color: string | undefined): Rgb | null {
  const match = /^#?([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(color ?? "");
  return match ? [1, 2, 3].map((i) => parseInt(match[i], 16)) as Rgb : null;
}

/**
 * The "PASCAL VOC 1.1" label map of a task.
 *
 * @example
 * ```ts
 * import { deepEqual } from "node:assert/strict";
 * import { vocExportLabelMap } from "./voc_labelmap.ts";
 * const map = vocExportLabelMap({ labels: [{ id: 1, name: "car" }] });
 * deepEqual(map.labels.map((l) => [l.name, l.color]), [["background", [0, 0, 0]], ["car", [128, 0, 0]]]);
 * ```
 */
export function vocExportLabelMap(task: Pick<FormatTask, "labels">): VocLabelMap {
  const names = taskLabelNames(task);
  if (!names.includes(BACKGROUND)) names.unshift(BACKGROUND);
  return {
    labels: names.map((name, i) => ({ name, color: vocColor(i), parts: [], actions: [] })),
    background: names.indexOf(BACKGROUND),
  };
}

/**
 * The "Segmentation mask 1.1" label map of a task: label colours, sorted by name; the
 * background is the first black label, else `background`.
 *
 * @example
 * ```ts
 * import { deepEqual, equal } from "node:assert/strict";
 * import { maskExportLabelMap } from "./voc_labelmap.ts";
 * const map = maskExportLabelMap({ labels: [
 *   { id: 1, name: "car", color: "#ff0000" }, { id: 2, name: "airplane", color: "#00ff00" }] });
 * deepEqual(map.labels.map((l) => l.name), ["airplane", "background", "car"]);
 * equal(map.background, 1);
 * ```
 */
export function maskExportLabelMap(task: Pick<FormatTask, "labels">): VocLabelMap {
  const colors = new Map<string, Rgb>();
  const ordered = labelLookup(task.labels).ordered;
  if (!ordered.some((label) => label.name === BACKGROUND)) colors.set(BACKGROUND, [0, 0, 0]);
  ordered.forEach((label, i) => colors.set(label.name, hexColor(label.label.color) ?? vocColor(i)));
  const names = [...colors.keys()].sort((a, b) => a < b ? -1 : a > b ? 1 : 0);
  const labels = names.map((name) => ({ name, color: colors.get(name)!, parts: [], actions: [] }));
  const black = labels.findIndex((label) => packRgb(label.color) === 0);
  return { labels, background: black >= 0 ? black : names.indexOf(BACKGROUND) };
}

/**
 * The text of `labelmap.txt`.
 *
 * @example
 * ```ts
 * import { equal } from "node:assert/strict";
 * import { labelMapText } from "./voc_labelmap.ts";
 * const text = labelMapText({ background: 0, labels: [
 *   { name: "background", color: [0, 0, 0], parts: [], actions: [] }] });
 * equal(text, "# label:color_rgb:parts:actions\nbackground:0,0,0::\n");
 * ```
 */
export function labelMapText(map: VocLabelMap): string {
  const lines = map.labels.map((label) =>
    [label.name, label.color?.join(",") ?? "", label.parts.join(","), label.actions.join(",")]
      .join(":")
  );
  return ["# label:color_rgb:parts:actions", ...lines].join("\n") + "\n";
}

function parseColor(text: string, name: string, what: string): Rgb | null {
  if (!text) return null;
  const parts = text.split(",");
  if (parts.length !== 3 || parts.some((p) => !/^\s*\d+\s*$/.test(p))) {
    throw new DataError(`${what}: label '${name}' has a wrong colour '${text}'`);
  }
  return parts.map(Number) as Rgb;
}

function list(text: string): string[] {
  return text ? text.split(",").map((s) => s.trim()) : [];
}

/**
 * Parses `labelmap.txt` (comments and blank lines skipped); labels without any colour get
 * the palette colour of their position.
 *
 * @throws {DataError} For a line without four `:` fields, a bad colour or a duplicate name.
 * @example
 * ```ts
 * import { deepEqual, throws } from "node:assert/strict";
 * import { parseLabelMap } from "./voc_labelmap.ts";
 * const map = parseLabelMap("# x\nbackground:0,0,0::\ncar:1,2,3::\n", "labelmap.txt");
 * deepEqual(map.labels[1].color, [1, 2, 3]);
 * throws(() => parseLabelMap("car:1,2,3\n", "labelmap.txt"), { name: "DataError" });
 * ```
 */
export function parseLabelMap(text: string, what: string): VocLabelMap {
  const labels: VocLabel[] = [];
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (!line || line.startsWith("#")) continue;
    const fields = line.split(":");
    if (fields.length !== 4) {
      throw new DataError(`${what}: '${line}' has ${fields.length} fields, expected 4`);
    }
    const [name, color, parts, actions] = fields;
    if (labels.some((label) => label.name === name)) {
      throw new DataError(`${what}: label '${name}' is defined twice`);
    }
    labels.push({
      name,
      color: parseColor(color, name, what),
      parts: list(parts),
      actions: list(actions),
    });
  }
  return withDefaultColors(labels);
}

function withDefaultColors(labels: VocLabel[]): VocLabelMap {
  if (!labels.some((label) => label.color)) {
    labels.forEach((label, i) => label.color = vocColor(i));
  }
  const black = labels.findIndex((label) => label.color && packRgb(label.color) === 0);
  return {
    labels,
    background: black >= 0 ? black : labels.findIndex((l) => l.name === BACKGROUND),
  };
}

/**
 * The label map CVAT synthesises for an upload without `labelmap.txt`: the task labels in
 * order, coloured with the palette by position.
 *
 * @example
 * ```ts
 * import { deepEqual } from "node:assert/strict";
 * import { taskLabelMap } from "./voc_labelmap.ts";
 * deepEqual(taskLabelMap({ labels: [{ id: 1, name: "car" }] }).labels[0].color, [0, 0, 0]);
 * ```
 */
export function taskLabelMap(task: Pick<FormatTask, "labels">): VocLabelMap {
  return withDefaultColors(
    taskLabelNames(task).map((name) => ({ name, color: null, parts: [], actions: [] })),
  );
}
