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
 * `@jsquash/jpeg`'s mozjpeg decoder (WebAssembly) decodes JPEG sources, also lazily (`loadMozjpeg`).
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

/** Decodes a JPEG file (exactly its bytes) to RGBA pixels with mozjpeg; EXIF is ignored. */
export type MozjpegDecode = (file: ArrayBuffer) => Promise<ImageData>;

/**
 * Loads @jsquash/jpeg's mozjpeg decoder (WebAssembly, ~4× faster than imagescript on JPEG) on
 * first use, initialised with the `.wasm` bytes read from the package itself: under Deno its
 * emscripten loader would otherwise try to `fetch` a `file:` URL. No network, no native code.
 *
 * A damaged file can make the WebAssembly instance abort, after which every call would fail: the
 * returned function then starts a fresh instance (from the compiled module) before rethrowing.
 *
 * @returns The decode function.
 * @example
 * ```ts ignore
 * const decode = await loadMozjpeg();
 * const { width, height, data } = await decode(jpegBytes.slice().buffer);
 * ```
 */
export function loadMozjpeg(): Promise<MozjpegDecode> {
  mozjpeg ??= (async () => {
    // deno-lint-ignore no-import-prefix
    const decoder = await import("npm:@jsquash/jpeg@^1.6/decode.js");
    // Resolved in Deno's npm cache once the package is loaded: a local `file:` URL.
    const wasmUrl = import.meta.resolve("npm:@jsquash/jpeg@^1.6/codec/dec/mozjpeg_dec.wasm");
    const wasm = await WebAssembly.compile(await Deno.readFile(new URL(wasmUrl)));
    // Quiet: libjpeg's warnings about damaged files would go to stderr.
    const quiet = { print: () => {}, printErr: () => {} };
    // The typings omit init's (module, options) form, which the JavaScript accepts.
    const init = decoder.init as (module: WebAssembly.Module, options: object) => Promise<void>;
    const start = () => init(wasm, quiet);
    await start();
    return async (file: ArrayBuffer) => {
      try {
        return await decoder.default(file);
      } catch (error) {
        await start();
        throw error;
      }
    };
  })();
  mozjpeg.catch(() => mozjpeg = undefined);
  return mozjpeg;
}

let mozjpeg: Promise<MozjpegDecode> | undefined;
