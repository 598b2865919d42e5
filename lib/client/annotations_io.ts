/**
 * `annotations.dump(format)` and `annotations.upload(file, format)` through the server's
 * export/import endpoints, as CVAT 2.15's client drives them:
 * - dump: `GET .../annotations?format=F` until it answers 201 (202 while the file is being
 *   prepared), then `GET ...?format=F&action=download`, whose body is streamed back;
 * - upload: `PUT .../annotations?format=F` with the file as multipart `annotation_file`; a 202
 *   (with `rq_id`) means the import runs, and `PUT ...?format=F&rq_id=...` with an empty form is
 *   repeated until it answers anything else than 202.
 * Any other answer is a `ServerError` that names the format and what the server said.
 *
 * @module
 */

import { ArgumentError, ServerError } from "../core/errors.ts";
import type { Http, Query } from "./http.ts";
import { show } from "../core/show.ts";

/** Where the annotations live and how often to ask whether a request is done. */
export interface IoTarget {
  http: Http;
  /** `/jobs/7/annotations` or `/tasks/3/annotations`. */
  path: string;
  /** The waits between polls in ms (the last one repeats); default 100, 200, ... up to 3000. */
  delays?: readonly number[];
}

const DELAYS = [100, 200, 400, 800, 1600, 3000];

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function checkFormat(format: unknown): string {
  if (typeof format !== "string" || format.trim() === "") {
    throw new ArgumentError(`format must be a non-empty format name, got ${show(format)}`);
  }
  return format;
}

/** Adds what was being done to a server error, keeping its code. */
function explain(error: unknown, doing: string): unknown {
  if (!(error instanceof ServerError)) return error;
  return new ServerError(`${doing}: ${error.message}`, error.code, { cause: error });
}

async function poll(
  target: IoTarget,
  send: () => Promise<Response>,
  first?: Response,
): Promise<Response> {
  const delays = target.delays ?? DELAYS;
  let response = first ?? await send();
  for (let i = 0; response.status === 202; i++) {
    await response.body?.cancel();
    await sleep(delays[Math.min(i, delays.length - 1)] ?? 0);
    response = await send();
  }
  return response;
}

/**
 * Exports the annotations in a format; resolves to the file's bytes as a stream.
 *
 * @example
 * ```ts
 * // const stream = await dumpAnnotations({ http, path: "/jobs/7/annotations" }, "COCO 1.0");
 * ```
 */
export async function dumpAnnotations(
  target: IoTarget,
  format: unknown,
): Promise<ReadableStream<Uint8Array>> {
  const name = checkFormat(format);
  const doing = `Cannot export the annotations as "${name}"`;
  try {
    const ready = await poll(
      target,
      () => target.http.request("GET", target.path, { query: { format: name } }),
    );
    if (ready.status !== 201) {
      await ready.body?.cancel();
      throw new ServerError(
        `the server answered HTTP ${ready.status} instead of 202/201 (it does not prepare ` +
          `annotation files in this format)`,
        ready.status,
      );
    }
    await ready.body?.cancel();
    const file = await target.http.request("GET", target.path, {
      query: { format: name, action: "download" },
    });
    return file.body ?? new Blob([]).stream();
  } catch (error) {
    throw explain(error, doing);
  }
}

function toBlob(file: unknown): Blob {
  if (file instanceof Blob) return file;
  if (file instanceof Uint8Array) return new Blob([file as Uint8Array<ArrayBuffer>]);
  throw new ArgumentError(`file must be a Blob, File or Uint8Array, got ${show(file)}`);
}

/**
 * Imports a file in a format into the server's annotations (the caller reloads them).
 *
 * @example
 * ```ts
 * // await uploadAnnotations({ http, path: "/jobs/7/annotations" }, file, "CVAT 1.1");
 * ```
 */
export async function uploadAnnotations(
  target: IoTarget,
  file: unknown,
  format: unknown,
): Promise<void> {
  const blob = toBlob(file);
  const name = checkFormat(format);
  const filename = blob instanceof File && blob.name ? blob.name : "annotations";
  const doing = `Cannot import the annotations as "${name}"`;
  try {
    const form = new FormData();
    form.append("annotation_file", blob, filename);
    const query: Query = { format: name, filename };
    const started = await target.http.request("PUT", target.path, { query, body: form });
    if (started.status === 202) {
      const answer = await started.clone().json().catch(() => null) as { rq_id?: string } | null;
      if (typeof answer?.rq_id === "string") query.rq_id = answer.rq_id;
    }
    const done = await poll(
      target,
      () => target.http.request("PUT", target.path, { query, body: new FormData() }),
      started,
    );
    await done.body?.cancel();
  } catch (error) {
    throw explain(error, doing);
  }
}
