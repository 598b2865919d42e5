/**
 * Black-box (issue 4): task-level annotations (the union of the task's 2 jobs; writes split by
 * job range; a frame of no job is a 400; DELETE clears), `?interpolate=true` against the core's
 * `expandTrack`, and a 10k-object job round trip; on both stores.
 */

import { deepStrictEqual, ok, strictEqual } from "node:assert/strict";
import {
  type AnnWorld,
  annWorld,
  body,
  jobAnn,
  type Json,
  STORE_KINDS,
  taskAnn,
} from "./annotations_blackbox_fixture.ts";
import { carTrack, rect, skeleton, skeletonTrack, tag } from "./annotations_blackbox_objects.ts";
import { adoptIds, canonical, checkGetShape } from "./annotations_blackbox_compare.ts";
import { expandTrack } from "../../lib/core/wire.ts";
import { isCvatError } from "./audit_fixture.ts";

type Lists = { shapes: Json[]; tracks: Json[]; tags: Json[] };

async function write(w: AnnWorld, method: string, path: string, sent: Lists): Promise<Lists> {
  const r = await w.req(method, path, body(sent));
  strictEqual(r.status, 200, `${method} ${path}: ${r.text.slice(0, 400)}`);
  return {
    shapes: adoptIds(sent.shapes, r.body.shapes, `${path} shapes`),
    tracks: adoptIds(sent.tracks, r.body.tracks, `${path} tracks`),
    tags: adoptIds(sent.tags, r.body.tags, `${path} tags`),
  };
}

async function read(w: AnnWorld, path: string): Promise<Json> {
  const r = await w.req("GET", path);
  strictEqual(r.status, 200, `${path}: ${r.text.slice(0, 300)}`);
  checkGetShape(r.body);
  return r.body;
}

const join = (a: Lists, b: Lists): Lists => ({
  shapes: [...a.shapes, ...b.shapes],
  tracks: [...a.tracks, ...b.tracks],
  tags: [...a.tags, ...b.tags],
});

const frames = (data: Json) => ({
  shapes: data.shapes.map((s: Json) => s.frame),
  tags: data.tags.map((t: Json) => t.frame),
  tracks: data.tracks.map((t: Json) => t.frame),
});

