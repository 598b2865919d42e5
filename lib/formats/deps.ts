/**
 * The formats library's npm dependencies, with full `npm:` specifiers (the same ranges as
 * `deno.json`'s import map, as `lib/server/deps.ts` and `lib/media/deps.ts` do), so that the code
 * also resolves when it is imported without our `deno.json`. `deno.lock` pins the versions.
 *
 * @module
 */

export { SaxesParser } from "npm:saxes@^6.0.0";
export { parse as parseYaml } from "npm:yaml@^2.9.1";
