/**
 * The `data.yaml` of the Ultralytics YOLO formats (formats.md §7.3). Written as PyYAML's
 * `dump` writes CVAT's (block style, keys sorted): `kpt_shape` (Pose), `names` as a mapping
 * `index: name`, `path: .` and one `<subset>: <subset>.txt` per subset. Names that YAML 1.1
 * (PyYAML, which Ultralytics uses) would not read back as the same string are quoted. Read with
 * the `yaml` package: `names` as a mapping (integer keys, the class ids) or a list; `kpt_shape`;
 * and as subsets every other key whose value is a path or a list of paths (`path`, `download`
 * and keys like Roboflow's `roboflow` block are not subsets). The `yaml` package's parser reads the
 * `LOG_TOKENS` environment variable, so reading needs env access (`--allow-env`, as the server
 * has); without it the permission error is passed on, not reported as bad data.
 *
 * @module
 */

import { DataError } from "../core/errors.ts";
import { parseYaml } from "./deps.ts";

/** What an import takes from `data.yaml`. */
export interface UltralyticsConfig {
  /** Class id → label name. */
  names: Map<number, string>;
  /** `[points, values per point]`, when given. */
  kptShape?: [number, number];
  /** Subset name → its images: a list file, a folder, or a list of image paths. */
  subsets: Map<string, string | string[]>;
}

const NOT_SUBSETS = new Set(["path", "names", "nc", "kpt_shape", "flip_idx", "download"]);
const PLAIN = /^[A-Za-z_][A-Za-z0-9_ .()/+-]*$/;
const YAML11_WORDS = /^(?:y|yes|n|no|true|false|on|off|null|nan|inf)$/i;

/**
 * A string as a YAML scalar: plain when that reads back as the same string, else quoted.
 *
 * @example
 * ```ts
 * import { equal } from "node:assert/strict";
 * import { yamlScalar } from "./ultralytics_yaml.ts";
 * equal(yamlScalar("traffic light"), "traffic light");
 * equal(yamlScalar("yes"), "'yes'");
 * equal(yamlScalar("it's: 1"), "'it''s: 1'");
 * equal(yamlScalar("a\nb"), '"a\\nb"');
 * ```
 */
export function yamlScalar(text: string): string {
  if (PLAIN.test(text) && !YAML11_WORDS.test(text) && text.trimEnd() === text) return text;
  // deno-lint-ignore no-control-regex
  if (/[\x00-\x1f\x7f]/.test(text)) return JSON.stringify(text);
  return `'${text.replaceAll("'", "''")}'`;
}

/**
 * The text of a `data.yaml`.
 *
 * @example
 * ```ts
 * import { equal } from "node:assert/strict";
 * import { dataYaml } from "./ultralytics_yaml.ts";
 * equal(dataYaml(["car", "on"], { train: "train.txt" }, 2),
 *   "kpt_shape:\n- 2\n- 3\nnames:\n  0: car\n  1: 'on'\npath: .\ntrain: train.txt\n");
 * ```
 */
export function dataYaml(
  names: readonly string[],
  subsets: Record<string, string>,
  keypoints?: number,
): string {
  const entries: [string, string][] = [
    [
      "names",
      names.length ? "\n" + names.map((n, i) => `  ${i}: ${yamlScalar(n)}\n`).join("") : " {}\n",
    ],
    ["path", " .\n"],
  ];
  if (keypoints !== undefined) entries.push(["kpt_shape", `\n- ${keypoints}\n- 3\n`]);
  for (const [subset, list] of Object.entries(subsets)) {
    entries.push([subset, ` ${yamlScalar(list)}\n`]);
  }
  entries.sort(([a], [b]) => a < b ? -1 : a > b ? 1 : 0);
  return entries.map(([key, value]) => `${yamlScalar(key)}:${value}`).join("");
}

function namesOf(value: unknown, file: string): Map<number, string> {
  const out = new Map<number, string>();
  if (Array.isArray(value)) {
    value.forEach((name, i) => out.set(i, String(name)));
    return out;
  }
  if (value && typeof value === "object") {
    for (const [key, name] of Object.entries(value)) {
      if (!/^\s*[+-]?\d+\s*$/.test(key)) {
        throw new DataError(`${file}: "names" key "${key}" is not a class index`);
      }
      out.set(Number(key), String(name));
    }
    return out;
  }
  throw new DataError(`${file}: "names" must be a mapping or a list`);
}

function kptShapeOf(value: unknown, file: string): [number, number] | undefined {
  if (value === undefined || value === null) return undefined;
  if (
    !Array.isArray(value) || value.length !== 2 || !Number.isInteger(value[0]) ||
    value[0] < 0 || (value[1] !== 2 && value[1] !== 3)
  ) {
    throw new DataError(`${file}: "kpt_shape" must be [points, 2 or 3]`);
  }
  return [value[0], value[1]];
}

/**
 * Reads a `data.yaml`.
 *
 * @throws {DataError} For malformed YAML, a missing or malformed `names`, a bad `kpt_shape`.
 * @example
 * ```ts
 * import { deepEqual } from "node:assert/strict";
 * import { readDataYaml } from "./ultralytics_yaml.ts";
 * const config = readDataYaml("train: ../train/images\nnc: 2\nnames: ['a', 'b']\n" +
 *   "roboflow:\n  workspace: w\n", "data.yaml");
 * deepEqual([...config.names], [[0, "a"], [1, "b"]]);
 * deepEqual([...config.subsets], [["train", "../train/images"]]);
 * ```
 */
export function readDataYaml(text: string, file: string): UltralyticsConfig {
  let doc: unknown;
  try {
    doc = parseYaml(text);
  } catch (error) {
    // The `yaml` package reads the LOG_TOKENS variable: without env access that is no data error.
    if (error instanceof Deno.errors.NotCapable || error instanceof Deno.errors.PermissionDenied) {
      throw error;
    }
    const message = error instanceof Error ? error.message : String(error);
    throw new DataError(`${file}: malformed YAML: ${message}`, { cause: error });
  }
  if (!doc || typeof doc !== "object" || Array.isArray(doc)) {
    throw new DataError(`${file}: expected a mapping`);
  }
  const config = doc as Record<string, unknown>;
  if (config.names === undefined) throw new DataError(`${file}: "names" is missing`);
  const subsets = new Map<string, string | string[]>();
  for (const [key, value] of Object.entries(config)) {
    if (NOT_SUBSETS.has(key)) continue;
    if (typeof value === "string" && value.trim()) subsets.set(key, value);
    else if (Array.isArray(value) && value.length && value.every((v) => typeof v === "string")) {
      subsets.set(key, value as string[]);
    }
  }
  return {
    names: namesOf(config.names, file),
    kptShape: kptShapeOf(config.kpt_shape, file),
    subsets,
  };
}
