/**
 * Matching an imported item to a task frame (formats.md §3.2): by path with its extension
 * dropped, by path without extension, with a common root prefix ("root hint") prepended, by
 * an explicit absolute frame number (or a numeric id), and for video tasks by `frame_NNNNNN`.
 *
 * Deliberate difference from CVAT: a numeric `frame` (the absolute number exporters write) is
 * converted to the task-relative frame; CVAT reads it as task-relative, which is the same
 * only for tasks starting at 0 with step 1.
 *
 * @module
 */

import { DataError } from "../core/errors.ts";
import { relativeFrame } from "./task_frames.ts";
import type { FormatTask } from "./types.ts";

/** A prepared matcher over a task's frames. */
export interface FrameMatcher {
  /** The task-relative frame of an item, or a DataError naming the item. */
  match(item: { id: string; ext?: string; frame?: number | string }): number;
  /** The same, but null instead of an error. */
  find(item: { id: string; ext?: string; frame?: number | string }): number | null;
}

function withoutExtension(path: string): string {
  const slash = path.lastIndexOf("/");
  const dot = path.lastIndexOf(".");
  return dot > slash + 1 ? path.slice(0, dot) : path;
}

function asInt(value: unknown): number | null {
  if (typeof value === "number") return Number.isInteger(value) ? value : null;
  if (typeof value === "string" && /^\s*[+-]?\d+\s*$/.test(value)) return Number(value);
  return null;
}

/**
 * The root hint: the prefix that turns the longest item path into a task path it is a suffix
 * of (path parts compared), or null. `""` when the longest item path is itself a task path.
 *
 * @example
 * ```ts
 * import { equal } from "node:assert/strict";
 * import { findRootHint } from "./frame_match.ts";
 * const task = { frames: [{ name: "set1/a/img1.jpg", width: 1, height: 1 }] };
 * equal(findRootHint(task, ["a/img1", "img2"]), "set1");
 * ```
 */
export function findRootHint(
  task: Pick<FormatTask, "frames">,
  itemIds: readonly string[],
): string | null {
  if (itemIds.length === 0) return null;
  const longest = itemIds.reduce((a, b) => b.split("/").length > a.split("/").length ? b : a);
  const parts = withoutExtension(longest).split("/");
  for (const frame of task.frames) {
    const path = withoutExtension(frame.name).split("/");
    if (path.length < parts.length) continue;
    const tail = path.slice(path.length - parts.length);
    if (tail.every((part, i) => part === parts[i])) {
      return path.slice(0, path.length - parts.length).join("/");
    }
  }
  return null;
}

/**
 * Prepares frame matching for a task.
 *
 * @example
 * ```ts
 * import { equal, throws } from "node:assert/strict";
 * import { frameMatcher } from "./frame_match.ts";
 * const task = { mode: "annotation", startFrame: 0, size: 2,
 *   frames: [{ name: "dir/a.jpg", width: 1, height: 1 }, { name: "b.png", width: 1, height: 1 }] };
 * const matcher = frameMatcher(task);
 * equal(matcher.match({ id: "dir/a", ext: ".jpg" }), 0);
 * equal(matcher.match({ id: "x", frame: "1" }), 1);
 * throws(() => matcher.match({ id: "nope" }), { name: "DataError" });
 * ```
 */
export function frameMatcher(
  task: Pick<FormatTask, "frames" | "mode" | "startFrame" | "frameFilter" | "size">,
  options: { rootHint?: string | null } = {},
): FrameMatcher {
  const byPath = new Map<string, number>();
  task.frames.forEach((frame, i) => {
    const key = withoutExtension(frame.name);
    if (!byPath.has(key)) byPath.set(key, i);
  });
  const hint = options.rootHint ?? null;
  const byId = (path: string): number | null => {
    const direct = byPath.get(path);
    if (direct !== undefined) return direct;
    if (hint && !path.startsWith(hint)) return byPath.get(`${hint}/${path}`) ?? null;
    return null;
  };
  const find: FrameMatcher["find"] = (item) => {
    let frame = item.ext !== undefined ? byId(withoutExtension(item.id + item.ext)) : null;
    frame ??= byId(item.id);
    if (frame !== null) return frame;
    const number = asInt(item.frame ?? item.id);
    if (number !== null) return relativeFrame(task, number);
    if (task.mode === "interpolation") {
      const video = /(?:^|\/)frame_(\d+)$/.exec(item.id);
      if (video) return relativeFrame(task, Number(video[1]));
    }
    return null;
  };
  return {
    find,
    match(item) {
      const frame = find(item);
      if (frame === null) {
        throw new DataError(`Could not match item id: '${item.id}' with any task frame`);
      }
      return frame;
    },
  };
}
