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
 * // registerServerRoutes(app, ctx)
 * ```
 */
export function registerServerRoutes(_app: Hono<Env>, _ctx: ServerContext): void {}
