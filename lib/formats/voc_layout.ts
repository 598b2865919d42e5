/**
 * Finding a VOC dataset in an upload (formats.md §8): the root (the folder holding
 * `ImageSets/`, `Annotations/`, `SegmentationClass/` or `SegmentationObject/`), the label map
 * (`labelmap.txt`, else one synthesised from the task), the subsets and their items from
 * `ImageSets/{Main,Segmentation,Layout,Action}/<subset>.txt` (file names with `_` are
 * per-label lists, not subsets), the tags from `ImageSets/Main/<label>_<subset>.txt`, and
 * CVAT's flat layout: without an `Annotations/` folder every `*.xml` is an annotation file of
 * subset `train`, named by its base name.
 *
 * @module
 */

import { DataError } from "../core/errors.ts";
import type { FormatTask } from "./types.ts";
import { uploadBytes, type UploadFile } from "./upload_files.ts";
import { parseLabelMap, taskLabelMap, type VocLabelMap } from "./voc_labelmap.ts";

/** One item of one subset and where its annotations are. */
export interface VocItem {
  subset: string;
  id: string;
  /** The annotation XML, when the item is a detection item and the file exists. */
  xml?: UploadFile;
  /** Whether the item's `part` boxes are read (listed in `ImageSets/Layout`). */
  layout: boolean;
  /** Whether the item's objects are read (listed in `ImageSets/Main` or flat). */
  main: boolean;
  classPng?: UploadFile;
  objectPng?: UploadFile;
  /** Label names the class lists mark present (`1`). */
  tags: string[];
}

/** What the upload holds. */
export interface VocUpload {
  map: VocLabelMap;
  items: VocItem[];
}

const TASK_DIRS = ["Main", "Segmentation", "Layout", "Action"] as const;

/**
 * The text of an upload file.
 *
 * @example
 * ```ts
 * import { equal } from "node:assert/strict";
 * import { readText } from "./voc_layout.ts";
 * equal(await readText({ name: "a", open: () => new Blob(["x"]).stream() }), "x");
 * ```
 */
export async function readText(file: UploadFile): Promise<string> {
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(await uploadBytes(file));
  } catch (error) {
    if (error instanceof DataError) throw error;
    throw new DataError(`${file.name}: cannot be read as UTF-8 text`, { cause: error });
  }
}

function findRoot(paths: string[]): string {
  let root: string | null = null;
  for (const path of paths) {
    const match = /^(.*?)(?:ImageSets|Annotations|SegmentationClass|SegmentationObject)\//
      .exec(path);
    if (match && (root === null || match[1].length < root.length)) root = match[1];
  }
  return root ?? "";
}

function lines(text: string): string[] {
  return text.split(/\r?\n/).map((line) => line.trim()).filter((line) => line !== "");
}

function layoutId(line: string, what: string): string {
  const quoted = line.split('"');
  if (quoted.length === 3) return quoted[1];
  if (quoted.length > 1) throw new DataError(`${what}: unexpected quotes in '${line}'`);
  return line.split(/\s+/)[0];
}

async function subsetLists(files: Map<string, UploadFile>, root: string) {
  const subsets = new Map<string, Map<string, Set<string>>>();
  for (const [path, file] of files) {
    if (!path.startsWith(`${root}ImageSets/`)) continue;
    const match = /^([^/]+)\/([^/_]+)\.txt$/.exec(path.slice(root.length + 10));
    if (!match || !(TASK_DIRS as readonly string[]).includes(match[1])) continue;
    const [, dir, subset] = match;
    const ids = lines(await readText(file)).map((line) =>
      dir === "Layout" ? layoutId(line, path) : line
    );
    if (!subsets.has(subset)) subsets.set(subset, new Map());
    for (const id of ids) {
      const dirs = subsets.get(subset)!;
      if (!dirs.has(id)) dirs.set(id, new Set());
      dirs.get(id)!.add(dir);
    }
  }
  return subsets;
}

async function classTags(
  files: Map<string, UploadFile>,
  root: string,
  subset: string,
  map: VocLabelMap,
): Promise<Map<string, string[]>> {
  const tags = new Map<string, string[]>();
  for (const label of map.labels) {
    const path = `${root}ImageSets/Main/${label.name}_${subset}.txt`;
    const file = files.get(path);
    if (!file) continue;
    for (const line of lines(await readText(file))) {
      const match = /^(.*\S)\s+(\S+)$/.exec(line);
      if (!match) throw new DataError(`${path}: '${line}' is not '<item> <1|-1>'`);
      if (match[2] !== "1") continue;
      if (!tags.has(match[1])) tags.set(match[1], []);
      tags.get(match[1])!.push(label.name);
    }
  }
  return tags;
}

function baseId(path: string): string {
  const name = path.slice(path.lastIndexOf("/") + 1);
  return name.replace(/\.[^.]*$/, "");
}

async function listedItems(
  files: Map<string, UploadFile>,
  root: string,
  map: VocLabelMap,
): Promise<VocItem[]> {
  const items: VocItem[] = [];
  const subsets = await subsetLists(files, root);
  for (const subset of [...subsets.keys()].sort()) {
    const tags = await classTags(files, root, subset, map);
    for (const [id, dirs] of subsets.get(subset)!) {
      const main = dirs.has("Main");
      const segmented = dirs.has("Segmentation");
      items.push({
        subset,
        id,
        main,
        layout: dirs.has("Layout"),
        xml: main || dirs.has("Layout") ? files.get(`${root}Annotations/${id}.xml`) : undefined,
        classPng: segmented ? files.get(`${root}SegmentationClass/${id}.png`) : undefined,
        objectPng: segmented ? files.get(`${root}SegmentationObject/${id}.png`) : undefined,
        tags: main ? tags.get(id) ?? [] : [],
      });
    }
  }
  return items;
}

/**
 * Finds the dataset in the files of an upload.
 *
 * @throws {DataError} For a malformed label map or list, or an upload with no VOC item.
 * @example
 * ```ts
 * import { deepEqual } from "node:assert/strict";
 * import { vocUpload } from "./voc_layout.ts";
 * const file = (name: string, text: string) => ({ name, open: () => new Blob([text]).stream() });
 * const upload = await vocUpload([file("x/a.xml", "<annotation/>")], { labels: [] });
 * deepEqual(upload.items.map((item) => [item.subset, item.id]), [["train", "a"]]);
 * ```
 */
export async function vocUpload(
  uploaded: UploadFile[],
  task: Pick<FormatTask, "labels">,
): Promise<VocUpload> {
  const files = new Map(uploaded.map((file) => [file.name, file]));
  const root = findRoot([...files.keys()]);
  const labelMapFile = files.get(`${root}labelmap.txt`);
  const map = labelMapFile
    ? parseLabelMap(await readText(labelMapFile), labelMapFile.name)
    : taskLabelMap(task);
  const items = await listedItems(files, root, map);
  const hasAnnotations = [...files.keys()].some((path) => path.startsWith(`${root}Annotations/`));
  if (!hasAnnotations) {
    const seen = new Set<string>();
    for (const [path, file] of files) {
      const id = baseId(path);
      if (!/\.xml$/i.test(path) || seen.has(id)) continue;
      seen.add(id);
      items.push({ subset: "train", id, main: true, layout: false, xml: file, tags: [] });
    }
  }
  if (!items.length) throw new DataError("The upload holds no PASCAL VOC item");
  return { map, items };
}
