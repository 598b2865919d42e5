import { ok, strictEqual } from "node:assert/strict";
import { kvStore } from "../../server.ts";

Deno.test("two KV handles on one file write concurrently without 'database is locked'", async () => {
  const dir = await Deno.makeTempDir();
  const path = `${dir}/shared.kv`;
  const [a, b] = [await Deno.openKv(path), await Deno.openKv(path)];
  try {
    const stores = [kvStore(a), kvStore(b)];
    const writes = Array.from(
      { length: 60 },
      (_, i) => stores[i % 2].events.create({ userId: null, event: { i }, received: "" }),
    );
    const created = await Promise.all(writes);
    strictEqual(new Set(created.map((e) => e.id)).size, 60, "every create got its own id");
    strictEqual(await stores[0].events.count(), 60);
    ok((await stores[1].events.get(created[59].id)) !== null);
  } finally {
    a.close();
    b.close();
  }
});
