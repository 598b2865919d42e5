import { deepStrictEqual, ok, strictEqual } from "node:assert/strict";
import type { RequestRecord } from "../../lib/store/types.ts";
import type { RequestRecordExtras } from "../../lib/server/requests_view.ts";
import { createUser, json, login, send, type TestApp, testApp } from "./_client.ts";

type RequestFixture = RequestRecord & RequestRecordExtras;

function record(id: string, userId: number, fields: Partial<RequestFixture> = {}): RequestFixture {
  return {
    id,
    operation: "export:annotations",
    target: { type: "task", id: 5 },
    userId,
    status: "finished",
    message: "",
    progress: 1,
    result: null,
    created: "2024-03-21T20:50:05.694000Z",
    updated: "2024-03-21T20:50:09.000000Z",
    ...fields,
  };
}

async function setup() {
  const t: TestApp = testApp();
  const ann = await createUser(t, "ann", "pw-ann-1");
  const bob = await createUser(t, "bob", "pw-bob-1");
  const put = (r: RequestFixture) => t.store.requests.put(r.id, r);
  await put(record("export:annotations-for-task.id5-in-COCO_1.0-format", ann.id, {
    format: "COCO 1.0",
    result: "/api/tasks/5/annotations?format=COCO%201.0&action=download",
    created: "2024-03-21T10:00:00.000000Z",
  }));
  await put(record("create:task-6", ann.id, {
    operation: "create:task",
    target: { type: "task", id: 6 },
    status: "started",
    progress: 0.5,
    message: "Images are being compressed",
    created: "2024-03-22T10:00:00.000000Z",
  }));
  await put(record("import:job-9-annotations-by-ann", ann.id, {
    operation: "import:annotations",
    target: { type: "job", id: 9 },
    status: "queued",
    progress: 0,
    created: "2024-03-20T10:00:00.000000Z",
  }));
  await put(record("import:task-4-annotations-by-bob", bob.id, { status: "failed" }));
  return {
    ...t,
    ann: (await login(t.app, "ann", "pw-ann-1")).headers,
    bob: (await login(t.app, "bob", "pw-bob-1")).headers,
    admin: (await login(t.app, "admin", "s3cret!")).headers,
  };
}

const ids = (body: { results: { id: string }[] }) => body.results.map((r) => r.id);

Deno.test("requests need credentials", async () => {
  const t = await setup();
  for (const path of ["/api/requests", "/api/requests/create%3Atask-6"]) {
    const res = await t.app.request(path);
    strictEqual(res.status, 401, path);
    deepStrictEqual(await json(res), { detail: "Authentication credentials were not provided." });
  }
});

Deno.test("the list has only the caller's requests, newest first", async () => {
  const t = await setup();
  const body = await json(await t.app.request("/api/requests?org=", { headers: t.ann }));
  strictEqual(body.count, 3);
  deepStrictEqual(ids(body), [
    "create:task-6",
    "export:annotations-for-task.id5-in-COCO_1.0-format",
    "import:job-9-annotations-by-ann",
  ]);
  const bobs = await json(await t.app.request("/api/requests", { headers: t.bob }));
  deepStrictEqual(ids(bobs), ["import:task-4-annotations-by-bob"]);
  const admins = await json(await t.app.request("/api/requests", { headers: t.admin }));
  deepStrictEqual(admins, { count: 0, next: null, previous: null, results: [] });
});

