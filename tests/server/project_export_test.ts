/**
 * Project dataset exports (issue 7): CVAT 2.15's GET flow and the 2.16+ `dataset/export` flow
 * for a project with two tasks in different subsets, permissions, and a project without tasks.
 */
import { deepStrictEqual, ok, strictEqual } from "node:assert/strict";
import { json, send } from "./_client.ts";
import {
  createTask,
  type DataApp as TestApp,
  imageBytes,
  STORE_KINDS,
  upload,
  waitStatus,
  withDataApp,
} from "./task_data_fixture.ts";
import {
  type Json,
  pollUntilDone,
  putAnnotations,
  waitRequest,
  zipTexts,
} from "./exchange_fixture.ts";

const IMAGES = encodeURIComponent("CVAT for images 1.1");
const COCO = encodeURIComponent("COCO 1.0");
const DATUMARO = encodeURIComponent("Datumaro 1.0");

async function createProject(t: TestApp, headers: Record<string, string>): Promise<Json> {
  const res = await send(t.app, "POST", "/api/projects", {
    name: "proj",
    labels: [{ name: "car", attributes: [] }, { name: "weather" }],
  }, headers);
  if (res.status !== 201) throw new Error(`create project: ${res.status} ${await res.text()}`);
  return await json(res);
}

/** A task of the project with two PNG frames `a.png`, `b.png` and a box on frame 0. */
async function projectTask(t: TestApp, projectId: number, subset: string, carId: number) {
  const id = await createTask(t, t.ann, {
    name: `t-${subset}`,
    project_id: projectId,
    subset,
    labels: [],
  });
  const files: [string, Uint8Array][] = [
    ["a.png", await imageBytes(40, 30, "png")],
    ["b.png", await imageBytes(40, 30, "png", 0x112233ff)],
  ];
  const res = await upload(t, t.ann, id, files, { image_quality: "70" });
  if (res.status !== 202) throw new Error(`upload: ${res.status} ${await res.text()}`);
  if ((await waitStatus(t, t.ann, id)).state !== "Finished") throw new Error("create failed");
  const box = {
    type: "rectangle",
    frame: 0,
    label_id: carId,
    group: 0,
    source: "manual",
    occluded: false,
    outside: false,
    z_order: 0,
    rotation: 0,
    points: [1, 2, 10, 12 + id],
    attributes: [],
  };
  await putAnnotations(t, t.ann, `/api/tasks/${id}/annotations`, {
    version: 0,
    tags: [],
    shapes: [box],
    tracks: [],
  });
  return id;
}

/** A project with tasks "train" (first) and "" (second), plus a task without data. */
async function projectWithTasks(t: TestApp) {
  const project = await createProject(t, t.ann);
  const labels = await json(
    await t.app.request(`/api/labels?project_id=${project.id}`, { headers: t.ann }),
  );
  const car = labels.results.find((l: { name: string }) => l.name === "car").id;
  const train = await projectTask(t, project.id, "train", car);
  const plain = await projectTask(t, project.id, "", car);
  await createTask(t, t.ann, { name: "no data", project_id: project.id, labels: [] });
  return { id: project.id as number, train, plain };
}

async function download(t: TestApp, url: string, headers = t.ann) {
  const file = await t.app.request(url, { headers });
  strictEqual(file.status, 200, url);
  return { file, files: await zipTexts(new Uint8Array(await file.arrayBuffer())) };
}

for (const kind of STORE_KINDS) {
  Deno.test(`project export (${kind}): 2.15 flow, dataset with images by subset`, async () => {
    await withDataApp(kind, async (t) => {
      const { id, train, plain } = await projectWithTasks(t);
      const url = `/api/projects/${id}/dataset?format=${IMAGES}`;
      const first = await t.app.request(url, { headers: t.ann });
      strictEqual(first.status, 202);
      await first.body?.cancel();
      strictEqual((await pollUntilDone(t, t.ann, url)).at(-1), 201);
      const { file, files } = await download(t, `${url}&action=download`);
      ok((file.headers.get("content-disposition") ?? "").includes("project_proj_dataset_"));
      deepStrictEqual([...files.keys()].sort(), [
        "annotations.xml",
        "images/default/a.png",
        "images/default/b.png",
        "images/train/a.png",
        "images/train/b.png",
      ]);
      const xml = files.get("annotations.xml")!;
      ok(xml.includes(`<project>\n      <id>${id}</id>\n      <name>proj</name>`));
      ok(xml.includes("<subsets>default\ntrain</subsets>"));
      ok(xml.includes(`<image id="0" name="a.png" subset="train" task_id="${train}"`));
      ok(xml.includes(`<image id="1" name="b.png" subset="default" task_id="${plain}"`));
      ok(xml.includes(`ybr="${(12 + train).toFixed(2)}"`) && xml.includes(`${12 + plain}.00"`));
      ok(!xml.includes("no data"));
      // downloaded once: forgotten
      const again = await t.app.request(`${url}&action=download`, { headers: t.ann });
      strictEqual(again.status, 400);
      const rqId = `export:dataset-for-project.id${id}-in-CVAT_for_images_1.1-format`;
      strictEqual(await t.store.requests.get(rqId), null);
    });
  });
}

