/**
 * Audit: a KV-backed app keeps everything across a restart. Users, a project, a task with labels
 * (attributes and a skeleton), its jobs, an issue and its comments are written through the API
 * (task data straight into the store, as the media issue will), the KV file is closed and
 * reopened, and a new app serves the same JSON; the old password, token and session still work.
 */

import { deepStrictEqual, ok, strictEqual } from "node:assert/strict";
import { kvStore } from "../../lib/store/kv.ts";
import { createApp } from "../../lib/server/app.ts";
import { auditWorld, call } from "./audit_fixture.ts";
import { ADMIN, login, TEST_ITERATIONS } from "./_client.ts";
import type { TestApp } from "./_client.ts";

function readPaths(ids: Awaited<ReturnType<typeof auditWorld>>["ids"]): string[] {
  return [
    "/api/users?page_size=all",
    "/api/projects",
    `/api/projects/${ids.project}`,
    "/api/tasks",
    `/api/tasks/${ids.task}`,
    "/api/jobs?page_size=all",
    ...ids.jobs.map((id) => `/api/jobs/${id}`),
    `/api/labels?task_id=${ids.task}`,
    `/api/labels?project_id=${ids.project}`,
    `/api/labels/${ids.label}`,
    "/api/issues",
    `/api/issues/${ids.issue}`,
    `/api/comments?issue_id=${ids.issue}`,
  ];
}

async function readAll(t: TestApp, paths: string[], headers: Record<string, string>) {
  const out: Record<string, unknown> = {};
  for (const path of paths) {
    const r = await call(t, "GET", path, undefined, headers);
    strictEqual(r.status, 200, `${path}: ${JSON.stringify(r.body)}`);
    out[path] = r.body;
  }
  return out;
}

Deno.test("audit restart: a KV-backed app serves everything again after the KV is reopened", async () => {
  const dir = await Deno.makeTempDir({ prefix: "cvat_audit_restart_" });
  const path = `${dir}/cvat.sqlite`;
  try {
    let kv = await Deno.openKv(path);
    const w = await auditWorld({ store: kvStore(kv) });
    const extra = await call(w.t, "POST", "/api/comments", {
      issue: w.ids.issue,
      message: "third",
    }, w.as.ann.headers);
    strictEqual(extra.status, 201);
    const resolved = await call(
      w.t,
      "PATCH",
      `/api/issues/${w.ids.issue}`,
      { resolved: true },
      w.as.ann.headers,
    );
    strictEqual(resolved.status, 200);
    const state = await call(w.t, "PATCH", `/api/jobs/${w.ids.jobs[2]}`, {
      stage: "validation",
      state: "in progress",
    }, w.as.ann.headers);
    strictEqual(state.status, 200);
    const paths = readPaths(w.ids);
    const before = {
      admin: await readAll(w.t, paths, w.as.admin.headers),
      ann: await readAll(w.t, paths, w.as.ann.headers),
    };
    ok((before.ann[`/api/labels?task_id=${w.ids.task}`] as { count: number }).count === 2);
    kv.close();

    kv = await Deno.openKv(path);
    const store = kvStore(kv);
    const app = createApp({ store, admin: { ...ADMIN }, passwordIterations: TEST_ITERATIONS });
    const t: TestApp = { app, store };
    // The old token and the old session cookie still authenticate.
    deepStrictEqual(await readAll(t, paths, w.as.ann.headers), before.ann);
    deepStrictEqual(await readAll(t, paths, w.as.admin.headers), before.admin);
    const bySession = await call(t, "GET", "/api/users/self", undefined, {
      Cookie: w.as.ann.cookie,
    });
    strictEqual(bySession.body?.username, "ann");
    // The same password logs in and gets the same (one per user) token.
    const again = await login(app, "ann", "pw-ann-1");
    strictEqual(again.token, w.as.ann.token);
    strictEqual((await login(app, "bob", "pw-bob-1")).token, w.as.bob.token);
    // Ids continue after the old ones; nothing is reused.
    const task = await call(
      t,
      "POST",
      "/api/tasks",
      { name: "after", labels: [{ name: "z" }] },
      again.headers,
    );
    strictEqual(task.status, 201);
    ok(task.body.id > w.ids.task);
    const labels = await call(
      t,
      "GET",
      `/api/labels?task_id=${task.body.id}`,
      undefined,
      again.headers,
    );
    ok(labels.body.results[0].id > w.ids.label + 3, JSON.stringify(labels.body.results));
    kv.close();
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
