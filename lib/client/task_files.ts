/**
 * The data of a new Task: `task.data = { client_files, server_files, remote_files }` and
 * cvat-core's `clientFiles` / `serverFiles` / `remoteFiles` setters. Client files are Blobs (or
 * Files); server files are paths in the server's share; remote files are URLs. They can only be
 * set before the task is created.
 *
 * @module
 */

import { ArgumentError } from "../core/errors.ts";
import { show } from "../core/show.ts";
import { stateOf } from "./fields.ts";

/** The client files, server files and remote files of a new task. */
export interface TaskFiles {
  client_files: Blob[];
  server_files: string[];
  remote_files: string[];
}

/** camelCase names of the file lists accepted by the Task constructor. */
export const FILE_ALIASES: Record<string, { key: string }> = {
  clientFiles: { key: "client_files" },
  serverFiles: { key: "server_files" },
  remoteFiles: { key: "remote_files" },
};

function checkList(value: unknown, key: keyof TaskFiles): Blob[] | string[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) {
    throw new ArgumentError(`${key} must be an array, got ${show(value)}`);
  }
  const bad = key === "client_files"
    ? value.findIndex((item) => !(item instanceof Blob))
    : value.findIndex((item) => typeof item !== "string" || item === "");
  if (bad >= 0) {
    const what = key === "client_files" ? "a Blob or File" : "a non-empty string";
    throw new ArgumentError(`${key}[${bad}] must be ${what}, got ${show(value[bad])}`);
  }
  return [...value];
}

/**
 * Checks `{ client_files?, server_files?, remote_files? }` and returns all three lists.
 *
 * @example
 * ```ts
 * import { deepStrictEqual, throws } from "node:assert/strict";
 * import { checkFiles } from "./task_files.ts";
 * deepStrictEqual(checkFiles({ server_files: ["a.jpg"] }),
 *   { client_files: [], server_files: ["a.jpg"], remote_files: [] });
 * throws(() => checkFiles({ client_files: ["x"] }), /client_files\[0\] must be a Blob/);
 * ```
 */
export function checkFiles(value: unknown): TaskFiles {
  if (!value || typeof value !== "object" || Array.isArray(value)) {
    throw new ArgumentError(`Task data must be an object of file lists, got ${show(value)}`);
  }
  const record = value as Record<string, unknown>;
  return {
    client_files: checkList(record.client_files, "client_files") as Blob[],
    server_files: checkList(record.server_files, "server_files") as string[],
    remote_files: checkList(record.remote_files, "remote_files") as string[],
  };
}

function setFiles(task: object, files: TaskFiles): void {
  const state = stateOf(task);
  if (state.data.id !== undefined) {
    throw new ArgumentError("Task data cannot be changed once the task exists on the server");
  }
  state.data.files = files;
}

const filesOf = (task: object) => stateOf(task).data.files as TaskFiles;

/**
 * Defines `data`, `clientFiles`, `serverFiles` and `remoteFiles` on the Task prototype.
 *
 * @example
 * ```ts
 * // defineFileAccessors(Task.prototype); task.serverFiles = ["images/1.jpg"];
 * ```
 */
export function defineFileAccessors(proto: object): void {
  Object.defineProperty(proto, "data", {
    enumerable: true,
    get(this: object) {
      const files = filesOf(this);
      return {
        client_files: [...files.client_files],
        server_files: [...files.server_files],
        remote_files: [...files.remote_files],
      };
    },
    set(this: object, value: unknown) {
      setFiles(this, checkFiles(value));
    },
  });
  for (const [property, { key }] of Object.entries(FILE_ALIASES)) {
    const name = key as keyof TaskFiles;
    Object.defineProperty(proto, property, {
      enumerable: true,
      get(this: object) {
        return [...filesOf(this)[name]];
      },
      set(this: object, value: unknown) {
        if (value === undefined || value === null) {
          throw new ArgumentError(`${property} must be an array, got ${show(value)}`);
        }
        setFiles(this, { ...filesOf(this), [name]: checkList(value, name) });
      },
    });
  }
}
