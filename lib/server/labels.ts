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
 * // registerLabelRoutes(app, ctx)
 * ```
 */
export function registerLabelRoutes(_app: Hono<Env>, _ctx: ServerContext): void {}
