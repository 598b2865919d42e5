import { deepStrictEqual, ok, strictEqual } from "node:assert/strict";
import { addJob, annTask, labelsOf, SKELETON, world } from "./projects_fixtures.ts";

// deno-lint-ignore no-explicit-any
type Json = any;

Deno.test("PATCH /api/labels/{id} updates name, colour, type and attributes", async () => {
  const w = await world();
  const task = await annTask(w, [
    { name: "car", attributes: [{ name: "model", input_type: "select", values: ["a", "b"] }] },
    { name: "bus" },
  ]);
  const [car] = await labelsOf(w, `task_id=${task}`);
  const job = await addJob(w.store, task);
  const res = await w.ann("PATCH", `/api/labels/${car.id}`, {
    name: "auto",
    color: "#00ff00",
    type: "polygon",
    attributes: [
      { id: car.attributes[0].id, values: ["a", "b", "c"], default_value: "c" },
      { name: "doors", input_type: "number", values: ["2", "5", "1"] },
    ],
  });
  strictEqual(res.status, 200, JSON.stringify(res.body));
  strictEqual(res.body.name, "auto");
  strictEqual(res.body.color, "#00ff00");
  strictEqual(res.body.type, "polygon");
  deepStrictEqual(res.body.attributes.map((a: Json) => [a.name, a.default_value, a.values]), [
    ["model", "c", ["a", "b", "c"]],
    ["doors", "2", ["2", "5", "1"]],
  ]);
  strictEqual(res.body.attributes[0].id, car.attributes[0].id);
  ok((await w.store.jobs.get(job.id))!.updatedDate > job.updatedDate);
  const errors: [unknown, number, unknown][] = [
    [{ name: "bus" }, 400, ["All label names must be unique"]],
    [{ deleted: true }, 400, null],
    [{ name: "x".repeat(65) }, 400, null],
    [{ attributes: [{ id: 99999, name: "q" }] }, 404, null],
    [{ attributes: [{ name: "z" }] }, 400, {
      attributes: [{ input_type: ["This field is required."] }],
    }],
    [{ attributes: [{ name: "model", default_value: "nope" }] }, 400, null],
    [{ attributes: "x" }, 400, null],
    ["{", 400, null],
  ];
  const before = await w.store.labels.get(car.id);
  for (const [body, status, expected] of errors) {
    const bad = await w.ann("PATCH", `/api/labels/${car.id}`, body);
    strictEqual(bad.status, status, `${JSON.stringify(body)} → ${JSON.stringify(bad.body)}`);
    if (expected !== null) deepStrictEqual(bad.body, expected);
  }
  deepStrictEqual(await w.store.labels.get(car.id), before);
});

Deno.test("DELETE /api/labels/{id} removes the label, its sublabels and their annotations", async () => {
  const w = await world();
  const task = await annTask(w, [{ name: "car" }, SKELETON]);
  const [car, person] = await labelsOf(w, `task_id=${task}`);
  const job = await addJob(w.store, task);
  const tag = (id: number, label: number) => ({
    id,
    frame: 0,
    label_id: label,
    group: 0,
    source: "manual",
    attributes: [],
  });
  await w.store.annotations.apply(job.id, {
    upsert: [{ kind: "tags", object: tag(1, car.id) }, { kind: "tags", object: tag(2, person.id) }],
    remove: [],
  });
  const sub = person.sublabels[0].id;
  const subDelete = await w.ann("DELETE", `/api/labels/${sub}`);
  strictEqual(subDelete.status, 400);
  ok(/Sublabels cannot be deleted/.test(subDelete.body[0]));
  const subPatch = await w.ann("PATCH", `/api/labels/${sub}`, { name: "x" });
  strictEqual(subPatch.status, 400);
  strictEqual((await w.ann("DELETE", `/api/labels/${person.id}`)).status, 204);
  strictEqual((await w.ann("GET", `/api/labels/${person.id}`)).status, 404);
  strictEqual((await w.ann("GET", `/api/labels/${sub}`)).status, 404);
  deepStrictEqual((await w.store.annotations.read(job.id)).tags.map((t) => t.id), [1]);
  strictEqual((await w.ann("DELETE", `/api/labels/${person.id}`)).status, 404);
  strictEqual((await w.bob("DELETE", `/api/labels/${car.id}`)).status, 403);
  strictEqual((await w.ann("PUT", `/api/labels/${car.id}`, {})).status, 405);
  strictEqual((await w.ann("POST", "/api/labels", {})).status, 405);
});

