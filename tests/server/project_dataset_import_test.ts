import { deepStrictEqual, strictEqual } from "node:assert/strict";
import { json, send } from "./_client.ts";
import { withDataApp } from "./task_data_fixture.ts";
import { pollUntilDone } from "./exchange_fixture.ts";
import { counts } from "./projects_fixtures.ts";
import { PROJECT_DATASET_IMPORT_REFUSED } from "../../lib/server/project_dataset_import.ts";

const REFUSED = [PROJECT_DATASET_IMPORT_REFUSED];

Deno.test("project dataset imports are refused with CVAT's 400 on every call the UI makes", async () => {
  await withDataApp("memory", async (t) => {
    const created = await send(t.app, "POST", "/api/projects", { name: "p" }, t.ann);
    const id = (await json(created)).id;
    const before = await counts(t.store);
    const query = "format=COCO%201.0&filename=d.zip&conv_mask_to_poly=true";
    const url = `/api/projects/${id}/dataset?${query}`;
    const form = () => {
      const body = new FormData();
      body.append("dataset_file", new Blob([new Uint8Array(2048)]), "d.zip");
      return body;
    };
    const calls: [string, RequestInit][] = [
      // cvat-core: Upload-Start, TUS, Upload-Finish, then polling import_status.
      [url, { method: "POST", headers: { ...t.ann, "Upload-Start": "true" }, body: form() }],
      [`/api/projects/${id}/dataset/`, {
        method: "POST",
        headers: { ...t.ann, "Tus-Resumable": "1.0.0", "Upload-Length": "2048" },
      }],
      [`/api/projects/${id}/dataset/0b0a9e3c-1a2b-4c3d-8e4f-5a6b7c8d9e0f`, {
        method: "PATCH",
        headers: { ...t.ann, "Upload-Offset": "0" },
        body: new Uint8Array(16),
      }],
      [url, { method: "POST", headers: { ...t.ann, "Upload-Finish": "true" }, body: form() }],
      // A one-shot multipart upload, and the status poll.
      [url, { method: "POST", headers: t.ann, body: form() }],
      [`${url}&action=import_status&rq_id=x`, { headers: t.ann }],
      [`/api/projects/${id}/dataset?action=import_status&rq_id=x`, { headers: t.ann }],
    ];
    for (const [path, init] of calls) {
      const res = await t.app.request(path, init);
      strictEqual(res.status, 400, `${init.method ?? "GET"} ${path}`);
      deepStrictEqual(await json(res), REFUSED);
    }
    deepStrictEqual(await counts(t.store), before);
    // The usual checks come first: a stranger, a missing project, no credentials.
    const stranger = await t.app.request(url, { method: "POST", headers: t.eve, body: form() });
    strictEqual(stranger.status, 403);
    await stranger.body?.cancel();
    const missing = await t.app.request("/api/projects/999/dataset", {
      method: "POST",
      headers: t.ann,
    });
    strictEqual(missing.status, 404);
    await missing.body?.cancel();
    const anonymous = await t.app.request(url, { method: "POST", body: form() });
    strictEqual(anonymous.status, 401);
    await anonymous.body?.cancel();
    // Exports on the same path still work.
    const exportUrl = `/api/projects/${id}/dataset?format=CVAT%20for%20images%201.1`;
    deepStrictEqual((await pollUntilDone(t, t.ann, exportUrl)).at(-1), 201);
  });
});
