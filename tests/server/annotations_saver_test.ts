/**
 * Black-box (issue 4): cvat-core's saver protocol against `/api/jobs/{id}/annotations`, on both
 * stores, exactly as cvat-core.md §7 describes it: load (GET: version, ETag), then PATCH
 * `?action=update`, `?action=delete`, `?action=create` with `{shapes, tracks, tags, version}`,
 * ids mapped back by position (skeleton elements by label, track keyframes from the response),
 * a flush (PUT without ids), and GET compared with what was sent after each step.
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
} from "./annotations_blackbox_fixture.ts";
import {
  carTrack,
  polygon,
  rect,
  skeleton,
  skeletonTrack,
  tag,
} from "./annotations_blackbox_objects.ts";
import {
  adoptIds,
  canonical,
  checkGetShape,
  freshId,
  stripIds,
} from "./annotations_blackbox_compare.ts";

type Lists = { shapes: Json[]; tracks: Json[]; tags: Json[] };

async function getJob(w: AnnWorld, job: number, revision: number): Promise<Json> {
  const r = await w.req("GET", jobAnn(job));
  strictEqual(r.status, 200, r.text);
  strictEqual(r.headers.get("etag"), etag(revision), "GET answers the revision as ETag");
  strictEqual(r.body.version, revision, "GET body version = revision");
  checkGetShape(r.body);
  return r.body;
}

async function patch(w: AnnWorld, job: number, action: string, sent: Lists, version: number) {
  const r = await w.req("PATCH", jobAnn(job, `action=${action}`), body(sent, version));
  strictEqual(r.status, 200, `${action}: ${r.text}`);
  strictEqual(r.body.version, version + 1, `${action}: version is the new revision`);
  strictEqual(r.headers.get("etag"), etag(version + 1), `${action}: ETag is the new revision`);
  return {
    shapes: adoptIds(sent.shapes, r.body.shapes, `${action} shapes`),
    tracks: adoptIds(sent.tracks, r.body.tracks, `${action} tracks`),
    tags: adoptIds(sent.tags, r.body.tags, `${action} tags`),
  };
}

function checkFreshIds(lists: Lists): void {
  const seen = new Set<string>();
  lists.shapes.forEach((s, i) => {
    freshId(seen, s.id, `shape ${i}`, "shape");
    for (const e of s.elements ?? []) freshId(seen, e.id, `shape ${i} element`, "shape");
  });
  lists.tags.forEach((t, i) => freshId(seen, t.id, `tag ${i}`, "tag"));
  lists.tracks.forEach((t, i) => {
    freshId(seen, t.id, `track ${i}`, "track");
    for (const s of t.shapes) freshId(seen, s.id, `track ${i} keyframe`, "tracked");
    for (const e of t.elements ?? []) {
      freshId(seen, e.id, `track ${i} element`, "track");
      for (const s of e.shapes) freshId(seen, s.id, `track ${i} element keyframe`, "tracked");
    }
  });
}

function replaceById(list: Json[], updated: Json[]): Json[] {
  return list.map((o) => updated.find((u) => u.id === o.id) ?? o);
}

function initial(w: AnnWorld): Lists {
  const ids = w.ids;
  return {
    shapes: [rect(ids, 5, 10), skeleton(ids, 2, 50), polygon(ids, 2), rect(ids, 0, 70)],
    tracks: [
      carTrack(ids, [[1, 0], [5, 40], [7, 40, true]]),
      skeletonTrack(ids, [[2, 10], [6, 30]]),
    ],
    tags: [tag(ids, 3), tag(ids, 0, "sunny")],
  };
}

function edited(server: Lists): Lists {
  const shape = { ...server.shapes[0], points: [11, 12, 13, 14] };
  shape.attributes = shape.attributes.map((a: Json, i: number) =>
    i === 8 ? { ...a, value: "99" } : a
  );
  const skel = structuredClone(server.shapes[1]);
  skel.elements[0].points = [1, 2];
  const track = structuredClone(server.tracks[0]);
  track.shapes[1].points = [45, 1, 55, 11];
  // A keyframe added in the client: no id yet.
  track.shapes.splice(1, 0, { ...stripIds(track.shapes[0]), frame: 3, points: [20, 0, 30, 10] });
  const tagged = {
    ...server.tags[0],
    attributes: [{ ...server.tags[0].attributes[0], value: "sunny" }],
  };
  return { shapes: [shape, skel], tracks: [track], tags: [tagged] };
}

for (const kind of STORE_KINDS) {
  Deno.test(`[${kind}] saver protocol: load, update, delete, create, flush`, async () => {
    const w = await annWorld(kind);
    try {
      const job = w.jobs[0].id;
      const loaded = await getJob(w, job, 0);
      deepStrictEqual(loaded, { version: 0, tags: [], shapes: [], tracks: [] });

      // create: ids by position, recursively.
      let server = await patch(w, job, "create", initial(w), loaded.version);
      checkFreshIds(server);
      deepStrictEqual(canonical(await getJob(w, job, 1)), canonical(server));

      // update: replace by id; a keyframe added on the client gets an id.
      const update = edited(server);
      const updated = await patch(w, job, "update", update, 1);
      for (const kind of ["shapes", "tracks", "tags"] as const) {
        server[kind] = replaceById(server[kind], updated[kind]);
      }
      strictEqual(updated.tracks[0].shapes.length, 4);
      deepStrictEqual(canonical(await getJob(w, job, 2)), canonical(server));

      // delete: the initial server version of the objects is sent; the answer echoes them.
      const deleted = {
        shapes: [server.shapes[2]],
        tracks: [server.tracks[1]],
        tags: [server.tags[1]],
      };
      await patch(w, job, "delete", deleted, 2);
      server = {
        shapes: server.shapes.filter((s) => s.id !== deleted.shapes[0].id),
        tracks: server.tracks.filter((t) => t.id !== deleted.tracks[0].id),
        tags: server.tags.filter((t) => t.id !== deleted.tags[0].id),
      };
      deepStrictEqual(canonical(await getJob(w, job, 3)), canonical(server));

      // flush: every id stripped, PUT, ids mapped back by position.
      const flush = stripIds({ ...server, shapes: [...server.shapes, rect(w.ids, 9, 1)] });
      const r = await w.req("PUT", jobAnn(job), body(flush, 3));
      strictEqual(r.status, 200, r.text);
      strictEqual(r.body.version, 4);
      strictEqual(r.headers.get("etag"), etag(4));
      const flushed = {
        shapes: adoptIds(flush.shapes, r.body.shapes, "PUT shapes"),
        tracks: adoptIds(flush.tracks, r.body.tracks, "PUT tracks"),
        tags: adoptIds(flush.tags, r.body.tags, "PUT tags"),
      };
      checkFreshIds(flushed);
      deepStrictEqual(canonical(await getJob(w, job, 4)), canonical(flushed));
      // The other job was never touched.
      deepStrictEqual(await getJob(w, w.jobs[1].id, 0), {
        version: 0,
        tags: [],
        shapes: [],
        tracks: [],
      });
    } finally {
      await w.close();
    }
  });

  Deno.test(`[${kind}] update keeps keyframe ids; delete ignores unknown ids`, async () => {
    const w = await annWorld(kind);
    try {
      const job = w.jobs[0].id;
      const server = await patch(w, job, "create", {
        shapes: [rect(w.ids, 1, 1)],
        tracks: [carTrack(w.ids, [[0, 0], [4, 8]])],
        tags: [],
      }, 0);
      const track = structuredClone(server.tracks[0]);
      track.shapes[1].points = [9, 9, 19, 19];
      const r = await w.req("PATCH", jobAnn(job, "action=update"), body({ tracks: [track] }, 1));
      strictEqual(r.status, 200, r.text);
      deepStrictEqual(
        r.body.tracks[0].shapes.map((s: Json) => s.id),
        server.tracks[0].shapes.map((s: Json) => s.id),
        "an update keeps the ids of the keyframes it sends",
      );
      const ghost = { ...server.shapes[0], id: server.shapes[0].id + 1000 };
      const del = await w.req("PATCH", jobAnn(job, "action=delete"), body({ shapes: [ghost] }, 2));
      strictEqual(del.status, 200, del.text);
      strictEqual((await getJob(w, job, 3)).shapes.length, 1, "unknown id ignored");
    } finally {
      await w.close();
    }
  });

  Deno.test(`[${kind}] GET fills defaults, orders by frame, fixes track frames`, async () => {
    const w = await annWorld(kind);
    try {
      const { ids } = w;
      const job = w.jobs[0].id;
      const spec = (name: string, value: string) => ({ spec_id: ids.spec[name], value });
      const keyframe = (frame: number, attributes: Json[]) => ({
        type: "rectangle",
        frame,
        points: [frame, 0, frame + 5, 5],
        attributes,
      });
      const sent = {
        shapes: [
          {
            type: "rectangle",
            frame: 7,
            label_id: ids.car,
            points: [1, 2, 3, 4],
            attributes: [spec("car.speed", "70")],
          },
          { type: "points", frame: 1, label_id: ids.car, points: [5, 5], attributes: [] },
        ],
        tags: [{ frame: 4, label_id: ids.weather, attributes: [] }],
        tracks: [{
          frame: 5,
          label_id: ids.car,
          attributes: [],
          shapes: [
            keyframe(6, [spec("car.speed", "20")]),
            keyframe(3, [spec("car.speed", "10"), spec("car.note", "x")]),
            keyframe(8, []),
          ],
        }],
      };
      const r = await w.req("PATCH", jobAnn(job, "action=create"), body(sent));
      strictEqual(r.status, 200, r.text);
      const got = await getJob(w, job, 1);
      const values = (list: Json[]) =>
        Object.fromEntries(list.map((a: Json) => [a.spec_id, a.value]));
      const car = (overrides: Record<string, string>, names: string[]) =>
        Object.fromEntries(names.map((n) => {
          const a = w.labels[0].attributes.find((x: Json) => x.name === n);
          return [a.id, overrides[n] ?? a.default_value];
        }));
      const all = [
        "model",
        "color",
        "damaged",
        "doors",
        "plate",
        "state",
        "light",
        "occupied",
        "speed",
        "note",
      ];
      const mutable = all.slice(5);
      deepStrictEqual(got.shapes.map((s: Json) => s.frame), [1, 7]);
      const [points, box] = got.shapes;
      deepStrictEqual(values(box.attributes), car({ speed: "70" }, all));
      deepStrictEqual(values(points.attributes), car({}, all));
      for (const s of got.shapes) {
        strictEqual(s.source, "manual");
        strictEqual(s.occluded, false);
        strictEqual(s.outside, false);
        strictEqual(s.z_order, 0);
        strictEqual(s.rotation, 0);
        deepStrictEqual(s.elements, []);
      }
      deepStrictEqual(values(got.tags[0].attributes), { [ids.spec["weather.sky"]]: "sunny" });
      strictEqual(got.tags[0].source, "manual");
      const track = got.tracks[0];
      strictEqual(track.frame, 3, "track frame = its first shape's frame");
      deepStrictEqual(values(track.attributes), car({}, all.slice(0, 5)));
      deepStrictEqual(track.elements, []);
      deepStrictEqual(track.shapes.map((s: Json) => s.frame), [3, 6, 8]);
      deepStrictEqual(values(track.shapes[0].attributes), car({ speed: "10", note: "x" }, mutable));
      deepStrictEqual(values(track.shapes[1].attributes), car({ speed: "20", note: "x" }, mutable));
      deepStrictEqual(values(track.shapes[2].attributes), car({ speed: "20", note: "x" }, mutable));
      ok(track.shapes.every((s: Json) => !("elements" in s)), "tracked shapes carry no elements");
    } finally {
      await w.close();
    }
  });
}
