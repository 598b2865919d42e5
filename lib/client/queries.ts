/**
 * `cvat.tasks.get`, `cvat.jobs.get`, `cvat.projects.get`, `cvat.users.get`: filters validated as
 * cvat-core does (`filters.ts`), results as arrays of the instance's classes with a `count`.
 * Asked by id, a task comes with its labels and jobs, a job and a project with their labels; an
 * id that does not exist gives `[]` with count 0.
 *
 * @module
 */

import type { ClientContext } from "./context.ts";
import type { Query } from "./http.ts";
import {
  andLogic,
  checkFilter,
  JOBS_FILTER,
  logicParam,
  PROJECTS_FILTER,
  TASKS_FILTER,
  USERS_FILTER,
} from "./filters.ts";
import { type Paged, paged, type PageJson } from "./pages.ts";
import { fetchLabels } from "./label_list.ts";
import { withParts } from "./task_save.ts";
import { User, type UserJson } from "./user.ts";
import type { WireLabel } from "../core/wire_types.ts";

export type { Paged };

/** The query namespaces of a `cvat` instance. */
export interface Queries {
  /**
   * `tasks.get(filter)`: Tasks (keys `id`, `page`, `projectId`, `search`, `sort`, `filter`,
   * `ordering`); by `id`, the task comes with its labels and jobs.
   */
  // deno-lint-ignore no-explicit-any
  tasks: { get(filter?: Record<string, unknown>): Promise<Paged<any>> };
  /** `jobs.get(filter)`: Jobs (keys `jobID`, `taskID`, `page`, `search`, `sort`, `filter`, `type`). */
  // deno-lint-ignore no-explicit-any
  jobs: { get(filter?: Record<string, unknown>): Promise<Paged<any>> };
  /** `projects.get(filter)`: Projects (keys `id`, `page`, `search`, `sort`, `filter`). */
  // deno-lint-ignore no-explicit-any
  projects: { get(filter?: Record<string, unknown>): Promise<Paged<any>> };
  /** `users.get(filter)`: Users (keys `id`, `self`, `search`, `is_active`, `limit`). */
  users: { get(filter?: Record<string, unknown>): Promise<Paged<User>> };
}

type Json = Record<string, unknown>;

/** One object by id, or null when the server says 404. */
async function byId(ctx: ClientContext, path: string): Promise<Json | null> {
  const response = await ctx.http.request("GET", path, { accept: [404] });
  if (response.status === 404) {
    await response.body?.cancel();
    return null;
  }
  return await response.json();
}

function listQuery(filter: Json, keys: string[], pageSize: number): Query {
  const query: Query = { page_size: pageSize };
  for (const key of keys) {
    if (filter[key] === undefined) continue;
    query[key] = key === "filter" ? logicParam(filter.filter) : filter[key] as string | number;
  }
  return query;
}

async function getTasks(ctx: ClientContext, raw: unknown) {
  const filter = checkFilter(raw, TASKS_FILTER);
  const { Task } = ctx.classes;
  if (filter.id !== undefined) {
    const json = await byId(ctx, `/tasks/${filter.id}`);
    if (!json) return paged([], 0);
    const { task, labels, jobs } = await withParts(ctx, json);
    return paged([new Task({ ...task, progress: task.jobs, labels, jobs })], 1);
  }
  const query = listQuery(filter, ["page", "sort", "search", "filter", "ordering"], 10);
  if (filter.projectId !== undefined) {
    query.filter = andLogic([filter.filter, { "==": [{ var: "project_id" }, filter.projectId] }]);
  }
  const answer = await ctx.http.json<PageJson<Json>>("GET", "/tasks", { query });
  return paged(answer.results.map((json) => new Task(json)), answer.count);
}

/** The labels of the listed jobs: one request per task (through one of its jobs). */
async function jobLabels(ctx: ClientContext, jobs: Json[]): Promise<Map<unknown, WireLabel[]>> {
  const firstJob = new Map<unknown, number>();
  for (const job of jobs) {
    if (!firstJob.has(job.task_id)) firstJob.set(job.task_id, job.id as number);
  }
  const entries = await Promise.all(
    [...firstJob].map(async ([taskId, jobId]) =>
      [taskId, await fetchLabels(ctx, { job_id: jobId })] as const
    ),
  );
  return new Map(entries);
}

async function getJobs(ctx: ClientContext, raw: unknown) {
  const filter = checkFilter(raw, JOBS_FILTER);
  const { Job } = ctx.classes;
  if (filter.jobID !== undefined) {
    const json = await byId(ctx, `/jobs/${filter.jobID}`);
    if (!json) return paged([], 0);
    const labels = await fetchLabels(ctx, { job_id: json.id as number });
    return paged([new Job({ ...json, labels })], 1);
  }
  const query = listQuery(filter, ["page", "sort", "search", "filter", "type"], 12);
  if (filter.taskID !== undefined) query.task_id = filter.taskID as number;
  const answer = await ctx.http.json<PageJson<Json>>("GET", "/jobs", { query });
  const labels = await jobLabels(ctx, answer.results);
  const jobs = answer.results.map((json) => new Job({ ...json, labels: labels.get(json.task_id) }));
  return paged(jobs, answer.count);
}

async function getProjects(ctx: ClientContext, raw: unknown) {
  const filter = checkFilter(raw, PROJECTS_FILTER);
  const { Project } = ctx.classes;
  if (filter.id !== undefined) {
    const json = await byId(ctx, `/projects/${filter.id}`);
    if (!json) return paged([], 0);
    const labels = await fetchLabels(ctx, { project_id: json.id as number });
    return paged([new Project({ ...json, labels })], 1);
  }
  const query = listQuery(filter, ["page", "sort", "search", "filter"], 12);
  const answer = await ctx.http.json<PageJson<Json>>("GET", "/projects", { query });
  return paged(answer.results.map((json) => new Project(json)), answer.count);
}

async function getUsers(ctx: ClientContext, raw: unknown): Promise<Paged<User>> {
  const filter = checkFilter(raw, USERS_FILTER);
  if (filter.self === true) {
    return paged([new User(await ctx.http.json<UserJson>("GET", "/users/self"))], 1);
  }
  if (filter.id !== undefined) {
    const json = await byId(ctx, `/users/${filter.id}`);
    return json ? paged([new User(json as UserJson)], 1) : paged([], 0);
  }
  const query: Query = { page_size: (filter.limit as number | undefined) ?? "all" };
  if (filter.search) query.search = filter.search as string;
  if (filter.is_active !== undefined) query.is_active = filter.is_active as boolean;
  const answer = await ctx.http.json<PageJson<UserJson>>("GET", "/users", { query });
  return paged(answer.results.map((json) => new User(json)), answer.count);
}

/**
 * Builds the query namespaces (wrapped for plugins by `createCvat`).
 *
 * @example
 * ```ts
 * // const { tasks } = createQueries(ctx); const [task] = await tasks.get({ id: 1 });
 * ```
 */
export function createQueries(ctx: ClientContext): Queries {
  return {
    tasks: { get: (filter) => getTasks(ctx, filter) },
    jobs: { get: (filter) => getJobs(ctx, filter) },
    projects: { get: (filter) => getProjects(ctx, filter) },
    users: { get: (filter) => getUsers(ctx, filter) },
  };
}
