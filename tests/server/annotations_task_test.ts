/**
 * Task-level annotations: writes split by job range (tracks cut at job borders), GET as the
 * union of the jobs (tracks joined back, overlap duplicates counted once), the no-job frame
 * 400, a task without data. On both stores.
 */

import { deepStrictEqual, ok, strictEqual } from "node:assert/strict";
import {
  bothStores,
  data,
  jobPath,
  type Json,
  rect,
  skeletonTrack,
  tag,
  taskPath,
  track,
} from "./annotations_fixture.ts";

const frames = (list: Json[]) => list.map((o: Json) => o.frame);

bothStores("task PUT splits by job range and GET joins the pieces back", async (w) => {
  const [a, b] = w.jobs; // frames 0-9 and 10-19
  const put = await w.req(
    "PUT",
    taskPath(w.taskId),
    data({
      tags: [tag(w.ids.weather, 12)],
      shapes: [rect(w.ids.car, 15), rect(w.ids.car, 3)],
      tracks: [track(w.ids.car, [[2, 0], [16, 140]])],
    }),
  );
  strictEqual(put.status, 200);
  deepStrictEqual(frames(put.body.shapes), [15, 3], "request order");
  const sent = put.body.tracks[0];
  const jobA = (await w.req("GET", jobPath(a.id))).body;
  const jobB = (await w.req("GET", jobPath(b.id))).body;
  deepStrictEqual(frames(jobA.shapes), [3]);
  deepStrictEqual(frames(jobB.shapes), [15]);
  deepStrictEqual(frames(jobB.tags), [12]);
  // The track is cut at the border: a boundary keyframe at 9 in the first job, at 10 in the second.
  strictEqual(jobA.tracks[0].id, sent.id);
  strictEqual(jobB.tracks[0].id, sent.id);
  deepStrictEqual(jobA.tracks[0].shapes.map((s: Json) => [s.frame, s.points[0]]), [[2, 0], [
    9,
    70,
  ]]);
  deepStrictEqual(jobB.tracks[0].shapes.map((s: Json) => [s.frame, s.points[0]]), [[10, 80], [
    16,
    140,
  ]]);
  strictEqual(jobB.tracks[0].frame, 10);
  const task = (await w.req("GET", taskPath(w.taskId))).body;
  deepStrictEqual(frames(task.shapes), [3, 15]);
  strictEqual(task.tracks.length, 1);
  deepStrictEqual(frames(task.tracks[0].shapes), [2, 9, 10, 16]);
  strictEqual(task.tracks[0].shapes[0].id, sent.shapes[0].id);
  strictEqual(task.tracks[0].shapes[3].id, sent.shapes[1].id);
  strictEqual(task.version, 2);
});

bothStores(
  "a track that goes outside before the border is not carried into the next job",
  async (w) => {
    const body = track(w.ids.car, [[2, 0], [5, 0]]);
    body.shapes[1].outside = true;
    const far = track(w.ids.car, [[1, 0], [18, 0]]);
    far.shapes[0].outside = true; // hidden from frame 1 until 18
    await w.req("PUT", taskPath(w.taskId), data({ tracks: [body, far] }));
    const jobA = (await w.req("GET", jobPath(w.jobs[0].id))).body;
    const jobB = (await w.req("GET", jobPath(w.jobs[1].id))).body;
    strictEqual(jobA.tracks.length, 2);
    deepStrictEqual(frames(jobB.tracks), [18]);
    deepStrictEqual(frames(jobB.tracks[0].shapes), [18]);
  },
);

bothStores("skeleton tracks are cut with their elements and joined back", async (w) => {
  const put = await w.req(
    "PUT",
    taskPath(w.taskId),
    data({ tracks: [skeletonTrack(w.ids, [4, 14])] }),
  );
  strictEqual(put.status, 200);
  const jobB = (await w.req("GET", jobPath(w.jobs[1].id))).body;
  deepStrictEqual(frames(jobB.tracks[0].shapes), [10, 14]);
  deepStrictEqual(jobB.tracks[0].elements.map((e: Json) => frames(e.shapes)), [[10, 14], [10, 14]]);
  const task = (await w.req("GET", taskPath(w.taskId))).body;
  strictEqual(task.tracks.length, 1);
  deepStrictEqual(task.tracks[0].elements.map((e: Json) => frames(e.shapes)), [[4, 9, 10, 14], [
    4,
    9,
    10,
    14,
  ]]);
  deepStrictEqual(
    task.tracks[0].elements.map((e: Json) => e.id),
    put.body.tracks[0].elements.map((e: Json) => e.id),
  );
});

