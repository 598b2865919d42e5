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
 * // registerConventions(app, ctx)
 * ```
 */
export function registerConventions(_app: Hono<Env>, _ctx: ServerContext): void {}
