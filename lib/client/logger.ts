/**
 * `cvat.logger`: buffered log events posted to `/api/events` (STUB).
 *
 * @module
 */

import type { ClientContext } from "./context.ts";

/** `cvat.logger`. */
export interface Logger {
  /** Buffers an event (validated at once: an `ArgumentError` for a bad scope or details). */
  put(scope: string, details?: Record<string, unknown>): Promise<void>;
  /** Posts the buffered events; on failure they stay buffered and the error is thrown. */
  save(): Promise<void>;
  /** Buffers an event without waiting (used by the sessions). */
  log(scope: string, details?: Record<string, unknown>): void;
}

/**
 * Creates the logger of a `cvat` instance.
 *
 * @example
 * ```ts
 * // const logger = createLogger(ctx); await logger.put("load:job", { job_id: 1 }); await logger.save();
 * ```
 */
export function createLogger(ctx: ClientContext): Logger {
  const missing = () =>
    Promise.reject(new Error(`logger not implemented (${ctx.config.backendAPI})`));
  return { put: missing, save: missing, log: () => {} };
}
