import { deepStrictEqual, ok, strictEqual } from "node:assert/strict";
import { json, send } from "./_client.ts";
import { jobsWorld } from "./jobs_fixture.ts";

const ISSUE_KEYS = [
  "id",
  "frame",
  "position",
  "job",
  "owner",
  "assignee",
  "created_date",
  "updated_date",
  "resolved",
  "comments",
];
const COMMENT_KEYS = ["id", "issue", "owner", "message", "created_date", "updated_date"];
const EMPTY = { count: 0, next: null, previous: null, results: [] };

async function world() {
  const w = await jobsWorld();
  const call = async (who: keyof typeof w.as, method: string, path: string, body?: unknown) => {
    const res = await send(w.t, method, path, body, w.as[who].headers);
    return { status: res.status, body: await json(res) };
  };
  const newIssue = (job = w.jobs[0].id, extra: Record<string, unknown> = {}) => ({
    frame: 1,
    position: [1, 2, 30.5, 40],
    job,
    message: "the box is too small",
    ...extra,
  });
  return { ...w, call, newIssue };
}

Deno.test("opening a job: empty issue and comment lists (the UI's exact queries)", async () => {
  const { call, jobs } = await world();
  const id = jobs[0].id;
  const issues = await call("ann", "GET", `/api/issues?job_id=${id}&org=&page_size=500&page=1`);
  deepStrictEqual(issues, { status: 200, body: EMPTY });
  const comments = await call("ann", "GET", `/api/comments?job_id=${id}&org=&page_size=500&page=1`);
  deepStrictEqual(comments, { status: 200, body: EMPTY });
  deepStrictEqual((await call("bob", "GET", "/api/issues")).body, EMPTY);
  strictEqual((await send((await world()).t, "GET", "/api/issues")).status, 401);
});

Deno.test("issue and comment lists check the job: 404 unknown, 403 not visible", async () => {
  const { call, jobs } = await world();
  for (const path of ["/api/issues?job_id=999", "/api/comments?job_id=999"]) {
    deepStrictEqual(await call("ann", "GET", path), {
      status: 404,
      body: { detail: "Not found." },
    });
  }
  for (const path of [`/api/issues?job_id=${jobs[0].id}`, `/api/comments?job_id=${jobs[0].id}`]) {
    strictEqual((await call("bob", "GET", path)).status, 403);
  }
  strictEqual((await call("ann", "GET", "/api/comments?issue_id=999")).status, 404);
  strictEqual((await call("ann", "GET", "/api/issues?job_id=abc")).status, 400);
});

Deno.test("POST /api/issues creates the issue and its first comment", async () => {
  const { call, newIssue, jobs, users } = await world();
  const res = await call(
    "ann",
    "POST",
    "/api/issues",
    newIssue(jobs[0].id, { assignee: users.cat.id }),
  );
  strictEqual(res.status, 201);
  const issue = res.body;
  deepStrictEqual(Object.keys(issue), ISSUE_KEYS);
  deepStrictEqual(
    [issue.frame, issue.position, issue.job, issue.resolved, issue.owner.username],
    [1, [1, 2, 30.5, 40], jobs[0].id, false, "ann"],
  );
  strictEqual(issue.assignee.username, "cat");
  deepStrictEqual(issue.comments, {
    count: 1,
    url: `http://localhost/api/comments?issue_id=${issue.id}`,
  });
  const comments = await call("ann", "GET", `/api/comments?issue_id=${issue.id}`);
  strictEqual(comments.body.count, 1);
  deepStrictEqual(Object.keys(comments.body.results[0]), COMMENT_KEYS);
  strictEqual(comments.body.results[0].message, "the box is too small");
  strictEqual(comments.body.results[0].owner.username, "ann");
  strictEqual((await call("ann", "GET", `/api/comments?job_id=${jobs[0].id}`)).body.count, 1);
  strictEqual((await call("ann", "GET", `/api/comments?job_id=${jobs[1].id}`)).body.count, 0);
  const list = await call("ann", "GET", `/api/issues?job_id=${jobs[0].id}`);
  deepStrictEqual(list.body.results, [issue]);
  const job = await call("ann", "GET", `/api/jobs/${jobs[0].id}`);
  strictEqual(job.body.issues.count, 1);
  deepStrictEqual((await call("ann", "GET", `/api/issues/${issue.id}`)).body, issue);
});

