/**
 * Revisions (ETag, `version`), `If-Match` conflicts, `Idempotency-Key` retries and concurrent
 * writes on the annotation routes, on both stores.
 */

import { deepStrictEqual, ok, strictEqual } from "node:assert/strict";
import {
  bothStores,
  data,
  jobPath,
  type Json,
  rect,
  tag,
  taskPath,
} from "./annotations_fixture.ts";
import { IDEMPOTENCY_TTL_MS } from "../../lib/server/annotations_headers.ts";

bothStores("every write raises the revision; GET, ETag and version agree", async (w) => {
  const job = w.jobs[0].id;
  const create = await w.req(
    "PATCH",
    jobPath(job, "action=create"),
    data({ shapes: [rect(w.ids.car, 0)] }),
  );
  strictEqual(create.body.version, 1);
  const update = await w.req(
    "PATCH",
    jobPath(job, "action=update"),
    data({ shapes: create.body.shapes }),
  );
  strictEqual(update.headers.get("etag"), '"2"');
  const put = await w.req("PUT", jobPath(job), data({ tags: [tag(w.ids.weather, 1)] }));
  strictEqual(put.body.version, 3);
  const got = await w.req("GET", jobPath(job));
  strictEqual(got.body.version, 3);
  strictEqual(got.headers.get("etag"), '"3"');
  // An empty PATCH changes nothing and keeps the revision.
  strictEqual((await w.req("PATCH", jobPath(job, "action=create"), data({}))).body.version, 3);
  // The task's revision is the sum of its jobs'.
  strictEqual((await w.req("GET", taskPath(w.taskId))).headers.get("etag"), '"3"');
});

bothStores("If-Match: a stale revision is a 409 and changes nothing", async (w) => {
  const job = w.jobs[0].id;
  const first = await w.req(
    "PATCH",
    jobPath(job, "action=create"),
    data({ shapes: [rect(w.ids.car, 0)] }),
  );
  const before = await w.state();
  const stale = { "If-Match": '"0"', ...w.as.ann.headers };
  const writes: [string, string, Json][] = [
    ["PUT", jobPath(job), data({})],
    ["PATCH", jobPath(job, "action=create"), data({ tags: [tag(w.ids.weather, 0)] })],
    ["PATCH", jobPath(job, "action=update"), data({ shapes: first.body.shapes })],
    ["PATCH", jobPath(job, "action=delete"), data({ shapes: first.body.shapes })],
    ["DELETE", jobPath(job), undefined],
    ["PUT", taskPath(w.taskId), data({})],
    ["PATCH", taskPath(w.taskId, "action=create"), data({ tags: [tag(w.ids.weather, 0)] })],
    ["DELETE", taskPath(w.taskId), undefined],
  ];
  for (const [method, path, body] of writes) {
    const r = await w.req(method, path, body, stale);
    strictEqual(r.status, 409, `${method} ${path}`);
    ok(typeof r.body.detail === "string");
    strictEqual(r.headers.get("etag"), '"1"');
  }
  strictEqual(await w.state(), before);
  const ok1 = await w.req(
    "PATCH",
    jobPath(job, "action=create"),
    data({ tags: [tag(w.ids.weather, 0)] }),
    {
      "If-Match": '"1"',
      ...w.as.ann.headers,
    },
  );
  strictEqual(ok1.status, 200);
  strictEqual(ok1.headers.get("etag"), '"2"');
  const any = await w.req("DELETE", jobPath(job), undefined, {
    "If-Match": "*",
    ...w.as.ann.headers,
  });
  strictEqual(any.status, 204);
  const task = await w.req("PUT", taskPath(w.taskId), data({}), {
    "If-Match": '"3"',
    ...w.as.ann.headers,
  });
  strictEqual(task.status, 200);
});

