/**
 * "ImageNet 1.0" import (formats.md §13): tags only, from either layout. As CVAT, a zip with a
 * `.txt` file at its root is the list layout: every `*.txt` but `synsets.txt` is a subset list
 * whose labels are the `synsets.txt` beside it (lines `<name> <label index>…`, a name with
 * spaces in double quotes followed by its extension). Otherwise image files name the tags by
 * their first folder (`<label>/<name>.jpg`; `no_label/` and root-level images have none); an
 * image in several label folders gets one tag per folder. Deliberate difference: deeper paths
 * (`<label>/dir/<name>.jpg`) are read with the rest of the path as the item id (Datumaro looks
 * one level deep only), so that exports of tasks with folders import back.
 *
 * @module
 */

import { DataError } from "../core/errors.ts";
import type { LabeledData } from "../core/wire_types.ts";
import { datasetCollector, type ImportedTag } from "./dataset_import.ts";
import { findRootHint, frameMatcher } from "./frame_match.ts";
import { labelLookup } from "./label_lookup.ts";
import type { ImportInput, ImportSource } from "./types.ts";
import { type UploadFile, uploadFiles } from "./upload_files.ts";
import { uploadText } from "./upload_text.ts";

/** An item read: its id, extension and tag label names. */
interface ImagenetItem {
  id: string;
  ext?: string;
  labels: string[];
}

const IMAGE = /\.(jpe?g|jpe|jp2|png|bmp|dib|tiff?|tga|webp|pfm|sr|ras|exr|hdr|pic|p[bgpnx]m)$/i;

function splitName(file: string): { id: string; ext?: string } {
  const dot = file.lastIndexOf(".");
  if (dot <= file.lastIndexOf("/") + 1) return { id: file };
  return { id: file.slice(0, dot), ext: file.slice(dot) };
}

/**
 * One line of a list file: item id, extension and label indices (null for a blank line).
 *
 * @example
 * ```ts
 * import { deepEqual } from "node:assert/strict";
 * import { parseImagenetLine } from "./imagenet_import.ts";
 * deepEqual(parseImagenetLine('"a b".jpg 2 0', "x"), { id: "a b", ext: ".jpg", labels: [2, 0] });
 * deepEqual(parseImagenetLine("dir/c.png 1", "x"), { id: "dir/c", ext: ".png", labels: [1] });
 * ```
 */
export function parseImagenetLine(
  line: string,
  what: string,
): { id: string; ext?: string; labels: number[] } | null {
  let name: { id: string; ext?: string };
  let rest: string[];
  const quoted = line.split('"');
  if (quoted.length > 1) {
    if (quoted.length !== 3) throw new DataError(`${what}: unexpected quotes in the file name`);
    rest = quoted[2].trim().split(/\s+/).filter(Boolean);
    const ext = rest[0]?.startsWith(".") ? rest.shift() : undefined;
    name = { id: quoted[1], ext };
  } else {
    rest = line.trim().split(/\s+/).filter(Boolean);
    if (rest.length === 0) return null;
    name = splitName(rest.shift()!);
  }
  const labels = rest.map((text) => {
    if (!/^[+-]?\d+$/.test(text)) throw new DataError(`${what}: bad label index "${text}"`);
    return Number(text);
  });
  return { ...name, labels };
}

async function listItems(files: UploadFile[]): Promise<ImagenetItem[]> {
  const byName = new Map(files.map((file) => [file.name, file]));
  const items: ImagenetItem[] = [];
  for (const file of files) {
    if (!/\.txt$/.test(file.name) || /(^|\/)synsets\.txt$/.test(file.name)) continue;
    const dir = file.name.slice(0, file.name.lastIndexOf("/") + 1);
    const synsets = byName.get(`${dir}synsets.txt`);
    if (!synsets) throw new DataError(`${file.name}: no ${dir}synsets.txt beside it`);
    const lines = (await uploadText(synsets)).split(/\r\n|\n|\r/);
    if (lines.at(-1) === "") lines.pop();
    const names = lines.map((line) => line.trim());
    (await uploadText(file)).split(/\r\n|\n|\r/).forEach((line, i) => {
      const what = `${file.name}:${i + 1}`;
      const read = parseImagenetLine(line, what);
      if (!read) return;
      const labels = read.labels.map((index) => {
        if (index < 0 || index >= names.length) {
          throw new DataError(`${what}: unknown label index ${index}`);
        }
        return names[index];
      });
      items.push({ id: read.id, ext: read.ext, labels });
    });
  }
  return items;
}

function folderItems(files: UploadFile[]): ImagenetItem[] {
  const items = new Map<string, ImagenetItem>();
  for (const file of files) {
    if (!IMAGE.test(file.name)) continue;
    const parts = file.name.split("/");
    const label = parts.length > 1 ? parts[0] : "no_label";
    const name = splitName(parts.length > 1 ? parts.slice(1).join("/") : file.name);
    const item = items.get(name.id) ?? { ...name, labels: [] };
    if (label !== "no_label") item.labels.push(label);
    items.set(name.id, item);
  }
  if (items.size === 0) throw new DataError("The archive has no ImageNet list or image");
  return [...items.values()];
}

/**
 * Reads an ImageNet upload into LabeledData (tags) for `input.task`.
 *
 * @throws {DataError} For a bad list line, an unknown label or index, an unmatched item.
 * @example
 * ```ts
 * import { equal } from "node:assert/strict";
 * import { importImagenet } from "./imagenet_import.ts";
 * import { zipStream } from "./zip_writer.ts";
 * const task = { name: "t", mode: "annotation", size: 1, startFrame: 0, stopFrame: 0,
 *   labels: [{ id: 1, name: "cat", attributes: [] }],
 *   frames: [{ name: "a.jpg", width: 1, height: 1 }] };
 * const zip = zipStream([{ name: "cat/a.jpg", data: () => [new Uint8Array(1)] }]);
 * const data = await importImagenet(new Uint8Array(await new Response(zip).arrayBuffer()), { task });
 * equal(data.tags[0].label_id, 1);
 * ```
 */
export async function importImagenet(
  source: ImportSource,
  input: ImportInput,
): Promise<LabeledData> {
  const files = await uploadFiles(source, { name: input.filename, defaultName: "default.txt" });
  const isList = files.some((file) => !file.name.includes("/") && /\.txt$/.test(file.name));
  const items = isList ? await listItems(files) : folderItems(files);
  const lookup = labelLookup(input.task.labels);
  const matcher = frameMatcher(input.task, {
    rootHint: findRootHint(input.task, items.map((item) => item.id)),
  });
  const collector = datasetCollector(input.task);
  for (const item of items) {
    const what = `Item "${item.id}"`;
    const tags: ImportedTag[] = item.labels.map((name) => {
      const label = lookup.byName.get(name);
      if (!label) throw new DataError(`${what}: unknown label "${name}"`);
      return { label, group: 0, attributes: {} };
    });
    collector.add(matcher.match({ id: item.id, ext: item.ext }), what, [], tags);
  }
  return collector.finish();
}
