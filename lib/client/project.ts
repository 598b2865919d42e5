/**
 * `cvat.Project`: a project from the server's JSON or a new one (`new cvat.Project({ name,
 * labels })`); `save()` creates it (`POST /api/projects`) or sends its changed fields and new
 * labels (`PATCH /api/projects/{id}`), then reads its labels again; `delete()`.
 *
 * @module
 */

import type { ClientContext } from "./context.ts";
import type { WireLabel } from "../core/wire_types.ts";
import type { Label } from "../core/label.ts";
import { ArgumentError } from "../core/errors.ts";
import { show } from "../core/show.ts";
import {
  anyString,
  type ClientClass,
  defineFields,
  type FieldRules,
  initFields,
  nonEmptyString,
  snakeFields,
  stateOf,
} from "./fields.ts";
import { checkLabels, fetchLabels, replaceLabels } from "./label_list.ts";
import { type User, userOrNull } from "./user.ts";
import { checkAssignee } from "./job.ts";

const PROJECT_RULES: FieldRules = {
  id: { key: "id" },
  name: { key: "name", write: "always", check: nonEmptyString },
  owner: { key: "owner", read: userOrNull },
  assignee: { key: "assignee", write: "always", check: checkAssignee, read: userOrNull },
  bugTracker: { key: "bug_tracker", write: "always", check: anyString },
  status: { key: "status" },
  dimension: { key: "dimension", read: (v) => v ?? null },
  organization: { key: "organization", read: (v) => v ?? null },
  guideId: { key: "guide_id", read: (v) => v ?? null },
  createdDate: { key: "created_date" },
  updatedDate: { key: "updated_date" },
  subsets: { key: "task_subsets", read: (v) => [...((v as string[] | undefined) ?? [])] },
  taskSubsets: { key: "task_subsets", read: (v) => [...((v as string[] | undefined) ?? [])] },
};

function projectData(input: Record<string, unknown>): Record<string, unknown> {
  const json = snakeFields(input, PROJECT_RULES);
  const labels = Array.isArray(json.labels) ? checkLabels(json.labels, "labels") : [];
  const data = {
    ...json,
    owner: userOrNull(json.owner),
    assignee: userOrNull(json.assignee),
    labels,
    label_json: labels.map((l) => l.toJSON()),
  };
  if (!Number.isInteger(json.id)) {
    for (const [property, rule] of Object.entries(PROJECT_RULES)) {
      if (rule.check && json[rule.key] !== undefined) rule.check(json[rule.key], property);
    }
  }
  return data;
}

function body(project: object): Record<string, unknown> {
  const { data, changed } = stateOf(project);
  const isNew = !Number.isInteger(data.id);
  const out: Record<string, unknown> = {};
  for (const key of ["name", "bug_tracker"]) {
    if (isNew ? data[key] !== undefined : changed.has(key)) out[key] = data[key];
  }
  if (isNew ? data.assignee : changed.has("assignee")) {
    out.assignee_id = (data.assignee as User | null)?.id ?? null;
  }
  const labels = (data.labels as Label[]).filter((l) => isNew || l.id === null);
  if (labels.length > 0) out.labels = labels.map((l) => l.toJSON());
  return out;
}

async function saveProject(ctx: ClientContext, project: object): Promise<void> {
  const state = stateOf(project);
  const isNew = !Number.isInteger(state.data.id);
  if (isNew && (typeof state.data.name !== "string" || state.data.name.trim() === "")) {
    throw new ArgumentError("Project.save: a new project needs a name");
  }
  const json = isNew
    ? await ctx.http.json<Record<string, unknown>>("POST", "/projects", { json: body(project) })
    : await ctx.http.json<Record<string, unknown>>("PATCH", `/projects/${state.data.id}`, {
      json: body(project),
    });
  const labels = await fetchLabels(ctx, { project_id: json.id as number });
  state.data = projectData({ ...json, labels });
  state.data.label_json = labels;
  state.changed.clear();
}

/**
 * Makes the Project class of a `cvat` instance.
 *
 * @example
 * ```ts
 * // const Project = createProjectClass(ctx);
 * // const project = new Project({ name: "p", labels: [{ name: "car" }] }); await project.save();
 * ```
 */
export function createProjectClass(ctx: ClientContext): ClientClass {
  const save = ctx.plugins.wrap("Project.save", async function (this: object) {
    await saveProject(ctx, this);
    return this;
  });
  const remove = ctx.plugins.wrap("Project.delete", async function (this: object) {
    const id = stateOf(this).data.id;
    if (!Number.isInteger(id)) throw new ArgumentError("Project.delete: the project has no id");
    const response = await ctx.http.request("DELETE", `/projects/${id}`);
    await response.body?.cancel();
  });

  class Project {
    /**
     * A project from server JSON, or a new one from its fields (`labels` as Labels or JSON).
     *
     * @param input The project's JSON or fields.
     */
    constructor(input: Record<string, unknown> = {}) {
      if (!input || typeof input !== "object" || Array.isArray(input)) {
        throw new ArgumentError(`A project needs an object of fields, got ${show(input)}`);
      }
      initFields(this, projectData(input));
    }

    /** The project's labels as the server's JSON (with ids once saved). */
    labelJson(): WireLabel[] {
      return structuredClone(stateOf(this).data.label_json as WireLabel[]);
    }

    /** Creates the project or saves its changed fields and new labels; returns the project. */
    save(): Promise<this> {
      return save.call(this) as Promise<this>;
    }

    /** Deletes the project (and its tasks) on the server. */
    delete(): Promise<void> {
      return remove.call(this);
    }
  }
  defineFields(Project.prototype, "Project", PROJECT_RULES);
  Object.defineProperty(Project.prototype, "labels", {
    enumerable: true,
    get(this: object) {
      return [...(stateOf(this).data.labels as Label[])];
    },
    set(this: object, value: unknown) {
      replaceLabels(stateOf(this), value);
    },
  });
  return Project;
}
