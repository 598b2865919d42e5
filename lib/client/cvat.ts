/**
 * `createCvat(options)`: the CVAT JS API over any CVAT-compatible server, or in process over
 * `createApp(...).fetch`. Each instance has its own HTTP session, classes, plugins and logger.
 *
 * @module
 */

import type { ClientConfig, ClientContext, CvatOptions } from "./context.ts";
import { createHttp, resolveApiRoot } from "./http.ts";
import { createPluginRegistry, type Plugin } from "./plugins.ts";
import { createServerApi, type ServerApi } from "./server_api.ts";
import { createQueries, type Queries } from "./queries.ts";
import { type ClientClasses, createClasses } from "./classes.ts";
import { createLogger, type Logger } from "./logger.ts";
import { FrameData } from "./frames.ts";
import { CLIENT_VERSION } from "./version.ts";
import { Attribute, Label } from "../core/label.ts";
import { ObjectState } from "../core/object_state.ts";
import { Statistics } from "../core/statistics.ts";
import * as enums from "../core/enums.ts";
import {
  ArgumentError,
  DataError,
  Exception,
  PluginError,
  ScriptingError,
  ServerError,
  setDefaultExceptionReporter,
  tieException,
} from "../core/errors.ts";

/** `cvat.exceptions`: the error classes the API rejects with (shared by every instance). */
export interface CvatExceptions {
  /** The base class of every error below; `save()` reports it to the server. */
  readonly Exception: typeof Exception;
  /** Bad arguments to an API call (names the argument and the value). */
  readonly ArgumentError: typeof ArgumentError;
  /** Bad data: point counts, unknown shape types, ids the server did not answer with. */
  readonly DataError: typeof DataError;
  /** Internal misuse of the API. */
  readonly ScriptingError: typeof ScriptingError;
  /** The server answered with an error (`code` is the HTTP status, 0 for a network failure). */
  readonly ServerError: typeof ServerError;
  /** A plugin hook threw; `cause` is what it threw. */
  readonly PluginError: typeof PluginError;
}

const exceptions: CvatExceptions = Object.freeze({
  Exception,
  ArgumentError,
  DataError,
  ScriptingError,
  ServerError,
  PluginError,
});

/** The classes of a `cvat` instance. */
export type CvatClasses = ClientClasses & {
  /** A label (shared by all instances). */
  Label: typeof Label;
  /** A label's attribute (shared by all instances). */
  Attribute: typeof Attribute;
  /** An annotation object as the API hands it out and takes it in `put` (shared). */
  ObjectState: typeof ObjectState;
  /** One frame of a session (`frames.get`). */
  FrameData: typeof FrameData;
  /** `annotations.statistics()` results. */
  Statistics: typeof Statistics;
};

/**
 * A `cvat` instance: the CVAT JS API. Methods reached from the instance itself (`server.*`,
 * `tasks.get`, `jobs.get`, `projects.get`, `users.get`, `logger.*`) run their plugin hooks with
 * `this` = the `cvat` instance, however they are called.
 */
export type Cvat = CvatClasses & Queries & {
  /** Login, logout, registration and what the server is (`about`, `formats`). */
  server: ServerApi;
  /** This instance's plugins: `register(plugin)` adds one, `list()` gives them in order. */
  plugins: { register(plugin: Plugin): Promise<void>; list(): Plugin[] };
  /** The instance's event log (`put`, then `save` posts to `/api/events`). */
  logger: Logger;
  /** The instance's configuration (`backendAPI`, `frameLoadPolicy`, `uploadChunkSize`). */
  config: ClientConfig;
  /** The client library: `version`. */
  client: { readonly version: string };
  /** cvat-core's enums (`ObjectType`, `ShapeType`, `EventType`, ...). */
  enums: typeof enums;
  /** The error classes. */
  exceptions: CvatExceptions;
  /** The same classes as on the instance itself (`cvat.classes.Task === cvat.Task`). */
  classes: CvatClasses;
  /** The base error class (`cvat.exceptions.Exception`). */
  Exception: typeof Exception;
};

