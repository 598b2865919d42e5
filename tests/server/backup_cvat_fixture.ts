/**
 * A minimal task backup written by hand in the layout CVAT 2.15's `TaskExporter` produces
 * (stored zip; `data/` from the upload directory with `manifest.jsonl` and `index.json`,
 * `task.json`, `annotations.json` with label and attribute names), and small zips for the
 * refusal tests.
 *
 * @module
 */

import { zipSync } from "fflate";
import { imageBytes } from "./task_data_fixture.ts";
import type { Json } from "./exchange_fixture.ts";

const text = (value: string) => new TextEncoder().encode(value);

/** The skeleton svg as CVAT writes it in a backup (sublabels by name). */
export const SKELETON_SVG = '<line x1="10" y1="10" x2="20" y2="20" data-type="edge" ' +
  'data-node-from="1" data-node-to="2"></line><circle r="0.75" cx="10" cy="10" ' +
  'data-type="element node" data-element-id="1" data-node-id="1" data-label-name="head">' +
  '</circle><circle r="0.75" cx="20" cy="20" data-type="element node" data-element-id="2" ' +
  'data-node-id="2" data-label-name="foot"></circle>';

/**
 * CVAT 2.15's `task.json` of a 3-frame task with a rectangle label (with a mutable select
 * attribute) and a skeleton, cut into jobs of 2 frames; `data` fields may be overridden.
 *
 * @example
 * ```ts
 * // const manifest = cvatManifest({ sorting_method: "predefined" });
 * ```
 */
export function cvatManifest(data: Json = {}): Json {
  const points = (name: string, color: string) => ({ name, color, attributes: [], type: "points" });
  return {
    name: "cvat task",
    bug_tracker: "https://bugs.example/1",
    status: "annotation",
    subset: "Train",
    labels: [
      {
        name: "car",
        color: "#fa3253",
        attributes: [{
          name: "color",
          mutable: true,
          input_type: "select",
          default_value: "red",
          values: ["red", "blue"],
        }],
        type: "rectangle",
        sublabels: [],
      },
      {
        name: "person",
        color: "#00ff00",
        attributes: [],
        type: "skeleton",
        svg: SKELETON_SVG,
        sublabels: [points("head", "#d12345"), points("foot", "#350dea")],
      },
    ],
    version: "1.0",
    data: {
      chunk_size: 72,
      image_quality: 70,
      start_frame: 0,
      stop_frame: 2,
      storage_method: "cache",
      storage: "local",
      sorting_method: "lexicographical",
      chunk_type: "imageset",
      deleted_frames: [],
      ...data,
    },
    jobs: [
      { start_frame: 0, stop_frame: 1, frames: [], status: "completed", type: "annotation" },
      { start_frame: 2, stop_frame: 2, frames: [], status: "annotation", type: "annotation" },
    ],
  };
}

const shape = (type: string, frame: number, points: number[], label: string, extra: Json = {}) => ({
  type,
  occluded: false,
  outside: false,
  z_order: 0,
  rotation: 0.0,
  points,
  frame,
  group: 0,
  source: "manual",
  attributes: [],
  elements: [],
  label,
  ...extra,
});

/**
 * CVAT 2.15's `annotations.json` for {@linkcode cvatManifest}: job 1 has a rectangle with an
 * attribute and a skeleton; job 2 a tag and a track.
 *
 * @example
 * ```ts
 * // const annotations = cvatAnnotations();
 * ```
 */
export function cvatAnnotations(): Json {
  const { label: _l, elements: _e, group: _g, source: _s, ...keyframe } = shape(
    "rectangle",
    2,
    [1, 1, 5, 5],
    "",
    { attributes: [{ value: "red", name: "color" }] },
  );
  return [
    {
      version: 3,
      tags: [],
      shapes: [
        shape("rectangle", 0, [1, 2, 3, 4], "car", {
          attributes: [{ value: "blue", name: "color" }],
        }),
        shape("skeleton", 1, [], "person", {
          elements: [
            shape("points", 1, [10, 10], "head"),
            shape("points", 1, [20, 20], "foot", { outside: true }),
          ],
        }),
      ],
      tracks: [],
    },
    {
      version: 1,
      tags: [{ frame: 2, group: 0, source: "manual", attributes: [], label: "car" }],
      shapes: [],
      tracks: [{
        frame: 2,
        group: 0,
        source: "manual",
        attributes: [],
        shapes: [keyframe],
        elements: [],
        label: "car",
      }],
    },
  ];
}

/** The media of the CVAT backup: name → [width, height] (lexicographical order: b, a, c). */
export const CVAT_FRAMES: [string, number, number][] = [
  ["images/img_b.png", 20, 10],
  ["img_a.png", 40, 30],
  ["img_c.png", 30, 20],
];

/**
 * The whole CVAT-layout backup as zip bytes; `files` replaces or adds entries (null removes).
 *
 * @example
 * ```ts
 * // const zip = await cvatBackup({ "task.json": null });
 * ```
 */
export async function cvatBackup(
  files: Record<string, Uint8Array | null> = {},
  manifest: Json = cvatManifest(),
): Promise<Uint8Array> {
  const entries: Record<string, Uint8Array> = {};
  const lines = ['{"version":"1.1"}', '{"type":"images"}'];
  for (const [i, [name, width, height]] of CVAT_FRAMES.entries()) {
    entries[`data/${name}`] = await imageBytes(width, height, "png", 0x10203040 + i);
    const dot = name.lastIndexOf(".");
    lines.push(JSON.stringify({
      name: name.slice(0, dot),
      extension: name.slice(dot),
      width,
      height,
    }));
  }
  entries["data/manifest.jsonl"] = text(lines.join("\n") + "\n");
  entries["data/index.json"] = text('{"0": 36, "1": 120, "2": 200}');
  entries["task.json"] = text(JSON.stringify(manifest));
  entries["annotations.json"] = text(JSON.stringify(cvatAnnotations()));
  for (const [name, bytes] of Object.entries(files)) {
    if (bytes === null) delete entries[name];
    else entries[name] = bytes;
  }
  return zipSync(entries, { level: 0 });
}

/**
 * Text as bytes (for replacing entries).
 *
 * @example
 * ```ts
 * // await cvatBackup({ "task.json": bytesOf("{}") });
 * ```
 */
export function bytesOf(value: string): Uint8Array {
  return text(value);
}
