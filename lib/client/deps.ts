/**
 * The client's third-party dependencies, in one place.
 *
 * Full `npm:` specifiers (the same ranges as `deno.json`'s import map), as `lib/server/deps.ts`
 * and `lib/media/deps.ts` do, so that the client also resolves when imported without our
 * `deno.json`. `deno.lock` pins the versions. fflate unpacks the frame chunks.
 *
 * @module
 */

export { unzipSync } from "npm:fflate@^0.8";
