/**
 * Plugins (`cvat.plugins`): a plugin mirrors API paths under its `cvat` key and puts `enter` and
 * `leave` hooks at the methods it decorates, e.g. `{ name, cvat: { Job: { annotations: { put:
 * { enter } } } } }` (cvat-core's `{ classes: { Job: { prototype: ... } } }` form names the same
 * paths). Every public method of a `cvat` instance is wrapped by `wrap(path, fn)`: enter hooks
 * run in registration order, then the method, then leave hooks, each of which may replace the
 * result. `this` is the API instance: the Task, Job or FrameData for their methods, the `cvat`
 * instance for the methods reached from it (`tasks.get`, `server.login`, `logger.save`, ...).
 * A hook that throws rejects the call with a `PluginError` whose `cause` is the original error.
 * Each `cvat` instance has its own registry: a plugin changes only the instance it is
 * registered with.
 *
 * @module
 */

import { ArgumentError, PluginError } from "../core/errors.ts";

/** A hook pair at one API path. */
export interface PluginHooks {
  /**
   * Runs before the method with its arguments (`this` = the API instance). It may change the
   * arguments in place, or return `{ preventMethodCall: true }` (the method is not called, the
   * result is undefined) or `{ preventMethodCallWithReturn: value }` (not called, `value` is the
   * result).
   */
  // deno-lint-ignore no-explicit-any
  enter?: (this: any, plugin: Plugin, ...args: any[]) => unknown;
  /** Runs after the method with its result; a return value other than undefined replaces it. */
  // deno-lint-ignore no-explicit-any
  leave?: (this: any, plugin: Plugin, result: any, ...args: any[]) => unknown;
}

/** A plugin: a name, an optional description, and hooks under `cvat`. */
export interface Plugin {
  /** The plugin's name: a non-empty string, unique among an instance's plugins. */
  name: string;
  /** What the plugin does. */
  description?: string;
  /** Nested API paths ending in `{ enter?, leave? }`. */
  cvat?: Record<string, unknown>;
  /** Anything else the plugin keeps for itself (e.g. `parameters`); hooks get the plugin. */
  [key: string]: unknown;
}

/** The plugin registry of one `cvat` instance. */
export interface PluginRegistry {
  /** Adds a plugin (after the ones already registered). */
  register(plugin: Plugin): Promise<void>;
  /** The registered plugins, in order. */
  list(): Plugin[];
  /** The hooked form of an API method; `path` names it as plugins do (`"Job.annotations.put"`). */
  // deno-lint-ignore no-explicit-any
  wrap<F extends (this: any, ...args: any[]) => unknown>(
    path: string,
    fn: F,
  ): (this: ThisParameterType<F>, ...args: Parameters<F>) => Promise<Awaited<ReturnType<F>>>;
}

const isFunction = (value: unknown): value is (...args: unknown[]) => unknown =>
  typeof value === "function";

/**
 * The API paths a plugin's `cvat` tree decorates, with their hooks. `classes.Job.prototype.x` is
 * the same path as `Job.x`.
 *
 * @example
 * ```ts
 * import { deepStrictEqual } from "node:assert/strict";
 * import { pluginPaths } from "./plugins.ts";
 * const enter = () => {};
 * deepStrictEqual([...pluginPaths({ Job: { annotations: { put: { enter } } } }).keys()],
 *   ["Job.annotations.put"]);
 * ```
 */
export function pluginPaths(tree: Record<string, unknown>): Map<string, PluginHooks> {
  const out = new Map<string, PluginHooks>();
  const walk = (node: Record<string, unknown>, path: string[]) => {
    const { enter, leave } = node as PluginHooks;
    if (isFunction(enter) || isFunction(leave)) {
      const parts = path[0] === "classes" ? path.slice(1) : path;
      out.set(parts.filter((p) => p !== "prototype").join("."), { enter, leave });
      return;
    }
    for (const [key, value] of Object.entries(node)) {
      if (value && typeof value === "object" && !Array.isArray(value)) {
        walk(value as Record<string, unknown>, [...path, key]);
      }
    }
  };
  walk(tree, []);
  return out;
}

/** The first names of the API paths a plugin may decorate. */
const ROOTS = new Set([
  "server",
  "tasks",
  "jobs",
  "projects",
  "users",
  "logger",
  "Task",
  "Job",
  "Project",
  "FrameData",
  "ObjectState",
]);

