import { deepStrictEqual, match, notStrictEqual, ok, strictEqual } from "node:assert/strict";
import {
  basicAuth,
  createUser,
  json,
  login,
  send,
  setCookies,
  TEST_ITERATIONS,
  testApp,
} from "./_client.ts";

const FAILED = { non_field_errors: ["Unable to log in with provided credentials."] };

/** Counts PBKDF2 derivations while `fn` runs. */
async function countPbkdf2(fn: () => Promise<void>): Promise<number> {
  const original = crypto.subtle.deriveBits;
  let calls = 0;
  crypto.subtle.deriveBits = function (...args: Parameters<SubtleCrypto["deriveBits"]>) {
    calls++;
    return original.apply(this, args);
  };
  try {
    await fn();
  } finally {
    crypto.subtle.deriveBits = original;
  }
  return calls;
}

Deno.test("login answers a 40-hex key and sets sessionid and csrftoken cookies", async () => {
  const { app, store } = testApp();
  const res = await send(app, "POST", "/api/auth/login", {
    username: "admin",
    password: "s3cret!",
  });
  strictEqual(res.status, 200);
  const lines = res.headers.getSetCookie();
  const session = lines.find((l) => l.startsWith("sessionid="))!;
  const csrf = lines.find((l) => l.startsWith("csrftoken="))!;
  match(session, /; HttpOnly;/);
  match(session, /; Path=\/; SameSite=Lax$/);
  match(csrf, /; Path=\/; SameSite=Lax$/);
  ok(!csrf.includes("HttpOnly"));
  const { key } = await json(res);
  match(key, /^[0-9a-f]{40}$/);
  const admin = (await store.users.get(1))!;
  strictEqual(admin.tokenKey, key);
  ok(admin.lastLogin !== null);
  strictEqual((await store.sessions.get(setCookies(res).sessionid))?.userId, 1);
  // One token per user: a second login returns the same key, with a new session.
  const again = await login(app, "admin", "s3cret!");
  strictEqual(again.token, key);
  notStrictEqual(again.cookies.sessionid, setCookies(res).sessionid);
});

Deno.test("login by email, and its failures", async () => {
  const t = testApp();
  await createUser(t, "ann", "pw-ann-1");
  const post = (body: unknown) => send(t.app, "POST", "/api/auth/login", body);
  strictEqual((await post({ email: "ann@example.com", password: "pw-ann-1" })).status, 200);
  for (
    const body of [
      { username: "ann", password: "wrong" },
      { username: "nobody", password: "pw-ann-1" },
      { email: "ann@example.com", password: "nope" },
    ]
  ) {
    const res = await post(body);
    strictEqual(res.status, 400);
    deepStrictEqual(await json(res), FAILED);
  }
  const ann = (await t.store.users.listBy("username", "ann"))[0];
  await t.store.users.update({ ...ann, isActive: false });
  deepStrictEqual(await json(await post({ username: "ann", password: "pw-ann-1" })), FAILED);
});

Deno.test("login rejects bad input with 4xx CVAT bodies and changes nothing", async () => {
  const { app, store } = testApp();
  const cases: [unknown, number, unknown][] = [
    [{ username: "admin" }, 400, { password: ["This field is required."] }],
    [{ password: "s3cret!" }, 400, {
      non_field_errors: ['Must include either "username" or "email" and "password".'],
    }],
    [{ username: "admin", password: "" }, 400, { password: ["This field may not be blank."] }],
    [{ username: "admin", password: null }, 400, { password: ["This field may not be null."] }],
    [{ username: ["admin"], password: "s3cret!" }, 400, { username: ["Not a valid string."] }],
    [{ username: "admin", password: { a: 1 } }, 400, { password: ["Not a valid string."] }],
    [{ email: "not-an-email", password: "x" }, 400, { email: ["Enter a valid email address."] }],
    [{ username: "admin", password: "x".repeat(5000) }, 400, {
      password: ["Ensure this field has no more than 4096 characters."],
    }],
    [[1, 2], 400, { non_field_errors: ["Invalid data. Expected a dictionary, but got list."] }],
    [{ username: "admin", password: 12345678 }, 400, FAILED],
  ];
  for (const [body, status, expected] of cases) {
    const res = await send(app, "POST", "/api/auth/login", body);
    strictEqual(res.status, status, JSON.stringify(body).slice(0, 80));
    deepStrictEqual(await json(res), expected);
  }
  const broken = await send(app, "POST", "/api/auth/login", '{"username": "admin",');
  strictEqual(broken.status, 400);
  match((await json(broken)).detail, /^JSON parse error - /);
  const huge = await send(app, "POST", "/api/auth/login", { username: "a".repeat(70_000) });
  strictEqual(huge.status, 413);
  ok((await json(huge)).detail);
  strictEqual((await store.users.get(1))!.tokenKey, null);
  strictEqual((await store.users.get(1))!.lastLogin, null);
});

