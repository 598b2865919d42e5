/**
 * The client's HTTP session: builds requests against the API root, sends them through the
 * configured `fetch`, keeps the login token (`Authorization: Token <key>`), and turns error
 * answers into `ServerError`s with the HTTP code and the server's detail text.
 *
 * @module
 */

import { ArgumentError, ServerError } from "../core/errors.ts";

/** A query string's values (arrays repeat the key; null and undefined are left out). */
export type Query = Record<string, string | number | boolean | null | undefined | string[]>;

/** Options of one request. */
export interface RequestOptions {
  query?: Query;
  /** A JSON body (sets `Content-Type: application/json`). */
  json?: unknown;
  /** Any other body (FormData, bytes). */
  body?: BodyInit;
  headers?: Record<string, string>;
  /** Statuses answered without an error besides 2xx (e.g. `[404]`). */
  accept?: number[];
}

/** The HTTP session of one `cvat` instance. */
export interface Http {
  /** The absolute API root without a trailing slash, e.g. `http://host/api`. */
  readonly api: string;
  /** The login token, or null. */
  token: string | null;
  /** An absolute URL for an API path (`/tasks/1`) or an absolute URL as is. */
  url(path: string, query?: Query): string;
  /** Sends a request; a status outside 2xx (and `accept`) is a `ServerError`. */
  request(method: string, path: string, options?: RequestOptions): Promise<Response>;
  /** Sends a request and reads its JSON answer (null for an empty body). */
  json<T = unknown>(method: string, path: string, options?: RequestOptions): Promise<T>;
}

/**
 * Resolves `backendAPI` to an absolute URL without a trailing slash. A relative root needs a
 * page to resolve against (`globalThis.location`); elsewhere it is an `ArgumentError`.
 *
 * @example
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import { resolveApiRoot } from "./http.ts";
 * strictEqual(resolveApiRoot("http://cvat.local/api/"), "http://cvat.local/api");
 * ```
 */
export function resolveApiRoot(backendAPI: string): string {
  if (typeof backendAPI !== "string" || backendAPI === "") {
    throw new ArgumentError(`backendAPI must be a URL string, got ${JSON.stringify(backendAPI)}`);
  }
  const base = (globalThis as { location?: { href?: string } }).location?.href;
  let url: URL;
  try {
    url = base ? new URL(backendAPI, base) : new URL(backendAPI);
  } catch {
    throw new ArgumentError(
      `backendAPI must be an absolute URL outside a browser page, got "${backendAPI}"`,
    );
  }
  return url.href.replace(/\/+$/, "");
}

/**
 * The human-readable text of an error body: `detail`, a string, a list, or `field: message`
 * pairs.
 *
 * @example
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import { errorText } from "./http.ts";
 * strictEqual(errorText({ detail: "Not found." }), "Not found.");
 * strictEqual(errorText({ name: ["This field is required."] }), "name: This field is required.");
 * ```
 */
export function errorText(body: unknown): string {
  if (typeof body === "string") return body;
  if (Array.isArray(body)) return body.map(errorText).join("; ");
  if (body && typeof body === "object") {
    const record = body as Record<string, unknown>;
    if (typeof record.detail === "string") return record.detail;
    return Object.entries(record).map(([key, value]) => `${key}: ${errorText(value)}`).join("; ");
  }
  return String(body);
}

async function serverError(method: string, url: string, response: Response): Promise<ServerError> {
  const text = await response.text().catch(() => "");
  let detail = text;
  try {
    detail = errorText(JSON.parse(text));
  } catch { /* not JSON: keep the text */ }
  if (detail.trim() === "") detail = response.statusText || `HTTP ${response.status}`;
  return new ServerError(detail, response.status, {
    cause: { method, url, status: response.status },
  });
}

function queryString(query: Query | undefined): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value === null || value === undefined) continue;
    for (const item of Array.isArray(value) ? value : [value]) params.append(key, String(item));
  }
  const text = params.toString();
  return text ? `?${text}` : "";
}

/**
 * Creates the HTTP session of a `cvat` instance.
 *
 * @example
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import { createHttp } from "./http.ts";
 * const http = createHttp({
 *   api: "http://cvat.local/api",
 *   fetch: (req) => Promise.resolve(Response.json({ url: req.url })),
 * });
 * strictEqual((await http.json<{ url: string }>("GET", "/tasks", { query: { page: 2 } })).url,
 *   "http://cvat.local/api/tasks?page=2");
 * ```
 */
export function createHttp(
  options: { api: string; fetch: (request: Request) => Promise<Response> },
): Http {
  const http: Http = {
    api: options.api,
    token: null,
    url(path, query) {
      const base = /^https?:\/\//.test(path) ? path : `${options.api}${path}`;
      return `${base}${queryString(query)}`;
    },
    async request(method, path, request = {}) {
      const url = http.url(path, request.query);
      const headers = new Headers(request.headers);
      if (http.token && !headers.has("authorization")) {
        headers.set("authorization", `Token ${http.token}`);
      }
      let body = request.body;
      if (request.json !== undefined) {
        headers.set("content-type", "application/json");
        body = JSON.stringify(request.json);
      }
      let response: Response;
      try {
        response = await options.fetch(new Request(url, { method, headers, body }));
      } catch (error) {
        const why = error instanceof Error ? error.message : String(error);
        throw new ServerError(`Cannot reach the server (${method} ${url}): ${why}`, 0, {
          cause: error,
        });
      }
      if (response.ok || request.accept?.includes(response.status)) return response;
      throw await serverError(method, url, response);
    },
    async json<T>(method: string, path: string, request?: RequestOptions): Promise<T> {
      const response = await http.request(method, path, request);
      const text = await response.text();
      return (text === "" ? null : JSON.parse(text)) as T;
    },
  };
  return http;
}
