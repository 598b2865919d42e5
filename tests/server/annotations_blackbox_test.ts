/**
 * Black-box (issue 4), from the spec (cvat-server-api.md §2.9, §6): CVAT's label and attribute
 * checks with their exact messages, bad input of every kind (4xx with a CVAT-shaped body, never a
 * 5xx, nothing changed), access, the `action` parameter, DELETE, and tasks without data; on both
 * stores.
 */

import { deepStrictEqual, ok, strictEqual } from "node:assert/strict";
import {
  type AnnWorld,
  annWorld,
  body,
  etag,
  jobAnn,
  type Json,
  request,
  STORE_KINDS,
  taskAnn,
} from "./annotations_blackbox_fixture.ts";
import { carTrack, rect, skeleton, tag } from "./annotations_blackbox_objects.ts";
import { isCvatError } from "./audit_fixture.ts";

const ACTION_ERROR = ["Please specify a correct 'action' for the request"];

async function seed(w: AnnWorld): Promise<void> {
  const r = await w.req(
    "PATCH",
    jobAnn(w.jobs[0].id, "action=create"),
    body({
      shapes: [rect(w.ids, 1, 1), skeleton(w.ids, 2, 3)],
      tracks: [carTrack(w.ids, [[0, 0], [3, 9]])],
      tags: [tag(w.ids, 4)],
    }),
  );
  strictEqual(r.status, 200, r.text);
}

/** Sends a write and checks it was refused with `status` and nothing changed. */
async function refused(
  w: AnnWorld,
  method: string,
  path: string,
  sent: unknown,
  what: string,
  status = 400,
): Promise<Json> {
  const before = await w.annotationsState();
  const r = await w.req(method, path, sent);
  strictEqual(r.status, status, `${what}: ${r.status} ${r.text.slice(0, 300)}`);
  ok(isCvatError(r.body), `${what}: CVAT-shaped body ${r.text.slice(0, 300)}`);
  strictEqual(await w.annotationsState(), before, `${what}: nothing changed`);
  return r.body;
}

function invalidCases(w: AnnWorld, otherLabel: number): [string, Json, string][] {
  const { ids } = w;
  const badTrackShape = carTrack(ids, [[0, 0], [2, 4]]);
  badTrackShape.shapes[1].attributes.push({ spec_id: ids.spec["car.model"], value: "van" });
  const badTrack = carTrack(ids, [[0, 0]]);
  badTrack.attributes.push({ spec_id: ids.spec["car.speed"], value: "5" });
  const badElement = skeleton(ids, 1, 1);
  badElement.elements[1].label_id = 99999;
  const badElementSpec = skeleton(ids, 1, 1);
  badElementSpec.elements[1].attributes = [{ spec_id: ids.spec["head.visible"], value: "x" }];
  const foreignSpec = rect(ids, 1, 1);
  foreignSpec.attributes.push({ spec_id: ids.spec["weather.sky"], value: "rain" });
  return [
    [
      "unknown label on a shape",
      { shapes: [{ ...rect(ids, 1, 1), label_id: 99999 }] },
      "label_id `99999` is invalid",
    ],
    [
      "another task's label",
      { tags: [{ ...tag(ids, 1), label_id: otherLabel, attributes: [] }] },
      `label_id \`${otherLabel}\` is invalid`,
    ],
    [
      "unknown label on a track",
      { tracks: [{ ...carTrack(ids, [[0, 0]]), label_id: 99999 }] },
      "label_id `99999` is invalid",
    ],
    ["unknown label on an element", { shapes: [badElement] }, "label_id `99999` is invalid"],
    [
      "another label's spec on a shape",
      { shapes: [foreignSpec] },
      `spec_id \`${ids.spec["weather.sky"]}\` is invalid`,
    ],
    ["unknown spec on a tag", {
      tags: [{ ...tag(ids, 1), attributes: [{ spec_id: 99999, value: "a" }] }],
    }, "spec_id `99999` is invalid"],
    [
      "immutable spec on a tracked shape",
      { tracks: [badTrackShape] },
      `spec_id \`${ids.spec["car.model"]}\` is invalid`,
    ],
    [
      "mutable spec on a track",
      { tracks: [badTrack] },
      `spec_id \`${ids.spec["car.speed"]}\` is invalid`,
    ],
    [
      "a sibling's spec on an element",
      { shapes: [badElementSpec] },
      `spec_id \`${ids.spec["head.visible"]}\` is invalid`,
    ],
  ];
}

