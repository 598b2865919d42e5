/**
 * `cvat.logger`: log events buffered in the client and posted to `POST /api/events` by `save()`,
 * as cvat-core's logger does (notes §9). `put` checks the event at once (`log_event.ts`) and adds
 * `client_id` (the last six digits of the logger's creation time) and `is_active: true` to its
 * payload; repeats are compressed as cvat-core does (`foldLogEvent`). `save()` posts
 * `{ events, previous_event?, timestamp }` (the previous event is the last one sent before);
 * nothing is sent automatically. When the post fails, the events go back in front of the ones
 * logged meanwhile and the error is thrown; saves run one after another.
 *
 * @module
 */

import type { ClientContext } from "./context.ts";
import {
  type DumpedEvent,
  dumpLogEvent,
  foldLogEvent,
  keepsFrameChain,
  type LogEvent,
  makeLogEvent,
} from "./log_event.ts";

/** `cvat.logger`. */
export interface Logger {
  /** Buffers an event (validated at once: an `ArgumentError` for a bad scope or details). */
  put(scope: string, details?: Record<string, unknown>): Promise<void>;
  /** Posts the buffered events; on failure they stay buffered and the error is thrown. */
  save(): Promise<void>;
  /** Buffers an event without waiting (used by the sessions); an invalid event is dropped. */
  log(scope: string, details?: Record<string, unknown>): void;
}

/** The body of `POST /api/events`. */
export interface EventsBody {
  events: DumpedEvent[];
  previous_event?: DumpedEvent;
  timestamp: string;
}

const loggers = new WeakMap<ClientContext, Logger>();

/**
 * The logger of a client context (the one `createLogger` made for it, else a new one).
 *
 * @example
 * ```ts
 * // const logger = loggerOf(state.ctx); await logger.save();
 * ```
 */
export function loggerOf(ctx: ClientContext): Logger {
  return loggers.get(ctx) ?? createLogger(ctx);
}

function createBuffer(clientId: string) {
  const buffer: LogEvent[] = [];
  /** The newest buffered event of each compressed scope. */
  const lastOf = new Map<string, LogEvent>();
  const push = (scope: unknown, details: unknown) => {
    const event = makeLogEvent(scope, details);
    event.payload.client_id = clientId;
    event.payload.is_active = true;
    if (!keepsFrameChain(event.scope)) lastOf.delete("change:frame");
    const last = lastOf.get(event.scope);
    if (last && foldLogEvent(last, event, buffer.at(-1) === last)) return;
    buffer.push(event);
    lastOf.set(event.scope, event);
  };
  return { buffer, lastOf, push };
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
  const { buffer, lastOf, push } = createBuffer(String(Date.now()).slice(-6));
  let lastSent: LogEvent | null = null;
  let queue: Promise<unknown> = Promise.resolve();

  const send = async () => {
    if (buffer.length === 0) return;
    const batch = buffer.splice(0, buffer.length);
    const body: EventsBody = {
      events: batch.map(dumpLogEvent),
      ...(lastSent ? { previous_event: dumpLogEvent(lastSent) } : {}),
      timestamp: new Date().toISOString(),
    };
    try {
      await ctx.http.json("POST", "/events", { json: body });
    } catch (error) {
      buffer.unshift(...batch);
      throw error;
    }
    lastSent = batch[batch.length - 1];
    // Events logged during the post are not folded into the ones sent.
    for (const [scope, event] of lastOf) if (batch.includes(event)) lastOf.delete(scope);
  };
  const logger: Logger = {
    put(scope, details) {
      try {
        push(scope, details);
        return Promise.resolve();
      } catch (error) {
        return Promise.reject(error);
      }
    },
    save() {
      const run = queue.then(send);
      queue = run.catch(() => {});
      return run;
    },
    log(scope, details) {
      try {
        push(scope, details);
      } catch { /* dropped: log() never throws */ }
    },
  };
  loggers.set(ctx, logger);
  return logger;
}
