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

const exceptions = Object.freeze({
  Exception,
  ArgumentError,
  DataError,
  ScriptingError,
  ServerError,
  PluginError,
});

/** The classes of a `cvat` instance. */
export type CvatClasses = ClientClasses & {
  Label: typeof Label;
  Attribute: typeof Attribute;
  ObjectState: typeof ObjectState;
  FrameData: typeof FrameData;
  Statistics: typeof Statistics;
};

/** A `cvat` instance: the CVAT JS API. */
export type Cvat = CvatClasses & Queries & {
  server: ServerApi;
  plugins: { register(plugin: Plugin): Promise<void>; list(): Plugin[] };
  logger: Logger;
  config: ClientConfig;
  client: { readonly version: string };
  enums: typeof enums;
  exceptions: typeof exceptions;
  classes: CvatClasses;
  Exception: typeof Exception;
};

function wrapAll<T extends object>(ctx: ClientContext, prefix: string, api: T): T {
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(api)) {
    out[name] = typeof value === "function"
      ? ctx.plugins.wrap(`${prefix}.${name}`, value as (...args: unknown[]) => unknown)
      : value;
  }
  return Object.freeze(out) as T;
}

function createContext(options: CvatOptions): ClientContext {
  const config: ClientConfig = {
    backendAPI: resolveApiRoot(options.backendAPI ?? "/api"),
    frameLoadPolicy: options.frameLoadPolicy ?? { incremental: 0 },
    uploadChunkSize: 100,
  };
  const fetcher = options.fetch ?? ((request: Request) => globalThis.fetch(request));
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
  return Object.freeze({
    ...classes,
    server: wrapAll(ctx, "server", createServerApi(ctx)),
    tasks: wrapAll(ctx, "tasks", queries.tasks),
    jobs: wrapAll(ctx, "jobs", queries.jobs),
    projects: wrapAll(ctx, "projects", queries.projects),
    users: wrapAll(ctx, "users", queries.users),
    plugins: Object.freeze({
      register: (plugin: Plugin) => ctx.plugins.register(plugin),
      list: () => ctx.plugins.list(),
    }),
    logger: wrapAll(ctx, "logger", logger),
    config: ctx.config,
    client: Object.freeze({ version: CLIENT_VERSION }),
    enums,
    exceptions,
    classes: Object.freeze({ ...classes }),
    Exception,
  });
}