function badBodies(w: AnnWorld): [string, unknown][] {
  const { ids } = w;
  const shape = rect(ids, 1, 1);
  const without = (key: string) => {
    const copy = { ...shape };
    delete copy[key];
    return { shapes: [copy] };
  };
  return [
    ["malformed JSON", "{"],
    ["a JSON list", "[]"],
    ["a JSON string", '"x"'],
    ["shapes not a list", { shapes: 5 }],
    ["tracks not a list", { tracks: { a: 1 } }],
    ["a shape that is a number", { shapes: [5] }],
    ["shape without frame", without("frame")],
    ["shape without label_id", without("label_id")],
    ["shape without type", without("type")],
    ["points null", { shapes: [{ ...shape, points: null }] }],
    ["negative frame", { shapes: [{ ...shape, frame: -1 }] }],
    ["frame as text", { shapes: [{ ...shape, frame: "abc" }] }],
    ["fractional frame", { shapes: [{ ...shape, frame: 1.5 }] }],
    ["frame over 2^31-1", { shapes: [{ ...shape, frame: 2 ** 31 }] }],
    ["label_id over 2^31-1", { shapes: [{ ...shape, label_id: 2 ** 40 }] }],
    ["unknown shape type", { shapes: [{ ...shape, type: "circle" }] }],
    ["a boolean point", { shapes: [{ ...shape, points: [1, true, 3, 4] }] }],
    ["a text point", { shapes: [{ ...shape, points: [1, "2", 3, 4] }] }],
    ["points not a list", { shapes: [{ ...shape, points: "1,2" }] }],
    ["occluded as a number", { shapes: [{ ...shape, occluded: 3 }] }],
    ["attributes not a list", { shapes: [{ ...shape, attributes: {} }] }],
    ["attribute without value", {
      shapes: [{ ...shape, attributes: [{ spec_id: ids.spec["car.note"] }] }],
    }],
    ["attribute value over 4096 characters", {
      shapes: [{
        ...shape,
        attributes: [{ spec_id: ids.spec["car.note"], value: "x".repeat(4097) }],
      }],
    }],
    ["track without shapes", { tracks: [{ frame: 0, label_id: ids.car, attributes: [] }] }],
    ["tracked shape without type", {
      tracks: [{ ...carTrack(ids, [[0, 0]]), shapes: [{ frame: 0, points: [1, 2, 3, 4] }] }],
    }],
    ["rotation over 360", { shapes: [{ ...shape, rotation: 361 }] }],

    ["tag without label_id", { tags: [{ frame: 0, attributes: [] }] }],
  ];
}

