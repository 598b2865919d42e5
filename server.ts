/**
 * The cvat-lite microservice: `deno task serve` starts it on 127.0.0.1:8080.
 *
 * Importing this module opens nothing; flags are read only when it runs as the main module.
 * `deno serve server.ts` uses the default export.
 *
 * @example
 * ```ts
 * import { ok } from "node:assert/strict";
 * import { createApp } from "@cvat-lite/cvat/server";
 * const app = createApp();
 * const about = await (await app.request("/api/server/about")).json();
 * ok(typeof about.version === "string");
 * ```
 *
 * @module
 */

import { parseArgs } from "node:util";
import { createApp } from "./lib/server/app.ts";

export { type AppOptions, createApp } from "./lib/server/app.ts";
export { memoryStore } from "./lib/store/memory.ts";
export { kvStore } from "./lib/store/kv.ts";

let app: ReturnType<typeof createApp> | undefined;

/** The edge entry (`deno serve server.ts`): the app is built on the first request. */
const edge: { fetch(request: Request): Response | Promise<Response> } = {
  fetch(request) {
    app ??= createApp();
    return app.fetch(request);
  },
};
export default edge;

function main(): void {
  const { values } = parseArgs({
    args: Deno.args,
    options: {
      host: { type: "string", default: "127.0.0.1" },
      port: { type: "string", default: "8080" },
    },
  });
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`Invalid --port: "${values.port}"`);
    Deno.exit(2);
  }
  const server = createApp();
  Deno.serve({
    hostname: values.host,
    port,
    onListen: ({ hostname, port }) =>
      console.log(`cvat-lite listening on http://${hostname}:${port}`),
  }, server.fetch);
}

if (import.meta.main) main();
