/**
 * A session's `actions` namespace: undo/redo over the loaded collection's history (STUB).
 *
 * @module
 */

import type { SessionState } from "./session.ts";
import type { HistoryActions } from "../core/enums.ts";

/** The public `actions` namespace of a Task or Job. */
export interface ActionsApi {
  undo(count?: number): Promise<number[]>;
  redo(count?: number): Promise<number[]>;
  clear(): Promise<void>;
  freeze(frozen: boolean): Promise<void>;
  get(): Promise<{ undo: [HistoryActions, number][]; redo: [HistoryActions, number][] }>;
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
  const missing = () =>
    Promise.reject(new Error(`actions are not implemented (${state.target.kind})`));
  return { undo: missing, redo: missing, clear: missing, freeze: missing, get: missing };
}