Deno.test("resolving an issue; PATCH keeps frame and job (write-once); list filters", async () => {
  const { call, newIssue, jobs, task } = await world();
  const a = (await call("ann", "POST", "/api/issues", newIssue())).body;
  const b = (await call("ann", "POST", "/api/issues", newIssue(jobs[1].id, { frame: 6 }))).body;
  const res = await call("ann", "PATCH", `/api/issues/${a.id}`, {
    resolved: true,
    position: [5, 5, 6, 6],
    frame: 3,
    job: jobs[1].id,
  });
  strictEqual(res.status, 200);
  deepStrictEqual([res.body.resolved, res.body.position, res.body.frame, res.body.job], [
    true,
    [5, 5, 6, 6],
    1,
    jobs[0].id,
  ]);
  const ids = async (query: string) =>
    (await call("ann", "GET", `/api/issues?${query}`)).body.results.map((i: { id: number }) =>
      i.id
    );
  deepStrictEqual(await ids("resolved=true"), [a.id]);
  deepStrictEqual(await ids("resolved=false"), [b.id]);
  deepStrictEqual(await ids(`task_id=${task.id}`), [b.id, a.id]);
  deepStrictEqual(await ids("frame_id=6"), [b.id]);
  deepStrictEqual(await ids("search=ann&sort=id"), [a.id, b.id]);
  const filter = encodeURIComponent(JSON.stringify({ "==": [{ var: "job_id" }, jobs[1].id] }));
  deepStrictEqual(await ids(`filter=${filter}`), [b.id]);
  // django-filter ignores a boolean it cannot read.
  deepStrictEqual(await ids("resolved=maybe"), [b.id, a.id]);
  const unresolve = await call("ann", "PATCH", `/api/issues/${a.id}`, {
    resolved: false,
    assignee: null,
  });
  deepStrictEqual([unresolve.status, unresolve.body.resolved, unresolve.body.assignee], [
    200,
    false,
    null,
  ]);
});

Deno.test("issues: bad input is a 400 and creates nothing", async () => {
  const { call, newIssue, t } = await world();
  const cases: [unknown, Record<string, unknown>][] = [
    [{}, {
      frame: ["This field is required."],
      position: ["This field is required."],
      job: ["This field is required."],
      message: ["This field is required."],
    }],
    [newIssue(undefined, { position: [] }), { position: ["This list may not be empty."] }],
    [newIssue(undefined, { position: "1,2" }), {
      position: ['Expected a list of items but got type "str".'],
    }],
    [newIssue(undefined, { position: [1, "x", null] }), {
      position: { 1: ["A valid number is required."], 2: ["A valid number is required."] },
    }],
    [newIssue(undefined, { frame: -1 }), {
      frame: ["Ensure this value is greater than or equal to 0."],
    }],
    [newIssue(undefined, { frame: 2 ** 40 }), {
      frame: ["Ensure this value is less than or equal to 2147483647."],
    }],
    [newIssue(999), { job: ['Invalid pk "999" - object does not exist.'] }],
    [newIssue(undefined, { assignee: 999 }), {
      assignee: ['Invalid pk "999" - object does not exist.'],
    }],
    [newIssue(undefined, { message: "" }), { message: ["This field may not be blank."] }],
    [newIssue(undefined, { message: "x".repeat(5000) }), {
      message: ["Ensure this field has no more than 4096 characters."],
    }],
    [newIssue(undefined, { resolved: "perhaps" }), { resolved: ["Must be a valid boolean."] }],
  ];
  for (const [body, error] of cases) {
    deepStrictEqual(await call("ann", "POST", "/api/issues", body), { status: 400, body: error });
  }
  const malformed = await call("ann", "POST", "/api/issues", "[1,");
  strictEqual(malformed.status, 400);
  ok(malformed.body.detail.startsWith("JSON parse error"));
  strictEqual((await call("ann", "POST", "/api/issues", "null")).status, 400);
  strictEqual((await call("bob", "POST", "/api/issues", newIssue())).status, 403);
  strictEqual(await t.store.issues.count(), 0);
  strictEqual(await t.store.comments.count(), 0);
});

