/**
 * Audit: who sees what (cvat-server-api.md §7). ann owns everything in the audit world; bob
 * sees none of it; cat (a worker) is the assignee of ann's first job only. Lists leave out what
 * the caller may not see, details answer 404 for what does not exist and 403 for what exists
 * but is not visible, and forbidden writes change nothing.
 */

import { deepStrictEqual, ok, strictEqual } from "node:assert/strict";
import { type AuditWorld, auditWorld, call, snapshot } from "./audit_fixture.ts";
import { createUser, type Login, login } from "./_client.ts";

async function withCat(): Promise<AuditWorld & { cat: Login; catId: number }> {
  const w = await auditWorld();
  const user = await createUser(w.t, "cat", "pw-cat-1", ["worker"]);
  const cat = await login(w.t.app, "cat", "pw-cat-1");
  const r = await call(
    w.t,
    "PATCH",
    `/api/jobs/${w.ids.jobs[0]}`,
    { assignee: user.id },
    w.as.ann.headers,
  );
  strictEqual(r.status, 200);
  return { ...w, cat, catId: user.id };
}

function detailPaths(w: AuditWorld): string[] {
  const { ids } = w;
  return [
    `/api/tasks/${ids.task}`,
    `/api/projects/${ids.project}`,
    `/api/jobs/${ids.jobs[0]}`,
    `/api/labels/${ids.label}`,
    `/api/labels/${ids.projectLabel}`,
    `/api/labels?task_id=${ids.task}`,
    `/api/labels?job_id=${ids.jobs[0]}`,
    `/api/labels?project_id=${ids.project}`,
    `/api/issues/${ids.issue}`,
    `/api/comments/${ids.comment}`,
    `/api/issues?job_id=${ids.jobs[0]}`,
    `/api/comments?job_id=${ids.jobs[0]}`,
    `/api/comments?issue_id=${ids.issue}`,
    `/api/users/${w.users.ann.id}`,
    `/api/tasks/${ids.task}/status`,
  ];
}

const MISSING = [
  "/api/tasks/99999",
  "/api/projects/99999",
  "/api/jobs/99999",
  "/api/labels/99999",
  "/api/issues/99999",
  "/api/comments/99999",
  "/api/users/99999",
  "/api/labels?task_id=99999",
  "/api/labels?job_id=99999",
  "/api/labels?project_id=99999",
  "/api/issues?job_id=99999",
  "/api/comments?job_id=99999",
];

Deno.test("audit permissions: a stranger gets 403 for what exists and 404 for what does not", async () => {
  const w = await auditWorld();
  const h = w.as.bob.headers;
  for (const path of detailPaths(w)) {
    const r = await call(w.t, "GET", path, undefined, h);
    deepStrictEqual([r.status, r.body], [403, {
      detail: "You do not have permission to perform this action.",
    }], path);
  }
  for (const path of MISSING) {
    const r = await call(w.t, "GET", path, undefined, h);
    deepStrictEqual([r.status, r.body], [404, { detail: "Not found." }], path);
  }
});

Deno.test("audit permissions: the owner and the admin see every detail", async () => {
  const w = await auditWorld();
  for (const who of [w.as.ann, w.as.admin]) {
    for (const path of detailPaths(w)) {
      strictEqual((await call(w.t, "GET", path, undefined, who.headers)).status, 200, path);
    }
  }
});

Deno.test("audit permissions: lists leave out what the caller may not see", async () => {
  const w = await withCat();
  const count = async (who: Login, path: string) =>
    (await call(w.t, "GET", path, undefined, who.headers)).body.count;
  const lists = [
    "/api/tasks",
    "/api/projects",
    "/api/jobs",
    "/api/labels",
    "/api/issues",
    "/api/comments",
  ];
  for (const path of lists) strictEqual(await count(w.as.bob, path), 0, `bob ${path}`);
  deepStrictEqual(
    await Promise.all(lists.map((p) => count(w.as.ann, p))),
    [1, 1, 3, 3, 1, 2], // labels: car, person (top level) and the project's pl
  );
  const users = await call(w.t, "GET", "/api/users?page_size=all", undefined, w.as.bob.headers);
  deepStrictEqual(users.body.results.map((u: { username: string }) => u.username), ["bob"]);
  strictEqual(await count(w.as.admin, "/api/users"), 4);
  strictEqual(await count(w.as.admin, "/api/tasks"), 1);
});

