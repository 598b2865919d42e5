/**
 * Label lists of the client classes: reading them from `/api/labels`, and checking labels that a
 * caller gives to a Task or Project (Label instances or label JSON, names unique).
 *
 * @module
 */

import type { ClientContext } from "./context.ts";
import type { WireLabel } from "../core/wire_types.ts";
import { Label } from "../core/label.ts";
import { ArgumentError } from "../core/errors.ts";
import { show } from "../core/show.ts";
import { fetchAll } from "./pages.ts";
import type { FieldState } from "./fields.ts";

/**
 * The labels of a task, job or project as server JSON (top-level labels, sublabels nested).
 *
 * @example
 * ```ts
 * // const labels = await fetchLabels(ctx, { task_id: 5 });
 * ```
 */
export function fetchLabels(
  ctx: ClientContext,
  scope: { task_id: number } | { job_id: number } | { project_id: number },
): Promise<WireLabel[]> {
  return fetchAll<WireLabel>(ctx, "/labels", scope);
}

/**
 * A Label from a Label or label JSON; ArgumentError for anything else.
 *
 * @example
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import { toLabel } from "./label_list.ts";
 * strictEqual(toLabel({ name: "car", attributes: [] }).name, "car");
 * ```
 */
export function toLabel(value: unknown): Label {
  if (value instanceof Label) return value;
  if (value && typeof value === "object" && !Array.isArray(value)) {
    return new Label(value as WireLabel);
  }
  throw new ArgumentError(`A label must be a Label or label JSON, got ${show(value)}`);
}

/**
 * Checks a list of labels (Labels or JSON) and returns Labels; names must be unique.
 *
 * @example
 * ```ts
 * import { throws } from "node:assert/strict";
 * import { checkLabels } from "./label_list.ts";
 * throws(() => checkLabels([{ name: "a" }, { name: "a" }], "labels"), /duplicate label name "a"/);
 * ```
 */
export function checkLabels(value: unknown, property: string): Label[] {
  if (!Array.isArray(value)) {
    throw new ArgumentError(`${property} must be an array of labels, got ${show(value)}`);
  }
  const labels = value.map(toLabel);
  const names = new Set<string>();
  for (const label of labels) {
    if (names.has(label.name)) {
      throw new ArgumentError(`${property} has a duplicate label name "${label.name}"`);
    }
    names.add(label.name);
  }
  return labels;
}

/**
 * Sets the `labels` of a Task or Project: a checked list that keeps every saved label (labels
 * are append-only here; removing one is an ArgumentError and changes nothing).
 *
 * @example
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import { replaceLabels } from "./label_list.ts";
 * const state = { data: { labels: [] }, changed: new Set<string>() };
 * replaceLabels(state, [{ name: "car" }]);
 * strictEqual(state.changed.has("labels"), true);
 * ```
 */
export function replaceLabels(state: FieldState, value: unknown): void {
  const next = checkLabels(value, "labels");
  const kept = new Set(next.map((l) => l.id).filter((id) => id !== null));
  const lost = (state.data.labels as Label[]).find((l) => l.id !== null && !kept.has(l.id));
  if (lost) {
    throw new ArgumentError(`labels: the saved label "${lost.name}" cannot be removed`);
  }
  state.data.labels = next;
  state.changed.add("labels");
}

/**
 * The `labels` property of a Task or Job: its Label list, with the session's `labels.get(filter)`
 * as a non-enumerable method once the instance has a session.
 *
 * @example
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import { labelList } from "./label_list.ts";
 * const list = labelList([], { get: () => Promise.resolve([]) });
 * strictEqual(list.length, 0);
 * strictEqual(typeof list.get, "function");
 * ```
 */
export function labelList(
  labels: readonly Label[],
  session?: { get(filter?: Record<string, unknown>): Promise<Label[]> },
): Label[] & { get?(filter?: Record<string, unknown>): Promise<Label[]> } {
  const list = [...labels];
  if (session) Object.defineProperty(list, "get", { value: session.get, enumerable: false });
  return list;
}