Deno.test("the list filters, sorts and pages", async () => {
  const t = await setup();
  const get = async (query: string) =>
    await json(await t.app.request(`/api/requests?${query}`, { headers: t.ann }));
  deepStrictEqual(ids(await get("status=queued")), ["import:job-9-annotations-by-ann"]);
  deepStrictEqual(ids(await get("action=export")), [
    "export:annotations-for-task.id5-in-COCO_1.0-format",
  ]);
  deepStrictEqual(ids(await get("task_id=6")), ["create:task-6"]);
  deepStrictEqual(ids(await get("target=job&subresource=annotations")), [
    "import:job-9-annotations-by-ann",
  ]);
  deepStrictEqual(ids(await get("format=COCO%201.0")).length, 1);
  deepStrictEqual(ids(await get("sort=created_date")), [
    "import:job-9-annotations-by-ann",
    "export:annotations-for-task.id5-in-COCO_1.0-format",
    "create:task-6",
  ]);
  const first = await get("page_size=2");
  strictEqual(first.count, 3);
  strictEqual(first.results.length, 2);
  ok(first.next.endsWith("/api/requests?page=2&page_size=2"));
  const bad = await t.app.request("/api/requests?status=lost", { headers: t.ann });
  strictEqual(bad.status, 400);
  deepStrictEqual(await json(bad), {
    status: ["Select a valid choice. lost is not one of the available choices."],
  });
  const past = await t.app.request("/api/requests?page=3", { headers: t.ann });
  strictEqual(past.status, 404);
  deepStrictEqual(await json(past), { detail: "Invalid page." });
});

Deno.test("one request has CVAT 2.16's shape", async () => {
  const t = await setup();
  const id = encodeURIComponent("export:annotations-for-task.id5-in-COCO_1.0-format");
  const res = await t.app.request(`/api/requests/${id}`, { headers: t.ann });
  strictEqual(res.status, 200);
  const body = await json(res);
  deepStrictEqual(Object.keys(body).sort(), [
    "created_date",
    "expiry_date",
    "finished_date",
    "id",
    "message",
    "operation",
    "owner",
    "progress",
    "result_id",
    "result_url",
    "started_date",
    "status",
  ]);
  deepStrictEqual(body.operation, {
    type: "export:annotations",
    target: "task",
    project_id: null,
    task_id: 5,
    job_id: null,
    format: "COCO 1.0",
    function_id: null,
  });
  strictEqual(body.status, "finished");
  strictEqual(body.created_date, "2024-03-21T10:00:00.000000Z");
  strictEqual(body.started_date, "2024-03-21T10:00:00.000000Z");
  strictEqual(body.finished_date, "2024-03-21T20:50:09.000000Z");
  strictEqual(
    body.result_url,
    "http://localhost/api/tasks/5/annotations?format=COCO%201.0&action=download",
  );
  strictEqual(body.owner.username, "ann");
  const queued = await json(
    await t.app.request("/api/requests/import:job-9-annotations-by-ann", { headers: t.ann }),
  );
  deepStrictEqual(
    [queued.status, queued.started_date, queued.finished_date, queued.result_url],
    ["queued", null, null, null],
  );
  deepStrictEqual([queued.operation.target, queued.operation.job_id], ["job", 9]);
});

Deno.test("other users' and unknown requests are 404; admins may look", async () => {
  const t = await setup();
  for (const path of ["/api/requests/create:task-6", "/api/requests/nothing"]) {
    const res = await t.app.request(path, { headers: t.bob });
    strictEqual(res.status, 404, path);
    deepStrictEqual(await json(res), { detail: "Not found." });
  }
  const admin = await t.app.request("/api/requests/create:task-6", { headers: t.admin });
  strictEqual(admin.status, 200);
  strictEqual((await json(admin)).owner.username, "ann");
});

Deno.test("cancel: 404 for unknown or foreign requests, 400 otherwise (not supported yet)", async () => {
  const t = await setup();
  const cancel = (id: string, headers: Record<string, string>) =>
    send(t.app, "POST", `/api/requests/${id}/cancel`, undefined, headers);
  const unknown = await cancel("nothing", t.ann);
  strictEqual(unknown.status, 404);
  await unknown.body?.cancel();
  const foreign = await cancel("create:task-6", t.bob);
  strictEqual(foreign.status, 404);
  await foreign.body?.cancel();
  const started = await cancel("create:task-6", t.ann);
  strictEqual(started.status, 400);
  deepStrictEqual(await json(started), [
    "Only requests that have not started yet can be cancelled.",
  ]);
  const queued = await cancel("import:job-9-annotations-by-ann", t.ann);
  strictEqual(queued.status, 400);
  ok((await json(queued))[0].includes("not supported"));
  strictEqual((await t.store.requests.get("import:job-9-annotations-by-ann"))?.status, "queued");
});
