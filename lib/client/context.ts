/**
 * What every part of a `cvat` instance shares: its options, its HTTP session, its plugin
 * registry, its logger and its classes.
 *
 * @module
 */

import type { Http } from "./http.ts";
import type { PluginRegistry } from "./plugins.ts";
import type { Exception } from "../core/errors.ts";

/** How frames are fetched ahead: every chunk of the job, or the next `incremental` frames. */
export type FrameLoadPolicy = "full" | { incremental: number };

/** Options of `createCvat`. */
export interface CvatOptions {
  /**
   * The API root, e.g. `"http://cvat.local/api"` (default `"/api"`, which only resolves in a
   * browser page).
   */
  backendAPI?: string;
  /** Sends a request (default `globalThis.fetch`); `app.fetch` of a Hono app fits as it is. */
  fetch?: (request: Request) => Response | Promise<Response>;
  /** Frame prefetching (default `{ incremental: 0 }`: none). */
  frameLoadPolicy?: FrameLoadPolicy;
}

/** The mutable configuration (`cvat.config`). */
export interface ClientConfig {
  /** The absolute API root, without a trailing slash. */
  backendAPI: string;
  /** How frames are fetched ahead (see {@linkcode FrameLoadPolicy}). */
  frameLoadPolicy: FrameLoadPolicy;
  /** Files larger than this (MiB) go through TUS; smaller ones in Upload-Multiple batches. */
  uploadChunkSize: number;
}

/** The parts of a `cvat` instance that its pieces use. */
export interface ClientContext {
  config: ClientConfig;
  http: Http;
  plugins: PluginRegistry;
  /** Buffers a log event (`cvat.logger.put`), e.g. the sessions' `logs.put`. */
  log(scope: string, details?: Record<string, unknown>): void;
  /** Sends an exception to the server as a `send:exception` event. */
  report(error: Exception): Promise<void>;
  /** The instance's classes, filled in by `createCvat` (for objects built from server JSON). */
  // deno-lint-ignore no-explicit-any
  classes: Record<string, any>;
}
