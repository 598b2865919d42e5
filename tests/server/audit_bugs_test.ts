/**
 * Regression tests for the gaps the issue-3 review found (each comment says what used to
 * happen).
 */

import { ok } from "node:assert/strict";
import { auditWorld, call } from "./audit_fixture.ts";

Deno.test({
  name: "audit: PATCH /api/labels/{id} accepts a non-boolean `deleted`",
  fn: async () => {
    // Was a bug; expected 400 {"deleted": ["Must be a valid boolean."]} (DRF BooleanField);
    // actual 200 and the value is silently ignored (for "yes", null, [], {}, 123).
    const w = await auditWorld();
    for (const value of ["yes", null, [], {}, 123]) {
      const r = await call(
        w.t,
        "PATCH",
        `/api/labels/${w.ids.label}`,
        { deleted: value },
        w.as.ann.headers,
      );
      ok(r.status === 400, `deleted=${JSON.stringify(value)} → ${r.status}`);
    }
  },
});

Deno.test({
  name: "audit: POST /api/projects accepts any JSON type as `task_subsets`",
  fn: async () => {
    // Was a bug; expected 400 {"task_subsets": ["Expected a list of items but got type \"bool\"."]};
    // actual 201 (true, 123, "text", {} and [1] are all accepted and dropped).
    const w = await auditWorld();
    for (const value of [true, 123, "text", { a: 1 }]) {
      const r = await call(
        w.t,
        "POST",
        "/api/projects",
        { name: "p", task_subsets: value },
        w.as.ann.headers,
      );
      ok(r.status === 400, `task_subsets=${JSON.stringify(value)} → ${r.status}`);
    }
  },
});

Deno.test({
  name: "audit: a JSON body sent as text/plain is accepted by every write endpoint",
  fn: async () => {
    // Was a bug; expected 415 {"detail": "Unsupported media type \"text/plain\" in request."} (DRF
    // parsers); actual 201 and the project is created. Low priority (lenient, no client sends it).
    const w = await auditWorld();
    const r = await call(w.t, "POST", "/api/projects", JSON.stringify({ name: "p" }), {
      ...w.as.ann.headers,
      "Content-Type": "text/plain",
    });
    ok(r.status === 415, `${r.status}`);
  },
});

Deno.test({
  name: "audit: `bug_tracker: null` and `subset: null` are accepted on POST /api/tasks",
  fn: async () => {
    // Was a bug; expected 400 {"bug_tracker": ["This field may not be null."]} (non-null model
    // CharFields); actual 201 with "" stored. Low priority.
    const w = await auditWorld();
    for (const field of ["bug_tracker", "subset"]) {
      const body = { name: "a", labels: [{ name: "x" }], [field]: null };
      const r = await call(w.t, "POST", "/api/tasks", body, w.as.ann.headers);
      ok(r.status === 400, `${field}=null → ${r.status}`);
    }
  },
});
