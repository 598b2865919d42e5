/**
 * Black-box (issue 4), more of the spec: a job assignee's access, a task in a project (the
 * project's labels are the task's), `updated_date` bumps (notes §2.9), idempotent retries that
 * meet a stale `If-Match` or follow a refused request, task-level `?interpolate=true` (each
 * track to the end of its job), and a deleted task's annotations; on both stores.
 */

import { deepStrictEqual, ok, strictEqual } from "node:assert/strict";
import {
  type AnnWorld,
  annWorld,
  body,
  etag,
  jobAnn,
  type Json,
  STORE_KINDS,
  taskAnn,
} from "./annotations_blackbox_fixture.ts";
import { carTrack, rect, skeleton, skeletonTrack } from "./annotations_blackbox_objects.ts";
import { taskDataOf } from "./audit_fixture.ts";
import { contextOf } from "./jobs_fixture.ts";
import { createJobsForTask } from "../../lib/server/jobs.ts";

const create = (id: number) => jobAnn(id, "action=create");

/** A project with one label (`pcar`, an attribute), and a task of 10 frames in it. */
async function projectTask(w: AnnWorld) {
  const project = await w.req("POST", "/api/projects", {
    name: "p",
    labels: [{
      name: "pcar",
      attributes: [{
        name: "kind",
        mutable: false,
        input_type: "select",
        default_value: "x",
        values: ["x", "y"],
      }],
    }],
  });
  strictEqual(project.status, 201, project.text);
  const task = await w.req("POST", "/api/tasks", { name: "pt", project_id: project.body.id });
  strictEqual(task.status, 201, task.text);
  const record = (await w.store.tasks.get(task.body.id))!;
  await w.store.tasks.update({
    ...record,
    mode: "annotation",
    data: await taskDataOf(w.store, 10),
  });
  const [job] = await createJobsForTask(contextOf(w.store), task.body.id);
  const labels = await w.req("GET", `/api/labels?project_id=${project.body.id}`);
  return {
    project: project.body.id,
    task: task.body.id,
    job: job.id,
    label: labels.body.results[0],
  };
}

const pause = () => new Promise((resolve) => setTimeout(resolve, 3));

