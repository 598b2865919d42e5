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
 * // registerProjectRoutes(app, ctx)
 * ```
 */
export function registerProjectRoutes(_app: Hono<Env>, _ctx: ServerContext): void {}
