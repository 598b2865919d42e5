/**
 * Shared setup of the task backup tests: a task with frames, labels (with attributes), a track
 * and jobs in several states; the 2.15 export and import flows; and what a task looks like
 * without its ids (annotations, labels, jobs, data meta, original frame bytes).
 *
 * @module
 */

import { json, send, type TestApp } from "./_client.ts";
import { type Json, pollUntilDone, taskWithFrames } from "./exchange_fixture.ts";
import { getJson, originalKeyOf } from "./task_data_fixture.ts";

/**
 * A task of 5 frames (jobs [0,1] [2,3] [4,4]) with annotations on every job, an attribute, a
 * track, a deleted frame, and the second job in validation; returns its id.
 *
 * @example
 * ```ts
 * // const id = await annotatedTask(t, t.ann);
 * ```
 */
export async function annotatedTask(t: TestApp, headers: Record<string, string>): Promise<number> {
  const { id } = await taskWithFrames(t, headers, 5, "backup task");
  const patch = {
    labels: [{
      name: "bus",
      attributes: [{
        name: "seats",
        input_type: "number",
        mutable: true,
        default_value: "1",
        values: ["1", "50", "1"],
      }],
    }],
  };
  const res = await send(t.app, "PATCH", `/api/tasks/${id}`, patch, headers);
  if (res.status !== 200) throw new Error(`patch task: ${res.status} ${await res.text()}`);
  const labels = await getJson(t, headers, `/api/labels?task_id=${id}`);
  const by = (name: string) => labels.results.find((l: Json) => l.name === name);
  const bus = by("bus");
  const seats = { spec_id: bus.attributes[0].id, value: "12" };
  const shape = (frame: number, label: number, attributes: Json[] = []) => ({
    type: "rectangle",
    frame,
    label_id: label,
    group: 0,
    source: "manual",
    occluded: false,
    outside: false,
    z_order: 1,
    rotation: 0,
    points: [1, 2.5, 10, 12],
    attributes,
  });
  const track = {
    frame: 2,
    label_id: bus.id,
    group: 1,
    source: "manual",
    attributes: [],
    shapes: [{ ...shape(2, bus.id, [seats]), label_id: undefined }, {
      ...shape(3, bus.id, [seats]),
      outside: true,
      label_id: undefined,
    }],
  };
  const body = {
    tags: [{ frame: 1, label_id: by("weather").id, group: 0, source: "manual", attributes: [] }],
    shapes: [shape(0, by("car").id), shape(4, bus.id, [seats])],
    tracks: [track],
  };
  const put = await send(t.app, "PUT", `/api/tasks/${id}/annotations`, body, headers);
  if (put.status !== 200) throw new Error(`put: ${put.status} ${await put.text()}`);
  const jobs = await getJson(t, headers, `/api/jobs?task_id=${id}&sort=id`);
  const stage = await send(t.app, "PATCH", `/api/jobs/${jobs.results[1].id}`, {
    stage: "validation",
  }, headers);
  if (stage.status !== 200) throw new Error(`stage: ${stage.status} ${await stage.text()}`);
  const meta = await send(
    t.app,
    "PATCH",
    `/api/tasks/${id}/data/meta`,
    { deleted_frames: [3] },
    headers,
  );
  if (meta.status !== 200) throw new Error(`meta: ${meta.status} ${await meta.text()}`);
  return id;
}

/**
 * Runs the 2.15 export flow (202 … 201, then `action=download`); returns the zip.
 *
 * @example
 * ```ts
 * // const zip = await exportBackup215(t, t.ann, id);
 * ```
 */
export async function exportBackup215(
  t: TestApp,
  headers: Record<string, string>,
  id: number,
): Promise<Uint8Array> {
  const seen = await pollUntilDone(t, headers, `/api/tasks/${id}/backup`);
  if (seen.at(-1) !== 201) throw new Error(`backup: ${seen}`);
  const res = await t.app.request(`/api/tasks/${id}/backup?action=download`, { headers });
  if (res.status !== 200) throw new Error(`download: ${res.status} ${await res.text()}`);
  return new Uint8Array(await res.arrayBuffer());
}

/**
 * Posts a backup as multipart `task_file`; returns the response.
 *
 * @example
 * ```ts
 * // const res = await postBackup(t, t.ann, zip);
 * ```
 */
