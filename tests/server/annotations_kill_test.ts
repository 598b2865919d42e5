/**
 * Issue 4, "test that kill for real": a job's annotations are seeded through the API on a KV
 * file; a child process (fixtures/annotations_kill_child.ts) serves the same file with
 * `createApp` and sends a PUT of 100k shapes; the parent kills it with SIGKILL once the new
 * generation is being written (at its first object, and in a second run once 30k are written),
 * reopens the file, and finds exactly the previous annotations (same body, same ETag), then
 * writes again normally.
 */

import { deepStrictEqual, ok, strictEqual } from "node:assert/strict";
import { annWorld, body, jobAnn, type Json, request } from "./annotations_blackbox_fixture.ts";
import { carTrack, rect, skeleton, tag } from "./annotations_blackbox_objects.ts";
import { testApp } from "./_client.ts";
import { kvStore } from "../../lib/store/kv.ts";

const CHILD = new URL("./fixtures/annotations_kill_child.ts", import.meta.url).pathname;
const CONFIG = new URL("../../deno.json", import.meta.url).pathname;

/**
 * Whether a pending generation (not switched to yet) holds at least `depth` objects (key layout:
 * lib/store/kv.ts).
 */
async function writing(kv: Deno.Kv, job: number, depth: number): Promise<boolean> {
  for await (const entry of kv.list({ prefix: ["pend", "ann", job] })) {
    let count = 0;
    const keys = kv.list({ prefix: ["ann", job, entry.key[3]] }, { limit: depth });
    for await (const _ of keys) count++;
    if (count >= depth) return true;
  }
  return false;
}

function collectOutput(
  stream: ReadableStream<Uint8Array>,
): { text: () => string; closed: Promise<void> } {
  let text = "";
  const closed = (async () => {
    for await (const chunk of stream.pipeThrough(new TextDecoderStream())) text += chunk;
  })();
  return { text: () => text, closed };
}

for (const depth of [1, 30_000]) {
  Deno.test(`a PUT killed with SIGKILL mid-write (${depth} objects written) leaves the previous annotations`, async () => {
    const dir = await Deno.makeTempDir({ prefix: "cvat_ann_kill_" });
    const path = `${dir}/kv.sqlite`;
    try {
      const w = await annWorld("kv", { kvPath: path });
      const job = w.jobs[0].id;
      const seeded = await w.req(
        "PATCH",
        jobAnn(job, "action=create"),
        body({
          shapes: [rect(w.ids, 1, 1), rect(w.ids, 2, 2), skeleton(w.ids, 3, 3)],
          tracks: [carTrack(w.ids, [[0, 0], [4, 8]])],
          tags: [tag(w.ids, 5)],
        }),
      );
      strictEqual(seeded.status, 200, seeded.text);
      const before = await w.req("GET", jobAnn(job));
      strictEqual(before.status, 200);
      const token = w.as.ann.token;
      const label = w.ids.car;
      await w.close();

      const watcher = await Deno.openKv(path);
      const child = new Deno.Command(Deno.execPath(), {
        args: ["run", "-A", "--config", CONFIG, CHILD, path, `${job}`, `${label}`, "100000", token],
        stdout: "piped",
        stderr: "null",
      }).spawn();
      const output = collectOutput(child.stdout);
      let killed = false;
      const deadline = Date.now() + 15_000;
      while (Date.now() < deadline && !output.text().includes("done")) {
        if (output.text().includes("put") && await writing(watcher, job, depth)) {
          child.kill("SIGKILL");
          killed = true;
          break;
        }
        await new Promise((resolve) => setTimeout(resolve, 2));
      }
      if (!killed) child.kill("SIGKILL");
      const status = await child.status;
      await output.closed;
      watcher.close();
      ok(killed, `the PUT was not caught writing; child said: ${output.text()}`);
      ok(!status.success && !output.text().includes("done"), "the child died before answering");

      const kv = await Deno.openKv(path);
      try {
        const t = testApp({ store: kvStore(kv) });
        const headers = { Authorization: `Token ${token}` };
        const after = await request(t, "GET", jobAnn(job), undefined, headers);
        strictEqual(after.status, 200, after.text);
        strictEqual(after.headers.get("etag"), before.headers.get("etag"));
        deepStrictEqual(after.body, before.body, "exactly the previous annotations");
        const more = await request(
          t,
          "PATCH",
          jobAnn(job, "action=create"),
          body({
            shapes: [rect(w.ids, 6, 6)],
          }),
          headers,
        );
        strictEqual(more.status, 200, more.text);
        strictEqual(more.body.version, before.body.version + 1);
        const last = await request(t, "GET", jobAnn(job), undefined, headers);
        strictEqual(last.body.shapes.length, before.body.shapes.length + 1);
        ok(last.body.shapes.some((s: Json) => s.id === more.body.shapes[0].id));
        t.store.close();
      } finally {
        kv.close();
      }
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  });
}
