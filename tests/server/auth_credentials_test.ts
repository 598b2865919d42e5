import { notStrictEqual, ok, strictEqual } from "node:assert/strict";
import { BasicCache } from "../../lib/server/auth_credentials.ts";

Deno.test("BasicCache: keys follow the password hash; entries expire and are bounded", async () => {
  const user = { id: 1, passwordHash: "hash-1" } as Parameters<BasicCache["keyOf"]>[2];
  const cache = new BasicCache(30, 2);
  const key = await cache.keyOf("ann", "pw", user);
  notStrictEqual(await cache.keyOf("ann", "pw", { ...user, passwordHash: "hash-2" }), key);
  notStrictEqual(await cache.keyOf("ann", "pw2", user), key);
  cache.remember(key, 1);
  ok(cache.has(key, 1));
  ok(!cache.has(key, 2));
  cache.remember("a", 1);
  cache.remember("b", 1);
  cache.remember("c", 1);
  strictEqual(cache.size, 2);
  await new Promise((resolve) => setTimeout(resolve, 40));
  ok(!cache.has("c", 1));
});
