import { deepStrictEqual, ok, strictEqual } from "node:assert/strict";
import { parseDateTime, validateClientEvents } from "../../lib/server/events_validate.ts";
import { createUser, json, login, send, type TestApp, testApp } from "./_client.ts";

async function setup(): Promise<TestApp & { headers: Record<string, string> }> {
  const t = testApp();
  await createUser(t, "ann", "pw-ann-1");
  return { ...t, headers: (await login(t.app, "ann", "pw-ann-1")).headers };
}

async function storedEvents(t: TestApp) {
  const out = [];
  for await (const record of t.store.events.list()) out.push(record);
  return out;
}

/** What cvat-core's `logger.save()` sends: `event.dump()`s, the last sent one, and now. */
function coreBody(clientNow: number) {
  const at = (ms: number) => new Date(clientNow - ms).toISOString();
  return {
    events: [
      {
        scope: "load:job",
        timestamp: at(3000),
        job_id: 7,
        task_id: 3,
        duration: 812,
        payload: JSON.stringify({ client_id: 123456, is_active: true }),
      },
      {
        scope: "change:frame",
        timestamp: at(2000),
        count: 3,
        job_id: 7,
        payload: JSON.stringify({ from: 0, to: 3, step: 1, client_id: 123456 }),
      },
      { scope: "send:exception", timestamp: at(1000), obj_name: "TypeError", payload: "{}" },
    ],
    previous_event: { scope: "save:job", timestamp: at(60000), payload: "{}" },
    timestamp: new Date(clientNow).toISOString(),
  };
}

Deno.test("events need credentials", async () => {
  const t = await setup();
  const res = await send(t.app, "POST", "/api/events", coreBody(Date.now()));
  strictEqual(res.status, 401);
  deepStrictEqual(await json(res), { detail: "Authentication credentials were not provided." });
  strictEqual((await storedEvents(t)).length, 0);
});

Deno.test("cvat-core's body is accepted, normalised, echoed with 201 and stored", async () => {
  const t = await setup();
  const body = coreBody(Date.now());
  const res = await send(t.app, "POST", "/api/events?org=", body, t.headers);
  strictEqual(res.status, 201);
  ok(res.headers.get("x-request-id"));
  const echo = await json(res);
  strictEqual(echo.events.length, 3);
  const [load, frame, error] = echo.events;
  deepStrictEqual(
    { scope: load.scope, job_id: load.job_id, task_id: load.task_id, duration: load.duration },
    { scope: "load:job", job_id: 7, task_id: 3, duration: 812 },
  );
  deepStrictEqual(JSON.parse(load.payload), { client_id: 123456, is_active: true });
  deepStrictEqual(
    [load.source, load.user_name, load.user_email, load.org_id, load.org_slug],
    ["client", "ann", "ann@example.com", null, null],
  );
  strictEqual(typeof load.user_id, "number");
  strictEqual(frame.count, 3);
  strictEqual(frame.duration, 0);
  strictEqual(error.obj_name, "TypeError");
  strictEqual(echo.previous_event.scope, "save:job");
  strictEqual(echo.timestamp, body.timestamp.replace(".000Z", "Z"));
  const stored = await storedEvents(t);
  deepStrictEqual(stored.map((r) => r.event.scope), ["load:job", "change:frame", "send:exception"]);
  ok(stored.every((r) => r.userId === load.user_id && /Z$/.test(r.received)));
});

Deno.test("timestamps are corrected for the client's clock skew", async () => {
  const t = await setup();
  const hour = 3600_000;
  const body = coreBody(Date.now() - hour); // the client's clock is an hour behind
  const echo = await json(await send(t.app, "POST", "/api/events", body, t.headers));
  for (const [i, event] of echo.events.entries()) {
    const shift = Date.parse(event.timestamp) - Date.parse(body.events[i].timestamp);
    ok(Math.abs(shift - hour) < 5000, `shift ${shift}`);
  }
  const previousShift = Date.parse(echo.previous_event.timestamp) -
    Date.parse(body.previous_event.timestamp);
  ok(Math.abs(previousShift - hour) < 5000);
});

Deno.test("an empty batch is fine; previous_event may be null or absent", async () => {
  const t = await setup();
  const timestamp = new Date().toISOString();
  for (const body of [{ events: [], timestamp }, { timestamp, previous_event: null }]) {
    const res = await send(t.app, "POST", "/api/events", body, t.headers);
    strictEqual(res.status, 201);
    const echo = await json(res);
    deepStrictEqual([echo.events, echo.previous_event], [[], null]);
  }
});

Deno.test("a scope the client may not send is a 400 and nothing is stored", async () => {
  const t = await setup();
  const body = coreBody(Date.now());
  body.events[2].scope = "create:task";
  const res = await send(t.app, "POST", "/api/events", body, t.headers);
  strictEqual(res.status, 400);
  deepStrictEqual(await json(res), {
    scope: ["Event scope **create:task** is not allowed from client"],
  });
  strictEqual((await storedEvents(t)).length, 0);
});