bothStores("an object on a frame of no job is a 400 and changes nothing", async (w) => {
  await w.req("PUT", taskPath(w.taskId), data({ shapes: [rect(w.ids.car, 1)] }));
  const before = await w.state();
  const bodies = [
    data({ shapes: [rect(w.ids.car, 1), rect(w.ids.car, 20)] }),
    data({ tags: [tag(w.ids.weather, 99)] }),
    data({ tracks: [track(w.ids.car, [[18, 0], [25, 0]])] }),
  ];
  for (const body of bodies) {
    for (
      const [method, query] of [["PUT", ""], ["PATCH", "action=create"], ["PATCH", "action=update"]]
    ) {
      const r = await w.req(method, taskPath(w.taskId, query), body);
      strictEqual(r.status, 400);
      ok(Array.isArray(r.body) && /belongs to no job/.test(r.body[0]), JSON.stringify(r.body));
    }
  }
  strictEqual(await w.state(), before);
  // A job-level write does not check frames (CVAT stores them as sent).
  strictEqual(
    (await w.req("PATCH", jobPath(w.jobs[0].id, "action=create"), bodies[0])).status,
    200,
  );
});

bothStores("task PATCH create, update (moving jobs) and delete", async (w) => {
  const [a, b] = w.jobs;
  const made = await w.req(
    "PATCH",
    taskPath(w.taskId, "action=create"),
    data({ shapes: [rect(w.ids.car, 5)] }),
  );
  const shape = made.body.shapes[0];
  strictEqual((await w.req("GET", jobPath(a.id))).body.shapes[0].id, shape.id);
  const moved = await w.req(
    "PATCH",
    taskPath(w.taskId, "action=update"),
    data({ shapes: [{ ...shape, frame: 15 }] }),
  );
  strictEqual(moved.body.shapes[0].id, shape.id);
  strictEqual((await w.req("GET", jobPath(a.id))).body.shapes.length, 0);
  deepStrictEqual(
    (await w.req("GET", jobPath(b.id))).body.shapes.map((s: Json) => [s.id, s.frame]),
    [[shape.id, 15]],
  );
  const deleted = await w.req(
    "PATCH",
    taskPath(w.taskId, "action=delete"),
    data({ shapes: [{ ...shape, frame: 15 }] }),
  );
  strictEqual(deleted.status, 200);
  strictEqual((await w.req("GET", taskPath(w.taskId))).body.shapes.length, 0);
});

bothStores("task DELETE clears every job", async (w) => {
  await w.req(
    "PUT",
    taskPath(w.taskId),
    data({ shapes: [rect(w.ids.car, 1), rect(w.ids.car, 11)] }),
  );
  strictEqual((await w.req("DELETE", taskPath(w.taskId))).status, 204);
  for (const job of w.jobs) {
    strictEqual((await w.req("GET", jobPath(job.id))).body.shapes.length, 0);
  }
});

bothStores("overlapping jobs: one object per overlap frame in the task", async (w) => {
  deepStrictEqual(w.jobs.map((j) => [j.startFrame, j.stopFrame]), [[0, 4], [3, 7], [6, 9]]);
  const made = await w.req(
    "PATCH",
    taskPath(w.taskId, "action=create"),
    data({ shapes: [rect(w.ids.car, 3)] }),
  );
  const id = made.body.shapes[0].id;
  strictEqual((await w.req("GET", jobPath(w.jobs[0].id))).body.shapes[0].id, id);
  strictEqual((await w.req("GET", jobPath(w.jobs[1].id))).body.shapes[0].id, id);
  // Identical objects drawn in both jobs on an overlap frame count once; different ones twice.
  for (const job of w.jobs.slice(0, 2)) {
    await w.req(
      "PATCH",
      jobPath(job.id, "action=create"),
      data({ shapes: [rect(w.ids.car, 4, 50)] }),
    );
  }
  await w.req(
    "PATCH",
    jobPath(w.jobs[1].id, "action=create"),
    data({ shapes: [rect(w.ids.car, 4, 60)] }),
  );
  const task = (await w.req("GET", taskPath(w.taskId))).body;
  deepStrictEqual(task.shapes.map((s: Json) => [s.frame, s.points[0]]), [[3, 0], [4, 50], [4, 60]]);
}, { size: 10, segmentSize: 5, overlap: 2 });

bothStores("a task without data: GET is CVAT's 400, writes of objects are 400", async (w) => {
  const get = await w.req("GET", taskPath(w.taskId));
  strictEqual(get.status, 400);
  deepStrictEqual(get.body, ["Exporting annotations from a task without data is not allowed"]);
  strictEqual(
    (await w.req("PUT", taskPath(w.taskId), data({ shapes: [rect(w.ids.car, 0)] }))).status,
    400,
  );
  strictEqual((await w.req("DELETE", taskPath(w.taskId))).status, 204);
}, { noData: true });

bothStores("a track without shapes goes to the job holding its frame", async (w) => {
  const put = await w.req(
    "PUT",
    taskPath(w.taskId),
    data({
      tracks: [{ frame: 12, label_id: w.ids.car, shapes: [] }],
    }),
  );
  strictEqual(put.status, 200);
  strictEqual((await w.req("GET", jobPath(w.jobs[0].id))).body.tracks.length, 0);
  deepStrictEqual(frames((await w.req("GET", jobPath(w.jobs[1].id))).body.tracks), [12]);
  deepStrictEqual(frames((await w.req("GET", taskPath(w.taskId))).body.tracks), [12]);
});
