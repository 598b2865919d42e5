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
export type { Context, MiddlewareHandler } from "npm:hono@^4.13";
