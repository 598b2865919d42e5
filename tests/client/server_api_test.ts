import { deepStrictEqual, ok, rejects, strictEqual } from "node:assert/strict";
import { clientApp } from "./_fixture.ts";
import { ArgumentError, ServerError } from "../../lib/core/errors.ts";

Deno.test("server.about and server.formats answer the server's JSON", async () => {
  const t = await clientApp();
  const about = await t.cvat.server.about();
  ok(typeof about.name === "string" && typeof about.version === "string");
  const formats = await t.cvat.server.formats();
  ok(Array.isArray(formats.importers) && Array.isArray(formats.exporters));
  const rest = await t.app.request("/api/server/annotation/formats", { headers: t.admin });
  deepStrictEqual(formats, await rest.json());
  deepStrictEqual(t.sent.map((s) => `${s.method} ${s.path}`), [
    "GET /api/server/about",
    "GET /api/server/annotation/formats",
  ]);
});

Deno.test("login keeps the token, authenticated() checks it, logout drops it", async () => {
  const t = await clientApp({ authenticated: false });
  strictEqual(await t.cvat.server.authenticated(), false);
  await t.cvat.server.login("admin", "s3cret!");
  const login = t.sent.find((s) => s.path === "/api/auth/login")!;
  deepStrictEqual(JSON.parse(login.body!), { username: "admin", password: "s3cret!" });
  strictEqual(await t.cvat.server.authenticated(), true);
  const self = t.sent[t.sent.length - 1];
  ok(/^Token [0-9a-f]+$/.test(self.headers.get("authorization")!));
  const [me] = await t.cvat.users.get({ self: true });
  strictEqual(me.username, "admin");
  await t.cvat.server.logout();
  strictEqual(t.sent[t.sent.length - 1].path, "/api/auth/logout");
  strictEqual(await t.cvat.server.authenticated(), false);
  const last = t.sent[t.sent.length - 1];
  strictEqual(last.headers.get("authorization"), null);
  strictEqual(last.status, 401);
});

Deno.test("a wrong password is a ServerError with the server's text; bad arguments are ArgumentErrors", async () => {
  const t = await clientApp({ authenticated: false });
  const error = await t.cvat.server.login("admin", "nope").catch((e: unknown) => e);
  ok(error instanceof ServerError && error.code === 400, String(error));
  ok(/credentials|log in/i.test((error as ServerError).message), (error as ServerError).message);
  await rejects(t.cvat.server.login(1 as never, "x"), ArgumentError);
  strictEqual(await t.cvat.server.authenticated(), false);
});

Deno.test("register creates a user, logs in as them and answers a User", async () => {
  const t = await clientApp({ authenticated: false });
  const user = await t.cvat.server.register(
    "newbie",
    "New",
    "Bie",
    "newbie@example.com",
    "Pa55-word-x",
  );
  const sent = t.sent.find((s) => s.path === "/api/auth/register")!;
  deepStrictEqual(JSON.parse(sent.body!), {
    username: "newbie",
    first_name: "New",
    last_name: "Bie",
    email: "newbie@example.com",
    password1: "Pa55-word-x",
    password2: "Pa55-word-x",
  });
  ok(user instanceof t.cvat.User);
  strictEqual(user.username, "newbie");
  strictEqual(user.firstName, "New");
  ok(user.id > 0);
  strictEqual(await t.cvat.server.authenticated(), true);
});

Deno.test("plugins hook server.login with this = the API", async () => {
  const t = await clientApp({ authenticated: false });
  const seen: string[] = [];
  await t.cvat.plugins.register({
    name: "spy",
    cvat: { server: { login: { enter: (_p: unknown, user: string) => void seen.push(user) } } },
  });
  await t.cvat.server.login("admin", "s3cret!");
  deepStrictEqual(seen, ["admin"]);
});