Deno.test("project export: 2.15 annotations in COCO, one file per subset", async () => {
  await withDataApp("memory", async (t) => {
    const { id } = await projectWithTasks(t);
    const url = `/api/projects/${id}/annotations?format=${COCO}`;
    strictEqual((await pollUntilDone(t, t.ann, url)).at(-1), 201);
    const { files } = await download(t, `${url}&action=download`);
    deepStrictEqual([...files.keys()].sort(), [
      "annotations/instances_default.json",
      "annotations/instances_train.json",
    ]);
    const train = JSON.parse(files.get("annotations/instances_train.json")!);
    deepStrictEqual(train.categories.map((c: { name: string }) => c.name), ["car", "weather"]);
    deepStrictEqual(train.images.map((i: { file_name: string }) => i.file_name), [
      "a.png",
      "b.png",
    ]);
    strictEqual(train.annotations.length, 1);
  });
});

for (const kind of STORE_KINDS) {
  Deno.test(`project export (${kind}): 2.16 flow — POST, /api/requests, download`, async () => {
    await withDataApp(kind, async (t) => {
      const { id } = await projectWithTasks(t);
      const path = `/api/projects/${id}/dataset/export?format=${DATUMARO}&save_images=false`;
      const started = await send(t.app, "POST", path, undefined, t.ann);
      strictEqual(started.status, 202);
      const { rq_id } = await json(started);
      ok(rq_id.startsWith(`export:annotations-for-project.id${id}-in-Datumaro_1.0-format`));
      const request = await waitRequest(t, t.ann, rq_id);
      strictEqual(request.status, "finished", request.message);
      strictEqual(request.operation.target, "project");
      strictEqual(request.operation.project_id, id);
      // projects keep their results a third of the task TTL (8 h)
      const ttl = Date.parse(request.expiry_date) - Date.parse(request.finished_date);
      ok(ttl > 7.9 * 3600e3 && ttl <= 8 * 3600e3 + 1000, String(ttl));
      const result = new URL(request.result_url);
      strictEqual(result.pathname, `/api/projects/${id}/dataset/download`);
      const { files } = await download(t, result.pathname + result.search);
      deepStrictEqual([...files.keys()].sort(), [
        "annotations/default.json",
        "annotations/train.json",
      ]);
      const items = JSON.parse(files.get("annotations/train.json")!).items;
      deepStrictEqual(items.map((i: { id: string }) => i.id), ["a", "b"]);
      const admin = await t.app.request(result.pathname + result.search, { headers: t.admin });
      strictEqual(admin.status, 200); // admins may download anyone's result
      await admin.body?.cancel();
    });
  });
}

Deno.test("project export: strangers get 403, unknown projects 404", async () => {
  await withDataApp("memory", async (t) => {
    const project = await createProject(t, t.ann);
    const get = (path: string, headers = t.eve) => t.app.request(path, { headers });
    const denied = await get(`/api/projects/${project.id}/dataset?format=${IMAGES}`);
    strictEqual(denied.status, 403);
    await denied.body?.cancel();
    const post = await send(
      t.app,
      "POST",
      `/api/projects/${project.id}/dataset/export?format=${IMAGES}`,
      undefined,
      t.eve,
    );
    strictEqual(post.status, 403);
    const missing = await get(`/api/projects/9999/annotations?format=${IMAGES}`, t.ann);
    strictEqual(missing.status, 404);
    await missing.body?.cancel();
    const started = await send(
      t.app,
      "POST",
      `/api/projects/${project.id}/dataset/export?format=${IMAGES}`,
      undefined,
      t.ann,
    );
    const { rq_id } = await json(started);
    await waitRequest(t, t.ann, rq_id);
    const other = await get(
      `/api/projects/${project.id}/dataset/download?rq_id=${encodeURIComponent(rq_id)}`,
    );
    strictEqual(other.status, 403);
    await other.body?.cancel();
  });
});

Deno.test("project export without tasks: an empty dataset, as CVAT", async () => {
  await withDataApp("memory", async (t) => {
    const project = await createProject(t, t.ann);
    const xmlUrl = `/api/projects/${project.id}/annotations?format=${IMAGES}`;
    strictEqual((await pollUntilDone(t, t.ann, xmlUrl)).at(-1), 201);
    const xml = (await download(t, `${xmlUrl}&action=download`)).files.get("annotations.xml")!;
    ok(xml.includes("<tasks>\n      </tasks>") && !xml.includes("<image"));
    ok(xml.includes("<name>car</name>"));
    const cocoUrl = `/api/projects/${project.id}/dataset?format=${COCO}`;
    strictEqual((await pollUntilDone(t, t.ann, cocoUrl)).at(-1), 201);
    strictEqual((await download(t, `${cocoUrl}&action=download`)).files.size, 0);
  });
});
