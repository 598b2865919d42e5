/**
 * The server's third-party dependencies, in one place.
 *
 * Full `npm:` specifiers (the same ranges as `deno.json`'s import map) so that `server.ts` also
 * resolves when a program outside this package imports it without our `deno.json`, as external
 * test harnesses do. `deno.lock` pins the versions.
 *
 * @module
 */

export { Hono } from "npm:hono@^4.13";
export type { Context, MiddlewareHandler, Next } from "npm:hono@^4.13";

/**
 * Loads `swagger-ui-dist`'s tiny helper that returns the package's directory on disk (Swagger UI's
 * files are served from there by `GET /api/docs`). Imported lazily: nothing is read at start-up.
 */
export const loadSwaggerUiDist = (): Promise<{ default: () => string }> =>
  // A full specifier for the reason above; lazy so that nothing is resolved before /api/docs.
  // deno-lint-ignore no-import-prefix
  import("npm:swagger-ui-dist@^5/absolute-path.js");
