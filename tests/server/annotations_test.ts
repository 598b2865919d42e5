/**
 * Job annotations over REST: round trip, ids in request order, update and delete semantics,
 * normal form, routes and permissions. Every test runs on the memory store and on KV.
 */

import { deepStrictEqual, ok, strictEqual } from "node:assert/strict";
import {
  bothStores,
  data,
  jobPath,
  type Json,
  rect,
  skeleton,
  skeletonTrack,
  tag,
  track,
} from "./annotations_fixture.ts";

const ids = (list: Json[]) => list.map((o: Json) => o.id);

bothStores("an empty job answers revision 0 with ETag", async (w) => {
  const r = await w.req("GET", jobPath(w.jobs[0].id));
  strictEqual(r.status, 200);
  deepStrictEqual(r.body, { version: 0, tags: [], shapes: [], tracks: [] });
  strictEqual(r.headers.get("etag"), '"0"');
  ok(r.headers.get("content-type")?.startsWith("application/vnd.cvat+json"));
});

bothStores("PUT then GET round-trips, with defaults filled and new ids", async (w) => {
  const job = w.jobs[0].id;
  const sent = data({
    tags: [tag(w.ids.weather, 2)],
    shapes: [rect(w.ids.car, 3, 5, { id: 999 }), skeleton(w.ids, 1)],
    tracks: [track(w.ids.car, [[0, 0], [4, 40]])],
  });
  const put = await w.req("PUT", jobPath(job), sent);
  strictEqual(put.status, 200);
  strictEqual(put.body.version, 1);
  strictEqual(put.headers.get("etag"), '"1"');
  ok(put.body.shapes[0].id !== 999, "PUT gives new ids");
  const got = await w.req("GET", jobPath(job));
  strictEqual(got.body.version, 1);
  // Ordered by frame: the skeleton (frame 1) comes before the rectangle (frame 3).
  deepStrictEqual(ids(got.body.shapes), [put.body.shapes[1].id, put.body.shapes[0].id]);
  const box = got.body.shapes[1];
  deepStrictEqual(box.attributes, [{ spec_id: w.ids.color, value: "red" }, {
    spec_id: w.ids.speed,
    value: "0",
  }]);
  deepStrictEqual(box.elements, []);
  deepStrictEqual(box.points, [5, 0, 15, 10]);
  strictEqual(got.body.shapes[0].elements.length, 2);
  strictEqual(got.body.shapes[0].elements[0].elements, undefined);
  strictEqual(got.body.tags[0].elements, undefined);
  const [t] = got.body.tracks;
  deepStrictEqual(t.attributes, [{ spec_id: w.ids.color, value: "red" }]);
  deepStrictEqual(t.shapes[1].attributes, [{ spec_id: w.ids.speed, value: "0" }]);
  deepStrictEqual(ids(t.shapes), ids(put.body.tracks[0].shapes));
});

bothStores("PATCH create answers the objects in request order with ids, recursively", async (w) => {
  const job = w.jobs[0].id;
  const body = data({
    tags: [tag(w.ids.weather, 5), tag(w.ids.weather, 1)],
    shapes: [rect(w.ids.car, 9), skeleton(w.ids, 0), rect(w.ids.car, 2)],
    tracks: [skeletonTrack(w.ids, [3, 1]), track(w.ids.car, [[8, 0]])],
  });
  const r = await w.req("PATCH", jobPath(job, "action=create"), body);
  strictEqual(r.status, 200);
  strictEqual(r.body.version, 1);
  deepStrictEqual(r.body.tags.map((t: Json) => t.frame), [5, 1]);
  deepStrictEqual(r.body.shapes.map((s: Json) => s.frame), [9, 0, 2]);
  const all: number[] = [];
  const collect = (o: Json) => {
    ok(Number.isInteger(o.id), JSON.stringify(o));
    all.push(o.id);
    (o.elements ?? []).forEach(collect);
    (o.shapes ?? []).forEach(collect);
  };
  [...r.body.tags, ...r.body.shapes, ...r.body.tracks].forEach(collect);
  ok(r.body.tags[0].id < r.body.tags[1].id && r.body.shapes[0].id < r.body.shapes[1].id);
  const skel = r.body.tracks[0];
  deepStrictEqual(skel.elements.map((e: Json) => e.label_id), [w.ids.head, w.ids.hand]);
  strictEqual(skel.elements[0].shapes.length, 2);
  const got = await w.req("GET", jobPath(job));
  strictEqual(got.body.tracks[0].frame, 1, "track frame = its first shape's frame");
  deepStrictEqual(
    got.body.tracks[0].elements.map((e: Json) => e.id),
    skel.elements.map((e: Json) => e.id),
  );
});