Deno.test("a payload that is not JSON is a 400", async () => {
  const t = await setup();
  const body = coreBody(Date.now());
  body.events[0].payload = "{not json";
  const res = await send(t.app, "POST", "/api/events", body, t.headers);
  strictEqual(res.status, 400);
  deepStrictEqual(await json(res), { payload: ["JSON payload is not valid in passed event"] });
});

Deno.test("field errors have DRF's nested shape", async () => {
  const t = await setup();
  const now = new Date().toISOString();
  const cases: [unknown, unknown][] = [
    [{ events: [] }, { timestamp: ["This field is required."] }],
    [{ events: {}, timestamp: now }, {
      events: { non_field_errors: ['Expected a list of items but got type "dict".'] },
    }],
    [{ events: null, timestamp: now }, { events: ["This field may not be null."] }],
    [{ events: ["x"], timestamp: now }, {
      events: [{ non_field_errors: ["Invalid data. Expected a dictionary, but got str."] }],
    }],
    [
      { events: [{ scope: "load:job", timestamp: now }, { timestamp: "yesterday" }], timestamp: 5 },
      {
        events: [{}, {
          scope: ["This field is required."],
          timestamp: [
            "Datetime has wrong format. Use one of these formats instead: " +
            "YYYY-MM-DDThh:mm[:ss[.uuuuuu]][+HH:MM|-HH:MM|Z].",
          ],
        }],
        timestamp: [
          "Datetime has wrong format. Use one of these formats instead: " +
          "YYYY-MM-DDThh:mm[:ss[.uuuuuu]][+HH:MM|-HH:MM|Z].",
        ],
      },
    ],
    [[1, 2], { non_field_errors: ["Invalid data. Expected a dictionary, but got list."] }],
  ];
  for (const [body, errors] of cases) {
    const res = await send(t.app, "POST", "/api/events", body, t.headers);
    strictEqual(res.status, 400, JSON.stringify(body));
    deepStrictEqual(await json(res), errors);
  }
  strictEqual((await storedEvents(t)).length, 0);
});

Deno.test("wrong types, huge numbers, blanks and oversized strings are 400s", async () => {
  const t = await setup();
  const now = new Date().toISOString();
  const cases: [Record<string, unknown>, Record<string, string[]>][] = [
    [{ job_id: "abc" }, { job_id: ["A valid integer is required."] }],
    [{ job_id: 1.5 }, { job_id: ["A valid integer is required."] }],
    [{ job_id: true }, { job_id: ["A valid integer is required."] }],
    [{ count: 2 ** 31 }, { count: ["Ensure this value is less than or equal to 2147483647."] }],
    [{ obj_name: "" }, { obj_name: ["This field may not be blank."] }],
    [{ obj_name: { a: 1 } }, { obj_name: ["Not a valid string."] }],
    [{ duration: null }, { duration: ["This field may not be null."] }],
    [{ obj_val: "x".repeat(70000) }, {
      obj_val: ["Ensure this field has no more than 65536 characters."],
    }],
  ];
  for (const [fields, errors] of cases) {
    const body = { events: [{ scope: "load:job", timestamp: now, ...fields }], timestamp: now };
    const res = await send(t.app, "POST", "/api/events", body, t.headers);
    strictEqual(res.status, 400, JSON.stringify(fields).slice(0, 80));
    deepStrictEqual(await json(res), { events: [errors] });
  }
  strictEqual((await storedEvents(t)).length, 0);
});

Deno.test("numbers in strings and integral strings are accepted as DRF does", async () => {
  const t = await setup();
  const now = new Date().toISOString();
  const event = { scope: "zoom:image", timestamp: now, job_id: "12", count: 3.0, obj_val: 5 };
  const res = await send(t.app, "POST", "/api/events", { events: [event], timestamp: now }, {
    ...t.headers,
  });
  strictEqual(res.status, 201);
  const [echo] = (await json(res)).events;
  deepStrictEqual([echo.job_id, echo.count, echo.obj_val], [12, 3, "5"]);
});

Deno.test("malformed JSON is a 400, never a 500", async () => {
  const t = await setup();
  for (const body of ["{", '{"events": [}', "nul"]) {
    const res = await send(t.app, "POST", "/api/events", body, t.headers);
    strictEqual(res.status, 400, body);
    ok((await json(res)).detail.startsWith("JSON parse error - "));
  }
  strictEqual((await storedEvents(t)).length, 0);
});

Deno.test("date-times parse like Django's (zones, commas, impossible dates)", () => {
  strictEqual(parseDateTime("2024-03-21 20:50"), Date.UTC(2024, 2, 21, 20, 50));
  strictEqual(parseDateTime("2024-03-21T22:50:05,5+02:00"), Date.UTC(2024, 2, 21, 20, 50, 5, 500));
  strictEqual(
    parseDateTime("2024-03-21T20:50:05.123456-0130"),
    Date.UTC(2024, 2, 21, 22, 20, 5, 123),
  );
  for (const bad of ["2024-13-01T00:00", "2023-02-29T00:00", "2024-01-01T24:00", "2024-01-01", 5]) {
    strictEqual(parseDateTime(bad), null, String(bad));
  }
  ok("value" in validateClientEvents({ timestamp: "2024-01-01T00:00:00Z" }));
});
