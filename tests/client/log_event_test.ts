import { deepStrictEqual, ok, strictEqual } from "node:assert/strict";
import { dumpLogEvent, foldLogEvent, makeLogEvent } from "../../lib/client/log_event.ts";

Deno.test("dumpLogEvent hoists the known fields and leaves the rest in the payload", () => {
  const event = makeLogEvent("draw:object", {
    obj_name: "rectangle",
    obj_id: 5,
    obj_val: 3,
    count: null,
    project_id: 1,
    task_id: 2,
    job_id: 3,
    user_id: 4,
    organization: 6,
    points: [1, 2],
  });
  event.time = Date.UTC(2024, 0, 2, 3, 4, 5, 6);
  deepStrictEqual(dumpLogEvent(event), {
    scope: "draw:object",
    timestamp: "2024-01-02T03:04:05.006Z",
    obj_name: "rectangle",
    obj_id: 5,
    obj_val: 3,
    project_id: 1,
    task_id: 2,
    job_id: 3,
    user_id: 4,
    payload: JSON.stringify({ organization: 6, points: [1, 2] }),
  });
});

Deno.test("makeLogEvent copies the details: later changes do not reach the event", () => {
  const details = { nested: { a: 1 } };
  const event = makeLogEvent("debug:info", details);
  details.nested.a = 2;
  deepStrictEqual(event.payload, { nested: { a: 1 } });
  ok(Math.abs(event.time - Date.now()) < 1000);
});

Deno.test("foldLogEvent folds only what cvat-core's rules allow", () => {
  const attr = (objectId: number, id: number, value: string) =>
    makeLogEvent("change:attribute", { object_id: objectId, id, value });
  const first = attr(1, 2, "a");
  ok(foldLogEvent(first, attr(1, 2, "b"), false));
  strictEqual(first.payload.value, "b");
  ok(!foldLogEvent(first, attr(1, 3, "c"), true));
  const zoom = makeLogEvent("zoom:image", { z: 1 });
  ok(!foldLogEvent(zoom, makeLogEvent("zoom:image", { z: 2 }), false)); // not the newest
  ok(foldLogEvent(zoom, makeLogEvent("zoom:image", { z: 2 }), true));
  const frames = makeLogEvent("change:frame", { job_id: 1, step: 1, to: 1, count: 1 });
  ok(!foldLogEvent(frames, makeLogEvent("change:frame", { job_id: 1, step: 2, count: 1 }), true));
  ok(!foldLogEvent(frames, makeLogEvent("load:job", {}), true));
  const error = { message: "m", filename: "", line: 0, column: 0, stack: "s" };
  const exception = makeLogEvent("send:exception", error);
  ok(!foldLogEvent(exception, makeLogEvent("send:exception", { ...error, stack: "t" }), true));
  ok(foldLogEvent(exception, makeLogEvent("send:exception", error), true));
  strictEqual(exception.payload.count, 2);
  ok(typeof exception.payload.lastTimestamp === "string");
});
