/**
 * The server picks up "MOT 1.1", "LabelMe 3.0" and "ImageNet 1.0" (issue 8): they are listed as
 * importers and exporters, a task export goes 202 → 201 → download, and the file imports into
 * another task with what the format keeps.
 */
import { deepStrictEqual, ok, strictEqual } from "node:assert/strict";
import { json } from "./_client.ts";
import { type DataApp, withDataApp } from "./task_data_fixture.ts";
import {
  type Json,
  pollUntilDone,
  putAnnotations,
  sampleAnnotations,
  taskWithFrames,
  waitRequest,
  zipTexts,
} from "./exchange_fixture.ts";

const CASES: { format: string; files: string[]; keeps: (object: Json) => boolean }[] = [
  {
    format: "MOT 1.1",
    files: ["gt/gt.txt", "gt/labels.txt"],
    keeps: (object) => object.type === "rectangle",
  },
  {
    format: "LabelMe 3.0",
    files: [
      "default/frame_0.xml",
      "default/frame_1.xml",
      "default/frame_2.xml",
      "default/frame_3.xml",
    ],
    keeps: (object) => object.type === "rectangle" || object.type === "polygon",
  },
  { format: "ImageNet 1.0", files: ["default.txt", "synsets.txt"], keeps: (o) => !o.type },
];

async function exportFile(t: DataApp, id: number, format: string): Promise<Uint8Array> {
  const url = `/api/tasks/${id}/annotations?format=${encodeURIComponent(format)}`;
  const first = await t.app.request(url, { headers: t.ann });
  strictEqual(first.status, 202);
  await first.body?.cancel();
  strictEqual((await pollUntilDone(t, t.ann, url)).at(-1), 201);
  const file = await t.app.request(`${url}&action=download`, { headers: t.ann });
  strictEqual(file.status, 200);
  strictEqual(file.headers.get("content-type"), "application/zip");
  return new Uint8Array(await file.arrayBuffer());
}

async function importFile(t: DataApp, id: number, format: string, bytes: Uint8Array) {
  const data = new FormData();
  data.append("annotation_file", new Blob([new Uint8Array(bytes)]), "a.zip");
  const url = `/api/tasks/${id}/annotations?format=${encodeURIComponent(format)}&filename=a.zip`;
  const started = await t.app.request(url, { method: "POST", headers: t.ann, body: data });
  strictEqual(started.status, 202);
  const request = await waitRequest(t, t.ann, (await json(started)).rq_id);
  strictEqual(request.status, "finished", JSON.stringify(request));
}

function essence(data: Json, labels: Record<string, number>, keeps: (object: Json) => boolean) {
  const names = Object.fromEntries(Object.entries(labels).map(([name, id]) => [id, name]));
  return [...data.shapes, ...data.tags].filter(keeps)
    .map((o: Json) => [o.frame, o.type ?? "tag", names[o.label_id], o.points ?? []]).sort();
}

Deno.test("formats II: MOT, LabelMe and ImageNet are listed as importers and exporters", async () => {
  await withDataApp("memory", async (t) => {
    const res = await t.app.request("/api/server/annotation/formats", { headers: t.ann });
    const body = await json(res);
    for (const { format } of CASES) {
      for (const side of ["importers", "exporters"]) {
        const item = body[side].find((f: Json) => f.name === format);
        ok(item, `${format} in ${side}`);
        deepStrictEqual([item.ext, item.enabled, item.dimension], ["ZIP", true, "2d"]);
      }
    }
  });
});

for (const { format, files, keeps } of CASES) {
  Deno.test(`formats II: ${format} exports through the server and imports back`, async () => {
    await withDataApp("memory", async (t) => {
      const a = await taskWithFrames(t, t.ann, 4, "source");
      const b = await taskWithFrames(t, t.ann, 4, "target");
      await putAnnotations(t, t.ann, `/api/tasks/${a.id}/annotations`, sampleAnnotations(a.labels));
      const zip = await exportFile(t, a.id, format);
      deepStrictEqual([...(await zipTexts(zip)).keys()], files);
      await importFile(t, b.id, format, zip);
      const get = async (id: number) =>
        await json(await t.app.request(`/api/tasks/${id}/annotations`, { headers: t.ann }));
      const source = essence(await get(a.id), a.labels, keeps);
      ok(source.length > 0);
      deepStrictEqual(essence(await get(b.id), b.labels, keeps), source);
    });
  });
}
