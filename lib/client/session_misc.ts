/**
 * A session's `labels` and `logs` namespaces (STUB).
 *
 * @module
 */

import type { SessionState } from "./session.ts";
import type { Label } from "../core/label.ts";

/** The public `labels` namespace. */
export interface LabelsApi {
  get(filter?: Record<string, unknown>): Promise<Label[]>;
}

/** The public `logs` namespace. */
export interface LogsApi {
  put(scope: string, details?: Record<string, unknown>): Promise<void>;
  save(): Promise<void>;
}

/**
 * Builds the `labels` namespace of a session.
 *
 * @example
 * ```ts
 * // const labels = await createLabelsApi(state).get();
 * ```
 */
export function createLabelsApi(state: SessionState): LabelsApi {
  return {
    get: () => Promise.reject(new Error(`labels are not implemented (${state.target.kind})`)),
  };
}

/**
 * Builds the `logs` namespace of a session.
 *
 * @example
 * ```ts
 * // await createLogsApi(state).put("save:job", {});
 * ```
 */
export function createLogsApi(state: SessionState): LogsApi {
  const missing = () =>
    Promise.reject(new Error(`logs are not implemented (${state.target.kind})`));
  return { put: missing, save: missing };
}
