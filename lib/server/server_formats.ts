/**
 * `GET /api/server/annotation/formats`, derived from the library's `listFormats()`
 * (DESIGN.md, "The formats contract").
 *
 * @module
 */

import { type FormatInfo, listFormats } from "../formats/mod.ts";

export type { FormatInfo };

/** CVAT's `{name, ext, version, enabled, dimension}`. */
export interface FormatJson {
  name: string;
  ext: string;
  version: string;
  enabled: boolean;
  dimension: "2d" | "3d";
}

/**
 * The formats this server knows: the formats library's `listFormats()`.
 *
 * @example
 * ```ts
 * import { ok } from "node:assert/strict";
 * import { availableFormats } from "./server_formats.ts";
 * ok(Array.isArray(availableFormats()));
 * ```
 */
export function availableFormats(): FormatInfo[] {
  return listFormats();
}

/**
 * CVAT's `{importers, exporters}` from a format list.
 *
 * @example
 * ```ts
 * import { deepStrictEqual } from "node:assert/strict";
 * import { formatsJson } from "./server_formats.ts";
 * const coco = { name: "COCO 1.0", ext: "ZIP", version: "1.0", importer: false, exporter: true, dimension: "2d" } as const;
 * deepStrictEqual(formatsJson([coco]).exporters, [
 *   { name: "COCO 1.0", ext: "ZIP", version: "1.0", enabled: true, dimension: "2d" },
 * ]);
 * ```
 */
export function formatsJson(
  formats: readonly FormatInfo[],
): { importers: FormatJson[]; exporters: FormatJson[] } {
  const json = ({ name, ext, version, dimension }: FormatInfo): FormatJson => ({
    name,
    ext,
    version,
    enabled: true,
    dimension,
  });
  return {
    importers: formats.filter((f) => f.importer).map(json),
    exporters: formats.filter((f) => f.exporter).map(json),
  };
}
