/**
 * Audit: the conventions cvat-sdk 2.15 and cvat-core rely on (cvat-server-api.md §0, §1, §4):
 * cookies and token together, CSRF only for cookie-only writes, Accept negotiation, X-Request-Id
 * on every response, trailing slashes, absolute links, CVAT's date format, 405 bodies.
 */

import { deepStrictEqual, ok, strictEqual } from "node:assert/strict";
import { auditWorld, call } from "./audit_fixture.ts";

const DATE = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/;

Deno.test("audit SDK: Token + cookies without X-CSRFToken may write; cookies alone may not", async () => {
  const { t, as } = await auditWorld();
  const a = as.ann;
  const both = await call(t, "POST", "/api/projects", { name: "a" }, {
    ...a.headers,
    Cookie: a.cookie,
  });
  strictEqual(both.status, 201);
  const wrongCsrf = await call(t, "POST", "/api/projects", { name: "b" }, {
    ...a.headers,
    Cookie: a.cookie,
    "X-CSRFToken": "not-the-cookie",
  });
  strictEqual(wrongCsrf.status, 201, "a valid token is never checked for CSRF");
  const before = await t.store.projects.count();
  const cookieOnly = await call(t, "POST", "/api/projects", { name: "c" }, { Cookie: a.cookie });
  strictEqual(cookieOnly.status, 403);
  ok(/CSRF/.test(cookieOnly.body.detail), cookieOnly.body.detail);
  strictEqual(await t.store.projects.count(), before);
  const withCsrf = await call(t, "POST", "/api/projects", { name: "d" }, a.session);
  strictEqual(withCsrf.status, 201);
  const get = await call(t, "GET", "/api/projects", undefined, { Cookie: a.cookie });
  strictEqual(get.status, 200);
});

Deno.test("audit SDK: one token per user — logging in again returns the same key", async () => {
  const { t, as } = await auditWorld();
  const again = await call(t, "POST", "/api/auth/login", { username: "ann", password: "pw-ann-1" });
  strictEqual(again.body.key, as.ann.token);
});

Deno.test("audit SDK: Accept negotiation — cvat+json and plain JSON pass, bad versions → 406", async () => {
  const { t, as } = await auditWorld();
  const accepts: [string, number, string][] = [
    ["application/vnd.cvat+json", 200, "2.0"],
    ["application/vnd.cvat+json; version=2.0", 200, "2.0"],
    ["application/json", 200, "2.0"],
    ["application/json, text/plain, */*", 200, "2.0"],
    ["*/*", 200, "2.0"],
    ["application/vnd.cvat+json; version=1.0", 406, ""],
    ["application/vnd.cvat+json; version=2.1", 406, ""],
  ];
  for (const [accept, status, version] of accepts) {
    const r = await call(t, "GET", "/api/users/self", undefined, {
      ...as.ann.headers,
      Accept: accept,
    });
    strictEqual(r.status, status, accept);
    ok(r.res.headers.get("x-request-id"), `X-Request-Id with ${accept}`);
    if (status === 406) deepStrictEqual(r.body, { detail: 'Invalid version in "Accept" header.' });
    else {
      strictEqual(
        r.res.headers.get("content-type"),
        `application/vnd.cvat+json; version=${version}`,
      );
    }
  }
});

Deno.test("audit SDK: X-Request-Id (a uuid4) on successes and on every kind of error", async () => {
  const { t, as } = await auditWorld();
  const h = as.ann.headers;
  const requests: [string, string, unknown, Record<string, string>, number][] = [
    ["GET", "/api/server/about", undefined, {}, 200],
    ["GET", "/api/users/self", undefined, {}, 401],
    ["GET", "/api/users/self", undefined, { Authorization: "Token bad" }, 401],
    ["GET", "/api/tasks/99999", undefined, h, 404],
    ["GET", "/api/nothing/here", undefined, h, 404],
    ["PUT", "/api/tasks", {}, h, 405],
    ["POST", "/api/projects", "{bad json", h, 400],
    ["POST", "/api/projects", {}, h, 400],
    ["GET", "/api/tasks?page=99", undefined, h, 404],
    ["POST", "/api/projects", { name: "x" }, { Cookie: as.ann.cookie }, 403],
  ];
  const seen = new Set<string>();
  for (const [method, path, body, headers, status] of requests) {
    const r = await call(t, method, path, body, headers);
    strictEqual(r.status, status, `${method} ${path}`);
    const id = r.res.headers.get("x-request-id") ?? "";
    ok(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/.test(id), id);
    seen.add(id);
  }
  strictEqual(seen.size, requests.length, "a fresh id per request");
});