Deno.test("audit permissions: a job assignee sees the job, its labels and issues, not the task", async () => {
  const w = await withCat();
  const { ids } = w;
  const h = w.cat.headers;
  const status = async (path: string) => (await call(w.t, "GET", path, undefined, h)).status;
  strictEqual(await status(`/api/jobs/${ids.jobs[0]}`), 200);
  strictEqual(await status(`/api/labels?job_id=${ids.jobs[0]}`), 200);
  strictEqual(await status(`/api/issues?job_id=${ids.jobs[0]}&org=&page_size=500&page=1`), 200);
  strictEqual(await status(`/api/comments?job_id=${ids.jobs[0]}&org=&page_size=500&page=1`), 200);
  strictEqual(await status(`/api/issues/${ids.issue}`), 200);
  strictEqual(await status(`/api/tasks/${ids.task}`), 403);
  strictEqual(await status(`/api/jobs/${ids.jobs[1]}`), 403);
  strictEqual(await status(`/api/labels?job_id=${ids.jobs[1]}`), 403);
  strictEqual(await status(`/api/labels?task_id=${ids.task}`), 403);
  strictEqual(await status(`/api/projects/${ids.project}`), 403);
  const labels = await call(
    w.t,
    "GET",
    `/api/labels?job_id=${ids.jobs[0]}&page_size=500&page=1&org=`,
    undefined,
    h,
  );
  deepStrictEqual(labels.body.results.map((l: { name: string }) => l.name), ["car", "person"]);
  const jobs = await call(w.t, "GET", "/api/jobs", undefined, h);
  deepStrictEqual(jobs.body.results.map((j: { id: number }) => j.id), [ids.jobs[0]]);
  strictEqual((await call(w.t, "GET", "/api/tasks", undefined, h)).body.count, 0);
  const state = await call(w.t, "PATCH", `/api/jobs/${ids.jobs[0]}`, { state: "in progress" }, h);
  strictEqual(state.status, 200);
});

Deno.test("audit permissions: forbidden writes answer 403 and change nothing", async () => {
  const w = await withCat();
  const { ids } = w;
  const writes: [string, string, unknown?][] = [
    ["PATCH", `/api/tasks/${ids.task}`, { name: "x" }],
    ["DELETE", `/api/tasks/${ids.task}`],
    ["PATCH", `/api/projects/${ids.project}`, { name: "x" }],
    ["DELETE", `/api/projects/${ids.project}`],
    ["PATCH", `/api/labels/${ids.label}`, { name: "x" }],
    ["DELETE", `/api/labels/${ids.label}`],
    ["PATCH", `/api/jobs/${ids.jobs[1]}`, { state: "completed" }],
    ["DELETE", `/api/issues/${ids.issue}`],
    ["PATCH", `/api/comments/${ids.comment}`, { message: "x" }],
    ["DELETE", `/api/comments/${ids.comment}`],
    ["POST", "/api/issues", { frame: 5, position: [1, 2], job: ids.jobs[1], message: "m" }],
    ["POST", "/api/tasks", { name: "x", project_id: ids.project }],
    ["PATCH", `/api/users/${w.users.ann.id}`, { first_name: "x" }],
    ["DELETE", `/api/users/${w.users.ann.id}`],
  ];
  const before = await snapshot(w.t.store, ids.jobs);
  for (const who of [w.as.bob, w.cat]) {
    for (const [method, path, body] of writes) {
      const r = await call(w.t, method, path, body, who.headers);
      strictEqual(r.status, 403, `${method} ${path} → ${r.status} ${JSON.stringify(r.body)}`);
    }
  }
  // bob cannot even comment on ann's issue; writes to what is missing stay 404.
  const comment = await call(
    w.t,
    "POST",
    "/api/comments",
    { issue: ids.issue, message: "m" },
    w.as.bob.headers,
  );
  strictEqual(comment.status, 403);
  const missing = await call(w.t, "PATCH", "/api/tasks/99999", { name: "x" }, w.as.bob.headers);
  strictEqual(missing.status, 404);
  ok(await snapshot(w.t.store, ids.jobs) === before);
  // A worker may not create tasks or projects at all.
  strictEqual((await call(w.t, "POST", "/api/projects", { name: "p" }, w.cat.headers)).status, 403);
});