/**
 * The namespace's methods hooked at `<prefix>.<name>`, with `this` = `self()` (the `cvat`
 * instance) whatever the receiver of the call.
 */
function wrapAll<T extends object>(
  ctx: ClientContext,
  prefix: string,
  api: T,
  self: () => object,
): T {
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(api)) {
    if (typeof value !== "function") {
      out[name] = value;
      continue;
    }
    const wrapped = ctx.plugins.wrap(`${prefix}.${name}`, value as (...args: unknown[]) => unknown);
    out[name] = (...args: unknown[]) => wrapped.apply(self(), args);
  }
  return Object.freeze(out) as T;
}

/**
 * The shared parts of a client (configuration, HTTP session, plugins, logger, exception
 * reporting) without its classes: what `createCvat` builds on, and what tests of single parts use.
 *
 * @example
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import { createClientContext } from "./cvat.ts";
 * const { ctx } = createClientContext({ backendAPI: "http://cvat.local/api", fetch: () => new Response() });
 * strictEqual(ctx.config.backendAPI, "http://cvat.local/api");
 * ```
 */
export function createClientContext(options: CvatOptions): { ctx: ClientContext; logger: Logger } {
  const ctx = createContext(options);
  const logger = createLogger(ctx);
  ctx.log = (scope, details) => logger.log(scope, details);
  ctx.report = async (error) => {
    await logger.put("send:exception", {
      message: error.message,
      filename: "",
      line: 0,
      column: 0,
      stack: error.stack ?? "",
    });
    await logger.save();
  };
  return { ctx, logger };
}

function createContext(options: CvatOptions): ClientContext {
  const config: ClientConfig = {
    backendAPI: resolveApiRoot(options.backendAPI ?? "/api"),
    frameLoadPolicy: options.frameLoadPolicy ?? { incremental: 0 },
    uploadChunkSize: 100,
  };
  const send = options.fetch ?? ((request: Request) => globalThis.fetch(request));
  const fetcher = async (request: Request) => await send(request);
  const ctx = {
    config,
    http: createHttp({ api: config.backendAPI, fetch: fetcher }),
    classes: {},
  } as ClientContext;
  ctx.plugins = createPluginRegistry({ onError: (error) => tieException(error, ctx.report) });
  return ctx;
}

/**
 * Creates a CVAT JS API instance.
 *
 * @example
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import { createCvat } from "./cvat.ts";
 * import { createApp } from "../../server.ts";
 * const app = createApp();
 * const cvat = createCvat({ backendAPI: "http://cvat.local/api", fetch: (req) => app.fetch(req) });
 * strictEqual(typeof cvat.client.version, "string");
 * ```
 */
export function createCvat(options: CvatOptions = {}): Cvat {
  const { ctx, logger } = createClientContext(options);
  setDefaultExceptionReporter(ctx.report);
  const classes: CvatClasses = {
    ...createClasses(ctx),
    Label,
    Attribute,
    ObjectState,
    FrameData,
    Statistics,
  };
  ctx.classes = classes;
  const queries = createQueries(ctx);
  let cvat: Cvat | null = null;
  const self = () => cvat!;
  cvat = Object.freeze({
    ...classes,
    server: wrapAll(ctx, "server", createServerApi(ctx), self),
    tasks: wrapAll(ctx, "tasks", queries.tasks, self),
    jobs: wrapAll(ctx, "jobs", queries.jobs, self),
    projects: wrapAll(ctx, "projects", queries.projects, self),
    users: wrapAll(ctx, "users", queries.users, self),
    plugins: Object.freeze({
      register: (plugin: Plugin) => ctx.plugins.register(plugin),
      list: () => ctx.plugins.list(),
    }),
    logger: wrapAll(ctx, "logger", logger, self),
    config: ctx.config,
    client: Object.freeze({ version: CLIENT_VERSION }),
    enums,
    exceptions,
    classes: Object.freeze({ ...classes }),
    Exception,
  });
  return cvat;
}
