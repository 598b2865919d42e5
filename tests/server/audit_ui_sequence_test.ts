/**
 * Audit: the exact requests cvat-ui 1.63 / cvat-core 15 send at start-up, login, on the tasks
 * page and when opening a job (cvat-ui-calls.md §1–§5, the parts in this issue's scope), with the
 * answers the notes say the UI needs.
 */

import { deepStrictEqual, ok, strictEqual } from "node:assert/strict";
import { auditWorld, call } from "./audit_fixture.ts";
import { send, setCookies } from "./_client.ts";

const EMPTY_PAGE = { count: 0, next: null, previous: null, results: [] };
const q = (value: unknown) => encodeURIComponent(JSON.stringify(value));

Deno.test("audit UI §1: start-up calls answer without credentials", async () => {
  const { t } = await auditWorld();
  const health = await call(t, "GET", "/api/server/health/?format=json&org=");
  strictEqual(health.status, 200);
  ok(typeof health.body === "object" && health.body !== null && !Array.isArray(health.body));
  const agreements = await call(t, "GET", "/api/user-agreements?org=");
  ok(agreements.status === 200 || agreements.status === 404, `${agreements.status}`);
  if (agreements.status === 200) deepStrictEqual(agreements.body, []);
  const schema = await call(t, "GET", "/api/schema/?scheme=json&org=");
  strictEqual(schema.status, 200);
  for (const path of ["/api/auth/login", "/api/auth/register", "/api/auth/password/change"]) {
    ok(path in schema.body.paths, `schema.paths lacks ${path}`);
  }
});

Deno.test("audit UI §2: login answers {key} and sets sessionid + csrftoken", async () => {
  const { t } = await auditWorld();
  const res = await send(t, "POST", "/api/auth/login?org=", {
    username: "ann",
    password: "pw-ann-1",
  });
  strictEqual(res.status, 200);
  const cookies = setCookies(res);
  const body = await res.json();
  deepStrictEqual(Object.keys(body), ["key"]);
  ok(/^[0-9a-f]{40}$/.test(body.key));
  ok(cookies.sessionid && cookies.csrftoken, JSON.stringify(cookies));
  for (const line of res.headers.getSetCookie()) ok(line.includes("Path=/"), line);
  // The UI sends `email` when the credential looks like one.
  const byEmail = await call(t, "POST", "/api/auth/login?org=", {
    email: "ann@example.com",
    password: "pw-ann-1",
  });
  deepStrictEqual(byEmail.body, body);
  const bad = await call(t, "POST", "/api/auth/login?org=", { username: "ann", password: "no" });
  deepStrictEqual([bad.status, bad.body], [400, {
    non_field_errors: ["Unable to log in with provided credentials."],
  }]);
});

Deno.test("audit UI §2: after login, self/formats/about/invitations/plugins/orgs/events", async () => {
  const { t, as, users } = await auditWorld();
  const h = as.ann.headers;
  const self = await call(t, "GET", "/api/users/self?org=", undefined, h);
  strictEqual(self.status, 200);
  for (const key of ["id", "username", "first_name", "last_name", "email", "groups", "url"]) {
    ok(key in self.body, key);
  }
  for (const key of ["is_staff", "is_superuser", "is_active", "last_login", "date_joined"]) {
    ok(key in self.body, key);
  }
  ok(!self.body.email_verification_required);
  const formats = await call(t, "GET", "/api/server/annotation/formats?org=", undefined, h);
  ok(Array.isArray(formats.body.importers) && Array.isArray(formats.body.exporters));
  const about = await call(t, "GET", "/api/server/about?org=", undefined, h);
  strictEqual(about.body.version, "2.15.0");
  ok(typeof about.body.name === "string" && typeof about.body.description === "string");
  const filter = q({
    and: [{ "==": [{ var: "user_id" }, String(users.ann.id)] }, {
      "==": [{ var: "accepted" }, false],
    }],
  });
  const invitations = await call(
    t,
    "GET",
    `/api/invitations?page=1&filter=${filter}&page_size=11`,
    undefined,
    h,
  );
  deepStrictEqual([invitations.status, invitations.body], [200, EMPTY_PAGE]);
  const plugins = await call(t, "GET", "/api/server/plugins?org=", undefined, h);
  deepStrictEqual(plugins.body, {
    GIT_INTEGRATION: false,
    ANALYTICS: false,
    MODELS: false,
    PREDICT: false,
  });
  const orgs = await call(t, "GET", "/api/organizations?org=", undefined, h);
  deepStrictEqual([orgs.status, orgs.body], [200, EMPTY_PAGE]);
});

Deno.test("audit UI §2: POST /api/events with cvat-core's body → 201, stored", async () => {
  const { t, as } = await auditWorld();
  const before = await t.store.events.count();
  const ts = new Date().toISOString();
  const body = {
    events: [
      {
        scope: "load:cvat",
        timestamp: ts,
        obj_val: "x",
        duration: 0,
        payload: "{}",
        is_active: true,
      },
      {
        scope: "send:exception",
        timestamp: ts,
        obj_name: "TypeError",
        payload: JSON.stringify({ stack: "at x" }),
        count: 1,
        duration: 12,
        job_id: 1,
        task_id: 1,
        project_id: null,
        is_active: true,
      },
    ],
    previous_event: null,
    timestamp: ts,
  };
  const r = await call(t, "POST", "/api/events?org=", body, as.ann.headers);
  strictEqual(r.status, 201);
  strictEqual(r.body.events.length, 2);
  strictEqual(await t.store.events.count(), before + 2);
  const bad = await call(t, "POST", "/api/events?org=", {
    events: [{ scope: "bogus:scope", timestamp: ts }],
    timestamp: ts,
  }, as.ann.headers);
  strictEqual(bad.status, 400);
  strictEqual(await t.store.events.count(), before + 2);
});

