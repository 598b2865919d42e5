/**
 * Bad input on the annotation routes: CVAT's messages for label and attribute errors, DRF's
 * field errors, bad headers and parameters; always a 4xx, never a 5xx, and nothing changed.
 */

import { deepStrictEqual, ok, strictEqual } from "node:assert/strict";
import {
  type AnnotationWorld,
  bothStores,
  data,
  jobPath,
  type Json,
  rect,
  tag,
  taskPath,
  track,
} from "./annotations_fixture.ts";

async function rejected(
  w: AnnotationWorld,
  method: string,
  path: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<Json> {
  const before = await w.state();
  const r = await w.req(method, path, body, { ...w.as.ann.headers, ...headers });
  ok(
    r.status >= 400 && r.status < 500,
    `${method} ${path} ${JSON.stringify(body)?.slice(0, 200)}: ${r.status}`,
  );
  strictEqual(await w.state(), before, "nothing changed");
  return r;
}

bothStores("PATCH without a correct action is CVAT's 400", async (w) => {
  for (const query of ["", "action=", "action=merge"]) {
    const r = await rejected(
      w,
      "PATCH",
      jobPath(w.jobs[0].id, query),
      data({ tags: [tag(w.ids.weather, 0)] }),
    );
    strictEqual(r.status, 400);
    deepStrictEqual(r.body, ["Please specify a correct 'action' for the request"]);
  }
});

bothStores("unknown label_id and spec_id give CVAT's messages", async (w) => {
  const job = jobPath(w.jobs[0].id, "action=create");
  const { car, color, speed } = w.ids;
  const cases: [Json, string][] = [
    [data({ shapes: [rect(777, 0)] }), "label_id `777` is invalid"],
    // a sublabel's skeleton is not a sublabel of itself
    [
      data({ shapes: [{ ...skeletonOf(w), elements: [rect(w.ids.person, 0)] }] }),
      `label_id \`${w.ids.person}\` is invalid`,
    ],
    [
      data({ shapes: [rect(car, 0, 0, { attributes: [{ spec_id: 555, value: "x" }] })] }),
      "spec_id `555` is invalid",
    ],
    // a mutable attribute on the track itself, an immutable one on a keyframe
    [
      data({ tracks: [track(car, [[0, 0]], { attributes: [{ spec_id: speed, value: "1" }] })] }),
      `spec_id \`${speed}\` is invalid`,
    ],
    [
      data({
        tracks: [{
          ...track(car, [[0, 0]]),
          shapes: [{
            type: "rectangle",
            frame: 0,
            points: [0, 0, 1, 1],
            attributes: [{ spec_id: color, value: "red" }],
          }],
        }],
      }),
      `spec_id \`${color}\` is invalid`,
    ],
    // an element whose label is not a sublabel of its skeleton
    [
      data({
        shapes: [{
          type: "skeleton",
          frame: 0,
          label_id: w.ids.person,
          points: [],
          elements: [rect(car, 0)],
        }],
      }),
      `label_id \`${car}\` is invalid`,
    ],
  ];
  for (const [body, message] of cases) {
    const r = await rejected(w, "PATCH", job, body);
    strictEqual(r.status, 400);
    deepStrictEqual(r.body, [message]);
  }
  const task = await rejected(w, "PUT", taskPath(w.taskId), data({ shapes: [rect(777, 0)] }));
  deepStrictEqual(task.body, ["label_id `777` is invalid"]);
});

bothStores("field errors: types, required fields, integers above 2^31-1", async (w) => {
  const { car } = w.ids;
  const big = 2 ** 31;
  const bodies: Json[] = [
    [],
    "text",
    { shapes: "none" },
    { shapes: [{ frame: 0, label_id: car, points: [0, 0, 1, 1] }] }, // no type
    { shapes: [{ type: "rectangle", label_id: car, points: [] }] }, // no frame
    { shapes: [rect(car, big)] },
    { shapes: [rect(big, 0)] },
    { shapes: [rect(car, 0, 0, { id: big })] },
    { shapes: [rect(car, 0, 0, { group: big })] },
    { shapes: [rect(car, 0, 0, { z_order: big })] },
    { shapes: [rect(car, -1)] },
    { shapes: [rect(car, 0, 0, { points: [0, "a", 1, 1] })] },
    { shapes: [rect(car, 0, 0, { points: [0, true, 1, 1] })] },
    { shapes: [rect(car, 0, 0, { rotation: 400 })] },
    { shapes: [rect(car, 0, 0, { occluded: "yes" })] },
    { shapes: [rect(car, 0, 0, { type: "hexagon" })] },
    {
      shapes: [
        rect(car, 0, 0, { attributes: [{ spec_id: w.ids.color, value: "x".repeat(4097) }] }),
      ],
    },
    { tags: [{ frame: 0.5, label_id: car }] },
    { tracks: [{ frame: 0, label_id: car }] }, // no shapes
    {
      tracks: [{
        ...track(car, [[0, 0]]),
        elements: [{ ...track(car, [[0, 0]]), elements: [track(car, [[0, 0]])] }],
      }],
    },
    { version: big },
  ];
  for (const body of bodies) {
    for (
      const [method, path] of [["PATCH", jobPath(w.jobs[0].id, "action=create")], [
        "PUT",
        taskPath(w.taskId),
      ]]
    ) {
      const r = await rejected(w, method, path, body);
      strictEqual(r.status, 400, JSON.stringify(body).slice(0, 100));
    }
  }
  const r = await rejected(w, "PATCH", jobPath(w.jobs[0].id, "action=create"), {
    shapes: [rect(car, 0, 0, { points: [0, "a"] })],
  });
  deepStrictEqual(r.body, {
    shapes: [{ points: { "1": ["Value must be a float or an integer"] } }],
  });
});

bothStores("malformed bodies, media types, headers and parameters are 4xx", async (w) => {
  const job = w.jobs[0].id;
  const create = jobPath(job, "action=create");
  const good = data({ tags: [tag(w.ids.weather, 0)] });
  const bad = await rejected(w, "PATCH", create, "{not json");
  strictEqual(bad.status, 400);
  ok(bad.body.detail.startsWith("JSON parse error"));
  strictEqual(
    (await rejected(w, "PUT", jobPath(job), "<xml/>", { "Content-Type": "text/xml" })).status,
    415,
  );
  strictEqual(
    (await rejected(w, "PATCH", create, good, { "Idempotency-Key": "k".repeat(256) })).status,
    400,
  );
  strictEqual(
    (await rejected(w, "PATCH", create, good, { "Idempotency-Key": "bad\tkey" })).status,
    400,
  );
  strictEqual((await rejected(w, "PATCH", create, good, { "If-Match": "yesterday" })).status, 400);
  strictEqual(
    (await rejected(w, "DELETE", jobPath(job), undefined, { "If-Match": '"x"' })).status,
    400,
  );
  strictEqual((await w.req("GET", jobPath(job, "interpolate=maybe"))).status, 400);
  const huge = JSON.stringify({ tags: [], pad: "x".repeat(17 * 1024 * 1024) });
  strictEqual((await rejected(w, "PUT", jobPath(job), huge)).status, 413);
});

bothStores("a bad object among good ones changes nothing (create, update, put)", async (w) => {
  const job = w.jobs[0].id;
  const made = await w.req(
    "PATCH",
    jobPath(job, "action=create"),
    data({ shapes: [rect(w.ids.car, 1)] }),
  );
  strictEqual(made.status, 200);
  const mixed = data({ shapes: [{ ...made.body.shapes[0], frame: 3 }, rect(777, 2)] });
  for (
    const [method, query] of [["PATCH", "action=create"], ["PATCH", "action=update"], ["PUT", ""]]
  ) {
    await rejected(w, method, jobPath(job, query), mixed);
    await rejected(w, method, taskPath(w.taskId, query), mixed);
  }
  strictEqual((await w.req("GET", jobPath(job))).headers.get("etag"), '"1"');
});

function skeletonOf(w: AnnotationWorld): Json {
  return { type: "skeleton", frame: 0, label_id: w.ids.person, points: [], elements: [] };
}
