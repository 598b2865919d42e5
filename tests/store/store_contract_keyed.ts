/**
 * Store contract: keyed tables (expiry, prefixes) and blobs.
 *
 * @module
 */

import { deepEqual, equal, ok, rejects } from "node:assert/strict";
import { collect, contractCase, type MakeStore } from "./store_contract_records.ts";
import type { RequestRecord } from "../../lib/store/types.ts";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function request(id: string, progress = 0): RequestRecord {
  return {
    id,
    operation: "create:task",
    target: null,
    userId: 1,
    status: "queued",
    message: "",
    progress,
    result: null,
    created: "2024-01-01T00:00:00.000000Z",
    updated: "2024-01-01T00:00:00.000000Z",
  };
}

function bytes(length: number, seed = 1): Uint8Array {
  const out = new Uint8Array(length);
  for (let i = 0; i < length; i++) out[i] = (i * 31 + seed * 7 + (i >> 11)) & 0xff;
  return out;
}

/**
 * Registers the keyed-table and blob cases.
 *
 * @example
 * ```ts
 * // keyedContract("memory", makeStore);
 * ```
 */
export function keyedContract(name: string, makeStore: MakeStore): void {
  const test = (title: string, body: Parameters<typeof contractCase>[3]) =>
    contractCase(name, makeStore, title, body);

  test("keyed: put, get, delete, list by prefix", async (store) => {
    await store.requests.put("b:2", request("b:2"));
    await store.requests.put("a:1", request("a:1"));
    await store.requests.put("b:1", request("b:1"));
    await store.requests.put("b", request("b"));
    await store.requests.put("c", request("c"));
    deepEqual(await store.requests.get("a:1"), request("a:1"));
    equal(await store.requests.get("zz"), null);
    deepEqual((await collect(store.requests.list("b"))).map(([key]) => key), ["b", "b:1", "b:2"]);
    deepEqual((await collect(store.requests.list())).map(([key]) => key), [
      "a:1",
      "b",
      "b:1",
      "b:2",
      "c",
    ]);
    await store.requests.put("b:1", request("b:1", 50));
    equal((await store.requests.get("b:1"))?.progress, 50);
    ok(await store.requests.delete("b:1"));
    equal(await store.requests.delete("b:1"), false);
    deepEqual((await collect(store.requests.list("b:"))).map(([key]) => key), ["b:2"]);
    const found = (await store.requests.get("a:1"))!;
    found.progress = 99;
    equal((await store.requests.get("a:1"))?.progress, 0);
  });

  test("keyed: non-ASCII keys list in code point order", async (store) => {
    for (const key of ["k\u{1F600}", "k\uFF01", "ka", "k\u00e9", "l"]) {
      await store.requests.put(key, request(key));
    }
    deepEqual((await collect(store.requests.list("k"))).map(([key]) => key), [
      "ka",
      "k\u00e9",
      "k\uFF01",
      "k\u{1F600}",
    ]);
    deepEqual((await collect(store.requests.list("k\u{1F600}"))).length, 1);
  });

  test("keyed: expiry", async (store) => {
    await store.sessions.put("s1", { id: "s1" } as never, { expireIn: 60 });
    await store.sessions.put("s2", { id: "s2" } as never, { expireIn: 60_000 });
    await store.sessions.put("s3", { id: "s3" } as never);
    await store.sessions.put("s4", { id: "s4" } as never, { expireIn: 0 });
    await store.sessions.put("s5", { id: "s5" } as never, { expireIn: 30 });
    equal((await store.sessions.get("s1"))?.id, "s1");
    equal(await store.sessions.get("s4"), null);
    await sleep(100);
    equal(await store.sessions.get("s1"), null);
    deepEqual((await collect(store.sessions.list("s"))).map(([key]) => key), ["s2", "s3"]);
    equal(await store.sessions.delete("s5"), false);
    equal(await store.sessions.delete("s1"), false);
    ok(await store.sessions.delete("s2"));
    await store.sessions.put("s1", { id: "again" } as never);
    equal((await store.sessions.get("s1"))?.id, "again");
    await rejects(() => store.sessions.put("s6", {} as never, { expireIn: NaN }), RangeError);
  });

  test("keyed: large values and key limits", async (store) => {
    const body = "x".repeat(3_000_000);
    const record = { key: "job:1:k", bodyHash: "h", status: 200, headers: {}, body, created: "" };
    await store.idempotency.put("job:1:k", record, { expireIn: 60_000 });
    deepEqual(await store.idempotency.get("job:1:k"), record);
    await store.idempotency.put("job:1:k", { ...record, body: "small" });
    equal((await store.idempotency.get("job:1:k"))?.body, "small");
    await store.idempotency.put("job:1:k", record);
    equal((await collect(store.idempotency.list("job:1:")))[0][1].body.length, 3_000_000);
    ok(await store.idempotency.delete("job:1:k"));
    await rejects(() => store.idempotency.put("k".repeat(1025), record), RangeError);
    await store.idempotency.put("é".repeat(512), record);
    equal(await store.idempotency.get("k".repeat(5000)), null);
    equal(await store.idempotency.delete("k".repeat(5000)), false);
  });

  test("blobs: 3 MB round trip, overwrite, delete", async (store) => {
    const big = bytes(3 * 1024 * 1024 + 17);
    await store.blobs.put("media/1/original", big);
    deepEqual(await store.blobs.get("media/1/original"), big);
    const read = (await store.blobs.get("media/1/original"))!;
    read[0] ^= 0xff;
    deepEqual(await store.blobs.get("media/1/original"), big);
    const small = bytes(100, 2);
    await store.blobs.put("media/1/original", small.subarray(10, 60));
    deepEqual(await store.blobs.get("media/1/original"), small.slice(10, 60));
    await store.blobs.put("media/1/original", big);
    deepEqual(await store.blobs.get("media/1/original"), big);
    await store.blobs.put("empty", new Uint8Array());
    deepEqual(await store.blobs.get("empty"), new Uint8Array());
    equal(await store.blobs.get("missing"), null);
    ok(await store.blobs.delete("media/1/original"));
    equal(await store.blobs.delete("media/1/original"), false);
    equal(await store.blobs.get("media/1/original"), null);
    await rejects(() => store.blobs.put("x".repeat(2000), small), RangeError);
  });

  test("blobs: deletePrefix", async (store) => {
    for (let i = 0; i < 25; i++) await store.blobs.put(`task/1/chunk/${i}`, bytes(1000, i));
    await store.blobs.put("task/1/original", bytes(200_000));
    await store.blobs.put("task/10/chunk/0", bytes(10));
    await store.blobs.put("task/2/chunk/0", bytes(10));
    equal(await store.blobs.deletePrefix("task/1/"), 26);
    equal(await store.blobs.get("task/1/chunk/3"), null);
    equal(await store.blobs.get("task/1/original"), null);
    equal((await store.blobs.get("task/10/chunk/0"))?.length, 10);
    equal(await store.blobs.deletePrefix("task/1/"), 0);
    equal(await store.blobs.deletePrefix(""), 2);
  });
}
