import { deepStrictEqual, rejects, strictEqual, throws } from "node:assert/strict";
import { clientApp } from "./_fixture.ts";
import { ArgumentError } from "../../lib/core/errors.ts";
import { andLogic, checkFilter, JOBS_FILTER, TASKS_FILTER } from "../../lib/client/filters.ts";

Deno.test("checkFilter: unknown keys, wrong types and exclusive keys are ArgumentErrors", () => {
  throws(() => checkFilter({ foo: 1 }, TASKS_FILTER), /Unknown filter key "foo" for tasks.get/);
  throws(() => checkFilter({ id: "1" }, TASKS_FILTER), /"id" of tasks.get must be an integer/);
  throws(() => checkFilter({ page: 1.5 }, TASKS_FILTER), ArgumentError);
  throws(() => checkFilter({ filter: "not json" }, TASKS_FILTER), /JSON-logic/);
  throws(() => checkFilter({ filter: [] }, TASKS_FILTER), /JSON-logic/);
  throws(() => checkFilter({ id: 1, search: "x" }, TASKS_FILTER), /"id" .* cannot be combined/);
  throws(() => checkFilter({ search: "x", id: 1 }, TASKS_FILTER), /cannot be combined/);
  throws(() => checkFilter(null, TASKS_FILTER), /must be an object/);
  throws(() => checkFilter({ jobID: 1, taskID: 2 }, JOBS_FILTER), /"jobID"/);
  deepStrictEqual(checkFilter({ id: 1, page: 2 }, TASKS_FILTER), { id: 1, page: 2 });
  deepStrictEqual(checkFilter({ jobID: 1, sort: "id" }, JOBS_FILTER), { jobID: 1, sort: "id" });
  deepStrictEqual(checkFilter(undefined, TASKS_FILTER), {});
});

Deno.test("andLogic combines object and string conditions", () => {
  strictEqual(andLogic([]), undefined);
  strictEqual(
    andLogic(['{"==":[{"var":"name"},"a"]}', { "==": [{ var: "project_id" }, 3] }]),
    '{"and":[{"==":[{"var":"name"},"a"]},{"==":[{"var":"project_id"},3]}]}',
  );
});

Deno.test("a bad filter sends nothing, for every query", async () => {
  const t = await clientApp();
  await rejects(t.cvat.tasks.get({ foo: 1 }), /Unknown filter key "foo" for tasks.get/);
  await rejects(t.cvat.jobs.get({ id: 1 }), /Unknown filter key "id" for jobs.get/);
  await rejects(t.cvat.projects.get({ projectId: 1 }), /for projects.get/);
  await rejects(t.cvat.users.get({ self: "yes" }), /"self" of users.get must be a boolean/);
  await rejects(t.cvat.users.get({ limit: -0.5 }), ArgumentError);
  strictEqual(t.sent.length, 0);
});
