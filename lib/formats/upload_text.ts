/**
 * The text of one upload file (UTF-8, strict), for importers of small text formats.
 *
 * @module
 */

import { DataError } from "../core/errors.ts";
import type { UploadFile } from "./upload_files.ts";

const decoder = new TextDecoder("utf-8", { fatal: true });

/**
 * Reads an upload file as UTF-8 text (a leading byte order mark is dropped).
 *
 * @throws {DataError} Naming the file when it is not valid UTF-8 or cannot be read.
 * @example
 * ```ts
 * import { equal } from "node:assert/strict";
 * import { uploadText } from "./upload_text.ts";
 * const file = { name: "a.txt", open: () => new Blob(["hi"]).stream() };
 * equal(await uploadText(file), "hi");
 * ```
 */
export async function uploadText(file: UploadFile): Promise<string> {
  try {
    const bytes = new Uint8Array(await new Response(file.open()).arrayBuffer());
    return decoder.decode(bytes).replace(/^\uFEFF/, "");
  } catch (error) {
    if (error instanceof DataError) throw error;
    throw new DataError(`${file.name}: cannot be read: ${(error as Error).message}`, {
      cause: error,
    });
  }
}
