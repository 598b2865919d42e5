/**
 * Reading the JSON documents of an upload (a bare `.json` file or the accepted entries of a
 * zip), each parsed whole; a file that is not JSON, or not a JSON object, is a `DataError`
 * naming it.
 *
 * @module
 */

import { DataError } from "../core/errors.ts";
import type { ImportSource } from "./types.ts";
import { uploadBytes, uploadFiles } from "./upload_files.ts";

/** One parsed document. */
export interface JsonFile {
  name: string;
  json: Record<string, unknown>;
}

/** Options of {@linkcode readJsonFiles}. */
export interface JsonUploadOptions {
  /** The upload's file name. */
  name?: string;
  /** The name of a bare file when the upload's name is unknown. */
  defaultName: string;
  /** Which zip entries are documents of this format (by path). */
  accept: (path: string) => boolean;
}

/**
 * The upload's documents, in path order.
 *
 * @throws {DataError} For malformed JSON, a non-object document, or a zip without a document.
 * @example
 * ```ts
 * import { equal, rejects } from "node:assert/strict";
 * import { readJsonFiles } from "./json_upload.ts";
 * const options = { defaultName: "a.json", accept: (path: string) => path.endsWith(".json") };
 * const [file] = await readJsonFiles(new TextEncoder().encode('{"a":1}'), options);
 * equal(file.json.a, 1);
 * await rejects(readJsonFiles(new TextEncoder().encode("{"), options), { name: "DataError" });
 * ```
 */
export async function readJsonFiles(
  source: ImportSource,
  options: JsonUploadOptions,
): Promise<JsonFile[]> {
  const files = await uploadFiles(source, options);
  const out: JsonFile[] = [];
  for (const file of files) {
    const text = new TextDecoder().decode(await uploadBytes(file));
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      throw new DataError(`${file.name}: malformed JSON: ${message}`, { cause: error });
    }
    if (json === null || typeof json !== "object" || Array.isArray(json)) {
      throw new DataError(`${file.name}: expected a JSON object`);
    }
    out.push({ name: file.name, json: json as Record<string, unknown> });
  }
  return out;
}

/**
 * The file name without directories.
 *
 * @example
 * ```ts
 * import { equal } from "node:assert/strict";
 * import { baseName } from "./json_upload.ts";
 * equal(baseName("a/b/instances_default.json"), "instances_default.json");
 * ```
 */
export function baseName(path: string): string {
  return path.slice(path.lastIndexOf("/") + 1);
}
