/**
 * The VOC-layout formats on the server (issue 8): listed by `/api/server/annotation/formats`,
 * exported through the 2.15 GET flow, and imported back into another task.
 */
import { deepStrictEqual, ok, strictEqual } from "node:assert/strict";
import { unzipSync } from "fflate";
import { json } from "./_client.ts";
import { type DataApp, withDataApp } from "./task_data_fixture.ts";
import {
  type Json,
  pollUntilDone,
  putAnnotations,
  sampleAnnotations,
  taskWithFrames,
  waitRequest,
} from "./exchange_fixture.ts";

const VOC = "PASCAL VOC 1.1";
const MASK = "Segmentation mask 1.1";

async function exportZip(t: DataApp, id: number, format: string): Promise<Uint8Array> {
  const url = `/api/tasks/${id}/annotations?format=${encodeURIComponent(format)}`;
  strictEqual((await pollUntilDone(t, t.ann, url)).at(-1), 201);
  const file = await t.app.request(`${url}&action=download`, { headers: t.ann });
  strictEqual(file.status, 200);
  return new Uint8Array(await file.arrayBuffer());
}

async function importZip(t: DataApp, id: number, format: string, zip: Uint8Array) {
  const body = new FormData();
  body.append("annotation_file", new Blob([new Uint8Array(zip)]), "a.zip");
  const url = `/api/tasks/${id}/annotations?format=${encodeURIComponent(format)}&filename=a.zip`;
  const started = await t.app.request(url, { method: "POST", headers: t.ann, body });
  strictEqual(started.status, 202);
  const request = await waitRequest(t, t.ann, (await json(started)).rq_id);
  strictEqual(request.status, "finished", JSON.stringify(request));
  return await json(await t.app.request(`/api/tasks/${id}/annotations`, { headers: t.ann }));
}

Deno.test("formats2 VOC: both formats are listed as importers and exporters", async () => {
  await withDataApp("memory", async (t) => {
    const formats = await json(
      await t.app.request("/api/server/annotation/formats", { headers: t.ann }),
    );
    for (const name of [VOC, MASK]) {
      for (const side of ["importers", "exporters"]) {
        const item = formats[side].find((f: Json) => f.name === name);
        deepStrictEqual(item, { name, ext: "ZIP", version: "1.1", enabled: true, dimension: "2d" });
      }
    }
  });
});

Deno.test("formats2 VOC: a task exports as PASCAL VOC and imports back", async () => {
  await withDataApp("memory", async (t) => {
    const a = await taskWithFrames(t, t.ann, 4, "source");
    const b = await taskWithFrames(t, t.ann, 4, "target");
    await putAnnotations(t, t.ann, `/api/tasks/${a.id}/annotations`, sampleAnnotations(a.labels));
    const zip = await exportZip(t, a.id, VOC);
    const files = unzipSync(zip);
    ok(files["Annotations/frame_0.xml"]);
    ok(new TextDecoder().decode(files["Annotations/frame_0.xml"]).includes("<name>car</name>"));
    deepStrictEqual(
      new TextDecoder().decode(files["ImageSets/Main/weather_default.txt"]),
      "frame_1  1\n",
    );
    const back = await importZip(t, b.id, VOC, zip);
    // the polygon is not exported by PASCAL VOC
    deepStrictEqual(back.shapes.map((s: Json) => [s.frame, s.type, s.points]), [
      [0, "rectangle", [1, 2, 10, 12]],
    ]);
    deepStrictEqual(back.tags.map((g: Json) => [g.frame, g.label_id]), [[1, b.labels.weather]]);
  });
});

Deno.test("formats2 VOC: a task exports as Segmentation mask and imports back", async () => {
  await withDataApp("memory", async (t) => {
    const a = await taskWithFrames(t, t.ann, 4, "source");
    const b = await taskWithFrames(t, t.ann, 4, "target");
    await putAnnotations(t, t.ann, `/api/tasks/${a.id}/annotations`, sampleAnnotations(a.labels));
    const zip = await exportZip(t, a.id, MASK);
    deepStrictEqual(Object.keys(unzipSync(zip)).sort(), [
      "ImageSets/Segmentation/default.txt",
      "SegmentationClass/frame_0.png",
      "SegmentationClass/frame_3.png",
      "SegmentationObject/frame_0.png",
      "SegmentationObject/frame_3.png",
      "labelmap.txt",
    ]);
    const back = await importZip(t, b.id, MASK, zip);
    deepStrictEqual(back.shapes.map((s: Json) => [s.frame, s.type]), [
      [0, "polygon"],
      [3, "polygon"],
    ]);
    deepStrictEqual(back.shapes[0].points, [1, 2, 10, 2, 10, 12, 1, 12]);
  });
});