bothStores("PATCH update replaces by id and keeps keyframe and element ids", async (w) => {
  const job = w.jobs[0].id;
  const made = await w.req(
    "PATCH",
    jobPath(job, "action=create"),
    data({
      shapes: [rect(w.ids.car, 1), skeleton(w.ids, 2)],
      tracks: [track(w.ids.car, [[0, 0], [5, 50]])],
    }),
  );
  const [box, skel] = made.body.shapes;
  const trk = made.body.tracks[0];
  const moved = { ...box, frame: 4, occluded: true, attributes: [] };
  const grown = { ...trk, shapes: [...trk.shapes, { ...trk.shapes[0], id: null, frame: 7 }] };
  const r = await w.req(
    "PATCH",
    jobPath(job, "action=update"),
    data({
      shapes: [moved, { ...skel, elements: [skel.elements[0], { ...skel.elements[1], id: null }] }],
      tracks: [grown],
    }),
  );
  strictEqual(r.status, 200);
  strictEqual(r.body.version, 2);
  strictEqual(r.body.shapes[0].id, box.id);
  strictEqual(r.body.shapes[1].elements[0].id, skel.elements[0].id);
  ok(Number.isInteger(r.body.shapes[1].elements[1].id));
  deepStrictEqual(ids(r.body.tracks[0].shapes).slice(0, 2), ids(trk.shapes));
  ok(!trk.shapes.some((s: Json) => s.id === r.body.tracks[0].shapes[2].id));
  const got = await w.req("GET", jobPath(job));
  const stored = got.body.shapes.find((s: Json) => s.id === box.id);
  strictEqual(stored.frame, 4);
  strictEqual(stored.occluded, true);
  strictEqual(got.body.shapes.length, 2);
  strictEqual(got.body.tracks[0].shapes.length, 3);
});

bothStores(
  "PATCH update of an id the job does not hold re-inserts it with a fresh id",
  async (w) => {
    const job = w.jobs[0].id;
    const r = await w.req(
      "PATCH",
      jobPath(job, "action=update"),
      data({ shapes: [rect(w.ids.car, 1, 0, { id: 424242 })] }),
    );
    strictEqual(r.status, 200);
    ok(r.body.shapes[0].id !== 424242 && Number.isInteger(r.body.shapes[0].id));
    deepStrictEqual(ids((await w.req("GET", jobPath(job))).body.shapes), [r.body.shapes[0].id]);
  },
);

bothStores("PATCH delete removes by id, ignores unknown ids and echoes the request", async (w) => {
  const job = w.jobs[0].id;
  const made = await w.req(
    "PATCH",
    jobPath(job, "action=create"),
    data({
      tags: [tag(w.ids.weather, 0)],
      shapes: [rect(w.ids.car, 1), rect(w.ids.car, 2)],
    }),
  );
  const gone = made.body.shapes[0];
  const r = await w.req(
    "PATCH",
    jobPath(job, "action=delete"),
    data({
      shapes: [gone, rect(w.ids.car, 3, 0, { id: 987654 })],
    }),
  );
  strictEqual(r.status, 200);
  deepStrictEqual(ids(r.body.shapes), [gone.id, 987654]);
  const got = await w.req("GET", jobPath(job));
  deepStrictEqual(ids(got.body.shapes), [made.body.shapes[1].id]);
  strictEqual(got.body.tags.length, 1);
});

bothStores("DELETE clears the job: 204 with a new ETag", async (w) => {
  const job = w.jobs[0].id;
  await w.req("PATCH", jobPath(job, "action=create"), data({ shapes: [rect(w.ids.car, 1)] }));
  const r = await w.req("DELETE", jobPath(job));
  strictEqual(r.status, 204);
  strictEqual(r.headers.get("etag"), '"2"');
  deepStrictEqual((await w.req("GET", jobPath(job))).body, {
    version: 2,
    tags: [],
    shapes: [],
    tracks: [],
  });
});

bothStores(
  "the routes also answer with a trailing slash; POST without a file is a 400",
  async (w) => {
    const job = w.jobs[0].id;
    const path = `/api/jobs/${job}/annotations/`;
    strictEqual(
      (await w.req("PATCH", `${path}?action=create`, data({ tags: [tag(w.ids.weather, 0)] })))
        .status,
      200,
    );
    strictEqual((await w.req("GET", path)).body.tags.length, 1);
    strictEqual((await w.req("GET", `/api/tasks/${w.taskId}/annotations/`)).status, 200);
    // POST is the import of a file (import_routes.ts); without one it is CVAT's 400.
    const post = await w.req("POST", jobPath(job), data({}));
    strictEqual(post.status, 400);
    deepStrictEqual(post.body, "No such file were uploaded");
  },
);

bothStores(
  "permissions: owner, assignee and admin write; others 403; anonymous 401; 404",
  async (w) => {
    const [first, second] = w.jobs;
    const body = data({ tags: [tag(w.ids.weather, 0)] });
    strictEqual(
      (await w.req("PATCH", jobPath(first.id, "action=create"), body, w.as.cat.headers)).status,
      200,
    );
    strictEqual((await w.req("GET", jobPath(first.id), undefined, w.as.cat.headers)).status, 200);
    strictEqual(
      (await w.req("PATCH", jobPath(second.id, "action=create"), body, w.as.cat.headers)).status,
      403,
    );
    strictEqual((await w.req("GET", jobPath(first.id), undefined, w.as.bob.headers)).status, 403);
    strictEqual((await w.req("PUT", jobPath(first.id), body, w.as.bob.headers)).status, 403);
    strictEqual(
      (await w.req("DELETE", taskPath(w.taskId), undefined, w.as.cat.headers)).status,
      403,
    );
    strictEqual((await w.req("PUT", jobPath(second.id), body, w.as.admin.headers)).status, 200);
    strictEqual((await w.req("GET", jobPath(first.id), undefined, {})).status, 401);
    strictEqual((await w.req("GET", jobPath(99999))).status, 404);
    strictEqual((await w.req("GET", "/api/jobs/abc/annotations")).status, 404);
    strictEqual((await w.req("GET", taskPath(99999))).status, 404);
    const state = await w.state();
    strictEqual(
      (await w.req("PATCH", jobPath(second.id, "action=delete"), body, w.as.bob.headers)).status,
      403,
    );
    strictEqual(await w.state(), state);
  },
);

function taskPath(id: number): string {
  return `/api/tasks/${id}/annotations`;
}
