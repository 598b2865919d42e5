/**
 * The fields of CVAT's `DataRequest` (notes §2.7), read from multipart strings or JSON values
 * with DRF's messages; every field error of a body is answered at once as a 400.
 *
 * @module
 */

import { badRequest } from "./errors.ts";
import { MAX_INT } from "./body.ts";
import type { RawValue } from "./task_data_form.ts";

/** The sorting methods CVAT accepts. */
export const SORTING_METHODS = ["lexicographical", "natural", "predefined", "random"] as const;

/** A sorting method. */
export type SortingMethod = typeof SORTING_METHODS[number];

/** The validated options of a data upload. */
export interface DataRequest {
  imageQuality: number;
  /** null: automatic (notes §2.7). */
  chunkSize: number | null;
  startFrame: number;
  stopFrame: number | null;
  /** The step of `frame_filter` ("step=N"); 1 when absent. */
  step: number;
  sortingMethod: SortingMethod;
  uploadFileOrder: string[];
  useCache: boolean;
  useZipChunks: boolean;
  copyData: boolean;
  /** Share paths (files or directories). */
  serverFiles: string[];
  serverFilesExclude: string[];
  /** HTTP(S) URLs to download. */
  remoteFiles: string[];
}

const NOT_YET: Record<string, string> = {
  job_file_mapping: "job_file_mapping is not supported yet",
  cloud_storage_id: "cloud storages are not supported yet",
};

class Reader {
  readonly errors: Record<string, string[]> = {};
  constructor(readonly fields: Map<string, RawValue>) {}

  fail(name: string, message: string): undefined {
    this.errors[name] = [message];
    return undefined;
  }

  /** A value that is absent, null or (multipart) an empty string. */
  empty(name: string): boolean {
    const value = this.fields.get(name);
    return value === undefined || value === null || value === "";
  }

  int(name: string, min: number, max: number): number | undefined {
    if (this.empty(name)) return undefined;
    const value = this.fields.get(name);
    const number = typeof value === "string" && /^\s*[-+]?\d+\s*$/.test(value)
      ? Number(value)
      : value;
    if (typeof number !== "number" || !Number.isInteger(number)) {
      return this.fail(name, "A valid integer is required.");
    }
    if (number < min) {
      return this.fail(name, `Ensure this value is greater than or equal to ${min}.`);
    }
    if (number > max) return this.fail(name, `Ensure this value is less than or equal to ${max}.`);
    return number;
  }

  bool(name: string): boolean {
    if (this.empty(name)) return false;
    const value = this.fields.get(name);
    if (typeof value === "boolean") return value;
    const text = String(value).toLowerCase();
    if (["true", "1", "yes", "on", "t", "y"].includes(text)) return true;
    if (["false", "0", "no", "off", "f", "n"].includes(text)) return false;
    this.fail(name, "Must be a valid boolean.");
    return false;
  }

  text(name: string): string {
    const value = this.fields.get(name);
    if (value === undefined || value === null) return "";
    if (typeof value !== "string") this.fail(name, "Not a valid string.");
    return typeof value === "string" ? value : "";
  }

  strings(name: string): string[] {
    const value = this.fields.get(name);
    if (value === undefined || value === null || value === "") return [];
    const list = Array.isArray(value) ? value : [value];
    if (!list.every((v) => typeof v === "string")) {
      this.fail(name, "Expected a list of strings.");
      return [];
    }
    return list as string[];
  }
}

function stepOf(r: Reader): number {
  const filter = r.text("frame_filter").trim();
  if (filter === "") return 1;
  const match = /^step\s*=\s*(\d+)$/.exec(filter);
  const step = match ? Number(match[1]) : 0;
  if (step < 1 || step > MAX_INT) {
    r.fail("frame_filter", "Invalid frame filter expression");
    return 1;
  }
  return step;
}

function sortingOf(r: Reader): SortingMethod {
  const value = r.empty("sorting_method") ? "lexicographical" : r.fields.get("sorting_method");
  if (SORTING_METHODS.includes(value as SortingMethod)) return value as SortingMethod;
  r.fail("sorting_method", `"${String(value)}" is not a valid choice.`);
  return "lexicographical";
}

/** Refuses what this server cannot do yet (cloud storages, explicit job mappings). */
function refuseUnsupported(fields: Map<string, RawValue>): void {
  for (const [name, message] of Object.entries(NOT_YET)) {
    const value = fields.get(name);
    const given = Array.isArray(value) ? value.length > 0 : value !== undefined && value !== null &&
      value !== "";
    if (given) throw badRequest([message]);
  }
}

/**
 * Validates the options of a data upload (DRF messages per field, all at once).
 *
 * @example
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import { readDataRequest } from "./task_data_fields.ts";
 * const request = readDataRequest(new Map([["image_quality", "70"], ["frame_filter", "step=2"]]));
 * strictEqual(request.step, 2);
 * strictEqual(request.chunkSize, null);
 * ```
 */
export function readDataRequest(fields: Map<string, RawValue>): DataRequest {
  refuseUnsupported(fields);
  const r = new Reader(fields);
  const imageQuality = r.int("image_quality", 0, 100);
  if (r.empty("image_quality") && !r.errors.image_quality) {
    r.fail("image_quality", "This field is required.");
  }
  const chunkSize = r.int("chunk_size", 1, MAX_INT);
  const startFrame = r.int("start_frame", 0, MAX_INT) ?? 0;
  const stopFrame = r.int("stop_frame", 0, MAX_INT) ?? null;
  const request: DataRequest = {
    imageQuality: imageQuality ?? 0,
    chunkSize: chunkSize ?? null,
    startFrame,
    stopFrame,
    step: stepOf(r),
    sortingMethod: sortingOf(r),
    uploadFileOrder: r.strings("upload_file_order"),
    useCache: r.bool("use_cache"),
    useZipChunks: r.bool("use_zip_chunks"),
    copyData: r.bool("copy_data"),
    serverFiles: r.strings("server_files"),
    serverFilesExclude: r.strings("server_files_exclude"),
    remoteFiles: r.strings("remote_files"),
  };
  if (stopFrame !== null && stopFrame < startFrame && !r.errors.stop_frame) {
    r.errors.non_field_errors = ["Stop frame must be more or equal start frame"];
  }
  if (Object.keys(r.errors).length > 0) throw badRequest(r.errors);
  return request;
}
