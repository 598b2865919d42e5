/**
 * Project exports of the issue-8 formats through `GET /api/projects/{id}/annotations?format=`
 * (CVAT 2.15's flow): one test per format family on a project with tasks in "val" and in no
 * subset, and a reserved subset name that fails the export.
 */
import { deepStrictEqual, ok, strictEqual } from "node:assert/strict";
import { json, send } from "./_client.ts";
import {
  createTask,
  type DataApp as TestApp,
  imageBytes,
  upload,
  waitStatus,
  withDataApp,
} from "./task_data_fixture.ts";
import { type Json, pollUntilDone, putAnnotations, zipTexts } from "./exchange_fixture.ts";

async function createProject(t: TestApp): Promise<Json> {
  const res = await send(t.app, "POST", "/api/projects", {
    name: "proj",
    labels: [{ name: "car", attributes: [] }, { name: "weather" }],
  }, t.ann);
  if (res.status !== 201) throw new Error(`create project: ${res.status} ${await res.text()}`);
  return await json(res);
}

/** A task with frames `a.png`, `b.png`, a box on frame 0 and a "weather" tag on frame 1. */
async function projectTask(t: TestApp, projectId: number, subset: string, labels: Json) {
  const spec = { name: `t-${subset}`, project_id: projectId, subset, labels: [] };
  const id = await createTask(t, t.ann, spec);
  const files: [string, Uint8Array][] = [
    ["a.png", await imageBytes(40, 30, "png")],
    ["b.png", await imageBytes(40, 30, "png", 0x112233ff)],
  ];
  const res = await upload(t, t.ann, id, files, { image_quality: "70" });
  if (res.status !== 202) throw new Error(`upload: ${res.status} ${await res.text()}`);
  if ((await waitStatus(t, t.ann, id)).state !== "Finished") throw new Error("create failed");
  const common = { group: 0, source: "manual", attributes: [] };
  const box = {
    ...common,
    type: "rectangle",
    frame: 0,
    label_id: labels.car,
    occluded: false,
    outside: false,
    z_order: 0,
    rotation: 0,
    points: [4, 3, 20, 15],
  };
  const tag = { ...common, frame: 1, label_id: labels.weather };
  const path = `/api/tasks/${id}/annotations`;
  await putAnnotations(t, t.ann, path, { version: 0, tags: [tag], shapes: [box], tracks: [] });
  return id;
}

async function projectWith(t: TestApp, subsets: string[]): Promise<number> {
  const project = await createProject(t);
  const url = `/api/labels?project_id=${project.id}`;
  const results = (await json(await t.app.request(url, { headers: t.ann }))).results;
  const labels = Object.fromEntries(results.map((l: Json) => [l.name, l.id]));
  for (const subset of subsets) await projectTask(t, project.id, subset, labels);
  return project.id;
}

async function exported(t: TestApp, id: number, format: string): Promise<Map<string, string>> {
  const url = `/api/projects/${id}/annotations?format=${encodeURIComponent(format)}`;
  strictEqual((await pollUntilDone(t, t.ann, url)).at(-1), 201, format);
  const file = await t.app.request(`${url}&action=download`, { headers: t.ann });
  strictEqual(file.status, 200, format);
  return await zipTexts(new Uint8Array(await file.arrayBuffer()));
}

const sorted = (files: Map<string, string>) => [...files.keys()].sort();

Deno.test("project export2 (server): YOLO 1.1 and Ultralytics subsets", async () => {
  await withDataApp("memory", async (t) => {
    const id = await projectWith(t, ["val", ""]);
    const yolo = await exported(t, id, "YOLO 1.1");
    deepStrictEqual(sorted(yolo), [
      "obj.data",
      "obj.names",
      "obj_train_data/a.txt",
      "obj_train_data/b.txt",
      "obj_val_data/a.txt",
      "obj_val_data/b.txt",
      "train.txt",
      "val.txt",
    ]);
    ok(yolo.get("obj.data")!.includes("train = data/train.txt\nval = data/val.txt\n"));
    strictEqual(yolo.get("obj_val_data/a.txt"), "0 0.300000 0.300000 0.400000 0.400000\n");
    const ultra = await exported(t, id, "Ultralytics YOLO Detection 1.0");
    deepStrictEqual(sorted(ultra), [
      "data.yaml",
      "labels/train/a.txt",
      "labels/val/a.txt",
      "train.txt",
      "val.txt",
    ]);
    ok(ultra.get("data.yaml")!.endsWith("path: .\ntrain: train.txt\nval: val.txt\n"));
  });
});

