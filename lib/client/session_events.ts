/**
 * A session's events (`events.subscribe/unsubscribe`): listeners are functions, or an object and
 * the name of its method. Each listener gets `{ type, target, ...details }`; a listener that
 * throws does not stop the others (its error is reported through `onListenerError`).
 *
 * @module
 */

import { ArgumentError } from "../core/errors.ts";
import { EventType } from "../core/enums.ts";

/** What a listener receives. */
export interface SessionEvent {
  /** The event's type (`"objects:created"`, ...). */
  type: EventType;
  /** The Task or Job the event belongs to. */
  target: object;
  /** The details: `clientIDs`, `frame`, `action`, `error`, ... */
  [detail: string]: unknown;
}

/** A listener: a function, or an object whose `method` is called. */
// deno-lint-ignore no-explicit-any
export type Listener = ((event: SessionEvent) => unknown) | Record<string, any>;

/** The public `events` namespace. */
export interface EventsApi {
  /** Adds a listener (a function, or an object and the name of its method) for `type`. */
  subscribe(type: EventType, listener: Listener, method?: string): Promise<void>;
  /** Removes a listener added with the same arguments. */
  unsubscribe(type: EventType, listener: Listener, method?: string): Promise<void>;
}

/** A session's event bus: the public namespace and `emit` for the session's own parts. */
export interface EventBus {
  api: EventsApi;
  /** Calls every listener of `type` (synchronously, in subscription order). */
  emit(type: EventType, details?: Record<string, unknown>): void;
  /** How many listeners `type` has. */
  count(type: EventType): number;
}

const TYPES = new Set<string>(Object.values(EventType));

function checkArgs(type: unknown, listener: unknown, method: unknown): void {
  if (!TYPES.has(type as string)) {
    throw new ArgumentError(
      `Unknown event type ${JSON.stringify(type)}; expected one of ${[...TYPES].join(", ")}`,
    );
  }
  if (typeof listener === "function") {
    if (method !== undefined) {
      throw new ArgumentError("A function listener takes no method name");
    }
    return;
  }
  if (!listener || typeof listener !== "object") {
    throw new ArgumentError(`A listener must be a function or an object, got ${typeof listener}`);
  }
  if (
    typeof method !== "string" ||
    typeof (listener as Record<string, unknown>)[method] !== "function"
  ) {
    throw new ArgumentError(
      `An object listener needs the name of one of its methods, got ${JSON.stringify(method)}`,
    );
  }
}

/**
 * Creates the event bus of a session whose events name `target`.
 *
 * @example
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import { createEventBus } from "./session_events.ts";
 * const bus = createEventBus({});
 * let seen = 0;
 * await bus.api.subscribe("objects:created", (event) => seen += (event.clientIDs as number[]).length);
 * bus.emit("objects:created", { clientIDs: [1, 2] });
 * strictEqual(seen, 2);
 * ```
 */
export function createEventBus(
  target: object,
  onListenerError: (error: unknown) => void = () => {},
): EventBus {
  const listeners = new Map<string, { listener: Listener; method?: string }[]>();
  const api: EventsApi = {
    subscribe(type, listener, method) {
      try {
        checkArgs(type, listener, method);
      } catch (error) {
        return Promise.reject(error);
      }
      const list = listeners.get(type) ?? [];
      if (!list.some((l) => l.listener === listener && l.method === method)) {
        list.push({ listener, method });
      }
      listeners.set(type, list);
      return Promise.resolve();
    },
    unsubscribe(type, listener, method) {
      try {
        checkArgs(type, listener, method);
      } catch (error) {
        return Promise.reject(error);
      }
      const list = listeners.get(type) ?? [];
      listeners.set(type, list.filter((l) => !(l.listener === listener && l.method === method)));
      return Promise.resolve();
    },
  };
  return {
    api,
    emit(type, details = {}) {
      const event: SessionEvent = { ...details, type, target };
      for (const { listener, method } of [...(listeners.get(type) ?? [])]) {
        try {
          if (typeof listener === "function") listener(event);
          else listener[method!](event);
        } catch (error) {
          onListenerError(error);
        }
      }
    },
    count: (type) => listeners.get(type)?.length ?? 0,
  };
}
