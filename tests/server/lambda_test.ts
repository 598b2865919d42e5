import { deepStrictEqual, strictEqual } from "node:assert/strict";
import { world } from "./projects_fixtures.ts";

Deno.test("lambda lists: 200 [] for any user (the UI's exact queries), 401 anonymous", async () => {
  const w = await world();
  for (
    const path of ["/api/lambda/requests?org=", "/api/lambda/functions", "/api/lambda/requests"]
  ) {
    deepStrictEqual(await w.ann("GET", path), { status: 200, body: [] });
    deepStrictEqual((await w.worker("GET", path)).body, []);
    deepStrictEqual((await w.admin("GET", path)).body, []);
    strictEqual((await w.anonymous("GET", path)).status, 401);
  }
});

Deno.test("lambda: single functions and requests do not exist; other methods are 405", async () => {
  const w = await world();
  deepStrictEqual(await w.ann("GET", "/api/lambda/functions/yolo"), {
    status: 404,
    body: { detail: "Not found." },
  });
  strictEqual((await w.ann("GET", "/api/lambda/requests/abc-123")).status, 404);
  strictEqual((await w.anonymous("GET", "/api/lambda/functions/yolo")).status, 401);
  strictEqual((await w.ann("DELETE", "/api/lambda/functions")).status, 405);
  strictEqual((await w.anonymous("DELETE", "/api/lambda/functions")).status, 401);
});
