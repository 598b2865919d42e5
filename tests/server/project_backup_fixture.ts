/**
 * Shared setup of the project backup tests: a project with labels (an attribute, a skeleton),
 * two annotated tasks with frames and a task without data between them; the 2.15 export and
 * import flows on `/api/projects/...`; and what a project looks like without its ids.
 *
 * @module
 */

import { json, send, type TestApp } from "./_client.ts";
import { type Json, pollUntilDone } from "./exchange_fixture.ts";
import { createTask, getJson, imageBytes, upload, waitStatus } from "./task_data_fixture.ts";
import { taskState } from "./backup_fixture.ts";
import { SKELETON } from "./projects_fixtures.ts";

type Headers = Record<string, string>;

async function ok(res: Response, status: number, what: string): Promise<Json> {
  if (res.status !== status) throw new Error(`${what}: ${res.status} ${await res.text()}`);
  return await json(res);
}

async function taskWithData(t: TestApp, h: Headers, projectId: number, name: string, n: number) {
  const id = await createTask(t, h, { name, project_id: projectId, labels: [], segment_size: 2 });
  const files: [string, Uint8Array][] = [];
  for (let i = 0; i < n; i++) {
    files.push([`${name}_${i}.png`, await imageBytes(20 + i, 10, "png", 0x204060ff + i * 0x10)]);
  }
  await ok(await upload(t, h, id, files, { image_quality: "70" }), 202, "upload");
  const status = await waitStatus(t, h, id);
  if (status.state !== "Finished") throw new Error(`create: ${JSON.stringify(status)}`);
  return id;
}

function rectangle(frame: number, label: number, attributes: Json[] = []): Json {
  return {
    type: "rectangle",
    frame,
    label_id: label,
    group: 0,
    source: "manual",
    occluded: false,
    outside: false,
    z_order: 0,
    rotation: 0,
    points: [1, 2, 8, 9.5],
    attributes,
  };
}

async function annotate(t: TestApp, h: Headers, taskId: number, labels: Json[], extra: boolean) {
  const by = (name: string) => labels.find((l: Json) => l.name === name);
  const car = by("car");
  const person = by("person");
  const points = (label: Json, x: number) => ({
    ...rectangle(1, label.id),
    type: "points",
    points: [x, x],
  });
  const body = {
    tags: [{ frame: 0, label_id: by("weather").id, group: 0, source: "manual", attributes: [] }],
    shapes: [
      rectangle(0, car.id, [{ spec_id: car.attributes[0].id, value: "b" }]),
      {
        ...rectangle(1, person.id),
        type: "skeleton",
        points: [],
        elements: person.sublabels.map((sub: Json, i: number) => points(sub, i + 1)),
      },
    ],
    tracks: extra
      ? [{
        frame: 0,
        label_id: car.id,
        group: 0,
        source: "manual",
        attributes: [],
        // Ends (outside) inside its job, so that no job cuts it.
        shapes: [{ ...rectangle(0, car.id), label_id: undefined }, {
          ...rectangle(1, car.id),
          outside: true,
          label_id: undefined,
        }],
      }]
      : [],
  };
  await ok(await send(t.app, "PUT", `/api/tasks/${taskId}/annotations`, body, h), 200, "put");
}

/**
 * A project "backup project" of `h`'s: labels car (select attribute), weather (tag) and a
 * skeleton; task "first" (3 frames, second job completed), task "empty" (no data) and task
 * "second" (2 frames, subset "Train"), all annotated. Returns the ids.
 *
 * @example
 * ```ts
 * // const { projectId, taskIds } = await annotatedProject(t, t.ann);
 * ```
 */
export async function annotatedProject(t: TestApp, h: Headers) {
  const created = await send(t.app, "POST", "/api/projects", {
    name: "backup project",
    bug_tracker: "https://bugs.example/7",
    labels: [
      {
        name: "car",
        color: "#ff0000",
        attributes: [{
          name: "model",
          input_type: "select",
          mutable: false,
          default_value: "a",
          values: ["a", "b"],
        }],
      },
      { name: "weather", type: "tag" },
      SKELETON,
    ],
  }, h);
  const projectId = (await ok(created, 201, "project")).id;
  const labels = (await getJson(t, h, `/api/labels?project_id=${projectId}`)).results;
  const first = await taskWithData(t, h, projectId, "first", 3);
  const empty = await createTask(t, h, { name: "empty", project_id: projectId, labels: [] });
  const second = await taskWithData(t, h, projectId, "second", 2);
  await ok(await send(t.app, "PATCH", `/api/tasks/${second}`, { subset: "Train" }, h), 200, "sub");
  await annotate(t, h, first, labels, true);
  await annotate(t, h, second, labels, false);
  const jobs = await getJson(t, h, `/api/jobs?task_id=${first}&sort=id`);
  const done = { stage: "acceptance", state: "completed" };
  await ok(await send(t.app, "PATCH", `/api/jobs/${jobs.results[1].id}`, done, h), 200, "job");
  return { projectId, taskIds: [first, empty, second] };
}

