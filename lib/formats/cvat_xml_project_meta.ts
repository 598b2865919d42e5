/**
 * The `<meta>` block of a project's CVAT XML 1.1 (formats.md §4.3): `<project>` with `id`,
 * `name`, `bugtracker`, `created`, `updated`, `<tasks>` (one `<task>` block per task, in
 * CVAT's order, without labels), `subsets` (newline-joined, "" as "default"), `owner`,
 * `assignee` and the project's `labels`; then `<dumped>`.
 *
 * @module
 */

import {
  labelNodes,
  type MetaNode,
  metaPerson,
  pythonTimestamp,
  taskMetaNode,
  writeMetaNode,
} from "./cvat_xml_meta.ts";
import type { ProjectPlan } from "./project_plan.ts";
import type { ProjectExportInput } from "./types.ts";

/**
 * The project `<meta>` element, starting with a newline, at indentation level 1.
 *
 * @example
 * ```ts
 * import { ok } from "node:assert/strict";
 * import { projectMetaXml } from "./cvat_xml_project_meta.ts";
 * import { planProject } from "./project_plan.ts";
 * const input = { project: { id: 2, name: "p", labels: [{ id: 1, name: "car" }] }, tasks: [
 *   { task: { id: 5, name: "t", mode: "annotation", labels: [], size: 1, startFrame: 0,
 *     stopFrame: 0, frames: [{ name: "a.jpg", width: 1, height: 1 }] }, subset: "",
 *     annotations: { tags: [], shapes: [], tracks: [] } }] };
 * const xml = projectMetaXml(input, planProject(input), new Date(0));
 * ok(xml.includes("<project>\n      <id>2</id>\n      <name>p</name>"));
 * ok(xml.includes("<tasks>\n        <task>\n          <id>5</id>"));
 * ok(xml.includes("<subsets>default</subsets>"));
 * ```
 */
export function projectMetaXml(input: ProjectExportInput, plan: ProjectPlan, now: Date): string {
  const { project } = input;
  const meta = project.meta ?? {};
  const tasks = plan.tasks.map(({ source }): [string, MetaNode] => {
    const task = { ...source.task, meta: { ...source.task.meta, subset: source.subset } };
    return ["task", taskMetaNode(task, { labels: false })];
  });
  const subsets = [...new Set(plan.tasks.map(({ source }) => source.subset || "default"))];
  const node: MetaNode = {
    id: String(project.id ?? ""),
    name: project.name,
    bugtracker: meta.bugTracker ?? "",
    created: pythonTimestamp(meta.createdDate),
    updated: pythonTimestamp(meta.updatedDate),
    tasks,
    subsets: subsets.join("\n"),
    owner: metaPerson(meta.owner),
    assignee: metaPerson(meta.assignee),
    labels: labelNodes(project.labels),
  };
  const out: string[] = [];
  writeMetaNode({ meta: { project: node, dumped: pythonTimestamp(now) } }, 1, out);
  return out.join("");
}