for (const kind of STORE_KINDS) {
  Deno.test(`[${kind}] label_id and spec_id checks: CVAT's messages, nothing changed`, async () => {
    const w = await annWorld(kind);
    try {
      await seed(w);
      const other = await w.req("POST", "/api/tasks", { name: "other", labels: [{ name: "o" }] });
      strictEqual(other.status, 201, other.text);
      const labels = await w.req("GET", `/api/labels?task_id=${other.body.id}`);
      const otherLabel = labels.body.results[0].id;
      const job = w.jobs[0].id;
      for (const [what, lists, message] of invalidCases(w, otherLabel)) {
        for (
          const [method, path] of [
            ["PATCH", jobAnn(job, "action=create")],
            ["PATCH", jobAnn(job, "action=update")],
            ["PUT", jobAnn(job)],
            ["PATCH", taskAnn(w.taskId, "action=create")],
            ["PUT", taskAnn(w.taskId)],
          ]
        ) {
          const answer = await refused(w, method, path, body(lists), `${what} (${method} ${path})`);
          deepStrictEqual(answer, [message], `${what} (${method} ${path})`);
        }
      }
    } finally {
      await w.close();
    }
  });

  Deno.test(`[${kind}] bad input of every kind: 4xx, never 5xx, nothing changed`, async () => {
    const w = await annWorld(kind);
    try {
      await seed(w);
      const job = w.jobs[0].id;
      for (const [what, sent] of badBodies(w)) {
        for (
          const [method, path] of [
            ["PATCH", jobAnn(job, "action=create")],
            ["PATCH", jobAnn(job, "action=delete")],
            ["PUT", jobAnn(job)],
            ["PATCH", taskAnn(w.taskId, "action=create")],
            ["PUT", taskAnn(w.taskId)],
          ]
        ) {
          await refused(w, method, path, sent, `${what} (${method} ${path})`);
        }
      }
      for (const query of ["", "action=", "action=merge", "action=CREATE"]) {
        const answer = await refused(w, "PATCH", jobAnn(job, query), body({}), `action "${query}"`);
        deepStrictEqual(answer, ACTION_ERROR);
      }
      const answer = await refused(w, "PATCH", taskAnn(w.taskId), body({}), "task without action");
      deepStrictEqual(answer, ACTION_ERROR);
    } finally {
      await w.close();
    }
  });

  Deno.test(`[${kind}] access: 401, 403, 404, admin, trailing slash`, async () => {
    const w = await annWorld(kind);
    try {
      await seed(w);
      const job = w.jobs[0].id;
      const before = await w.annotationsState();
      const paths = [jobAnn(job), taskAnn(w.taskId)];
      for (const path of paths) {
        strictEqual((await w.req("GET", path, undefined, {})).status, 401);
        for (const method of ["GET", "PUT", "DELETE"]) {
          const r = await w.req(
            method,
            path,
            method === "PUT" ? body({}) : undefined,
            w.as.bob.headers,
          );
          strictEqual(r.status, 403, `bob ${method} ${path}`);
        }
        const r = await w.req("PATCH", `${path}?action=create`, body({}), w.as.bob.headers);
        strictEqual(r.status, 403, `bob PATCH ${path}`);
        strictEqual((await w.req("GET", path, undefined, w.as.admin.headers)).status, 200);
        strictEqual((await w.req("GET", `${path}/`)).status, 200, `${path}/`);
      }
      strictEqual(await w.annotationsState(), before);
      for (const path of ["/api/jobs/99999/annotations", "/api/tasks/99999/annotations"]) {
        const r = await w.req("GET", path);
        strictEqual(r.status, 404);
        deepStrictEqual(r.body, { detail: "Not found." });
      }
      strictEqual((await w.req("GET", "/api/jobs/abc/annotations")).status, 404);
    } finally {
      await w.close();
    }
  });

  Deno.test(`[${kind}] DELETE clears a job (204, new ETag); a task without data is a 400`, async () => {
    const w = await annWorld(kind);
    try {
      await seed(w);
      const job = w.jobs[0].id;
      const del = await w.req("DELETE", jobAnn(job));
      strictEqual(del.status, 204, del.text);
      strictEqual(del.headers.get("etag"), etag(2));
      const got = await w.req("GET", jobAnn(job));
      deepStrictEqual(got.body, { version: 2, tags: [], shapes: [], tracks: [] });
      const empty = await w.req("POST", "/api/tasks", { name: "empty", labels: [{ name: "a" }] });
      strictEqual(empty.status, 201);
      const r = await request(w.t, "GET", taskAnn(empty.body.id), undefined, w.as.ann.headers);
      strictEqual(r.status, 400, r.text);
      ok(r.text.includes("Exporting annotations from a task without data is not allowed"), r.text);
    } finally {
      await w.close();
    }
  });
}
