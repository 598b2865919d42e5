/**
 * `GET /api/docs`: Swagger UI for `/api/schema/`, served from the files of the `swagger-ui-dist`
 * npm package on this machine (no CDN: the server may run offline). The files are read on the
 * first request and kept in memory; where they cannot be read (no filesystem, e.g. some edge
 * deployments) the docs answer 503 and everything else keeps working.
 *
 * @module
 */

import { type Hono, loadSwaggerUiDist } from "./deps.ts";
import type { Env } from "./context.ts";
import { HttpError, notFound } from "./errors.ts";

/** The package files the page may load, with their content types. */
const ASSETS: Record<string, string> = {
  "swagger-ui.css": "text/css; charset=utf-8",
  "swagger-ui-bundle.js": "text/javascript; charset=utf-8",
  "swagger-ui-standalone-preset.js": "text/javascript; charset=utf-8",
  "favicon-16x16.png": "image/png",
  "favicon-32x32.png": "image/png",
};

/** Finds the directory that holds Swagger UI's files. */
export type LocateSwaggerUi = () => Promise<string>;

async function locateInstalledPackage(): Promise<string> {
  const module = await loadSwaggerUiDist();
  return module.default();
}

/**
 * The HTML page: loads the package's CSS and bundle and points Swagger UI at the JSON schema.
 *
 * @example
 * ```ts
 * import { ok } from "node:assert/strict";
 * import { swaggerUiPage } from "./docs.ts";
 * ok(swaggerUiPage("/api/schema/?scheme=json").includes("swagger-ui-bundle.js"));
 * ```
 */
export function swaggerUiPage(schemaUrl: string): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>CVAT REST API</title>
  <link rel="stylesheet" href="/api/docs/swagger-ui.css">
  <link rel="icon" type="image/png" href="/api/docs/favicon-32x32.png" sizes="32x32">
</head>
<body>
  <div id="swagger-ui"></div>
  <script src="/api/docs/swagger-ui-bundle.js"></script>
  <script>
    window.ui = SwaggerUIBundle({
      url: ${JSON.stringify(schemaUrl)},
      dom_id: "#swagger-ui",
      deepLinking: true,
      persistAuthorization: true,
    });
  </script>
</body>
</html>
`;
}

/**
 * A reader of Swagger UI's files that caches each file in memory after its first read. A failed
 * read is not cached (the next request tries again) and becomes a 503.
 *
 * @example
 * ```ts
 * // const read = swaggerUiReader(); const css = await read("swagger-ui.css");
 * ```
 */
export function swaggerUiReader(
  locate: LocateSwaggerUi = locateInstalledPackage,
): (name: string) => Promise<Uint8Array<ArrayBuffer>> {
  const cache = new Map<string, Promise<Uint8Array<ArrayBuffer>>>();
  return async (name) => {
    let bytes = cache.get(name);
    if (!bytes) {
      bytes = locate().then((dir) => Deno.readFile(`${dir}/${name}`));
      cache.set(name, bytes);
    }
    try {
      return await bytes;
    } catch (error) {
      cache.delete(name);
      const reason = error instanceof Error ? error.message : String(error);
      throw new HttpError(503, {
        detail: `The API documentation is not available on this server: the Swagger UI files ` +
          `could not be read (${reason}). The schema is still at /api/schema/.`,
      });
    }
  };
}

/**
 * Registers `GET /api/docs` (also with a trailing slash) and `GET /api/docs/{file}` for the
 * whitelisted package files. Public, as in CVAT.
 *
 * @example
 * ```ts
 * // registerDocsRoutes(app)                       — files of the installed swagger-ui-dist
 * // registerDocsRoutes(app, () => Promise.reject(new Error("no filesystem")))  — always 503
 * ```
 */
export function registerDocsRoutes(app: Hono<Env>, locate?: LocateSwaggerUi): void {
  const read = swaggerUiReader(locate);
  const page = async () => {
    await read("swagger-ui-bundle.js");
    return new Response(swaggerUiPage("/api/schema/?scheme=json"), {
      headers: { "content-type": "text/html; charset=utf-8" },
    });
  };
  app.get("/api/docs", page);
  app.get("/api/docs/", page);
  app.get("/api/docs/:file", async (c) => {
    const name = c.req.param("file");
    const type = Object.hasOwn(ASSETS, name) ? ASSETS[name] : undefined;
    if (!type) throw notFound();
    const bytes = await read(name);
    return new Response(bytes, {
      headers: { "content-type": type, "cache-control": "public, max-age=86400" },
    });
  });
}
