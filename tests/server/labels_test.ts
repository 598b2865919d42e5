import { deepStrictEqual, ok, strictEqual } from "node:assert/strict";
import { addJob, annTask, labelsOf, SKELETON, world } from "./projects_fixtures.ts";

// deno-lint-ignore no-explicit-any
type Json = any;

Deno.test("labels of a task: top-level only, sublabels nested, exact keys", async () => {
  const w = await world();
  const task = await annTask(w, [
    {
      name: "car",
      color: "#ff0000",
      type: "rectangle",
      attributes: [
        { name: "model", input_type: "select", values: ["a", "b"], default_value: "b" },
        { name: "speed", input_type: "number", mutable: true, values: ["0", "100", "5"] },
        { name: "parked", input_type: "checkbox", values: ["false"] },
        { name: "side", input_type: "radio", values: ["l", "r"] },
        { name: "note", input_type: "text", values: [] },
      ],
    },
    SKELETON,
  ]);
  const [car, person] = await labelsOf(w, `task_id=${task}`);
  deepStrictEqual(Object.keys(car).sort(), [
    "attributes",
    "color",
    "has_parent",
    "id",
    "name",
    "parent_id",
    "sublabels",
    "task_id",
    "type",
  ]);
  strictEqual(car.color, "#ff0000");
  strictEqual(car.task_id, task);
  strictEqual(car.has_parent, false);
  deepStrictEqual(car.attributes.map((a: Json) => [a.name, a.input_type, a.default_value]), [
    ["model", "select", "b"],
    ["speed", "number", "0"],
    ["parked", "checkbox", "false"],
    ["side", "radio", "l"],
    ["note", "text", ""],
  ]);
  ok(car.attributes.every((a: Json) => Number.isInteger(a.id)));
  strictEqual(person.type, "skeleton");
  const [head, foot] = person.sublabels;
  deepStrictEqual(Object.keys(head).sort(), [
    "attributes",
    "color",
    "has_parent",
    "id",
    "name",
    "type",
  ]);
  strictEqual(
    person.svg,
    `<circle data-label-id="${head.id}" cx="1"/><circle data-label-id="${foot.id}" cx="2"/>`,
  );
  ok(!("svg" in car));
  ok(/^#[0-9A-Fa-f]{6}$/.test(person.color) && person.color !== head.color);
  const sub = (await w.ann("GET", `/api/labels/${head.id}`)).body;
  strictEqual(sub.parent_id, person.id);
  strictEqual(sub.has_parent, true);
  const bySub = await labelsOf(w, `task_id=${task}&parent_id=${person.id}`);
  deepStrictEqual(bySub.map((l: Json) => l.name), ["head", "foot"]);
});

Deno.test("label list parameters: one parent at a time, 404 and 403 parents", async () => {
  const w = await world();
  const task = await annTask(w, [{ name: "a" }]);
  const bobs = (await w.bob("POST", "/api/tasks", { name: "b", labels: [{ name: "b" }] })).body.id;
  const both = await w.ann("GET", `/api/labels?task_id=${task}&project_id=1`);
  strictEqual(both.status, 400);
  deepStrictEqual(both.body, ["job_id, task_id and project_id parameters cannot be used together"]);
  strictEqual((await w.ann("GET", "/api/labels?task_id=999")).status, 404);
  strictEqual((await w.ann("GET", "/api/labels?job_id=999")).status, 404);
  strictEqual((await w.ann("GET", "/api/labels?project_id=999")).status, 404);
  strictEqual((await w.ann("GET", `/api/labels?task_id=${bobs}`)).status, 403);
  strictEqual((await w.ann("GET", "/api/labels?task_id=abc")).status, 400);
  strictEqual((await w.anonymous("GET", "/api/labels")).status, 401);
  // Without a parent: what the caller may see, top-level only.
  await annTask(w, [SKELETON]);
  deepStrictEqual((await labelsOf(w, "")).map((l: Json) => l.name), ["a", "person"]);
  strictEqual((await w.admin("GET", "/api/labels")).body.count, 3);
  deepStrictEqual((await labelsOf(w, "search=pers")).map((l: Json) => l.name), ["person"]);
  deepStrictEqual((await labelsOf(w, "parent=person")).map((l: Json) => l.name), ["head", "foot"]);
  deepStrictEqual((await labelsOf(w, "sort=-name")).map((l: Json) => l.name), ["person", "a"]);
  strictEqual(
    (await w.ann("GET", `/api/labels/${(await labelsOf(w, ""))[0].id + 100}`)).status,
    404,
  );
});

Deno.test("a job assignee reads the job's labels but may not change them", async () => {
  const w = await world();
  const project = (await w.ann("POST", "/api/projects", { name: "p", labels: [{ name: "a" }] }))
    .body.id;
  const task = (await w.ann("POST", "/api/tasks", { name: "t", project_id: project })).body.id;
  const job = await addJob(w.store, task, { assigneeId: w.ids.bob });
  const res = await w.bob("GET", `/api/labels?job_id=${job.id}`);
  strictEqual(res.status, 200);
  strictEqual(res.body.results[0].project_id, project);
  const id = res.body.results[0].id;
  strictEqual((await w.bob("GET", `/api/labels/${id}`)).status, 200);
  strictEqual((await w.bob("GET", "/api/labels")).body.count, 1);
  strictEqual((await w.bob("PATCH", `/api/labels/${id}`, { name: "x" })).status, 403);
  strictEqual((await w.bob("DELETE", `/api/labels/${id}`)).status, 403);
  strictEqual((await w.worker("GET", `/api/labels/${id}`)).status, 403);
  strictEqual((await w.worker("GET", "/api/labels")).body.count, 0);
});

Deno.test("attribute rules: input types, lengths, duplicates", async () => {
  const w = await world();
  const attr = (fields: Record<string, unknown>) => [{
    name: "l",
    attributes: [{ name: "a", input_type: "text", values: [], ...fields }],
  }];
  const cases: [unknown, unknown][] = [
    [attr({ input_type: "slider" }), {
      attributes: [{ input_type: ['"slider" is not a valid choice.'] }],
    }],
    [attr({ input_type: "number", values: ["0", "10"] }), null],
    [attr({ input_type: "number", values: ["5", "1", "1"] }), null],
    [attr({ input_type: "number", values: ["0", "10", "0"] }), null],
    [attr({ input_type: "number", values: ["a", "10", "1"] }), null],
    [attr({ input_type: "checkbox", values: ["maybe"] }), null],
    [attr({ input_type: "select", values: ["x"], default_value: "y" }), null],
    [attr({ default_value: "d".repeat(129) }), null],
    [attr({ values: ["v".repeat(201)] }), {
      attributes: [{ values: { 0: ["Ensure this field has no more than 200 characters."] } }],
    }],
    [attr({ name: "n".repeat(65) }), null],
    [attr({ mutable: "perhaps" }), { attributes: [{ mutable: ["Must be a valid boolean."] }] }],
    [[{
      name: "l",
      attributes: [{ name: "a", input_type: "text", values: [] }, {
        name: "a",
        input_type: "text",
        values: [],
      }],
    }], ["Duplicate attribute with name 'a' exists"]],
    [[{ name: "l".repeat(65) }], null],
    [[{ name: "l", color: "#1234567890" }], null],
    [[{ name: "s", type: "skeleton", sublabels: [{ name: "p" }, { name: "p" }] }], [
      "All label names must be unique",
    ]],
    [[{ name: "s", type: "skeleton", sublabels: [{}] }], {
      sublabels: [{ name: ["This field is required."] }],
    }],
  ];
  for (const [labels, expected] of cases) {
    const res = await w.ann("POST", "/api/tasks", { name: "t", labels });
    strictEqual(res.status, 400, `${JSON.stringify(labels)} → ${JSON.stringify(res.body)}`);
    if (expected === null) continue;
    deepStrictEqual(res.body, Array.isArray(expected) ? expected : { labels: [expected] });
  }
  strictEqual(await w.store.labels.count(), 0);
  strictEqual(await w.store.tasks.count(), 0);
});