Deno.test("login accepts a form-encoded body", async () => {
  const { app } = testApp();
  const res = await send(app, "POST", "/api/auth/login", "username=admin&password=s3cret%21", {
    "Content-Type": "application/x-www-form-urlencoded",
  });
  strictEqual(res.status, 200);
  await res.body?.cancel();
});

Deno.test("token auth: valid, invalid, malformed header", async () => {
  const { app } = testApp();
  const admin = await login(app, "admin", "s3cret!");
  const self = (headers: Record<string, string>) => app.request("/api/users/self", { headers });
  strictEqual((await json(await self(admin.headers))).username, "admin");
  strictEqual((await self({ Authorization: `token ${admin.token}` })).status, 200);
  const cases: [string, string][] = [
    [`Token ${"0".repeat(40)}`, "Invalid token."],
    [`Token ${"x".repeat(3000)}`, "Invalid token."],
    ["Token", "Invalid token header. No credentials provided."],
    ["Token a b", "Invalid token header. Token string should not contain spaces."],
  ];
  for (const [header, detail] of cases) {
    const res = await self({ Authorization: header });
    strictEqual(res.status, 401);
    strictEqual(res.headers.get("WWW-Authenticate"), "Token");
    deepStrictEqual(await json(res), { detail });
  }
  // Even a route that needs no user rejects a bad token (DRF authenticates every API view) ...
  strictEqual(
    (await app.request("/api/auth/login", {
      method: "POST",
      headers: { Authorization: "Token bad", "Content-Type": "application/json" },
      body: "{}",
    })).status,
    401,
  );
  // ... except the health check, which the UI calls first.
  const health = await app.request("/api/server/health/", {
    headers: { Authorization: "Token x" },
  });
  strictEqual(health.status, 200);
  await health.body?.cancel();
});

Deno.test("an inactive user's token is rejected", async () => {
  const t = testApp();
  await createUser(t, "ann", "pw-ann-1");
  const ann = await login(t.app, "ann", "pw-ann-1");
  const user = (await t.store.users.listBy("username", "ann"))[0];
  await t.store.users.update({ ...user, isActive: false });
  const res = await t.app.request("/api/users/self", { headers: ann.headers });
  strictEqual(res.status, 401);
  deepStrictEqual(await json(res), { detail: "User inactive or deleted." });
});

Deno.test("basic auth: valid, by email, wrong and malformed", async () => {
  const t = testApp();
  await createUser(t, "ann", "pw-ann-1");
  const self = (headers: Record<string, string>) => t.app.request("/api/users/self", { headers });
  strictEqual((await json(await self(basicAuth("ann", "pw-ann-1")))).username, "ann");
  strictEqual((await json(await self(basicAuth("ann@example.com", "pw-ann-1")))).username, "ann");
  const cases: [string, string][] = [
    [basicAuth("ann", "wrong").Authorization, "Invalid username/password."],
    [basicAuth("nobody", "x").Authorization, "Invalid username/password."],
    ["Basic", "Invalid basic header. No credentials provided."],
    ["Basic a b", "Invalid basic header. Credentials string should not contain spaces."],
    ["Basic !!!", "Invalid basic header. Credentials not correctly base64 encoded."],
    [
      `Basic ${btoa("no-colon")}`,
      "Invalid basic header. Credentials not correctly base64 encoded.",
    ],
  ];
  for (const [header, detail] of cases) {
    const res = await self({ Authorization: header });
    strictEqual(res.status, 401, header);
    deepStrictEqual(await json(res), { detail });
  }
});