Deno.test("audit SDK: 401 bodies and WWW-Authenticate", async () => {
  const { t } = await auditWorld();
  const none = await call(t, "GET", "/api/users/self");
  deepStrictEqual(none.body, { detail: "Authentication credentials were not provided." });
  strictEqual(none.res.headers.get("www-authenticate"), "Token");
  const badToken = await call(t, "GET", "/api/users/self", undefined, { Authorization: "Token x" });
  deepStrictEqual(badToken.body, { detail: "Invalid token." });
  const basic = { Authorization: `Basic ${btoa("ann:wrong")}` };
  const badBasic = await call(t, "GET", "/api/users/self", undefined, basic);
  deepStrictEqual(badBasic.body, { detail: "Invalid username/password." });
  const good = { Authorization: `Basic ${btoa("ann:pw-ann-1")}` };
  strictEqual((await call(t, "GET", "/api/users/self", undefined, good)).status, 200);
});

Deno.test("audit SDK: trailing-slash rules", async () => {
  const { t, as, ids } = await auditWorld();
  const h = as.ann.headers;
  for (const path of ["/api/tasks/", `/api/tasks/${ids.task}/`, "/api/jobs/", "/api/users/self/"]) {
    const r = await call(t, "GET", path, undefined, h);
    deepStrictEqual([r.status, r.body], [404, { detail: "Not found." }], path);
  }
  for (const path of ["/api/server/health", "/api/schema"]) {
    strictEqual((await call(t, "GET", path, undefined, h)).status, 404, path);
  }
  for (const path of ["/api/server/health/", "/api/schema/"]) {
    strictEqual((await call(t, "GET", path, undefined, h)).status, 200, path);
  }
  for (const path of ["/api/tasks/abc", "/api/tasks/1.5", "/api/jobs/-1"]) {
    strictEqual((await call(t, "GET", path, undefined, h)).status, 404, path);
  }
});

Deno.test("audit SDK: absolute links follow the request's host; next/previous keep the params", async () => {
  const { t, as, ids } = await auditWorld();
  const h = as.ann.headers;
  await call(t, "POST", "/api/tasks", { name: "second", labels: [{ name: "x" }] }, h);
  const base = "http://cvat.example:9000";
  const page1 = await call(t, "GET", `${base}/api/tasks?page_size=1&org=&sort=-id`, undefined, h);
  strictEqual(page1.body.next, `${base}/api/tasks?org=&page=2&page_size=1&sort=-id`);
  const page2 = await call(t, "GET", page1.body.next, undefined, h);
  strictEqual(page2.body.results[0].id, ids.task);
  ok(page2.body.previous.startsWith(`${base}/api/tasks?`), page2.body.previous);
  const task = page2.body.results[0];
  strictEqual(task.url, `${base}/api/tasks/${ids.task}`);
  strictEqual(task.owner.url, `${base}/api/users/${task.owner.id}`);
  strictEqual(task.jobs.url, `${base}/api/jobs?task_id=${ids.task}`);
  strictEqual(task.labels.url, `${base}/api/labels?task_id=${ids.task}`);
  const job = await call(t, "GET", `${base}/api/jobs/${ids.jobs[0]}`, undefined, h);
  strictEqual(job.body.issues.url, `${base}/api/issues?job_id=${ids.jobs[0]}`);
  const issue = await call(t, "GET", `${base}/api/issues/${ids.issue}`, undefined, h);
  strictEqual(issue.body.comments.url, `${base}/api/comments?issue_id=${ids.issue}`);
});

Deno.test("audit SDK: dates are ISO-8601 with microseconds and Z everywhere", async () => {
  const { t, as, ids } = await auditWorld();
  const h = as.ann.headers;
  const dates: [string, string[]][] = [
    [`/api/projects/${ids.project}`, ["created_date", "updated_date"]],
    [`/api/tasks/${ids.task}`, ["created_date", "updated_date"]],
    [`/api/jobs/${ids.jobs[0]}`, ["created_date", "updated_date"]],
    [`/api/issues/${ids.issue}`, ["created_date", "updated_date"]],
    [`/api/comments/${ids.comment}`, ["created_date", "updated_date"]],
    ["/api/users/self", ["date_joined", "last_login"]],
  ];
  for (const [path, keys] of dates) {
    const r = await call(t, "GET", path, undefined, h);
    for (const key of keys) ok(DATE.test(r.body[key]), `${path} ${key}=${r.body[key]}`);
  }
});

Deno.test("audit SDK: 405 bodies name the method; only PATCH updates resources", async () => {
  const { t, as, ids } = await auditWorld();
  const h = as.ann.headers;
  const cases: [string, string][] = [
    ["PUT", `/api/tasks/${ids.task}`],
    ["PUT", `/api/projects/${ids.project}`],
    ["PUT", `/api/jobs/${ids.jobs[0]}`],
    ["PUT", `/api/labels/${ids.label}`],
    ["POST", `/api/tasks/${ids.task}`],
    ["DELETE", "/api/tasks"],
    ["DELETE", "/api/labels"],
    ["PATCH", "/api/users/self"],
    ["GET", "/api/auth/login"],
    ["PUT", `/api/issues/${ids.issue}`],
    ["PUT", `/api/comments/${ids.comment}`],
  ];
  for (const [method, path] of cases) {
    const r = await call(t, method, path, method === "GET" ? undefined : {}, h);
    deepStrictEqual([r.status, r.body], [405, { detail: `Method "${method}" not allowed.` }], path);
  }
});
