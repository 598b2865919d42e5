import { deepStrictEqual, match, ok, strictEqual } from "node:assert/strict";
import { basicAuth, createUser, json, login, send, setCookies, testApp } from "./_client.ts";

const MISMATCH = "The two password fields didn\u2019t match.";
const SHORT = "This password is too short. It must contain at least 8 characters.";
const COMMON = "This password is too common.";
const NUMERIC = "This password is entirely numeric.";

const good = {
  username: "annabel",
  email: "annabel@example.com",
  password1: "Tr0ub4dor&3x",
  password2: "Tr0ub4dor&3x",
};

Deno.test("register creates a user in the 'user' group, logged in", async () => {
  const { app, store } = testApp();
  const res = await send(app, "POST", "/api/auth/register", {
    ...good,
    first_name: "Anna",
    last_name: "Bel",
    confirmations: [],
  });
  strictEqual(res.status, 201);
  const body = await json(res);
  match(body.key, /^[0-9a-f]{40}$/);
  deepStrictEqual({ ...body, key: "k" }, {
    username: "annabel",
    email: "annabel@example.com",
    first_name: "Anna",
    last_name: "Bel",
    email_verification_required: false,
    key: "k",
  });
  const cookies = setCookies(res);
  ok(cookies.sessionid && cookies.csrftoken);
  const self = await json(
    await app.request("/api/users/self", { headers: { Authorization: `Token ${body.key}` } }),
  );
  deepStrictEqual(self.groups, ["user"]);
  strictEqual(self.is_staff, false);
  strictEqual(self.is_superuser, false);
  ok(self.last_login);
  const stored = (await store.users.listBy("username", "annabel"))[0];
  match(stored.passwordHash, /^pbkdf2_sha256\$1000\$/);
  strictEqual((await login(app, "annabel", good.password1)).token, body.key);
});

Deno.test("register answers CVAT's field errors and creates nothing", async () => {
  const t = testApp();
  await createUser(t, "taken", "pw-taken-1");
  const cases: [Record<string, unknown>, unknown][] = [
    [{}, {
      username: ["This field is required."],
      email: ["This field is required."],
      password1: ["This field is required."],
      password2: ["This field is required."],
    }],
    [{ ...good, username: "taken" }, { username: ["A user with that username already exists."] }],
    [{ ...good, username: "abc" }, { username: ["Ensure this field has at least 5 characters."] }],
    [{ ...good, username: "a".repeat(151) }, {
      username: ["Ensure this field has no more than 150 characters."],
    }],
    [{ ...good, username: "bad name!" }, {
      username: [
        "Enter a valid username. This value may contain only letters, numbers, and @/./+/-/_ characters.",
      ],
    }],
    [{ ...good, username: ["x"] }, { username: ["Not a valid string."] }],
    [{ ...good, email: "nope" }, { email: ["Enter a valid email address."] }],
    [{ ...good, email: "taken@example.com" }, {
      email: ["A user is already registered with this e-mail address."],
    }],
    [{ ...good, password1: "pass", password2: "pass" }, { password1: [SHORT, COMMON] }],
    [{ ...good, password1: "12345", password2: "12345" }, { password1: [SHORT, COMMON, NUMERIC] }],
    [{ ...good, password1: "90817263544", password2: "90817263544" }, { password1: [NUMERIC] }],
    [{ ...good, password1: "password", password2: "password" }, { password1: [COMMON] }],
    [{ ...good, password2: "Tr0ub4dor&3y" }, { non_field_errors: [MISMATCH] }],
    [{ ...good, password1: "annabel1x", password2: "annabel1x" }, {
      non_field_errors: ["The password is too similar to the username."],
    }],
    [{ ...good, first_name: "x".repeat(151) }, {
      first_name: ["Ensure this field has no more than 150 characters."],
    }],
    [{ ...good, password1: 5, password2: true }, {
      password1: [SHORT, NUMERIC],
      password2: ["Not a valid string."],
    }],
  ];
  for (const [body, expected] of cases) {
    const res = await send(t.app, "POST", "/api/auth/register", body);
    strictEqual(res.status, 400, JSON.stringify(body).slice(0, 100));
    deepStrictEqual(await json(res), expected);
  }
  for (const raw of ["{", "[]", "null", '"x"']) {
    const res = await send(t.app, "POST", "/api/auth/register", raw);
    strictEqual(res.status, 400, raw);
    await res.body?.cancel();
  }
  strictEqual(await t.store.users.count(), 2);
});

