/**
 * Interpolated output is read-only (DESIGN.md "Beyond CVAT"): writes with `?interpolate=` or
 * with track shapes marked `keyframe: false` are refused and change nothing.
 */

import { deepStrictEqual, strictEqual } from "node:assert/strict";
import { bothStores, data, jobPath, track } from "./annotations_fixture.ts";

bothStores("interpolated tracks are not accepted back", async (w) => {
  const job = w.jobs[0];
  await w.req("PUT", jobPath(job.id), data({ tracks: [track(w.ids.car, [[1, 0], [5, 40]])] }));
  const before = await w.req("GET", jobPath(job.id));
  const expanded = await w.req("GET", jobPath(job.id, "interpolate=true"));
  for (
    const [path, body] of [
      [jobPath(job.id), expanded.body],
      [jobPath(job.id, "interpolate=true"), before.body],
    ] as const
  ) {
    const res = await w.req("PUT", path, body);
    strictEqual(res.status, 400, path);
    strictEqual(Array.isArray(res.body), true);
  }
  const after = await w.req("GET", jobPath(job.id));
  deepStrictEqual(after.body, before.body);
});
