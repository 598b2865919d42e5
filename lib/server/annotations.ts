/**
 * STUB: annotations over REST (issue 4), to be written.
 *
 * @module
 */

import type { Hono } from "./deps.ts";
import type { Env, ServerContext } from "./context.ts";

/**
 * Registers the annotation routes (stub).
 *
 * @example
 * ```ts
 * // registerAnnotationRoutes(app, ctx)
 * ```
 */
export function registerAnnotationRoutes(_app: Hono<Env>, _ctx: ServerContext): void {}