export async function postBackup(
  t: TestApp,
  headers: Record<string, string>,
  zip: Uint8Array,
): Promise<Response> {
  const form = new FormData();
  form.append("task_file", new Blob([new Uint8Array(zip)]), "backup.zip");
  return await t.app.request("/api/tasks/backup", { method: "POST", headers, body: form });
}

/**
 * Re-POSTs `?rq_id=` (CVAT 2.15) until the answer is not 202; returns the last response.
 *
 * @example
 * ```ts
 * // const res = await pollImport215(t, t.ann, rqId); res.status === 201
 * ```
 */
export async function pollImport215(
  t: TestApp,
  headers: Record<string, string>,
  rqId: string,
): Promise<Response> {
  for (let i = 0; i < 500; i++) {
    const url = `/api/tasks/backup?rq_id=${encodeURIComponent(rqId)}`;
    const res = await t.app.request(url, { method: "POST", headers });
    if (res.status !== 202) return res;
    await res.body?.cancel();
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  throw new Error(`import ${rqId} stayed 202`);
}

/**
 * Imports a backup through multipart and the 2.15 poll; returns the new task id.
 *
 * @example
 * ```ts
 * // const newId = await importBackup215(t, t.ann, zip);
 * ```
 */
export async function importBackup215(
  t: TestApp,
  headers: Record<string, string>,
  zip: Uint8Array,
): Promise<number> {
  const res = await postBackup(t, headers, zip);
  if (res.status !== 202) throw new Error(`import: ${res.status} ${await res.text()}`);
  const done = await pollImport215(t, headers, (await json(res)).rq_id);
  const body = await json(done);
  if (done.status !== 201) throw new Error(`import: ${done.status} ${JSON.stringify(body)}`);
  return body.id;
}

function withoutIds(value: Json): Json {
  if (Array.isArray(value)) return value.map(withoutIds);
  if (typeof value !== "object" || value === null) return value;
  const out: Json = {};
  for (const [key, item] of Object.entries(value)) {
    if (!["id", "label_id", "spec_id", "version", "task_id", "parent_id"].includes(key)) {
      out[key] = withoutIds(item);
    }
  }
  return out;
}

/**
 * A task's state without ids: annotations (labels by name), labels, jobs, data meta, and the
 * original bytes of every frame.
 *
 * @example
 * ```ts
 * // deepStrictEqual(await taskState(t, h, a), await taskState(t, h, b));
 * ```
 */
export async function taskState(t: TestApp, headers: Record<string, string>, id: number) {
  const labels = (await getJson(t, headers, `/api/labels?task_id=${id}&page_size=100`)).results;
  const names = new Map<number, string>();
  for (const label of labels) {
    names.set(label.id, label.name);
    for (const sub of label.sublabels) names.set(sub.id, `${label.name}/${sub.name}`);
  }
  const annotations = await getJson(t, headers, `/api/tasks/${id}/annotations`);
  // Each label_id is kept as its label's name (the ids go).
  const named = JSON.parse(JSON.stringify(annotations), function (this: Json, key, value) {
    if (key === "label_id") this.label = names.get(value);
    return value;
  });
  const jobs = (await getJson(t, headers, `/api/jobs?task_id=${id}&sort=id`)).results.map((
    j: Json,
  ) => ({
    start: j.start_frame,
    stop: j.stop_frame,
    status: j.status,
    stage: j.stage,
    type: j.type,
  }));
  const { chunks_updated_date: _date, ...meta } = await getJson(
    t,
    headers,
    `/api/tasks/${id}/data/meta`,
  );
  const frames: number[][] = [];
  for (let frame = 0; frame < meta.size; frame++) {
    frames.push([...(await t.store.blobs.get(await originalKeyOf(t, id, frame)))!]);
  }
  const task = await getJson(t, headers, `/api/tasks/${id}`);
  return {
    annotations: withoutIds(named),
    labels: withoutIds(labels.map((label: Json) => ({
      ...label,
      svg: label.svg?.replace(
        /data-label-id="(\d+)"/g,
        (_: string, id: string) => `data-label="${names.get(Number(id))}"`,
      ),
    }))),
    jobs,
    meta,
    frames,
    task: {
      name: task.name,
      segment_size: task.segment_size,
      overlap: task.overlap,
      status: task.status,
      subset: task.subset,
    },
  };
}
