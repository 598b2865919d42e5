import { ok, strictEqual } from "node:assert/strict";
import { clientApp, taskWithImages } from "./_fixture.ts";

Deno.test("the fixture's app, client and task set-up work together", async () => {
  const t = await clientApp();
  strictEqual(typeof t.cvat.client.version, "string");
  ok(t.cvat.classes.ObjectState === t.cvat.ObjectState);
  const id = await taskWithImages(t, { frames: 2 });
  ok(id > 0);
});