for (const kind of STORE_KINDS) {
  Deno.test(`[${kind}] task annotations: union of jobs, writes split by job range`, async () => {
    const w = await annWorld(kind);
    try {
      const { ids } = w;
      const [j1, j2] = w.jobs.map((j) => j.id);
      const a = await write(w, "PATCH", jobAnn(j1, "action=create"), {
        shapes: [rect(ids, 5, 1), skeleton(ids, 1, 2)],
        tracks: [carTrack(ids, [[2, 0], [6, 8]])],
        tags: [tag(ids, 3)],
      });
      const b = await write(w, "PATCH", jobAnn(j2, "action=create"), {
        shapes: [rect(ids, 12, 3)],
        tracks: [skeletonTrack(ids, [[11, 0], [14, 6]])],
        tags: [tag(ids, 15)],
      });
      deepStrictEqual(canonical(await read(w, taskAnn(w.taskId))), canonical(join(a, b)));

      // Task-level create: each object lands in the job that holds its frame.
      const c = await write(w, "PATCH", taskAnn(w.taskId, "action=create"), {
        shapes: [rect(ids, 15, 4), rect(ids, 3, 5)],
        tracks: [carTrack(ids, [[16, 0], [18, 4]])],
        tags: [tag(ids, 3, "sunny")],
      });
      const job1 = join(a, { shapes: [c.shapes[1]], tracks: [], tags: c.tags });
      const job2 = join(b, { shapes: [c.shapes[0]], tracks: c.tracks, tags: [] });
      deepStrictEqual(canonical(await read(w, jobAnn(j1))), canonical(job1));
      deepStrictEqual(canonical(await read(w, jobAnn(j2))), canonical(job2));
      deepStrictEqual(canonical(await read(w, taskAnn(w.taskId))), canonical(join(job1, job2)));

      // Task-level update and delete by id.
      const moved = { ...c.shapes[0], points: [1, 1, 2, 2] };
      await write(w, "PATCH", taskAnn(w.taskId, "action=update"), {
        shapes: [moved],
        tracks: [],
        tags: [],
      });
      await write(w, "PATCH", taskAnn(w.taskId, "action=delete"), {
        shapes: [c.shapes[1]],
        tracks: [],
        tags: [],
      });
      job1.shapes = job1.shapes.filter((s) => s.id !== c.shapes[1].id);
      job2.shapes = job2.shapes.map((s) => s.id === moved.id ? moved : s);
      deepStrictEqual(canonical(await read(w, jobAnn(j1))), canonical(job1));
      deepStrictEqual(canonical(await read(w, jobAnn(j2))), canonical(job2));

      // An object on a frame of no job (the task has frames 0-19): 400, nothing changed.
      const before = await w.annotationsState();
      for (
        const [method, path] of [["PATCH", taskAnn(w.taskId, "action=create")], [
          "PUT",
          taskAnn(w.taskId),
        ]]
      ) {
        for (
          const sent of [{ shapes: [rect(ids, 3, 1), rect(ids, 20, 1)] }, { tags: [tag(ids, 999)] }]
        ) {
          const r = await w.req(method, path, body(sent));
          strictEqual(r.status, 400, `${method} beyond the task: ${r.text}`);
          ok(isCvatError(r.body), r.text);
          strictEqual(await w.annotationsState(), before, "nothing changed");
        }
      }

      // Task PUT replaces everything in every job; DELETE clears.
      const put = await write(w, "PUT", taskAnn(w.taskId), {
        shapes: [rect(ids, 18, 1), rect(ids, 2, 2)],
        tracks: [],
        tags: [tag(ids, 10)],
      });
      deepStrictEqual(frames(await read(w, jobAnn(j1))), { shapes: [2], tags: [], tracks: [] });
      deepStrictEqual(frames(await read(w, jobAnn(j2))), { shapes: [18], tags: [10], tracks: [] });
      deepStrictEqual(canonical(await read(w, taskAnn(w.taskId))), canonical(put));
      const del = await w.req("DELETE", taskAnn(w.taskId));
      strictEqual(del.status, 204, del.text);
      for (const path of [jobAnn(j1), jobAnn(j2), taskAnn(w.taskId)]) {
        deepStrictEqual(frames(await read(w, path)), { shapes: [], tags: [], tracks: [] });
      }
    } finally {
      await w.close();
    }
  });

  Deno.test(`[${kind}] a task-level track across jobs is cut at the job border`, async () => {
    const w = await annWorld(kind);
    try {
      const [j1, j2] = w.jobs.map((j) => j.id);
      const r = await w.req(
        "PATCH",
        taskAnn(w.taskId, "action=create"),
        body({
          tracks: [carTrack(w.ids, [[5, 0], [15, 100]])],
        }),
      );
      strictEqual(r.status, 200, r.text);
      const [first, second] = [
        (await read(w, jobAnn(j1))).tracks,
        (await read(w, jobAnn(j2))).tracks,
      ];
      strictEqual(first.length, 1);
      strictEqual(second.length, 1);
      strictEqual(first[0].frame, 5);
      ok(first[0].shapes.every((s: Json) => s.frame <= 9), "job 1 keeps frames 0-9");
      ok(second[0].shapes.every((s: Json) => s.frame >= 10), "job 2 keeps frames 10-19");
      ok(second[0].shapes.some((s: Json) => s.frame === 15), "the keyframe at 15 is in job 2");
    } finally {
      await w.close();
    }
  });

  Deno.test(`[${kind}] ?interpolate=true: one shape per frame, keyframe flags, as the core`, async () => {
    const w = await annWorld(kind);
    try {
      const { ids } = w;
      const [j1, j2] = w.jobs;
      await write(w, "PATCH", jobAnn(j1.id, "action=create"), {
        shapes: [rect(ids, 4, 1)],
        tracks: [
          carTrack(ids, [[1, 0], [5, 40], [7, 40, true]]),
          carTrack(ids, [[2, 0], [4, 20]]),
          skeletonTrack(ids, [[3, 10], [6, 30]]),
        ],
        tags: [tag(ids, 2)],
      });
      await write(w, "PATCH", jobAnn(j2.id, "action=create"), {
        shapes: [],
        tracks: [carTrack(ids, [[12, 0], [15, 30]])],
        tags: [],
      });
      for (const job of [j1, j2]) {
        const plain = await w.req("GET", jobAnn(job.id));
        const r = await w.req("GET", jobAnn(job.id, "interpolate=true"));
        strictEqual(r.status, 200, r.text);
        strictEqual(r.headers.get("etag"), plain.headers.get("etag"));
        deepStrictEqual(r.body.shapes, plain.body.shapes);
        deepStrictEqual(r.body.tags, plain.body.tags);
        strictEqual(r.body.tracks.length, plain.body.tracks.length);
        for (const track of plain.body.tracks) {
          const got = r.body.tracks.find((t: Json) => t.id === track.id);
          ok(got, `track ${track.id} in the interpolated answer`);
          const options = { stopFrame: job.stop };
          deepStrictEqual(got.shapes, expandTrack(track, options), `track ${track.id} shapes`);
          for (const element of track.elements) {
            const e = got.elements.find((x: Json) => x.label_id === element.label_id);
            deepStrictEqual(e?.shapes, expandTrack(element, options), `element ${element.id}`);
          }
        }
      }
      const job1 = (await w.req("GET", jobAnn(j1.id, "interpolate=true"))).body;
      const [outside, open] = job1.tracks.filter((t: Json) => t.label_id === ids.car);
      deepStrictEqual(outside.shapes.map((s: Json) => s.frame), [1, 2, 3, 4, 5, 6, 7]);
      deepStrictEqual(outside.shapes.map((s: Json) => s.keyframe), [
        true,
        false,
        false,
        false,
        true,
        false,
        true,
      ]);
      deepStrictEqual(outside.shapes[2].points, [20, 0, 30, 10]);
      strictEqual(outside.shapes[2].id, null);
      strictEqual(outside.shapes[6].outside, true);
      deepStrictEqual(open.shapes.map((s: Json) => s.frame), [2, 3, 4, 5, 6, 7, 8, 9]);
      const job2 = (await w.req("GET", jobAnn(j2.id, "interpolate=true"))).body;
      deepStrictEqual(job2.tracks[0].shapes.map((s: Json) => s.frame), [
        12,
        13,
        14,
        15,
        16,
        17,
        18,
        19,
      ]);
    } finally {
      await w.close();
    }
  });

  Deno.test(`[${kind}] a 10k-object job round trip (PUT, GET)`, async () => {
    const w = await annWorld(kind);
    try {
      const { ids } = w;
      const sent: Lists = {
        shapes: Array.from({ length: 9000 }, (_, i) => rect(ids, i % 10, i)),
        tracks: Array.from(
          { length: 500 },
          (_, i) => carTrack(ids, [[i % 5, i], [5 + (i % 5), i + 3]]),
        ),
        tags: Array.from({ length: 500 }, (_, i) => tag(ids, i % 10, i % 2 ? "rain" : "sunny")),
      };
      const saved = await write(w, "PUT", jobAnn(w.jobs[0].id), sent);
      const got = await read(w, jobAnn(w.jobs[0].id));
      deepStrictEqual(canonical(got), canonical(saved));
    } finally {
      await w.close();
    }
  });
}
