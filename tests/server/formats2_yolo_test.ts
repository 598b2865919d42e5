/**
 * The YOLO family through the server (issue 8): the formats list names them, a task export in
 * "YOLO 1.1" and each Ultralytics variant goes 202 → 201 → download, and a YOLO 1.1 export
 * imports into another task.
 */
import { deepStrictEqual, ok, strictEqual } from "node:assert/strict";
import { json } from "./_client.ts";
import { withDataApp } from "./task_data_fixture.ts";
import {
  pollUntilDone,
  putAnnotations,
  sampleAnnotations,
  taskWithFrames,
  waitRequest,
  zipTexts,
} from "./exchange_fixture.ts";

const NAMES = [
  "YOLO 1.1",
  "Ultralytics YOLO Detection 1.0",
  "Ultralytics YOLO Oriented Bounding Boxes 1.0",
  "Ultralytics YOLO Segmentation 1.0",
  "Ultralytics YOLO Pose 1.0",
];

Deno.test("server: the YOLO formats are listed, exported and imported", async () => {
  await withDataApp("memory", async (t) => {
    const formats = await json(
      await t.app.request("/api/server/annotation/formats", {
        headers: t.ann,
      }),
    );
    for (const side of ["importers", "exporters"]) {
      const listed = formats[side].filter((f: { name: string }) => NAMES.includes(f.name));
      deepStrictEqual(listed.map((f: { name: string; ext: string }) => `${f.name}:${f.ext}`), [
        ...NAMES.map((name) => `${name}:ZIP`),
      ]);
    }
    const a = await taskWithFrames(t, t.ann, 4, "source");
    await putAnnotations(t, t.ann, `/api/tasks/${a.id}/annotations`, sampleAnnotations(a.labels));
    const files = new Map<string, Map<string, string>>();
    for (const name of NAMES) {
      const url = `/api/tasks/${a.id}/annotations?format=${encodeURIComponent(name)}`;
      const first = await t.app.request(url, { headers: t.ann });
      strictEqual(first.status, 202, name);
      await first.body?.cancel();
      strictEqual((await pollUntilDone(t, t.ann, url)).at(-1), 201, name);
      const file = await t.app.request(`${url}&action=download`, { headers: t.ann });
      strictEqual(file.status, 200, name);
      files.set(name, await zipTexts(new Uint8Array(await file.arrayBuffer())));
    }
    const yolo = files.get("YOLO 1.1")!;
    strictEqual(yolo.get("obj.names"), "car\nweather\n");
    strictEqual(yolo.get("obj_train_data/frame_0.txt"), "0 0.137500 0.233333 0.225000 0.333333\n");
    strictEqual(yolo.get("obj_train_data/frame_1.txt"), "");
    const detection = files.get("Ultralytics YOLO Detection 1.0")!;
    deepStrictEqual([...detection.keys()].sort(), [
      "data.yaml",
      "labels/train/frame_0.txt",
      "train.txt",
    ]);
    ok(files.get("Ultralytics YOLO Segmentation 1.0")!.has("labels/train/frame_3.txt"));
    ok(files.get("Ultralytics YOLO Pose 1.0")!.get("data.yaml")!.startsWith("kpt_shape:\n- 0\n"));

    // YOLO 1.1 export → import into another task
    const b = await taskWithFrames(t, t.ann, 4, "target");
    const url = `/api/tasks/${a.id}/annotations?format=${encodeURIComponent("YOLO 1.1")}`;
    await pollUntilDone(t, t.ann, url);
    const zip = new Uint8Array(
      await (await t.app.request(`${url}&action=download`, { headers: t.ann })).arrayBuffer(),
    );
    const form = new FormData();
    form.append("annotation_file", new Blob([zip]), "yolo.zip");
    const target = `/api/tasks/${b.id}/annotations?format=${encodeURIComponent("YOLO 1.1")}`;
    const started = await t.app.request(`${target}&filename=yolo.zip`, {
      method: "POST",
      headers: t.ann,
      body: form,
    });
    strictEqual(started.status, 202);
    const request = await waitRequest(t, t.ann, (await json(started)).rq_id);
    strictEqual(request.status, "finished", JSON.stringify(request));
    const imported = await json(
      await t.app.request(`/api/tasks/${b.id}/annotations`, {
        headers: t.ann,
      }),
    );
    deepStrictEqual(
      imported.shapes.map((s: { frame: number; type: string; points: number[] }) => [
        s.frame,
        s.type,
        s.points.map((v) => +v.toFixed(4)),
      ]),
      [[0, "rectangle", [1, 2, 10, 12]]],
    );
  });
});
