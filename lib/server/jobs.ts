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
 * // registerJobRoutes(app, ctx)
 * ```
 */
export function registerJobRoutes(_app: Hono<Env>, _ctx: ServerContext): void {}