Deno.test("audit UI §3: the tasks page `?org=&page=1&page_size=10` has the fields the UI reads", async () => {
  const { t, as, ids } = await auditWorld();
  const r = await call(t, "GET", "/api/tasks?org=&page=1&page_size=10", undefined, as.ann.headers);
  strictEqual(r.status, 200);
  strictEqual(r.body.count, 1);
  const task = r.body.results[0];
  strictEqual(task.id, ids.task);
  for (
    const key of [
      "id",
      "name",
      "project_id",
      "mode",
      "owner",
      "assignee",
      "bug_tracker",
      "created_date",
      "updated_date",
      "overlap",
      "segment_size",
      "status",
      "size",
      "image_quality",
      "data_chunk_size",
      "data_compressed_chunk_type",
      "data_original_chunk_type",
      "dimension",
      "subset",
      "organization",
      "source_storage",
      "target_storage",
      "guide_id",
      "jobs",
      "labels",
      "url",
    ]
  ) ok(key in task, key);
  deepStrictEqual(
    [task.mode, task.size, task.segment_size, task.jobs.count, task.owner.username],
    ["annotation", 11, 5, 3, "ann"],
  );
});

Deno.test("audit UI §4–§5: opening a job — jobs by filter, labels fetchAll, issues, comments", async () => {
  const { t, as, ids } = await auditWorld();
  const h = as.ann.headers;
  const filter = q({ and: [{ "==": [{ var: "task_id" }, ids.task] }] });
  const jobs = await call(t, "GET", `/api/jobs?filter=${filter}&org=`, undefined, h);
  deepStrictEqual(jobs.body.results.map((j: { id: number }) => j.id).sort(), [...ids.jobs].sort());
  const byTask = await call(
    t,
    "GET",
    `/api/jobs?task_id=${ids.task}&org=&page_size=500&page=1`,
    undefined,
    h,
  );
  strictEqual(byTask.body.count, 3);
  const gt = await call(
    t,
    "GET",
    `/api/jobs?org=&type=ground_truth&task_id=${ids.task}&page_size=12`,
    undefined,
    h,
  );
  deepStrictEqual(gt.body, EMPTY_PAGE);
  const job = await call(t, "GET", `/api/jobs/${ids.jobs[1]}`, undefined, h);
  deepStrictEqual(
    [
      job.body.start_frame,
      job.body.stop_frame,
      job.body.frame_count,
      job.body.state,
      job.body.type,
    ],
    [5, 9, 5, "new", "annotation"],
  );
  const labels = await call(
    t,
    "GET",
    `/api/labels?page_size=500&page=1&job_id=${ids.jobs[1]}&org=`,
    undefined,
    h,
  );
  strictEqual(labels.status, 200);
  deepStrictEqual(labels.body.results.map((l: { name: string }) => l.name), ["car", "person"]);
  const [car, person] = labels.body.results;
  deepStrictEqual(
    car.attributes.map((a: { input_type: string }) => a.input_type),
    ["select", "radio", "checkbox", "number", "text"],
  );
  deepStrictEqual(person.sublabels.map((s: { name: string }) => s.name), ["head", "foot"]);
  ok(person.svg.includes(`data-label-id="${person.sublabels[0].id}"`), person.svg);
  ok(!("svg" in car));
  for (const kind of ["issues", "comments"]) {
    const r = await call(
      t,
      "GET",
      `/api/${kind}?job_id=${ids.jobs[1]}&org=&page_size=500&page=1`,
      undefined,
      h,
    );
    deepStrictEqual([r.status, r.body], [200, EMPTY_PAGE]);
  }
  const issues = await call(
    t,
    "GET",
    `/api/issues?job_id=${ids.jobs[0]}&org=&page_size=500&page=1`,
    undefined,
    h,
  );
  strictEqual(issues.body.count, 1);
  const comments = await call(
    t,
    "GET",
    `/api/comments?job_id=${ids.jobs[0]}&org=&page_size=500&page=1`,
    undefined,
    h,
  );
  strictEqual(comments.body.count, 2);
});

Deno.test("audit UI: users `page_size=all` (assignee pickers) — self for a user, all for admin", async () => {
  const { t, as } = await auditWorld();
  const mine = await call(t, "GET", "/api/users?page_size=all", undefined, as.ann.headers);
  deepStrictEqual(mine.body.results.map((u: { username: string }) => u.username), ["ann"]);
  deepStrictEqual(Object.keys(mine.body.results[0]), [
    "url",
    "id",
    "username",
    "first_name",
    "last_name",
  ]);
  const all = await call(t, "GET", "/api/users?page_size=all", undefined, as.admin.headers);
  strictEqual(all.body.count, 3);
  strictEqual(all.body.next, null);
  const picker = await call(
    t,
    "GET",
    "/api/users?limit=10&is_active=true",
    undefined,
    as.ann.headers,
  );
  strictEqual(picker.status, 200);
});

Deno.test("audit UI: a 401 on users/self after logout (the UI's logged-out signal)", async () => {
  const { t, as } = await auditWorld();
  const out = await call(t, "POST", "/api/auth/logout", undefined, {
    ...as.ann.headers,
    Cookie: as.ann.cookie,
    "X-CSRFToken": as.ann.csrfToken,
  });
  deepStrictEqual(out.body, { detail: "Successfully logged out." });
  strictEqual((await call(t, "GET", "/api/users/self", undefined, as.ann.headers)).status, 401);
  strictEqual(
    (await call(t, "GET", "/api/users/self", undefined, { Cookie: as.ann.cookie })).status,
    401,
  );
});