bothStores("Idempotency-Key: a repeat returns the first response without applying", async (w) => {
  const job = w.jobs[0].id;
  const headers = { "Idempotency-Key": "save-1", ...w.as.ann.headers };
  const body = data({ shapes: [rect(w.ids.car, 0), rect(w.ids.car, 1)] });
  const first = await w.req("PATCH", jobPath(job, "action=create"), body, headers);
  strictEqual(first.status, 200);
  const state = await w.state();
  const again = await w.req("PATCH", jobPath(job, "action=create"), body, headers);
  strictEqual(again.status, 200);
  deepStrictEqual(again.body, first.body);
  strictEqual(again.headers.get("etag"), first.headers.get("etag"));
  strictEqual(again.headers.get("idempotent-replayed"), "true");
  strictEqual(await w.state(), state);
  // The same key with another body, or another action, is a 422 and changes nothing.
  const other = await w.req(
    "PATCH",
    jobPath(job, "action=create"),
    data({ shapes: [rect(w.ids.car, 5)] }),
    headers,
  );
  strictEqual(other.status, 422);
  ok(typeof other.body.detail === "string");
  strictEqual((await w.req("PATCH", jobPath(job, "action=delete"), body, headers)).status, 422);
  strictEqual(await w.state(), state);
  // Keys are per job: the same key on another job is a new write.
  const second = await w.req("PATCH", jobPath(w.jobs[1].id, "action=create"), body, headers);
  strictEqual(second.status, 200);
  strictEqual(second.headers.get("idempotent-replayed"), null);
  ok(IDEMPOTENCY_TTL_MS >= 24 * 3600 * 1000);
});

bothStores("Idempotency-Key: DELETE replays its 204; a failed write is not recorded", async (w) => {
  const job = w.jobs[0].id;
  const del = { "Idempotency-Key": "clear-1", ...w.as.ann.headers };
  strictEqual((await w.req("DELETE", jobPath(job), undefined, del)).status, 204);
  const replay = await w.req("DELETE", jobPath(job), undefined, del);
  strictEqual(replay.status, 204);
  strictEqual(replay.headers.get("etag"), '"1"');
  strictEqual((await w.req("GET", jobPath(job))).body.version, 1);
  const key = { "Idempotency-Key": "put-1", ...w.as.ann.headers };
  strictEqual(
    (await w.req("PUT", jobPath(job), data({ shapes: [rect(777, 0)] }), key)).status,
    400,
  );
  // The bad write was not recorded, so the corrected one (another body) is applied, not a 422.
  const fixed = await w.req("PUT", jobPath(job), data({ shapes: [rect(w.ids.car, 0)] }), key);
  strictEqual(fixed.status, 200);
  strictEqual(fixed.body.version, 2);
});

bothStores("20 concurrent PATCH creates lose nothing: 20 objects, revision 20", async (w) => {
  const job = w.jobs[0].id;
  const replies = await Promise.all(
    Array.from(
      { length: 20 },
      (_, i) =>
        w.req(
          "PATCH",
          jobPath(job, "action=create"),
          data({ shapes: [rect(w.ids.car, i % 10, i)] }),
        ),
    ),
  );
  ok(replies.every((r) => r.status === 200));
  deepStrictEqual(
    replies.map((r) => r.body.version).sort((a, b) => a - b),
    Array.from({ length: 20 }, (_, i) => i + 1),
  );
  const got = await w.req("GET", jobPath(job));
  strictEqual(got.body.shapes.length, 20);
  strictEqual(got.body.version, 20);
  strictEqual(new Set(got.body.shapes.map((s: Json) => s.id)).size, 20);
});

bothStores("concurrent updates of different objects all land", async (w) => {
  const job = w.jobs[0].id;
  const made = await w.req(
    "PATCH",
    jobPath(job, "action=create"),
    data({
      shapes: Array.from({ length: 10 }, (_, i) => rect(w.ids.car, i)),
    }),
  );
  await Promise.all(
    made.body.shapes.map((s: Json) =>
      w.req("PATCH", jobPath(job, "action=update"), data({ shapes: [{ ...s, occluded: true }] }))
    ),
  );
  const got = await w.req("GET", jobPath(job));
  ok(got.body.shapes.every((s: Json) => s.occluded === true));
  strictEqual(got.body.version, 11);
});

bothStores("concurrent repeats of one Idempotency-Key apply once", async (w) => {
  const job = w.jobs[0].id;
  const headers = { "Idempotency-Key": "burst", ...w.as.ann.headers };
  const body = data({ tags: [tag(w.ids.weather, 0)] });
  const replies = await Promise.all(
    Array.from({ length: 5 }, () => w.req("PATCH", jobPath(job, "action=create"), body, headers)),
  );
  ok(replies.every((r) => r.status === 200 && r.body.tags[0].id === replies[0].body.tags[0].id));
  strictEqual((await w.req("GET", jobPath(job))).body.tags.length, 1);
});
