/**
 * "MOT 1.1" import (formats.md §11, CVAT's own MOT code over Datumaro's `mot_seq` reader): every
 * `gt/gt.txt` of the zip (or a bare uploaded file) with the `labels.txt` beside it, else the 12
 * official MOT classes. Rows have 7, 9 or 10 columns (`frame,track,x,y,w,h,conf[,class,
 * visibility[,…]]`); a missing or `-1` class is an error (no label), as in CVAT.
 *
 * Each row is a rectangle; `visibility ≤ 0` → occluded; `visibility` (a number) and `ignored`
 * (conf = 0) are kept when the label defines them; source `manual`. A row with `track > 0` is a
 * keyframe of that track: per track, rows sorted by frame, an `outside` keyframe after every gap
 * and after the last row when still in the task (dataset_import.ts's rebuild). Frame ids map to
 * frames as mot_frames.ts explains. `seqinfo.ini` and `img1/` are not needed and ignored.
 *
 * @module
 */

import { DataError } from "../core/errors.ts";
import type { LabeledData } from "../core/wire_types.ts";
import { datasetCollector, type ImportedShape } from "./dataset_import.ts";
import { type LabelInfo, labelLookup } from "./label_lookup.ts";
import { motFrameResolver } from "./mot_frames.ts";
import type { ImportInput, ImportSource } from "./types.ts";
import { uploadFiles } from "./upload_files.ts";
import { uploadText } from "./upload_text.ts";

/** The official MOT classes, used when no `labels.txt` comes with `gt.txt`. */
export const MOT_CLASSES: readonly string[] = [
  "pedestrian",
  "person on vehicle",
  "car",
  "bicycle",
  "motorbike",
  "non motorized vehicle",
  "static person",
  "distractor",
  "occluder",
  "occluder on the ground",
  "occluder full",
  "reflection",
];

/** One row of `gt.txt`, read. */
interface MotRow {
  frameId: number;
  shape: ImportedShape;
}

function integer(text: string | undefined, what: string): number {
  const value = Number((text ?? "").trim());
  if ((text ?? "").trim() === "" || !Number.isSafeInteger(value)) {
    throw new DataError(`${what}: expected an integer, got ${JSON.stringify(text ?? null)}`);
  }
  return value;
}

function float(text: string | undefined, what: string): number {
  const value = (text ?? "").trim();
  if (!/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(value)) {
    throw new DataError(`${what}: expected a number, got ${JSON.stringify(text ?? null)}`);
  }
  return Number(value);
}

/** Datumaro's `cast(value, float, 1)`: the default for a missing or unreadable cell. */
function optionalFloat(text: string | undefined): number {
  const value = (text ?? "").trim();
  return /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(value) ? Number(value) : 1;
}

function labelOf(cell: string | undefined, names: readonly string[], what: string) {
  const text = (cell ?? "").trim();
  if (text === "" || text === "-1") throw new DataError(`${what}: the row has no class`);
  const index = integer(text, what) - 1;
  if (index < 0 || index >= names.length) {
    throw new DataError(`${what}: unknown class ${text} (${names.length} labels)`);
  }
  return names[index];
}

function readRow(line: string, where: string, names: readonly string[], labels: LabelResolver) {
  const cells = line.split(",").map((cell) => cell.trim().replace(/^"(.*)"$/, "$1"));
  if (cells.length < 7) throw new DataError(`${where}: expected at least 7 columns`);
  const frameId = integer(cells[0], where);
  const track = integer(cells[1], where);
  const [x, y, w, h] = cells.slice(2, 6).map((cell) => float(cell, where));
  const visibility = optionalFloat(cells[8]);
  const attributes: Record<string, unknown> = {
    occluded: visibility <= 0,
    visibility,
    ignored: optionalFloat(cells[6]) === 0,
    source: "manual",
  };
  if (track > 0) Object.assign(attributes, { track_id: track, keyframe: true });
  const shape: ImportedShape = {
    type: "rectangle",
    label: labels(labelOf(cells[7], names, where), where),
    points: [x, y, x + w, y + h],
    group: 0,
    z_order: 0,
    attributes,
  };
  return { frameId, shape };
}

