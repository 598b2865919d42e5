/**
 * `GET .../annotations?interpolate=true` against the core's `expandTrack`, and a 10k-shape
 * job round trip, on both stores.
 */

import { deepStrictEqual, ok, strictEqual } from "node:assert/strict";
import {
  bothStores,
  data,
  jobPath,
  type Json,
  rect,
  skeletonTrack,
  taskPath,
  track,
} from "./annotations_fixture.ts";
import { expandTrack, expandTrackWithElements } from "../../lib/core/wire_track.ts";

bothStores("interpolate=true expands tracks as the core does", async (w) => {
  const job = w.jobs[0]; // frames 0-9
  const box = track(w.ids.car, [[1, 0], [5, 40]]);
  box.shapes[1].attributes = [{ spec_id: w.ids.speed, value: "30" }];
  const polygon = {
    frame: 0,
    label_id: w.ids.car,
    shapes: [
      { type: "polygon", frame: 0, points: [0, 0, 100, 0, 100, 100, 0, 100] },
      { type: "polygon", frame: 4, points: [0, 0, 50, -20, 100, 0, 100, 100, 0, 100, -10, 50] },
      {
        type: "polygon",
        frame: 6,
        outside: true,
        points: [0, 0, 50, -20, 100, 0, 100, 100, 0, 100, -10, 50],
      },
    ],
  };
  await w.req(
    "PUT",
    jobPath(job.id),
    data({ tracks: [box, polygon, skeletonTrack(w.ids, [2, 6])] }),
  );
  const plain = (await w.req("GET", jobPath(job.id))).body;
  const r = await w.req("GET", jobPath(job.id, "interpolate=true"));
  strictEqual(r.status, 200);
  strictEqual(r.headers.get("etag"), '"1"');
  // Tracks are ordered by frame: polygon (0), rectangle (1), skeleton (2).
  const [poly, rectangle, skel] = r.body.tracks;
  const [plainPoly, plainRect, plainSkel] = plain.tracks;
  deepStrictEqual(poly.shapes, expandTrack(plainPoly, { stopFrame: job.stopFrame }));
  strictEqual(poly.shapes.length, 7, "a polygon outside for good at 6 stops there");
  deepStrictEqual(rectangle.shapes, expandTrack(plainRect, { stopFrame: job.stopFrame }));
  strictEqual(rectangle.shapes.length, 9, "from frame 1 to the job's last frame");
  deepStrictEqual(
    rectangle.shapes.map((s: Json) => s.keyframe),
    [true, false, false, false, true, false, false, false, false],
  );
  strictEqual(rectangle.shapes[2].points[0], 20);
  deepStrictEqual(rectangle.shapes[8].attributes, [{ spec_id: w.ids.speed, value: "30" }]);
  const expanded = expandTrackWithElements(plainSkel, { stopFrame: job.stopFrame });
  deepStrictEqual(skel.shapes, expanded.shapes);
  deepStrictEqual(skel.elements.map((e: Json) => e.shapes), expanded.elements.map((e) => e.shapes));
  ok(
    !plain.tracks[0].shapes.some((s: Json) => "keyframe" in s),
    "no keyframe flag without interpolate",
  );
  // Task level: each track to the end of the job that holds it (frames 1-9 here).
  const task = (await w.req("GET", taskPath(w.taskId, "interpolate=1"))).body;
  strictEqual(task.tracks.find((t: Json) => t.shapes[0].type === "rectangle").shapes.length, 9);
});

bothStores("a 10k-shape job round-trips through PUT, GET and PATCH", async (w) => {
  const job = w.jobs[0].id;
  const shapes = Array.from(
    { length: 10_000 },
    (_, i) => rect(w.ids.car, i % 10, i, { z_order: i % 7 }),
  );
  const put = await w.req("PUT", jobPath(job), data({ shapes }));
  strictEqual(put.status, 200);
  strictEqual(put.body.shapes.length, 10_000);
  deepStrictEqual(put.body.shapes.map((s: Json) => s.points[0]), shapes.map((s) => s.points[0]));
  const got = (await w.req("GET", jobPath(job))).body;
  strictEqual(got.shapes.length, 10_000);
  const key = (s: Json) => `${s.id}:${s.frame}:${s.points[0]}:${s.z_order}`;
  deepStrictEqual(new Set(got.shapes.map(key)), new Set(put.body.shapes.map(key)));
  ok(got.shapes.every((s: Json, i: number) => i === 0 || got.shapes[i - 1].frame <= s.frame));
  const more = Array.from({ length: 10_000 }, (_, i) => rect(w.ids.car, i % 10, -i));
  const patch = await w.req("PATCH", jobPath(job, "action=create"), data({ shapes: more }));
  strictEqual(patch.status, 200);
  strictEqual(patch.body.version, 2);
  strictEqual((await w.req("GET", jobPath(job))).body.shapes.length, 20_000);
});
