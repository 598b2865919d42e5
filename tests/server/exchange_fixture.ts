/**
 * Shared setup of the export and import tests: a task with real frames (uploaded and created),
 * annotations on it, and polling helpers for the 2.15 flow and `/api/requests`.
 *
 * @module
 */

import { json, send, type TestApp } from "./_client.ts";
import { openZip } from "../../lib/formats/zip_reader.ts";
import { createTask, imageBytes, upload, waitStatus } from "./task_data_fixture.ts";

// deno-lint-ignore no-explicit-any
export type Json = any;

/** The export format the tests use and the import format that reads it back. */
export const EXPORT_FORMAT = "CVAT for images 1.1";
/** The import format of CVAT XML. */
export const IMPORT_FORMAT = "CVAT 1.1";

/**
 * Creates a task named `name` with `frames` PNG frames (40×30) cut into jobs of
 * `segment_size` 2, and waits for it; returns its id and its label ids by name.
 *
 * @example
 * ```ts
 * // const { id, labels } = await taskWithFrames(t, t.ann, 4);
 * ```
 */
export async function taskWithFrames(
  t: TestApp,
  headers: Record<string, string>,
  frames = 4,
  name = "export task",
): Promise<{ id: number; labels: Record<string, number> }> {
  const id = await createTask(t, headers, {
    name,
    segment_size: 2,
    labels: [{ name: "car", attributes: [] }, { name: "weather" }],
  });
  const files: [string, Uint8Array][] = [];
  for (let i = 0; i < frames; i++) {
    files.push([`frame_${i}.png`, await imageBytes(40, 30, "png", 0x112233ff + i * 0x100)]);
  }
  const res = await upload(t, headers, id, files, {
    image_quality: "70",
    sorting_method: "natural",
  });
  if (res.status !== 202) throw new Error(`upload: ${res.status} ${await res.text()}`);
  const status = await waitStatus(t, headers, id);
  if (status.state !== "Finished") throw new Error(`create: ${JSON.stringify(status)}`);
  const list = await json(await t.app.request(`/api/labels?task_id=${id}`, { headers }));
  const labels: Record<string, number> = {};
  for (const label of list.results) labels[label.name] = label.id;
  return { id, labels };
}

/**
 * LabeledData with a rectangle on frame 0, a polygon on frame 3 and a tag on frame 1.
 *
 * @example
 * ```ts
 * // const body = sampleAnnotations(labels);
 * ```
 */
export function sampleAnnotations(labels: Record<string, number>): Json {
  const shape = (type: string, frame: number, points: number[]) => ({
    type,
    frame,
    label_id: labels.car,
    group: 0,
    source: "manual",
    occluded: false,
    outside: false,
    z_order: 0,
    rotation: 0,
    points,
    attributes: [],
  });
  return {
    version: 0,
    tags: [{ frame: 1, label_id: labels.weather, group: 0, source: "manual", attributes: [] }],
    shapes: [
      shape("rectangle", 0, [1, 2, 10, 12]),
      shape("polygon", 3, [1, 1, 20, 1, 20, 20]),
    ],
    tracks: [],
  };
}

/**
 * PUTs `body` as the annotations at `path` (e.g. `/api/tasks/5/annotations`).
 *
 * @example
 * ```ts
 * // await putAnnotations(t, t.ann, `/api/tasks/${id}/annotations`, body);
 * ```
 */
export async function putAnnotations(
  t: TestApp,
  headers: Record<string, string>,
  path: string,
  body: Json,
): Promise<Json> {
  const res = await send(t.app, "PUT", path, body, headers);
  if (res.status !== 200) throw new Error(`PUT ${path}: ${res.status} ${await res.text()}`);
  return await json(res);
}

/**
 * GETs `url` until it answers something else than 202; returns every status seen.
 *
 * @example
 * ```ts
 * // const seen = await pollUntilDone(t, t.ann, `/api/tasks/5/dataset?format=...`);
 * ```
 */
export async function pollUntilDone(
  t: TestApp,
  headers: Record<string, string>,
  url: string,
  init: RequestInit = {},
): Promise<number[]> {
  const seen: number[] = [];
  for (let i = 0; i < 500; i++) {
    const res = await t.app.request(url, { ...init, headers });
    await res.body?.cancel();
    seen.push(res.status);
    if (res.status !== 202) return seen;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  throw new Error(`${url} stayed 202`);
}

/**
 * Polls `GET /api/requests/{id}` until it is finished or failed; returns its JSON.
 *
 * @example
 * ```ts
 * // const request = await waitRequest(t, t.ann, rqId);
 * ```
 */
export async function waitRequest(
  t: TestApp,
  headers: Record<string, string>,
  id: string,
): Promise<Json> {
  for (let i = 0; i < 500; i++) {
    const res = await t.app.request(`/api/requests/${encodeURIComponent(id)}`, { headers });
    const body = await json(res);
    if (res.status !== 200) throw new Error(`request ${id}: ${res.status} ${JSON.stringify(body)}`);
    if (body.status === "finished" || body.status === "failed") return body;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  throw new Error(`request ${id} did not end`);
}

/**
 * The entries of a zip archive by name, as text.
 *
 * @example
 * ```ts
 * // const files = await zipTexts(bytes); files.get("annotations.xml")
 * ```
 */
export async function zipTexts(bytes: Uint8Array): Promise<Map<string, string>> {
  const archive = await openZip(bytes);
  const out = new Map<string, string>();
  for (const entry of archive.entries) {
    out.set(entry.name, new TextDecoder().decode(await archive.bytes(entry)));
  }
  return out;
}
