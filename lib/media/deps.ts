/**
 * The media module's third-party dependencies, in one place.
 *
 * Full `npm:` specifiers (the same ranges as `deno.json`'s import map), as `lib/server/deps.ts`
 * does, so that the code also resolves when imported without our `deno.json`. `deno.lock` pins
 * the versions.
 *
 * fflate is for reading uploaded archives (chunk zips are written by `chunks.ts` itself). imagescript
 * is loaded lazily: its npm build encodes JPEG through a native addon, which Deno only
 * loads with `--allow-ffi`; probing and zipping must work (and the server must start) without it.
 *
 * @module
 */

export { unzipSync, zipSync } from "npm:fflate@^0.8";
export type { Image } from "npm:imagescript@^1.3";

/** imagescript's module, as `loadImagescript` resolves it. */
export type Imagescript = typeof import("npm:imagescript@^1.3");

/**
 * Loads imagescript (decoders and the JPEG encoder) on first use.
 *
 * @returns The module.
 * @example
 * ```ts ignore
 * const { Image } = await loadImagescript();
 * ```
 */
export const loadImagescript = (): Promise<Imagescript> =>
  // A full specifier for the reason above; lazy so that nothing native is loaded before it is needed.
  // deno-lint-ignore no-import-prefix
  import("npm:imagescript@^1.3");
