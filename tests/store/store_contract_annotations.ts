/**
 * Store contract: the annotation store.
 *
 * @module
 */

import { deepEqual, equal, ok, rejects } from "node:assert/strict";
import { contractCase, ids, type MakeStore, shape, tag, track } from "./store_contract_records.ts";
import type { AnnotationChange, StoredObject } from "../../lib/store/types.ts";

const upsert = (kind: "tags" | "shapes" | "tracks", ...objects: StoredObject[]) =>
  objects.map((object) => ({ kind, object }));

const change = (
  upserts: AnnotationChange["upsert"],
  remove: AnnotationChange["remove"] = [],
): AnnotationChange => ({ upsert: upserts, remove });

/**
 * Registers the annotation cases.
 *
 * @example
 * ```ts
 * // annotationContract("memory", makeStore);
 * ```
 */
export function annotationContract(name: string, makeStore: MakeStore): void {
  const test = (title: string, body: Parameters<typeof contractCase>[3]) =>
    contractCase(name, makeStore, title, body);

  test("annotations: apply, read in id order, revision", async (store) => {
    const a = store.annotations;
    deepEqual(await a.read(1), { version: 0, tags: [], shapes: [], tracks: [] });
    equal(await a.revision(1), 0);
    deepEqual(
      await a.apply(
        1,
        change([...upsert("shapes", shape(5), shape(2)), ...upsert("tags", tag(9))]),
      ),
      { ok: true, revision: 1 },
    );
    deepEqual(
      await a.apply(1, change([...upsert("shapes", shape(3)), ...upsert("tracks", track(4))])),
      {
        ok: true,
        revision: 2,
      },
    );
    const read = await a.read(1);
    equal(read.version, 2);
    deepEqual(ids(read.shapes), [2, 3, 5]);
    deepEqual(read.tags, [tag(9)]);
    deepEqual(read.tracks, [track(4)]);
    deepEqual(read.shapes[0], shape(2));
    const moved = { ...shape(3), frame: 7 };
    const result = await a.apply(
      1,
      change(upsert("shapes", moved), [{ kind: "shapes", id: 5 }, { kind: "tags", id: 1234 }]),
    );
    deepEqual(result, { ok: true, revision: 3 });
    const after = await a.read(1);
    deepEqual(after.shapes, [shape(2), moved]);
    deepEqual(await a.apply(1, change([])), { ok: true, revision: 4 });
    equal(await a.revision(1), 4);
    equal(await a.revision(2), 0);
    read.shapes[0].frame = 99;
    equal((await a.read(1)).shapes[0].frame, 0);
  });

  test("annotations: expectRevision", async (store) => {
    const a = store.annotations;
    deepEqual(await a.apply(3, change(upsert("shapes", shape(1))), 1), { ok: false, revision: 0 });
    deepEqual(await a.apply(3, change(upsert("shapes", shape(1))), 0), { ok: true, revision: 1 });
    deepEqual(await a.apply(3, change(upsert("shapes", shape(2))), 0), { ok: false, revision: 1 });
    deepEqual(ids((await a.read(3)).shapes), [1]);
    deepEqual(await a.replace(3, { tags: [], shapes: [], tracks: [] }, 5), {
      ok: false,
      revision: 1,
    });
    deepEqual(ids((await a.read(3)).shapes), [1]);
    deepEqual(await a.apply(3, change(upsert("shapes", shape(2))), 1), { ok: true, revision: 2 });
  });

  test("annotations: concurrent applies lose nothing", async (store) => {
    const a = store.annotations;
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => a.apply(8, change(upsert("shapes", shape(i + 1))))),
    );
    const revisions = results.map((result) => result.revision).sort((x, y) => x - y);
    deepEqual(revisions, Array.from({ length: 20 }, (_, i) => i + 1));
    ok(results.every((r) => r.ok));
    const read = await a.read(8);
    equal(read.version, 20);
    deepEqual(ids(read.shapes), Array.from({ length: 20 }, (_, i) => i + 1));
    const guarded = await Promise.all(
      Array.from({ length: 5 }, (_, i) => a.apply(8, change(upsert("tags", tag(i + 1))), 20)),
    );
    equal(guarded.filter((r) => r.ok).length, 1);
    deepEqual(guarded.filter((r) => !r.ok).map((r) => r.revision), [21, 21, 21, 21]);
  });

  test("annotations: replace", async (store) => {
    const a = store.annotations;
    await a.apply(2, change([...upsert("shapes", shape(1), shape(2)), ...upsert("tags", tag(1))]));
    deepEqual(
      await a.replace(2, {
        version: 0,
        tags: [],
        shapes: [shape(7), shape(3)],
        tracks: [track(1)],
      }),
      { ok: true, revision: 2 },
    );
    deepEqual(await a.read(2), {
      version: 2,
      tags: [],
      shapes: [shape(3), shape(7)],
      tracks: [track(1)],
    });
    deepEqual(await a.replace(2, { tags: [], shapes: [], tracks: [] }, 2), {
      ok: true,
      revision: 3,
    });
    deepEqual(await a.read(2), { version: 3, tags: [], shapes: [], tracks: [] });
    const [x, y] = await Promise.all([
      a.replace(2, { tags: [tag(1)], shapes: [], tracks: [] }),
      a.apply(2, change(upsert("shapes", shape(4)))),
    ]);
    ok(x.ok && y.ok);
    equal(await a.revision(2), 5);
  });

  test("annotations: a big job crosses the commit limits", async (store) => {
    const a = store.annotations;
    const shapes = Array.from({ length: 5000 }, (_, i) => shape(i + 1, i % 50));
    deepEqual(await a.apply(4, change(upsert("shapes", ...shapes))), { ok: true, revision: 1 });
    equal((await a.read(4)).shapes.length, 5000);
    await a.apply(4, change(upsert("tags", tag(1)), [{ kind: "shapes", id: 1 }]));
    const removed = Array.from(
      { length: 2000 },
      (_, i) => ({ kind: "shapes" as const, id: i + 2 }),
    );
    deepEqual(await a.apply(4, change(upsert("tracks", track(1)), removed), 2), {
      ok: true,
      revision: 3,
    });
    const read = await a.read(4);
    deepEqual(ids(read.shapes), Array.from({ length: 2999 }, (_, i) => i + 2002));
    deepEqual(read.tags, [tag(1)]);
    deepEqual(read.tracks, [track(1)]);
    deepEqual(read.shapes[0], shapes[2001]);
    deepEqual(await a.replace(4, { tags: [], shapes: shapes.slice(0, 3000), tracks: [] }), {
      ok: true,
      revision: 4,
    });
    equal((await a.read(4)).shapes.length, 3000);
  });

  test("annotations: objects over 64 KiB", async (store) => {
    const a = store.annotations;
    const long = track(1, 3000);
    ok(JSON.stringify(long).length > 200_000);
    await a.apply(5, change([...upsert("tracks", long, track(2)), ...upsert("shapes", shape(1))]));
    deepEqual((await a.read(5)).tracks, [long, track(2)]);
    const longer = track(2, 4000);
    await a.apply(5, change(upsert("tracks", longer)));
    deepEqual((await a.read(5)).tracks, [long, longer]);
    await a.apply(5, change(upsert("tracks", track(1)), [{ kind: "tracks", id: 2 }]));
    deepEqual((await a.read(5)).tracks, [track(1)]);
    const many = Array.from({ length: 20 }, (_, i) => track(i + 10, 2000));
    await a.apply(5, change(upsert("tracks", ...many)));
    equal((await a.read(5)).tracks.length, 21);
    await a.replace(5, { tags: [], shapes: [], tracks: [long] });
    deepEqual((await a.read(5)).tracks, [long]);
  });

  test("annotations: allocateIds and deleteJob", async (store) => {
    const a = store.annotations;
    equal(await a.allocateIds("shape", 10), 1);
    equal(await a.allocateIds("shape", 5), 11);
    equal(await a.allocateIds("track", 1), 1);
    equal(await a.allocateIds("shape", 0), 16);
    equal(await a.allocateIds("shape", 1), 16);
    const firsts = await Promise.all(Array.from({ length: 10 }, () => a.allocateIds("tag", 3)));
    deepEqual([...firsts].sort((x, y) => x - y), Array.from({ length: 10 }, (_, i) => i * 3 + 1));
    await rejects(() => a.allocateIds("tag", -1), RangeError);
    await rejects(() => a.allocateIds("tag", 1.5), RangeError);
    await a.apply(6, change(upsert("shapes", shape(1))));
    await a.apply(7, change(upsert("shapes", shape(1))));
    await a.deleteJob(6);
    deepEqual(await a.read(6), { version: 0, tags: [], shapes: [], tracks: [] });
    equal(await a.revision(6), 0);
    equal((await a.read(7)).shapes.length, 1);
    await a.deleteJob(99);
  });

  test("annotations: bad objects are refused and change nothing", async (store) => {
    const a = store.annotations;
    await a.apply(9, change(upsert("shapes", shape(1))));
    const noId = { ...shape(2), id: undefined };
    await rejects(() => a.apply(9, change(upsert("shapes", shape(3), noId))), TypeError);
    await rejects(() => a.apply(9, change([], [{ kind: "boxes" as never, id: 1 }])), TypeError);
    await rejects(() => a.replace(9, { tags: [], shapes: [noId], tracks: [] }), TypeError);
    deepEqual(ids((await a.read(9)).shapes), [1]);
    equal(await a.revision(9), 1);
  });
}
