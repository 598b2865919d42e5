/**
 * The labels an export or import describes to the formats library: the server label JSON of a
 * task's or project's label set (a task in a project uses the project's labels, so its
 * annotations' label ids are the project's), sublabels nested under their skeleton, with
 * colours, types, attribute specs and the skeleton SVG.
 *
 * @module
 */

import type { ServerContext } from "./context.ts";
import { groupLabels, labelJson } from "./labels_view.ts";
import { type LabelOwner, ownerLabels } from "./labels_write.ts";
import type { WireLabel } from "../core/wire_types.ts";

/**
 * The owner's labels as nested server label JSON, in id order.
 *
 * @example
 * ```ts
 * // const labels = await exportLabels(ctx, { taskId: null, projectId: 2 });
 * // labels[0] → { id, name, color, attributes, type, svg?, sublabels: [...], ... }
 * ```
 */
export async function exportLabels(ctx: ServerContext, owner: LabelOwner): Promise<WireLabel[]> {
  const { top, children } = groupLabels(await ownerLabels(ctx, owner));
  return top.sort((a, b) => a.id - b.id)
    .map((label) => labelJson(label, children.get(label.id) ?? []) as unknown as WireLabel);
}