/**
 * Runs the 2.15 project export flow (202 … 201, then `action=download`); returns the zip.
 *
 * @example
 * ```ts
 * // const zip = await exportProject215(t, t.ann, id);
 * ```
 */
export async function exportProject215(t: TestApp, h: Headers, id: number): Promise<Uint8Array> {
  const seen = await pollUntilDone(t, h, `/api/projects/${id}/backup`);
  if (seen.at(-1) !== 201) throw new Error(`backup: ${seen}`);
  const res = await t.app.request(`/api/projects/${id}/backup?action=download`, { headers: h });
  if (res.status !== 200) throw new Error(`download: ${res.status} ${await res.text()}`);
  return new Uint8Array(await res.arrayBuffer());
}

/**
 * Posts a project backup as multipart `project_file`; returns the response.
 *
 * @example
 * ```ts
 * // const res = await postProjectBackup(t, t.ann, zip);
 * ```
 */
export async function postProjectBackup(t: TestApp, h: Headers, zip: Uint8Array) {
  const form = new FormData();
  form.append("project_file", new Blob([new Uint8Array(zip)]), "project.zip");
  return await t.app.request("/api/projects/backup", { method: "POST", headers: h, body: form });
}

/**
 * Re-POSTs the `rq_id` as a form field (as cvat-core 2.15 does) until the answer is not 202.
 *
 * @example
 * ```ts
 * // const res = await pollProjectImport215(t, t.ann, rqId); res.status === 201
 * ```
 */
export async function pollProjectImport215(t: TestApp, h: Headers, rqId: string) {
  for (let i = 0; i < 1000; i++) {
    const form = new FormData();
    form.set("rq_id", rqId);
    const res = await t.app.request("/api/projects/backup", {
      method: "POST",
      headers: h,
      body: form,
    });
    if (res.status !== 202) return res;
    await res.body?.cancel();
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  throw new Error(`import ${rqId} stayed 202`);
}

/**
 * Restores a project backup through multipart and the 2.15 poll; returns the new project id.
 *
 * @example
 * ```ts
 * // const newId = await importProject215(t, t.ann, zip);
 * ```
 */
export async function importProject215(t: TestApp, h: Headers, zip: Uint8Array) {
  const started = await ok(await postProjectBackup(t, h, zip), 202, "import");
  const done = await pollProjectImport215(t, h, started.rq_id);
  return (await ok(done, 201, "restore")).id as number;
}

/**
 * A project's state without ids: its fields, labels, and each task with data (id order) as
 * `taskState` sees it, but for the labels (the project's).
 *
 * @example
 * ```ts
 * // deepStrictEqual(await projectState(t, h, a), await projectState(t, h, b));
 * ```
 */
export async function projectState(t: TestApp, h: Headers, id: number) {
  const project = await getJson(t, h, `/api/projects/${id}`);
  const labels = (await getJson(t, h, `/api/labels?project_id=${id}&page_size=100`)).results;
  const names = new Map<number, string>();
  for (const label of labels) {
    for (const sub of label.sublabels) names.set(sub.id, sub.name);
  }
  const strip = (value: Json): Json =>
    JSON.parse(
      JSON.stringify(value),
      (key, item) => ["id", "project_id", "parent_id"].includes(key) ? undefined : item,
    );
  const tasks = [];
  const list = (await getJson(t, h, `/api/tasks?project_id=${id}&sort=id`)).results;
  for (const task of list) {
    if (task.size === 0 || !task.data) continue;
    const { labels: _labels, ...state } = await taskState(t, h, task.id);
    tasks.push(state);
  }
  return {
    project: { name: project.name, bug_tracker: project.bug_tracker, status: project.status },
    labels: strip(labels.map((label: Json) => ({
      ...label,
      svg: label.svg?.replace(/data-label-id="(\d+)"/g, (_: string, n: string) => names.get(+n)),
    }))),
    tasks,
  };
}