type LabelResolver = (name: string, what: string) => LabelInfo;

/**
 * The rows of one `gt.txt` text with its label names (`what` names the file in errors).
 *
 * @example
 * ```ts
 * import { equal } from "node:assert/strict";
 * import { readMotRows } from "./mot_import.ts";
 * import { labelLookup } from "./label_lookup.ts";
 * const car = labelLookup([{ id: 1, name: "car" }]).byName.get("car")!;
 * const rows = readMotRows("1,2,1,1,3,3,1,1,0.5\r\n", "gt.txt", ["car"], () => car);
 * equal(rows[0].shape.attributes.track_id, 2);
 * equal(rows[0].shape.points[2], 4);
 * ```
 */
export function readMotRows(
  text: string,
  what: string,
  names: readonly string[],
  labels: LabelResolver,
): MotRow[] {
  const rows: MotRow[] = [];
  text.split(/\r\n|\n|\r/).forEach((line, i) => {
    if (line.trim() !== "") rows.push(readRow(line, `${what}:${i + 1}`, names, labels));
  });
  return rows;
}

function labelNames(text: string): string[] {
  const lines = text.split(/\r\n|\n|\r/);
  if (lines.at(-1) === "") lines.pop();
  return lines.map((line) => line.trim());
}

/**
 * Reads a MOT upload into LabeledData for `input.task`.
 *
 * @throws {DataError} For a malformed row, an unknown class or label, an unmatched frame.
 * @example
 * ```ts
 * import { equal } from "node:assert/strict";
 * import { importMot } from "./mot_import.ts";
 * const task = { name: "t", mode: "annotation", size: 3, startFrame: 0, stopFrame: 2,
 *   labels: [{ id: 1, name: "car", attributes: [] }],
 *   frames: ["a", "b", "c"].map((n) => ({ name: `${n}.jpg`, width: 9, height: 9 })) };
 * const gt = new TextEncoder().encode("1,1,0,0,2,2,1,3,1\n2,1,1,0,2,2,1,3,1\n");
 * const data = await importMot(gt, { task, filename: "gt.txt" });
 * equal(data.tracks[0].shapes.length, 3); // frames 0, 1 and an outside keyframe on 2
 * ```
 */
export async function importMot(source: ImportSource, input: ImportInput): Promise<LabeledData> {
  const files = await uploadFiles(source, {
    name: input.filename,
    defaultName: "gt/gt.txt",
    accept: (path) => /(^|\/)gt\/(gt|labels)\.txt$/.test(path),
  });
  const texts = new Map<string, string>();
  for (const file of files) texts.set(file.name, await uploadText(file));
  const gts = [...texts.keys()].filter((name) => !/(^|\/)labels\.txt$/.test(name));
  if (gts.length === 0) throw new DataError("The archive has no gt/gt.txt");
  const lookup = labelLookup(input.task.labels);
  const labels: LabelResolver = (name, what) => {
    const label = lookup.byName.get(name);
    if (!label) throw new DataError(`${what}: unknown label "${name}"`);
    return label;
  };
  const resolve = motFrameResolver(input.task);
  const byFrame = new Map<number, ImportedShape[]>();
  const seen = new Set<string>();
  for (const name of gts) {
    const labelsFile = texts.get(name.replace(/gt\.txt$/, "labels.txt"));
    const names = labelsFile === undefined ? MOT_CLASSES : labelNames(labelsFile);
    for (const row of readMotRows(texts.get(name)!, name, names, labels)) {
      const frame = resolve(row.frameId);
      const track = row.shape.attributes.track_id;
      if (track !== undefined) {
        if (seen.has(`${track}/${frame}`)) {
          throw new DataError(`${name}: track ${track} has two rows on frame ${row.frameId}`);
        }
        seen.add(`${track}/${frame}`);
      }
      const list = byFrame.get(frame) ?? [];
      list.push(row.shape);
      byFrame.set(frame, list);
    }
  }
  const collector = datasetCollector(input.task);
  for (const frame of [...byFrame.keys()].sort((a, b) => a - b)) {
    collector.add(frame, `Frame ${frame}`, byFrame.get(frame)!, []);
  }
  return collector.finish();
}
