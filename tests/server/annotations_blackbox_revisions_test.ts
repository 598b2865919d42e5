/**
 * Black-box (issue 4, DESIGN.md "Beyond CVAT"): `ETag` revisions with `If-Match` (409 on a
 * stale revision, nothing changed), `Idempotency-Key` (a repeat returns the first response and
 * applies nothing; another body under the same key is a 422; keys are per job), and concurrent
 * writes that never lose an update; on both stores.
 */

import { deepStrictEqual, notStrictEqual, ok, strictEqual } from "node:assert/strict";
import {
  type AnnWorld,
  annWorld,
  body,
  etag,
  jobAnn,
  type Json,
  type Reply,
  STORE_KINDS,
  taskAnn,
} from "./annotations_blackbox_fixture.ts";
import { rect, tag } from "./annotations_blackbox_objects.ts";

const headers = (w: AnnWorld, extra: Record<string, string>) => ({ ...w.as.ann.headers, ...extra });

async function stale(w: AnnWorld, method: string, path: string, sent: unknown, match: string) {
  const before = await w.annotationsState();
  const r = await w.req(method, path, sent, headers(w, { "If-Match": match }));
  strictEqual(r.status, 409, `${method} ${path} with If-Match ${match}: ${r.text}`);
  strictEqual(typeof r.body?.detail, "string", `409 body ${r.text}`);
  strictEqual(await w.annotationsState(), before, `${method} ${path}: nothing changed`);
}

function sameReply(a: Reply, b: Reply, what: string): void {
  strictEqual(b.status, a.status, `${what}: status`);
  deepStrictEqual(b.body, a.body, `${what}: body`);
  strictEqual(b.headers.get("etag"), a.headers.get("etag"), `${what}: ETag`);
}

