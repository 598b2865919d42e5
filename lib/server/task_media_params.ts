/**
 * The query of `GET /api/{tasks|jobs}/{id}/data` (notes §2.8): `type`, `number` and `quality`,
 * checked in CVAT's order with CVAT's messages (400 with a JSON string).
 *
 * @module
 */

import { badRequest } from "./errors.ts";

/** What a data request asks for. */
export type MediaType = "chunk" | "frame" | "preview" | "context_image";

/** The two chunk/frame qualities. */
export type MediaQuality = "compressed" | "original";

/** A checked data query. */
export interface MediaQuery {
  type: MediaType;
  /** The chunk or frame number (task-relative); null only for `context_image` without one. */
  number: number | null;
  quality: MediaQuality;
}

const TYPES: readonly string[] = ["chunk", "frame", "preview", "context_image"];
const QUALITIES: readonly string[] = ["compressed", "original"];

/** A base-10 integer within ±2^31 (else 400). */
function parseNumber(raw: string): number {
  const text = raw.trim();
  if (!/^[+-]?\d{1,10}$/.test(text) || Math.abs(Number(text)) > 2147483647) {
    throw badRequest("The number should be an integer");
  }
  return Number(text);
}

/**
 * Reads and checks the data query; throws CVAT's 400 for a missing or wrong `type`, a missing
 * `number` (chunk, frame, preview) or a wrong `quality` (default `compressed`).
 *
 * @example
 * ```ts
 * import { deepStrictEqual } from "node:assert/strict";
 * import { readMediaQuery } from "./task_media_params.ts";
 * const query = new URLSearchParams("type=chunk&number=0");
 * deepStrictEqual(readMediaQuery((name) => query.get(name) ?? undefined), {
 *   type: "chunk",
 *   number: 0,
 *   quality: "compressed",
 * });
 * ```
 */
export function readMediaQuery(get: (name: string) => string | undefined): MediaQuery {
  const type = get("type");
  if (!type || !TYPES.includes(type)) {
    throw badRequest("Data type not specified or has wrong value");
  }
  const raw = get("number");
  const quality = get("quality") ?? "compressed";
  if (type !== "context_image") {
    if (raw === undefined) throw badRequest("Number is not specified");
    if (!QUALITIES.includes(quality)) throw badRequest("Wrong quality value");
  }
  return {
    type: type as MediaType,
    number: raw === undefined ? null : parseNumber(raw),
    quality: (QUALITIES.includes(quality) ? quality : "compressed") as MediaQuality,
  };
}
