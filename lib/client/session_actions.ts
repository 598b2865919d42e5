/**
 * A session's `actions` namespace: undo/redo over the collection's history (loading the
 * collection first if needed). `undo`, `redo` and `clear` announce `history:changed`
 * `{ reason, clientIDs, history }` on the session's bus. Every method goes through the plugins
 * as `"<Task|Job>.actions.<name>"` with `this` = the Task or Job.
 *
 * @module
 */

import type { SessionState } from "./session.ts";
import type { HistoryActions } from "../core/enums.ts";
import type { History } from "../core/history.ts";
import { wrapSessionMethod } from "./session_wrap.ts";

/** The public `actions` namespace of a Task or Job. */
export interface ActionsApi {
  /** Undoes the last `count` (default 1) history entries; answers the affected clientIDs. */
  undo(count?: number): Promise<number[]>;
  /** Redoes the last `count` (default 1) undone entries; answers the affected clientIDs. */
  redo(count?: number): Promise<number[]>;
  /** Forgets the history (nothing can be undone or redone). */
  clear(): Promise<void>;
  /** While frozen, operations are not recorded. */
  freeze(frozen: boolean): Promise<void>;
  /** The history as `[action, frame]` pairs, oldest first. */
  get(): Promise<{ undo: [HistoryActions, number][]; redo: [HistoryActions, number][] }>;
}

function methods(state: SessionState): ActionsApi {
  const history = async (): Promise<History> => (await state.collection()).history;
  const changed = (h: History, reason: string, clientIDs: number[]) =>
    state.bus.emit("history:changed", { reason, clientIDs, history: h.get() });
  return {
    async undo(count = 1) {
      const h = await history();
      const ids = h.undo(count);
      changed(h, "undo", ids);
      return ids;
    },
    async redo(count = 1) {
      const h = await history();
      const ids = h.redo(count);
      changed(h, "redo", ids);
      return ids;
    },
    async clear() {
      const h = await history();
      h.clear();
      changed(h, "clear", []);
    },
    async freeze(frozen) {
      (await history()).freeze(frozen);
    },
    get: async () => (await history()).get(),
  };
}

/**
 * Builds the `actions` namespace of a session.
 *
 * @example
 * ```ts
 * // const actions = createActionsApi(state); await actions.undo();
 * ```
 */
export function createActionsApi(state: SessionState): ActionsApi {
  const api = methods(state) as unknown as Record<string, (...args: unknown[]) => unknown>;
  const out: Record<string, unknown> = {};
  for (const [name, fn] of Object.entries(api)) {
    out[name] = wrapSessionMethod(state, ["actions", name], fn);
  }
  return Object.freeze(out) as unknown as ActionsApi;
}
