/**
 * STUB: to be written.
 *
 * @module
 */

import type { Hono } from "./deps.ts";
import type { Env, ServerContext } from "./context.ts";

/**
 * Registers this module's routes (stub).
 *
 * @example
 * ```ts
 * // registerTaskRoutes(app, ctx)
 * ```
 */
export function registerTaskRoutes(_app: Hono<Env>, _ctx: ServerContext): void {}