Deno.test("labels PATCH semantics on a project: create, update, delete, keep", async () => {
  const w = await world();
  const project = (await w.ann("POST", "/api/projects", {
    name: "p",
    labels: [{ name: "a" }, { name: "b" }, { name: "c" }],
  })).body.id;
  const task = (await w.ann("POST", "/api/tasks", { name: "t", project_id: project })).body.id;
  const job = await addJob(w.store, task);
  const taskBefore = { ...(await w.store.tasks.get(task))!, updatedDate: job.updatedDate };
  await w.store.tasks.update(taskBefore);
  const [a, b] = await labelsOf(w, `project_id=${project}`);
  const res = await w.ann("PATCH", `/api/projects/${project}`, {
    labels: [{ id: a.id, name: "a2", color: "#123456" }, { id: b.id, deleted: true }, {
      name: "d",
    }],
  });
  strictEqual(res.status, 200, JSON.stringify(res.body));
  const after = await labelsOf(w, `project_id=${project}`);
  deepStrictEqual(after.map((l: Json) => l.name), ["a2", "c", "d"]);
  strictEqual(after[0].color, "#123456");
  ok(after[2].color);
  ok((await w.store.tasks.get(task))!.updatedDate > taskBefore.updatedDate);
  ok((await w.store.jobs.get(job.id))!.updatedDate > job.updatedDate);
  // Foreign and unknown ids, deleted without an id, duplicate names: nothing changes.
  const other = await annTask(w, [{ name: "z" }]);
  const [foreign] = await labelsOf(w, `task_id=${other}`);
  const cases: [unknown, number, unknown][] = [
    [[{ id: foreign.id, name: "q" }], 404, {
      detail: `Not found label with id #${foreign.id} to change`,
    }],
    [[{ id: 9999, deleted: true }], 404, { detail: "Not found label with id #9999 to change" }],
    [[{ name: "new" }, { deleted: true }], 400, {
      labels: [{}, { non_field_errors: ["Deleted label must have an ID"] }],
    }],
    [[{ name: "c" }], 400, ["All label names must be unique"]],
    [[{ id: after[0].id, name: "c" }], 400, ["All label names must be unique"]],
  ];
  for (const [labels, status, body] of cases) {
    const bad = await w.ann("PATCH", `/api/projects/${project}`, { labels });
    strictEqual(bad.status, status, JSON.stringify(bad.body));
    deepStrictEqual(bad.body, body);
  }
  deepStrictEqual((await labelsOf(w, `project_id=${project}`)).map((l: Json) => l.name), [
    "a2",
    "c",
    "d",
  ]);
  // A rename that frees a name lets a new label take it in the same request.
  const swap = await w.ann("PATCH", `/api/projects/${project}`, {
    labels: [{ id: after[1].id, name: "c-old" }, { name: "c" }],
  });
  strictEqual(swap.status, 200);
});

Deno.test("skeleton PATCH: add, rename and delete sublabels, svg rewritten", async () => {
  const w = await world();
  const task = await annTask(w, [SKELETON]);
  const [person] = await labelsOf(w, `task_id=${task}`);
  const [head, foot] = person.sublabels;
  const job = await addJob(w.store, task);
  const element = (label: number) => ({
    type: "points" as const,
    frame: 0,
    label_id: label,
    group: 0,
    source: "manual",
    occluded: false,
    outside: false,
    z_order: 0,
    rotation: 0,
    points: [1, 1],
    attributes: [],
  });
  await w.store.annotations.apply(job.id, {
    upsert: [{
      kind: "shapes",
      object: {
        ...element(person.id),
        id: 5,
        type: "skeleton",
        points: [],
        elements: [element(head.id), element(foot.id)],
      },
    }],
    remove: [],
  });
  const res = await w.ann("PATCH", `/api/tasks/${task}`, {
    labels: [{
      id: person.id,
      type: "rectangle",
      svg: '<line data-label-name="neck"/><circle data-label-name="top"/>',
      sublabels: [{ id: head.id, name: "top" }, { id: foot.id, deleted: true }, { name: "neck" }],
    }],
  });
  strictEqual(res.status, 200, JSON.stringify(res.body));
  const [updated] = await labelsOf(w, `task_id=${task}`);
  strictEqual(updated.type, "skeleton");
  deepStrictEqual(updated.sublabels.map((s: Json) => s.name), ["top", "neck"]);
  const neck = updated.sublabels[1].id;
  strictEqual(updated.svg, `<line data-label-id="${neck}"/><circle data-label-id="${head.id}"/>`);
  const [shape] = (await w.store.annotations.read(job.id)).shapes;
  deepStrictEqual(shape.elements!.map((e) => e.label_id), [head.id]);
  const dup = await w.ann("PATCH", `/api/tasks/${task}`, {
    labels: [{ id: person.id, sublabels: [{ name: "top" }] }],
  });
  strictEqual(dup.status, 400);
  const missing = await w.ann("PATCH", `/api/tasks/${task}`, {
    labels: [{ id: person.id, sublabels: [{ id: 4242, name: "q" }] }],
  });
  strictEqual(missing.status, 404);
  const toSkeleton = await w.ann("POST", "/api/tasks", { name: "u", labels: [{ name: "box" }] });
  const [box] = await labelsOf(w, `task_id=${toSkeleton.body.id}`);
  await w.ann("PATCH", `/api/labels/${box.id}`, { type: "skeleton" });
  strictEqual((await w.ann("GET", `/api/labels/${box.id}`)).body.type, "any");
});