Deno.test("concurrent registrations of one username create one user", async () => {
  const { app, store } = testApp();
  const results = await Promise.all(
    [1, 2, 3].map((i) =>
      send(app, "POST", "/api/auth/register", { ...good, email: `a${i}@example.com` })
    ),
  );
  deepStrictEqual(results.map((r) => r.status).sort(), [201, 400, 400]);
  for (const r of results) await r.body?.cancel();
  strictEqual((await store.users.listBy("username", "annabel")).length, 1);
});

Deno.test("password change: auth required, field errors, success", async () => {
  const t = testApp();
  await createUser(t, "ann", "pw-ann-1");
  const ann = await login(t.app, "ann", "pw-ann-1");
  const change = (body: unknown, headers = ann.headers) =>
    send(t.app, "POST", "/api/auth/password/change", body, headers);
  const anonymous = await change({}, {});
  strictEqual(anonymous.status, 401);
  await anonymous.body?.cancel();
  const base = { old_password: "pw-ann-1", new_password1: "N3w-pass-word", new_password2: "" };
  const cases: [unknown, unknown][] = [
    [{}, {
      old_password: ["This field is required."],
      new_password1: ["This field is required."],
      new_password2: ["This field is required."],
    }],
    [{ ...base, old_password: "wrong", new_password2: "N3w-pass-word" }, {
      old_password: ["Your old password was entered incorrectly. Please enter it again."],
    }],
    [{ ...base, new_password2: "N3w-pass-wordX" }, { new_password2: [MISMATCH] }],
    [{ ...base, new_password1: "pass", new_password2: "pass" }, { new_password2: [SHORT, COMMON] }],
    [{ ...base, new_password1: "example1", new_password2: "example1" }, {
      new_password2: ["The password is too similar to the email address."],
    }],
    [{ ...base, new_password1: "x".repeat(129), new_password2: "x" }, {
      new_password1: ["Ensure this field has no more than 128 characters."],
    }],
    [{ ...base, new_password2: ["N3w-pass-word"] }, { new_password2: ["Not a valid string."] }],
  ];
  for (const [body, expected] of cases) {
    const res = await change(body);
    strictEqual(res.status, 400, JSON.stringify(body).slice(0, 100));
    deepStrictEqual(await json(res), expected);
  }
  const bad = await change("{oops");
  strictEqual(bad.status, 400);
  await bad.body?.cancel();
  strictEqual((await login(t.app, "ann", "pw-ann-1")).token, ann.token);
  const res = await change({ ...base, new_password2: "N3w-pass-word" });
  strictEqual(res.status, 200);
  deepStrictEqual(await json(res), { detail: "New password has been saved." });
  const old = await send(t.app, "POST", "/api/auth/login", {
    username: "ann",
    password: "pw-ann-1",
  });
  strictEqual(old.status, 400);
  await old.body?.cancel();
  await login(t.app, "ann", "N3w-pass-word");
  // The token survives a password change.
  strictEqual((await t.app.request("/api/users/self", { headers: ann.headers })).status, 200);
});

Deno.test("password change keeps the current session and ends the others", async () => {
  const t = testApp();
  await createUser(t, "ann", "pw-ann-1");
  const first = await login(t.app, "ann", "pw-ann-1");
  const second = await login(t.app, "ann", "pw-ann-1");
  const res = await send(t.app, "POST", "/api/auth/password/change", {
    old_password: "pw-ann-1",
    new_password1: "N3w-pass-word",
    new_password2: "N3w-pass-word",
  }, second.session);
  strictEqual(res.status, 200);
  await res.body?.cancel();
  const status = async (cookie: string) => {
    const r = await t.app.request("/api/users/self", { headers: { Cookie: cookie } });
    await r.body?.cancel();
    return r.status;
  };
  strictEqual(await status(second.cookie), 200);
  strictEqual(await status(first.cookie), 401);
  const basic = await t.app.request("/api/users/self", { headers: basicAuth("ann", "pw-ann-1") });
  strictEqual(basic.status, 401);
  await basic.body?.cancel();
});
