/**
 * What a project export writes (formats.md §3.1): the project with its labels and its tasks
 * that have data, in id order, each with its subset; a task's annotations are read when the
 * export reaches it, and with `images` its frames are read from its originals one at a time.
 *
 * @module
 */

import type { ServerContext } from "./context.ts";
import { exportLabels } from "./export_labels.ts";
import {
  formatTaskOf,
  originalImages,
  type Subject,
  subjectAnnotations,
  taskFilesPrefix,
} from "./export_subject.ts";
import type { ProjectExportInput, ProjectExportTask } from "../formats/types.ts";
import type { ProjectRecord } from "../store/types.ts";

async function person(ctx: ServerContext, id: number | null) {
  const user = id === null ? null : await ctx.store.users.get(id);
  return user ? { username: user.username, email: user.email } : null;
}

async function projectOf(ctx: ServerContext, project: ProjectRecord) {
  return {
    id: project.id,
    name: project.name,
    labels: await exportLabels(ctx, { taskId: null, projectId: project.id }),
    meta: {
      createdDate: project.createdDate,
      updatedDate: project.updatedDate,
      owner: await person(ctx, project.ownerId),
      assignee: await person(ctx, project.assigneeId),
      bugTracker: project.bugTracker,
    },
  };
}

/**
 * The formats library's input for a project export (`subject.kind === "project"`); `origin`
 * makes the job URLs of the metadata.
 *
 * @example
 * ```ts
 * // const zip = exportProject(format, await projectExportInputOf(ctx, subject, options));
 * ```
 */
export async function projectExportInputOf(
  ctx: ServerContext,
  subject: Subject,
  options: { images: boolean; origin: string },
): Promise<ProjectExportInput> {
  const project = subject.project!;
  const tasks = (await ctx.store.tasks.listBy("projectId", project.id))
    .filter((task) => task.data)
    .sort((a, b) => a.id - b.id);
  const entries: ProjectExportTask[] = [];
  for (const task of tasks) {
    const taskSubject: Subject = {
      kind: "task",
      id: task.id,
      task,
      job: null,
      project,
      updated: task.updatedDate,
      prefix: taskFilesPrefix(task.id),
    };
    entries.push({
      task: await formatTaskOf(ctx, taskSubject, options.origin),
      subset: task.subset,
      annotations: () => subjectAnnotations(ctx, taskSubject),
      images: options.images ? originalImages(ctx, task.id) : undefined,
    });
  }
  return { project: await projectOf(ctx, project), tasks: entries };
}