/** Checks a plugin's `cvat` tree: objects down to `{ enter?, leave? }` functions, known roots. */
function checkTree(name: string, node: Record<string, unknown>, path: string[]): void {
  const where = () => ["cvat", ...path].join(".");
  if ("enter" in node || "leave" in node) {
    if (path.length < 2) {
      throw new ArgumentError(`Plugin "${name}": ${where()} names no API method for its hooks`);
    }
    for (const hook of ["enter", "leave"]) {
      if (node[hook] !== undefined && typeof node[hook] !== "function") {
        throw new ArgumentError(
          `Plugin "${name}": ${where()}.${hook} must be a function, got ${typeof node[hook]}`,
        );
      }
    }
    return;
  }
  for (const [key, value] of Object.entries(node)) {
    const inner = [...path, key].filter((p, i) => !(i === 0 && p === "classes"));
    if (inner.length === 1 && !ROOTS.has(key)) {
      throw new ArgumentError(
        `Plugin "${name}": unknown API path ${JSON.stringify(`cvat.${[...path, key].join(".")}`)}` +
          `; expected one of ${[...ROOTS].join(", ")}`,
      );
    }
    if (!value || typeof value !== "object" || Array.isArray(value)) {
      throw new ArgumentError(
        `Plugin "${name}": cvat.${[...path, key].join(".")} must be an object of API paths ` +
          `or hooks, got ${JSON.stringify(value)}`,
      );
    }
    checkTree(name, value as Record<string, unknown>, [...path, key]);
  }
}

function checkPlugin(plugin: unknown): asserts plugin is Plugin {
  if (!plugin || typeof plugin !== "object" || Array.isArray(plugin)) {
    throw new ArgumentError(`A plugin must be an object, got ${JSON.stringify(plugin)}`);
  }
  const { name, description, cvat } = plugin as Plugin;
  if (typeof name !== "string" || name === "") {
    throw new ArgumentError(
      `A plugin needs a non-empty string "name", got ${JSON.stringify(name)}`,
    );
  }
  if (description !== undefined && typeof description !== "string") {
    throw new ArgumentError(`Plugin "${name}": "description" must be a string`);
  }
  if (cvat !== undefined && (cvat === null || typeof cvat !== "object" || Array.isArray(cvat))) {
    throw new ArgumentError(`Plugin "${name}": "cvat" must be an object of API paths`);
  }
  if (cvat) checkTree(name, cvat, []);
}

function hookFailed(plugin: Plugin, path: string, stage: string, error: unknown): PluginError {
  const why = error instanceof Error ? error.message : String(error);
  return new PluginError(`Plugin "${plugin.name}" failed in ${stage} of ${path}: ${why}`, {
    cause: error,
  });
}

/**
 * Creates a plugin registry. `onError` sees every error a wrapped method rejects with (the
 * client uses it to tie exceptions to its server for `Exception.save()`).
 *
 * @example
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import { createPluginRegistry } from "./plugins.ts";
 * const plugins = createPluginRegistry();
 * const get = plugins.wrap("tasks.get", (n: number) => n * 2);
 * await plugins.register({ name: "plus one", cvat: { tasks: { get: {
 *   leave: (_plugin: unknown, result: number) => result + 1,
 * } } } });
 * strictEqual(await get(20), 41);
 * ```
 */
export function createPluginRegistry(
  options: { onError?: (error: unknown) => void } = {},
): PluginRegistry {
  const plugins: { plugin: Plugin; hooks: Map<string, PluginHooks> }[] = [];
  const fail = (error: unknown): never => {
    options.onError?.(error);
    throw error;
  };
  return {
    register(plugin) {
      try {
        checkPlugin(plugin);
        if (plugins.some((p) => p.plugin === plugin || p.plugin.name === plugin.name)) {
          throw new ArgumentError(`A plugin named "${plugin.name}" is already registered`);
        }
        plugins.push({ plugin, hooks: pluginPaths(plugin.cvat ?? {}) });
        return Promise.resolve();
      } catch (error) {
        return Promise.reject(error);
      }
    },
    list: () => plugins.map((p) => p.plugin),
    wrap(path, fn) {
      // deno-lint-ignore no-explicit-any
      return async function (this: any, ...args: any[]) {
        let skip = false;
        let result: unknown;
        for (const { plugin, hooks } of [...plugins]) {
          const enter = hooks.get(path)?.enter;
          if (!enter) continue;
          let answer: unknown;
          try {
            answer = await enter.call(this, plugin, ...args);
          } catch (error) {
            fail(hookFailed(plugin, path, "enter", error));
          }
          if (answer && typeof answer === "object" && "preventMethodCall" in answer) skip = true;
          if (answer && typeof answer === "object" && "preventMethodCallWithReturn" in answer) {
            skip = true;
            result = (answer as { preventMethodCallWithReturn: unknown })
              .preventMethodCallWithReturn;
          }
        }
        if (!skip) {
          try {
            result = await fn.apply(this, args);
          } catch (error) {
            fail(error);
          }
        }
        for (const { plugin, hooks } of [...plugins]) {
          const leave = hooks.get(path)?.leave;
          if (!leave) continue;
          let answer: unknown;
          try {
            answer = await leave.call(this, plugin, result, ...args);
          } catch (error) {
            fail(hookFailed(plugin, path, "leave", error));
          }
          if (answer !== undefined) result = answer;
        }
        // deno-lint-ignore no-explicit-any
        return result as any;
      };
    },
  };
}
