import { deepStrictEqual, strictEqual } from "node:assert/strict";
import { world } from "./projects_fixtures.ts";

const ids = (body: { results: { id: number }[] }) => body.results.map((t) => t.id);

Deno.test("a non-admin's task list: owned, assigned, and in projects owned or assigned", async () => {
  const w = await world();
  const task = (name: string, extra: Record<string, unknown> = {}) =>
    w.admin("POST", "/api/tasks", { name, labels: [{ name: "a" }], ...extra })
      .then((r) => r.body.id as number);
  const hidden = await task("admin's own");
  const assigned = await task("assigned to ann", { assignee_id: w.ids.ann });
  const annProject = (await w.ann("POST", "/api/projects", { name: "ann's", labels: [] })).body.id;
  const inAnnProject = await task("in ann's project", { project_id: annProject, labels: [] });
  const staffed = (await w.admin("POST", "/api/projects", {
    name: "staffed",
    assignee_id: w.ids.ann,
    labels: [{ name: "a" }],
  })).body.id;
  const inStaffed = await task("in a project ann is assigned", { project_id: staffed, labels: [] });
  const owned = (await w.ann("POST", "/api/tasks", { name: "ann's", labels: [{ name: "a" }] }))
    .body.id;
  for (let i = 0; i < 3; i++) await task(`more ${i}`);

  const all = (await w.ann("GET", "/api/tasks")).body;
  deepStrictEqual(ids(all), [owned, inStaffed, inAnnProject, assigned]);
  strictEqual(all.count, 4);
  const page2 = (await w.ann("GET", "/api/tasks?page_size=3&page=2")).body;
  deepStrictEqual([page2.count, ids(page2)], [4, [assigned]]);
  const sorted = (await w.ann("GET", "/api/tasks?sort=name")).body;
  deepStrictEqual(ids(sorted), [owned, assigned, inStaffed, inAnnProject]);
  const searched = (await w.ann("GET", "/api/tasks?search=project")).body;
  deepStrictEqual(ids(searched), [inStaffed, inAnnProject]);
  strictEqual((await w.bob("GET", "/api/tasks")).body.count, 0);
  strictEqual((await w.admin("GET", "/api/tasks")).body.count, 8);
  strictEqual(all.results.some((t: { id: number }) => t.id === hidden), false);
});