Deno.test("issue detail routes: 404, 403, bad PATCH changes nothing, DELETE removes the comments", async () => {
  const { call, newIssue, t, jobs, users } = await world();
  const issue = (await call("ann", "POST", "/api/issues", newIssue())).body;
  strictEqual((await call("ann", "GET", "/api/issues/999")).status, 404);
  strictEqual((await call("ann", "GET", "/api/issues/x")).status, 404);
  strictEqual((await call("bob", "GET", `/api/issues/${issue.id}`)).status, 403);
  strictEqual(
    (await call("bob", "PATCH", `/api/issues/${issue.id}`, { resolved: true })).status,
    403,
  );
  strictEqual((await call("bob", "DELETE", `/api/issues/${issue.id}`)).status, 403);
  const before = await t.store.issues.get(issue.id);
  for (const body of [{ resolved: "x" }, { position: [] }, { assignee: 999 }, "{", [1]]) {
    strictEqual((await call("ann", "PATCH", `/api/issues/${issue.id}`, body)).status, 400);
  }
  deepStrictEqual(await t.store.issues.get(issue.id), before);
  strictEqual((await call("ann", "PUT", `/api/issues/${issue.id}`, {})).status, 405);
  // The job's assignee sees the issue and may resolve it, but not delete someone else's issue.
  await call("ann", "PATCH", `/api/jobs/${jobs[0].id}`, { assignee: users.cat.id });
  strictEqual((await call("cat", "GET", `/api/issues/${issue.id}`)).status, 200);
  strictEqual(
    (await call("cat", "PATCH", `/api/issues/${issue.id}`, { resolved: true })).status,
    200,
  );
  strictEqual((await call("cat", "DELETE", `/api/issues/${issue.id}`)).status, 403);
  const comment = (await call("ann", "GET", `/api/comments?issue_id=${issue.id}`)).body.results[0];
  strictEqual((await call("ann", "DELETE", `/api/issues/${issue.id}`)).status, 204);
  strictEqual((await call("ann", "GET", `/api/issues/${issue.id}`)).status, 404);
  strictEqual((await call("ann", "GET", `/api/comments/${comment.id}`)).status, 404);
  strictEqual(await t.store.comments.count(), 0);
});

Deno.test("comments: create, read, edit by the owner, delete; strangers and bad input", async () => {
  const { call, newIssue, t, jobs, users } = await world();
  const issue = (await call("ann", "POST", "/api/issues", newIssue())).body;
  await call("ann", "PATCH", `/api/jobs/${jobs[0].id}`, { assignee: users.cat.id });
  const created = await call("cat", "POST", "/api/comments", { issue: issue.id, message: "fixed" });
  strictEqual(created.status, 201);
  deepStrictEqual(Object.keys(created.body), COMMENT_KEYS);
  deepStrictEqual([created.body.issue, created.body.owner.username, created.body.message], [
    issue.id,
    "cat",
    "fixed",
  ]);
  const id = created.body.id;
  deepStrictEqual((await call("ann", "GET", `/api/comments/${id}`)).body, created.body);
  strictEqual((await call("ann", "GET", `/api/issues/${issue.id}`)).body.comments.count, 2);
  const cats = await call("ann", "GET", `/api/comments?issue_id=${issue.id}&search=cat`);
  deepStrictEqual(cats.body.results.map((c: { id: number }) => c.id), [id]);
  const edited = await call("cat", "PATCH", `/api/comments/${id}`, {
    message: "fixed now",
    issue: 999,
  });
  deepStrictEqual([edited.status, edited.body.message, edited.body.issue], [
    200,
    "fixed now",
    issue.id,
  ]);
  const first =
    (await call("ann", "GET", `/api/comments?issue_id=${issue.id}&sort=id`)).body.results[0];
  strictEqual(
    (await call("cat", "PATCH", `/api/comments/${first.id}`, { message: "no" })).status,
    403,
  );
  strictEqual((await call("bob", "GET", `/api/comments/${id}`)).status, 403);
  strictEqual(
    (await call("bob", "POST", "/api/comments", { issue: issue.id, message: "hi" })).status,
    403,
  );
  deepStrictEqual((await call("bob", "GET", "/api/comments")).body, EMPTY);
  deepStrictEqual(await call("ann", "POST", "/api/comments", { issue: 999, message: "x" }), {
    status: 400,
    body: { issue: ['Invalid pk "999" - object does not exist.'] },
  });
  deepStrictEqual(await call("ann", "POST", "/api/comments", { issue: "a", message: 3 }), {
    status: 400,
    body: { issue: ["A valid integer is required."] },
  });
  strictEqual((await call("ann", "POST", "/api/comments", "{]")).status, 400);
  strictEqual((await call("cat", "PATCH", `/api/comments/${id}`, { message: "" })).status, 400);
  strictEqual((await t.store.comments.get(id))!.message, "fixed now");
  strictEqual((await call("ann", "GET", "/api/comments/999")).status, 404);
  strictEqual((await call("cat", "DELETE", `/api/comments/${id}`)).status, 204);
  strictEqual((await call("ann", "GET", `/api/comments/${id}`)).status, 404);
  strictEqual(await t.store.comments.count(), 1);
});