for (const kind of STORE_KINDS) {
  Deno.test(`[${kind}] If-Match: stale → 409 and nothing changed; fresh → applied`, async () => {
    const w = await annWorld(kind);
    try {
      const job = w.jobs[0].id;
      const create = body({ shapes: [rect(w.ids, 1, 1)] });
      let r = await w.req(
        "PATCH",
        jobAnn(job, "action=create"),
        create,
        headers(w, { "If-Match": etag(0) }),
      );
      strictEqual(r.status, 200, r.text);
      strictEqual(r.headers.get("etag"), etag(1));
      const shape = r.body.shapes[0];
      await stale(w, "PATCH", jobAnn(job, "action=create"), create, etag(0));
      await stale(w, "PATCH", jobAnn(job, "action=update"), body({ shapes: [shape] }), etag(0));
      await stale(w, "PATCH", jobAnn(job, "action=delete"), body({ shapes: [shape] }), etag(0));
      await stale(w, "PUT", jobAnn(job), body({}), etag(0));
      await stale(w, "DELETE", jobAnn(job), undefined, etag(0));
      await stale(w, "PUT", jobAnn(job), body({}), etag(7));
      strictEqual((await w.req("GET", jobAnn(job))).headers.get("etag"), etag(1));
      r = await w.req(
        "PUT",
        jobAnn(job),
        body({ tags: [tag(w.ids, 2)] }),
        headers(w, { "If-Match": etag(1) }),
      );
      strictEqual(r.status, 200, r.text);
      strictEqual(r.headers.get("etag"), etag(2));
      strictEqual(r.body.version, 2);
      r = await w.req("DELETE", jobAnn(job), undefined, headers(w, { "If-Match": etag(2) }));
      strictEqual(r.status, 204, r.text);
      strictEqual(r.headers.get("etag"), etag(3));
      // Without If-Match: CVAT's behaviour (always applied).
      r = await w.req("PATCH", jobAnn(job, "action=create"), create);
      strictEqual(r.status, 200, r.text);
      strictEqual(r.body.version, 4);
    } finally {
      await w.close();
    }
  });

  Deno.test(`[${kind}] If-Match on task annotations`, async () => {
    const w = await annWorld(kind);
    try {
      const first = await w.req("GET", taskAnn(w.taskId));
      strictEqual(first.status, 200, first.text);
      const tag1 = first.headers.get("etag");
      ok(tag1 && /^"[^"]+"$/.test(tag1), `task ETag ${tag1}`);
      strictEqual(typeof first.body.version, "number");
      const r = await w.req(
        "PATCH",
        jobAnn(w.jobs[1].id, "action=create"),
        body({ shapes: [rect(w.ids, 12, 1)] }),
      );
      strictEqual(r.status, 200, r.text);
      const second = await w.req("GET", taskAnn(w.taskId));
      const tag2 = second.headers.get("etag");
      notStrictEqual(tag2, tag1, "a job write changes the task's ETag");
      const create = body({ shapes: [rect(w.ids, 3, 1)] });
      await stale(w, "PATCH", taskAnn(w.taskId, "action=create"), create, tag1!);
      await stale(w, "PUT", taskAnn(w.taskId), body({}), tag1!);
      await stale(w, "DELETE", taskAnn(w.taskId), undefined, tag1!);
      const ok1 = await w.req(
        "PATCH",
        taskAnn(w.taskId, "action=create"),
        create,
        headers(w, { "If-Match": tag2! }),
      );
      strictEqual(ok1.status, 200, ok1.text);
      const tag3 = ok1.headers.get("etag");
      ok(tag3 && tag3 !== tag2, `new task ETag ${tag3}`);
      strictEqual((await w.req("GET", taskAnn(w.taskId))).headers.get("etag"), tag3);
    } finally {
      await w.close();
    }
  });

  Deno.test(`[${kind}] Idempotency-Key: a retry returns the first response, applies nothing`, async () => {
    const w = await annWorld(kind);
    try {
      const [job, job2] = w.jobs.map((j) => j.id);
      const key = (k: string) => headers(w, { "Idempotency-Key": k });
      const create = body({
        shapes: [rect(w.ids, 1, 1), rect(w.ids, 2, 2)],
        tags: [tag(w.ids, 0)],
      });
      const first = await w.req("PATCH", jobAnn(job, "action=create"), create, key("k-1"));
      strictEqual(first.status, 200, first.text);
      const state = await w.annotationsState();
      sameReply(
        first,
        await w.req("PATCH", jobAnn(job, "action=create"), create, key("k-1")),
        "retry",
      );
      strictEqual(await w.annotationsState(), state, "the retry applied nothing");
      const other = body({ shapes: [rect(w.ids, 3, 3)] });
      const refused = await w.req("PATCH", jobAnn(job, "action=create"), other, key("k-1"));
      strictEqual(refused.status, 422, refused.text);
      strictEqual(await w.annotationsState(), state, "the 422 applied nothing");
      // Keys are per job: the same key on the other job is a new write.
      const elsewhere = await w.req("PATCH", jobAnn(job2, "action=create"), create, key("k-1"));
      strictEqual(elsewhere.status, 200, elsewhere.text);
      strictEqual(elsewhere.body.shapes.length, 2);
      // A DELETE retried after another write returns its first answer and deletes nothing.
      const del = await w.req("DELETE", jobAnn(job), undefined, key("k-2"));
      strictEqual(del.status, 204, del.text);
      const after = await w.req("PATCH", jobAnn(job, "action=create"), other);
      strictEqual(after.status, 200);
      const state2 = await w.annotationsState();
      sameReply(del, await w.req("DELETE", jobAnn(job), undefined, key("k-2")), "DELETE retry");
      strictEqual(await w.annotationsState(), state2, "the DELETE retry deleted nothing");
      // PUT too.
      const put = await w.req("PUT", jobAnn(job), create, key("k-3"));
      strictEqual(put.status, 200, put.text);
      const state3 = await w.annotationsState();
      sameReply(put, await w.req("PUT", jobAnn(job), create, key("k-3")), "PUT retry");
      strictEqual(await w.annotationsState(), state3);
      strictEqual((await w.req("PUT", jobAnn(job), other, key("k-3"))).status, 422);
      strictEqual(await w.annotationsState(), state3);
    } finally {
      await w.close();
    }
  });

  Deno.test(`[${kind}] concurrent writes: none lost; one winner per If-Match`, async () => {
    const w = await annWorld(kind);
    try {
      const job = w.jobs[0].id;
      const replies = await Promise.all(
        Array.from({ length: 8 }, (_, i) =>
          w.req(
            "PATCH",
            jobAnn(job, "action=create"),
            body({
              shapes: Array.from({ length: 5 }, (_, k) => rect(w.ids, k, i * 10 + k)),
            }),
          )),
      );
      for (const r of replies) strictEqual(r.status, 200, r.text);
      deepStrictEqual(replies.map((r) => r.body.version).sort((a, b) => a - b), [
        1,
        2,
        3,
        4,
        5,
        6,
        7,
        8,
      ]);
      const sentIds = replies.flatMap((r) => r.body.shapes.map((s: Json) => s.id)).sort((a, b) =>
        a - b
      );
      strictEqual(new Set(sentIds).size, 40, "40 distinct ids");
      let got = await w.req("GET", jobAnn(job));
      strictEqual(got.headers.get("etag"), etag(8));
      deepStrictEqual(
        got.body.shapes.map((s: Json) => s.id).sort((a: number, b: number) => a - b),
        sentIds,
      );
      // Concurrent updates of different objects without If-Match: both land.
      const [a, b] = [replies[0].body.shapes[0], replies[1].body.shapes[0]];
      const moved = await Promise.all([
        w.req(
          "PATCH",
          jobAnn(job, "action=update"),
          body({ shapes: [{ ...a, points: [7, 7, 8, 8] }] }),
        ),
        w.req(
          "PATCH",
          jobAnn(job, "action=update"),
          body({ shapes: [{ ...b, points: [9, 9, 10, 10] }] }),
        ),
      ]);
      for (const r of moved) strictEqual(r.status, 200, r.text);
      got = await w.req("GET", jobAnn(job));
      const byId = new Map(got.body.shapes.map((s: Json) => [s.id, s.points]));
      deepStrictEqual(byId.get(a.id), [7, 7, 8, 8]);
      deepStrictEqual(byId.get(b.id), [9, 9, 10, 10]);
      // The same If-Match from five writers: exactly one wins.
      const match = got.headers.get("etag")!;
      const racing = await Promise.all(
        Array.from({ length: 5 }, (_, i) =>
          w.req(
            "PATCH",
            jobAnn(job, "action=create"),
            body({ tags: [tag(w.ids, i)] }),
            headers(w, { "If-Match": match }),
          )),
      );
      deepStrictEqual(racing.map((r) => r.status).sort(), [200, 409, 409, 409, 409]);
      strictEqual((await w.req("GET", jobAnn(job))).body.tags.length, 1);
    } finally {
      await w.close();
    }
  });
}