Deno.test("verified basic credentials are cached; password change drops them at once", async () => {
  const t = testApp();
  await createUser(t, "ann", "pw-ann-1");
  const self = (password: string) =>
    t.app.request("/api/users/self", { headers: basicAuth("ann", password) });
  strictEqual((await self("pw-ann-1")).status, 200);
  const cached = await countPbkdf2(async () => {
    for (let i = 0; i < 5; i++) strictEqual((await self("pw-ann-1")).status, 200);
  });
  strictEqual(cached, 0);
  // A wrong password is never cached: each try costs a PBKDF2.
  strictEqual(await countPbkdf2(async () => void await self("wrong-1")), 1);
  const change = await send(t.app, "POST", "/api/auth/password/change", {
    old_password: "pw-ann-1",
    new_password1: "a-new-Secret-9",
    new_password2: "a-new-Secret-9",
  }, basicAuth("ann", "pw-ann-1"));
  strictEqual(change.status, 200);
  deepStrictEqual(await json(change), { detail: "New password has been saved." });
  const old = await self("pw-ann-1");
  strictEqual(old.status, 401);
  deepStrictEqual(await json(old), { detail: "Invalid username/password." });
  strictEqual((await self("a-new-Secret-9")).status, 200);
});

Deno.test("logout deletes the token and the session, clears the session cookie, drops basic cache", async () => {
  const t = testApp();
  await createUser(t, "ann", "pw-ann-1");
  const ann = await login(t.app, "ann", "pw-ann-1");
  strictEqual(
    (await t.app.request("/api/users/self", { headers: basicAuth("ann", "pw-ann-1") }))
      .status,
    200,
  );
  const res = await send(t.app, "POST", "/api/auth/logout", undefined, {
    ...ann.headers,
    Cookie: ann.cookie,
  });
  strictEqual(res.status, 200);
  deepStrictEqual(await json(res), { detail: "Successfully logged out." });
  deepStrictEqual(setCookies(res), { sessionid: '""' }); // Django keeps csrftoken
  ok(res.headers.getSetCookie().every((l) => l.includes("Max-Age=0")));
  const byToken = await t.app.request("/api/users/self", { headers: ann.headers });
  strictEqual(byToken.status, 401);
  deepStrictEqual(await json(byToken), { detail: "Invalid token." });
  const byCookie = await t.app.request("/api/users/self", { headers: { Cookie: ann.cookie } });
  strictEqual(byCookie.status, 401);
  deepStrictEqual(await json(byCookie), {
    detail: "Authentication credentials were not provided.",
  });
  strictEqual((await t.store.users.listBy("username", "ann"))[0].tokenKey, null);
  // Basic still works, but is verified again.
  const calls = await countPbkdf2(async () => {
    const r = await t.app.request("/api/users/self", { headers: basicAuth("ann", "pw-ann-1") });
    strictEqual(r.status, 200);
  });
  strictEqual(calls, 1);
  // A new login issues a new key.
  notStrictEqual((await login(t.app, "ann", "pw-ann-1")).token, ann.token);
});

Deno.test("anonymous logout answers 200; auth routes allow POST only", async () => {
  const { app } = testApp();
  const res = await send(app, "POST", "/api/auth/logout");
  strictEqual(res.status, 200);
  await res.body?.cancel();
  for (const path of ["/api/auth/login", "/api/auth/logout", "/api/auth/register"]) {
    const get = await app.request(path);
    strictEqual(get.status, 405);
    deepStrictEqual(await json(get), { detail: 'Method "GET" not allowed.' });
  }
});

Deno.test("anonymous requests pass the middleware; routes decide", async () => {
  const { app } = testApp();
  const about = await app.request("/api/server/about");
  strictEqual(about.status, 200);
  await about.body?.cancel();
  const self = await app.request("/api/users/self");
  strictEqual(self.status, 401);
  strictEqual(self.headers.get("WWW-Authenticate"), "Token");
  await self.body?.cancel();
  strictEqual(TEST_ITERATIONS, 1000);
});

Deno.test("createUser through a bare app registers, and sets other groups as the admin", async () => {
  const { app } = testApp();
  const worker = await createUser(app, "dorothy", "Secr3t-pass!", ["worker"]);
  deepStrictEqual(worker.groups, ["worker"]);
  const self = await json(
    await app.request("/api/users/self", {
      headers: (await login(app, "dorothy", "Secr3t-pass!")).headers,
    }),
  );
  deepStrictEqual(self.groups, ["worker"]);
  strictEqual(self.id, worker.id);
});