Deno.test("project export2 (server): PASCAL VOC and Segmentation mask", async () => {
  await withDataApp("memory", async (t) => {
    const id = await projectWith(t, ["val", ""]);
    const voc = await exported(t, id, "PASCAL VOC 1.1");
    const annotations = sorted(voc).filter((name) => name.startsWith("Annotations/"));
    deepStrictEqual(annotations, [
      "Annotations/a.xml",
      "Annotations/a_1.xml",
      "Annotations/b.xml",
      "Annotations/b_1.xml",
    ]);
    strictEqual(voc.get("ImageSets/Main/default.txt"), "a\nb\n");
    strictEqual(voc.get("ImageSets/Main/val.txt"), "a_1\nb_1\n");
    strictEqual(voc.get("ImageSets/Main/weather_val.txt"), "b_1  1\n");
    const mask = await exported(t, id, "Segmentation mask 1.1");
    strictEqual(mask.get("ImageSets/Segmentation/val.txt"), "a_1\n");
    ok(mask.has("SegmentationClass/a.png") && mask.has("SegmentationObject/a_1.png"));
  });
});

Deno.test("project export2 (server): MOT 1.1 is one sequence", async () => {
  await withDataApp("memory", async (t) => {
    const id = await projectWith(t, ["val", ""]);
    const mot = await exported(t, id, "MOT 1.1");
    deepStrictEqual(sorted(mot), ["gt/gt.txt", "gt/labels.txt"]);
    // "default" (the second task) first: items 1, 2; then "val": items 3, 4
    strictEqual(
      mot.get("gt/gt.txt"),
      "1,-1,4.0,3.0,16.0,12.0,1,1,1.0\r\n3,-1,4.0,3.0,16.0,12.0,1,1,1.0\r\n",
    );
  });
});

Deno.test("project export2 (server): LabelMe 3.0 and ImageNet 1.0", async () => {
  await withDataApp("memory", async (t) => {
    const id = await projectWith(t, ["val", ""]);
    const labelme = await exported(t, id, "LabelMe 3.0");
    deepStrictEqual(sorted(labelme), [
      "default/a.xml",
      "default/b.xml",
      "val/a.xml",
      "val/b.xml",
    ]);
    ok(labelme.get("val/a.xml")!.includes("<name>car</name>"));
    const imagenet = await exported(t, id, "ImageNet 1.0");
    deepStrictEqual(sorted(imagenet), ["default.txt", "synsets.txt", "val.txt"]);
    strictEqual(imagenet.get("val.txt"), "a.png \nb.png 1\n");
  });
});

Deno.test("project export2 (server): a reserved YOLO subset fails the export with its reason", async () => {
  await withDataApp("memory", async (t) => {
    const id = await projectWith(t, ["names"]);
    const url = `/api/projects/${id}/annotations?format=${encodeURIComponent("YOLO 1.1")}`;
    let res = await t.app.request(url, { headers: t.ann });
    for (let i = 0; i < 200 && res.status === 202; i++) {
      await res.body?.cancel();
      await new Promise((resolve) => setTimeout(resolve, 5));
      res = await t.app.request(url, { headers: t.ann });
    }
    strictEqual(res.status, 500);
    ok((await res.text()).includes(`Can't export the subset \\"names\\" in YOLO`));
    // the failure is reported once (then forgotten, as CVAT does): the next GET starts again
    const again = await t.app.request(url, { headers: t.ann });
    strictEqual(again.status, 202);
    await again.body?.cancel();
    await pollUntilDone(t, t.ann, url);
  });
});
