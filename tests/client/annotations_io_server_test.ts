/**
 * dump/upload against our server (issue 7): a task's annotations exported in "CVAT for images
 * 1.1" by the client's 2.15 flow and uploaded as "CVAT 1.1" into another task come back equal.
 */
import { deepStrictEqual, strictEqual } from "node:assert/strict";
import { API, clientApp, taskWithImages } from "./_fixture.ts";
import { createHttp } from "../../lib/client/http.ts";
import { dumpAnnotations, uploadAnnotations } from "../../lib/client/annotations_io.ts";
import { json, send } from "../server/_client.ts";

Deno.test("dump/upload: our server exports and imports CVAT XML through the 2.15 flow", async () => {
  const t = await clientApp();
  const labels = [{ name: "car", attributes: [] }];
  const source = await taskWithImages(t, { frames: 2, labels });
  const target = await taskWithImages(t, { frames: 2, labels });
  const labelOf = async (task: number) =>
    (await json(await t.app.request(`/api/labels?task_id=${task}`, { headers: t.admin })))
      .results[0].id;
  const shape = {
    type: "rectangle",
    frame: 1,
    label_id: await labelOf(source),
    group: 0,
    source: "manual",
    occluded: false,
    outside: false,
    z_order: 0,
    rotation: 0,
    points: [1, 2, 30, 40],
    attributes: [],
  };
  const body = { version: 0, tags: [], shapes: [shape], tracks: [] };
  const put = await send(t.app, "PUT", `/api/tasks/${source}/annotations`, body, t.admin);
  strictEqual(put.status, 200);
  const http = createHttp({
    api: API,
    fetch: async (request: Request) => {
      request.headers.set("authorization", t.admin.Authorization);
      return await t.app.fetch(request);
    },
  });
  const delays = [5];
  const stream = await dumpAnnotations(
    { http, path: `/tasks/${source}/annotations`, delays },
    "CVAT for images 1.1",
  );
  const bytes = new Uint8Array(await new Response(stream).arrayBuffer());
  strictEqual(String.fromCharCode(bytes[0], bytes[1]), "PK");
  const file = new File([bytes], "annotations.zip");
  await uploadAnnotations({ http, path: `/tasks/${target}/annotations`, delays }, file, "CVAT 1.1");
  const saved = await json(
    await t.app.request(`/api/tasks/${target}/annotations`, { headers: t.admin }),
  );
  deepStrictEqual(
    saved.shapes.map((s: { frame: number; type: string; points: number[]; label_id: number }) => [
      s.frame,
      s.type,
      s.points,
      s.label_id,
    ]),
    [[1, "rectangle", [1, 2, 30, 40], await labelOf(target)]],
  );
});
