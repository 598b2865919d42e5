/** Deleting a task deletes its media (originals, previews, cached chunks) too. */

import { ok, strictEqual } from "node:assert/strict";
import {
  createTask,
  imageBytes,
  STORE_KINDS,
  upload,
  waitStatus,
  withDataApp,
} from "./task_data_fixture.ts";

for (const kind of STORE_KINDS) {
  Deno.test(`[${kind}] deleting a task deletes its media blobs`, async () => {
    await withDataApp(kind, async (t) => {
      const id = await createTask(t, t.ann, { segment_size: 2 });
      const files: [string, Uint8Array][] = [
        ["a.png", await imageBytes(12, 8, "png")],
        ["b.png", await imageBytes(9, 7, "png")],
      ];
      strictEqual((await upload(t, t.ann, id, files)).status, 202);
      await waitStatus(t, t.ann, id);
      // The uploaded files stay where they were staged; a table maps frames to them.
      const table = await t.store.blobs.get(`media/task/${id}/originals`);
      const keys = JSON.parse(new TextDecoder().decode(table!)) as string[];
      strictEqual(keys.length, 2);
      for (const key of keys) ok((await t.store.blobs.get(key)) !== null, key);
      const res = await t.app.request(`/api/tasks/${id}`, { method: "DELETE", headers: t.ann });
      strictEqual(res.status, 204);
      for (const key of keys) strictEqual(await t.store.blobs.get(key), null, key);
      strictEqual(await t.store.blobs.get(`media/task/${id}/originals`), null);
      strictEqual(await t.store.blobs.get(`media/task/${id}/preview`), null);
    });
  });
}