for (const kind of STORE_KINDS) {
  Deno.test(`[${kind}] a job assignee reads and writes that job only`, async () => {
    const w = await annWorld(kind);
    try {
      const [j1, j2] = w.jobs.map((j) => j.id);
      const bob = (await w.req("GET", "/api/users/self", undefined, w.as.bob.headers)).body;
      strictEqual((await w.req("PATCH", `/api/jobs/${j2}`, { assignee: bob.id })).status, 200);
      const as = w.as.bob.headers;
      strictEqual((await w.req("GET", jobAnn(j2), undefined, as)).status, 200);
      const r = await w.req("PATCH", create(j2), body({ shapes: [rect(w.ids, 12, 1)] }), as);
      strictEqual(r.status, 200, r.text);
      strictEqual((await w.req("GET", jobAnn(j1), undefined, as)).status, 403);
      strictEqual((await w.req("PUT", jobAnn(j1), body({}), as)).status, 403);
      strictEqual((await w.req("GET", taskAnn(w.taskId), undefined, as)).status, 403);
      strictEqual((await w.req("DELETE", taskAnn(w.taskId), undefined, as)).status, 403);
    } finally {
      await w.close();
    }
  });

  Deno.test(`[${kind}] a task in a project takes the project's labels`, async () => {
    const w = await annWorld(kind);
    try {
      const p = await projectTask(w);
      const shape = { type: "rectangle", frame: 2, label_id: p.label.id, points: [1, 2, 3, 4] };
      const r = await w.req("PATCH", create(p.job), body({ shapes: [shape] }));
      strictEqual(r.status, 200, r.text);
      const got = await w.req("GET", jobAnn(p.job));
      deepStrictEqual(got.body.shapes[0].attributes, [
        { spec_id: p.label.attributes[0].id, value: "x" },
      ]);
      const foreign = await w.req(
        "PATCH",
        create(p.job),
        body({ shapes: [{ ...shape, label_id: w.ids.car }] }),
      );
      strictEqual(foreign.status, 400);
      deepStrictEqual(foreign.body, [`label_id \`${w.ids.car}\` is invalid`]);
    } finally {
      await w.close();
    }
  });

  Deno.test({
    name: `[${kind}] a write with data bumps updated_date of the job, task and project`,
    fn: async () => {
      const w = await annWorld(kind);
      try {
        const p = await projectTask(w);
        const dates = async () => [
          (await w.req("GET", `/api/jobs/${p.job}`)).body.updated_date,
          (await w.req("GET", `/api/tasks/${p.task}`)).body.updated_date,
          (await w.req("GET", `/api/projects/${p.project}`)).body.updated_date,
        ];
        const shape = { type: "rectangle", frame: 2, label_id: p.label.id, points: [1, 2, 3, 4] };
        let before = await dates();
        const writes = [
          ["PATCH", create(p.job)],
          ["PUT", jobAnn(p.job)],
          ["PATCH", taskAnn(p.task, "action=create")],
        ];
        for (const [method, path] of writes) {
          await pause();
          const r = await w.req(method, path, body({ shapes: [shape] }));
          strictEqual(r.status, 200, r.text);
          const after = await dates();
          for (let i = 0; i < 3; i++) {
            ok(
              after[i] > before[i],
              `${method} ${path}: ${["job", "task", "project"][i]} ${before[i]} → ${after[i]}`,
            );
          }
          before = after;
        }
      } finally {
        await w.close();
      }
    },
  });

  Deno.test(`[${kind}] idempotent retries: stale If-Match, after a refused request`, async () => {
    const w = await annWorld(kind);
    try {
      const job = w.jobs[0].id;
      const h = (extra: Record<string, string>) => ({ ...w.as.ann.headers, ...extra });
      const sent = body({ shapes: [rect(w.ids, 1, 1)] });
      const first = await w.req(
        "PATCH",
        create(job),
        sent,
        h({ "If-Match": etag(0), "Idempotency-Key": "a" }),
      );
      strictEqual(first.status, 200, first.text);
      // The retry's If-Match is stale now; it still gets the first answer, not a 409.
      const again = await w.req(
        "PATCH",
        create(job),
        sent,
        h({ "If-Match": etag(0), "Idempotency-Key": "a" }),
      );
      strictEqual(again.status, 200, again.text);
      deepStrictEqual(again.body, first.body);
      // A refused request does not use up its key.
      const bad = body({ shapes: [{ ...rect(w.ids, 1, 1), label_id: 99999 }] });
      strictEqual(
        (await w.req("PATCH", create(job), bad, h({ "Idempotency-Key": "b" }))).status,
        400,
      );
      const good = await w.req("PATCH", create(job), sent, h({ "Idempotency-Key": "b" }));
      strictEqual(good.status, 200, good.text);
      strictEqual(good.body.version, 2);
      // Concurrent duplicates (a client retrying while the first request is in flight): one
      // is applied, every one gets its answer.
      const many = body({ shapes: Array.from({ length: 300 }, (_, i) => rect(w.ids, i % 10, i)) });
      const before = (await w.req("GET", jobAnn(job))).body.shapes.length;
      const racing = await Promise.all(
        [0, 1, 2].map(() => w.req("PATCH", create(job), many, h({ "Idempotency-Key": "d" }))),
      );
      for (const r of racing) deepStrictEqual([r.status, r.body], [200, racing[0].body]);
      strictEqual((await w.req("GET", jobAnn(job))).body.shapes.length, before + 300);
      // Task-level keys.
      const task = await w.req(
        "PATCH",
        taskAnn(w.taskId, "action=create"),
        sent,
        h({ "Idempotency-Key": "c" }),
      );
      strictEqual(task.status, 200, task.text);
      const state = await w.annotationsState();
      const retry = await w.req(
        "PATCH",
        taskAnn(w.taskId, "action=create"),
        sent,
        h({ "Idempotency-Key": "c" }),
      );
      deepStrictEqual(retry.body, task.body);
      strictEqual(await w.annotationsState(), state);
    } finally {
      await w.close();
    }
  });

  Deno.test({
    name: `[${kind}] task ?interpolate=true: each track to the end of its job`,
    fn: async () => {
      const w = await annWorld(kind);
      try {
        const [j1, j2] = w.jobs.map((j) => j.id);
        strictEqual(
          (await w.req("PATCH", create(j1), body({ tracks: [carTrack(w.ids, [[1, 0], [3, 6]])] })))
            .status,
          200,
        );
        strictEqual(
          (await w.req(
            "PATCH",
            create(j2),
            body({ tracks: [carTrack(w.ids, [[12, 0], [14, 6]])] }),
          )).status,
          200,
        );
        const r = await w.req("GET", taskAnn(w.taskId, "interpolate=true"));
        strictEqual(r.status, 200, r.text);
        const spans = r.body.tracks.map((t: Json) => [t.shapes[0].frame, t.shapes.at(-1).frame]);
        deepStrictEqual(spans, [[1, 9], [12, 19]]);
      } finally {
        await w.close();
      }
    },
  });

  Deno.test(`[${kind}] GET: element defaults; a track starting before its shapes`, async () => {
    const w = await annWorld(kind);
    try {
      const job = w.jobs[0].id;
      const shape = skeleton(w.ids, 1, 1);
      shape.elements[0].attributes = [];
      const track = skeletonTrack(w.ids, [[2, 1], [4, 5]]);
      for (const s of track.elements[0].shapes) s.attributes = [];
      const early = { ...carTrack(w.ids, [[3, 0], [6, 5]]), frame: 1 };
      const r = await w.req(
        "PATCH",
        create(job),
        body({ shapes: [shape], tracks: [track, early] }),
      );
      strictEqual(r.status, 200, r.text);
      const got = (await w.req("GET", jobAnn(job))).body;
      const visible = [{ spec_id: w.ids.spec["head.visible"], value: "true" }];
      deepStrictEqual(got.shapes[0].elements[0].attributes, visible);
      const skeletonTrackGot = got.tracks.find((t: Json) => t.label_id === w.ids.person);
      for (const s of skeletonTrackGot.elements[0].shapes) deepStrictEqual(s.attributes, visible);
      // notes §6: a track whose frame is before its first shape gets an outside copy there.
      const car = got.tracks.find((t: Json) => t.label_id === w.ids.car);
      strictEqual(car.frame, 1);
      deepStrictEqual(car.shapes.map((s: Json) => [s.frame, s.outside]), [
        [1, true],
        [3, false],
        [6, false],
      ]);
      deepStrictEqual(car.shapes[0].points, car.shapes[1].points);
    } finally {
      await w.close();
    }
  });

  Deno.test(`[${kind}] deleting the task drops its annotations`, async () => {
    const w = await annWorld(kind);
    try {
      const job = w.jobs[0].id;
      strictEqual(
        (await w.req("PATCH", create(job), body({ shapes: [rect(w.ids, 1, 1)] }))).status,
        200,
      );
      strictEqual((await w.req("DELETE", `/api/tasks/${w.taskId}`)).status, 204);
      strictEqual((await w.req("GET", jobAnn(job))).status, 404);
      const left = await w.store.annotations.read(job);
      deepStrictEqual([left.tags, left.shapes, left.tracks], [[], [], []]);
    } finally {
      await w.close();
    }
  });
}
