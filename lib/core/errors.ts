/**
 * The error classes of the library. Each sets `name` to its class name.
 *
 * @module
 */

/**
 * The base class of every error the library throws on purpose.
 *
 * @example
 * ```ts
 * import { ok } from "node:assert/strict";
 * import { Exception } from "@cvat-lite/cvat";
 * const error = new Exception("Something failed");
 * ok(error.name === "Exception" && error instanceof Error);
 * ```
 */
export class Exception extends Error {
  /** When the error was created (ISO 8601). */
  readonly time: string;

  /**
   * Makes the error and records its creation time.
   *
   * @param message What went wrong, naming the field and the value.
   * @param options Standard error options (`cause`).
   */
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
    this.time = new Date().toISOString();
  }

  /**
   * Reports the error to the server of the `cvat` instance it came from (or, for an error made
   * by hand, of the last instance created), as a `send:exception` event.
   */
  async save(): Promise<void> {
    const report = reporters.get(this) ?? defaultReporter;
    if (!report) {
      throw new ScriptingError("This exception cannot be saved: no CVAT client has been created");
    }
    await report(this);
  }
}

type Reporter = (error: Exception) => Promise<void>;
const reporters = new WeakMap<Exception, Reporter>();
let defaultReporter: Reporter | null = null;

/**
 * Ties an error to the client whose call it rejected, so that its `save()` reports it there
 * (the first client to see it keeps it).
 *
 * @example
 * ```ts
 * import { ArgumentError, tieException } from "./errors.ts";
 * tieException(new ArgumentError("bad"), async () => {});
 * ```
 */
export function tieException(error: unknown, report: Reporter): void {
  if (error instanceof Exception && !reporters.has(error)) reporters.set(error, report);
}

/**
 * Sets where `save()` reports an exception not tied to a client (`createCvat` sets it).
 *
 * @example
 * ```ts
 * import { setDefaultExceptionReporter } from "./errors.ts";
 * setDefaultExceptionReporter(null);
 * ```
 */
export function setDefaultExceptionReporter(report: Reporter | null): void {
  defaultReporter = report;
}

/**
 * A call received an argument of the wrong type or out of range.
 *
 * @example
 * ```ts
 * import { ok } from "node:assert/strict";
 * import { ArgumentError } from "@cvat-lite/cvat";
 * const error = new ArgumentError('Frame must be an integer, got "a"');
 * ok(error.name === "ArgumentError");
 * ```
 */
export class ArgumentError extends Exception {}

/**
 * Data is malformed or inconsistent (point counts, unknown types, missing keyframes).
 *
 * @example
 * ```ts
 * import { ok } from "node:assert/strict";
 * import { DataError } from "@cvat-lite/cvat";
 * ok(new DataError("bad").name === "DataError");
 * ```
 */
export class DataError extends Exception {}

/**
 * The library was used in a way its internals do not support.
 *
 * @example
 * ```ts
 * import { ok } from "node:assert/strict";
 * import { ScriptingError } from "@cvat-lite/cvat";
 * ok(new ScriptingError("bad").name === "ScriptingError");
 * ```
 */
export class ScriptingError extends Exception {}

/**
 * A server answered with an error status; `code` is the HTTP status.
 *
 * @example
 * ```ts
 * import { ok } from "node:assert/strict";
 * import { ServerError } from "@cvat-lite/cvat";
 * const error = new ServerError("Not found", 404);
 * ok(error.code === 404);
 * ```
 */
export class ServerError extends Exception {
  /** The HTTP status code. */
  readonly code: number;

  /**
   * Makes the error from the server's detail text and HTTP status.
   *
   * @param message The server's detail text.
   * @param code The HTTP status code.
   * @param options Standard error options (`cause`).
   */
  constructor(message: string, code: number, options?: ErrorOptions) {
    super(message, options);
    this.code = code;
  }
}

/**
 * A plugin hook threw; `cause` holds the original error.
 *
 * @example
 * ```ts
 * import { ok } from "node:assert/strict";
 * import { PluginError } from "@cvat-lite/cvat";
 * const error = new PluginError("Plugin failed", { cause: new Error("x") });
 * ok(error.cause instanceof Error);
 * ```
 */
export class PluginError extends Exception {}
