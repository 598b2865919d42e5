import { deepStrictEqual, strictEqual } from "node:assert/strict";
import { createUser, json, login, send, setCookies, testApp } from "./_client.ts";

const selfPath = "/api/users/self";

Deno.test("a session cookie authenticates safe requests without CSRF", async () => {
  const { app } = testApp();
  const admin = await login(app, "admin", "s3cret!");
  const res = await app.request(selfPath, { headers: { Cookie: admin.cookie } });
  strictEqual(res.status, 200);
  strictEqual((await json(res)).username, "admin");
});

Deno.test("cookie-only writes need X-CSRFToken matching the csrftoken cookie", async () => {
  const t = testApp();
  await createUser(t, "ann", "pw-ann-1");
  const ann = await login(t.app, "ann", "pw-ann-1");
  const patch = (headers: Record<string, string>) =>
    send(t.app, "PATCH", "/api/users/2", { first_name: "Ann" }, headers);
  const cases: [Record<string, string>, string][] = [
    [{ Cookie: ann.cookie }, "CSRF Failed: CSRF token missing."],
    [{ Cookie: ann.cookie, "X-CSRFToken": "f".repeat(64) }, "CSRF Failed: CSRF token incorrect."],
    [
      { Cookie: `sessionid=${ann.cookies.sessionid}`, "X-CSRFToken": ann.csrfToken }, // no csrftoken
      "CSRF Failed: CSRF cookie not set.",
    ],
    [{
      Cookie: `sessionid=${ann.cookies.sessionid}; csrftoken=${"a".repeat(64)}`,
      "X-CSRFToken": "a".repeat(64),
    }, "CSRF Failed: CSRF token incorrect."], // cookie and header agree, but not the session's
  ];
  for (const [headers, detail] of cases) {
    const res = await patch(headers);
    strictEqual(res.status, 403);
    deepStrictEqual(await json(res), { detail });
  }
  strictEqual((await t.store.users.get(2))!.firstName, "");
  const ok = await patch(ann.session);
  strictEqual(ok.status, 200);
  strictEqual((await json(ok)).first_name, "Ann");
  // The header name is case-insensitive (axios sends X-CSRFTOKEN).
  const upper = await patch({ Cookie: ann.cookie, "X-CSRFTOKEN": ann.csrfToken });
  strictEqual(upper.status, 200);
  await upper.body?.cancel();
  // CSRF is checked on DELETE and POST too.
  strictEqual(
    (await send(t.app, "DELETE", "/api/users/2", undefined, { Cookie: ann.cookie }))
      .status,
    403,
  );
  const logout = await send(t.app, "POST", "/api/auth/logout", undefined, { Cookie: ann.cookie });
  strictEqual(logout.status, 403);
  await logout.body?.cancel();
});

Deno.test("a valid token wins over a cookie and is never CSRF-checked", async () => {
  const t = testApp();
  await createUser(t, "ann", "pw-ann-1");
  const admin = await login(t.app, "admin", "s3cret!");
  const ann = await login(t.app, "ann", "pw-ann-1");
  // Ann's token with the admin's session cookie: the request is Ann's.
  const res = await t.app.request(selfPath, {
    headers: { ...ann.headers, Cookie: admin.cookie },
  });
  strictEqual((await json(res)).username, "ann");
  // A write with a token and a cookie but no CSRF header passes.
  const patch = await send(t.app, "PATCH", "/api/users/2", { last_name: "Lee" }, {
    ...ann.headers,
    Cookie: ann.cookie,
  });
  strictEqual(patch.status, 200);
  strictEqual((await json(patch)).last_name, "Lee");
  // A bad token is a 401 even when the cookie is good.
  const bad = await t.app.request(selfPath, {
    headers: { Authorization: "Token 0000", Cookie: admin.cookie },
  });
  strictEqual(bad.status, 401);
  await bad.body?.cancel();
});

Deno.test("the session cookie comes before Basic; Basic is not CSRF-checked", async () => {
  const t = testApp();
  await createUser(t, "ann", "pw-ann-1");
  const admin = await login(t.app, "admin", "s3cret!");
  const basic = { Authorization: `Basic ${btoa("ann:pw-ann-1")}` };
  const both = await t.app.request(selfPath, { headers: { ...basic, Cookie: admin.cookie } });
  strictEqual((await json(both)).username, "admin");
  const write = await send(t.app, "PATCH", "/api/users/2", { first_name: "A" }, basic);
  strictEqual(write.status, 200);
  await write.body?.cancel();
});

Deno.test("unknown, expired and deleted-user sessions are ignored", async () => {
  const t = testApp();
  await createUser(t, "ann", "pw-ann-1");
  const anon = async (cookie: string) => {
    const res = await t.app.request(selfPath, { headers: { Cookie: cookie } });
    strictEqual(res.status, 401, cookie.slice(0, 60));
    await res.body?.cancel();
  };
  await anon("sessionid=nope");
  await anon(`sessionid=${"z".repeat(5000)}`);
  await t.store.sessions.put("old", {
    id: "old",
    userId: 1,
    csrfToken: "c",
    created: "2020-01-01T00:00:00.000000Z",
    expires: "2020-01-15T00:00:00.000Z",
  });
  await anon("sessionid=old; csrftoken=c");
  strictEqual(await t.store.sessions.get("old"), null);
  const ann = await login(t.app, "ann", "pw-ann-1");
  const user = (await t.store.users.get(2))!;
  await t.store.users.update({ ...user, isActive: false });
  await anon(ann.cookie);
  // An expired session with a write is simply anonymous (401 from the route, not a CSRF 403).
  const write = await send(t.app, "PATCH", "/api/users/1", {}, { Cookie: "sessionid=old" });
  strictEqual(write.status, 401);
  await write.body?.cancel();
});

Deno.test("a new login replaces the session the request carried", async () => {
  const { app, store } = testApp();
  const first = await login(app, "admin", "s3cret!");
  const res = await send(app, "POST", "/api/auth/login", {
    username: "admin",
    password: "s3cret!",
  }, first.session);
  strictEqual(res.status, 200);
  await res.body?.cancel();
  strictEqual(await store.sessions.get(first.cookies.sessionid), null);
  strictEqual((await store.sessions.get(setCookies(res).sessionid))?.userId, 1);
});

Deno.test("real HTTP over 127.0.0.1: login, then /users/self and a write with the cookie jar", async () => {
  const { app } = testApp();
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, app.fetch);
  const base = `http://127.0.0.1:${server.addr.port}`;
  try {
    const res = await fetch(`${base}/api/auth/login`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ username: "admin", password: "s3cret!" }),
    });
    strictEqual(res.status, 200);
    strictEqual((await res.json()).key.length, 40);
    const jar = setCookies(res);
    const cookie = Object.entries(jar).map(([k, v]) => `${k}=${v}`).join("; ");
    const self = await fetch(`${base}${selfPath}`, { headers: { Cookie: cookie } });
    strictEqual(self.status, 200);
    strictEqual(self.headers.get("content-type"), "application/vnd.cvat+json; version=2.0");
    strictEqual((await self.json()).username, "admin");
    const write = await fetch(`${base}/api/users/1`, {
      method: "PATCH",
      headers: {
        Cookie: cookie,
        "X-CSRFToken": jar.csrftoken,
        "Content-Type": "application/json",
      },
      body: JSON.stringify({ first_name: "Ada" }),
    });
    strictEqual(write.status, 200);
    strictEqual((await write.json()).first_name, "Ada");
  } finally {
    await server.shutdown();
  }
});
