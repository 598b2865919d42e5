/**
 * The cvat-lite microservice: `deno task serve` starts it on 127.0.0.1:8080 with its data in a
 * Deno KV file under `./cvat-data/` (`--memory` keeps nothing).
 *
 * Importing this module opens nothing. Flags, the environment and KV are read only when it runs
 * as the main module, or (for `deno serve server.ts`, whose default export is used) on the first
 * request.
 *
 * @example
 * ```ts
 * import { ok } from "node:assert/strict";
 * import { createApp, memoryStore } from "./server.ts";
 * const app = createApp({ store: memoryStore() });
 * const about = await (await app.request("/api/server/about")).json();
 * ok(typeof about.version === "string");
 * ```
 *
 * @module
 */

import { parseArgs } from "node:util";
import { createApp } from "./lib/server/app.ts";
import { memoryStore } from "./lib/store/memory.ts";
import { kvStore } from "./lib/store/kv.ts";
import { ensureAdmin } from "./lib/server/admin.ts";
import type { Store } from "./lib/store/types.ts";

export { type AppOptions, createApp } from "./lib/server/app.ts";
export { memoryStore } from "./lib/store/memory.ts";
export { kvStore } from "./lib/store/kv.ts";

let edgeApp: Promise<ReturnType<typeof createApp>> | undefined;

async function buildEdgeApp(): Promise<ReturnType<typeof createApp>> {
  let store: Store;
  try {
    store = kvStore(await Deno.openKv(Deno.env.get("CVAT_KV_PATH") || undefined));
  } catch (error) {
    console.warn(`Deno KV is not available (${(error as Error).message}); using memory`);
    store = memoryStore();
  }
  const username = Deno.env.get("CVAT_ADMIN_USERNAME");
  const password = Deno.env.get("CVAT_ADMIN_PASSWORD");
  return createApp({ store, admin: username && password ? { username, password } : undefined });
}

const edge: { fetch(request: Request): Promise<Response> } = {
  async fetch(request) {
    edgeApp ??= buildEdgeApp();
    return (await edgeApp).fetch(request);
  },
};
/** The edge entry (`deno serve server.ts`): the app and its store are made on the first request. */
export default edge;

function randomPassword(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(12));
  return btoa(String.fromCharCode(...bytes)).replace(/[+/=]/g, "x");
}

function readFlags() {
  const { values } = parseArgs({
    args: Deno.args,
    options: {
      host: { type: "string", default: "127.0.0.1" },
      port: { type: "string", default: "8080" },
      memory: { type: "boolean", default: false },
      data: { type: "string", default: "./cvat-data" },
      share: { type: "string" },
      ui: { type: "string" },
    },
  });
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`--port must be an integer from 0 to 65535, got "${values.port}"`);
  }
  return { ...values, port };
}

async function openStore(flags: ReturnType<typeof readFlags>): Promise<[Store, string]> {
  if (flags.memory) return [memoryStore(), "in memory (nothing is kept)"];
  await Deno.mkdir(flags.data, { recursive: true });
  const path = `${flags.data}/cvat.kv`;
  return [kvStore(await Deno.openKv(path)), `in ${path}`];
}

async function main(): Promise<void> {
  const flags = readFlags();
  const [store, where] = await openStore(flags);
  const username = Deno.env.get("CVAT_ADMIN_USERNAME") ?? "admin";
  let password = Deno.env.get("CVAT_ADMIN_PASSWORD");
  const exists = (await store.users.listBy("username", username)).length > 0;
  if (!password && !exists) {
    password = randomPassword();
    console.log(`Created the administrator "${username}" with the password: ${password}`);
  }
  if (password) await ensureAdmin(store, { username, password });
  const app = createApp({ store, shareDir: flags.share, uiDir: flags.ui });
  Deno.serve({
    hostname: flags.host,
    port: flags.port,
    onListen: ({ hostname, port }) => {
      console.log(`cvat-lite listening on http://${hostname}:${port}`);
      console.log(`Data is kept ${where}`);
    },
  }, app.fetch);
}

if (import.meta.main) {
  main().catch((error) => {
    console.error(error.message);
    Deno.exit(1);
  });
}
