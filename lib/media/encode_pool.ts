/**
 * Builds compressed frames in parallel: a small pool of Web Workers (one per hardware thread)
 * running `compressedFrame`. Frames that pass through unchanged never leave the main thread.
 * The workers are closed as soon as no frame is waiting, so nothing stays running between
 * chunk builds (and tests end with no workers). Where Workers are unavailable, or a worker
 * fails, frames are made on the main thread instead.
 *
 * @module
 */

import { DataError } from "../core/errors.ts";
import { compressedFrame } from "./frames.ts";
import { canPassThrough } from "./jpeg_quality.ts";
import type { ImageInfo } from "./probe.ts";
import type { EncodeAnswer, EncodeRequest } from "./encode_worker.ts";

interface Job {
  request: EncodeRequest;
  resolve(bytes: Uint8Array): void;
  reject(error: unknown): void;
}

interface Slot {
  worker: Worker;
  job?: Job;
}

const queue: Job[] = [];
const slots: Slot[] = [];
let nextId = 1;
/** Set once a worker could not start or crashed: later frames use the main thread. */
let broken = typeof Worker === "undefined";

/** A size set by `setEncodePoolSize` (undefined: the hardware threads). */
let sizeOverride: number | undefined;

/** The pool size: the override, else the hardware threads (at least 1, at most 8). */
function poolSize(): number {
  if (sizeOverride !== undefined) return sizeOverride;
  const n = globalThis.navigator?.hardwareConcurrency ?? 1;
  return Math.min(8, Math.max(1, n));
}

/**
 * Sets how many workers the pool may run: 0 makes every frame on the main thread (as before the
 * pool; benchmarks compare the two), undefined restores the default (the hardware threads).
 *
 * @param size Workers, 0..8, or undefined.
 * @example
 * ```ts
 * import { setEncodePoolSize } from "./encode_pool.ts";
 * setEncodePoolSize(0);
 * setEncodePoolSize(undefined);
 * ```
 */
export function setEncodePoolSize(size: number | undefined): void {
  sizeOverride = size === undefined ? undefined : Math.min(8, Math.max(0, Math.floor(size)));
}

/** Runs a job on the main thread (the fallback). */
function onMainThread(job: Job): void {
  const { bytes, info, quality } = job.request;
  compressedFrame(bytes, info, quality).then(job.resolve, job.reject);
}

/** Gives `slot` the next waiting job, or closes the pool when nothing waits. */
function feed(slot: Slot): void {
  const job = queue.shift();
  slot.job = job;
  if (job) slot.worker.postMessage(job.request);
  else if (slots.every((s) => s.job === undefined)) closeEncodePool();
}

function settle(slot: Slot, answer: EncodeAnswer): void {
  const job = slot.job;
  if (!job || job.request.id !== answer.id) return;
  if ("bytes" in answer) job.resolve(answer.bytes);
  else job.reject(answer.data ? new DataError(answer.error) : new Error(answer.error));
  feed(slot);
}

/** A worker failed: drop it, run its job and everything waiting on the main thread. */
function fail(slot: Slot): void {
  broken = true;
  slot.worker.terminate();
  slots.splice(slots.indexOf(slot), 1);
  if (slot.job) onMainThread(slot.job);
  for (const job of queue.splice(0)) onMainThread(job);
}

function startWorker(): Slot | undefined {
  try {
    const worker = new Worker(new URL("./encode_worker.ts", import.meta.url), { type: "module" });
    const slot: Slot = { worker };
    worker.onmessage = (event: MessageEvent<EncodeAnswer>) => settle(slot, event.data);
    worker.onerror = (event) => {
      event.preventDefault();
      fail(slot);
    };
    worker.onmessageerror = () => fail(slot);
    slots.push(slot);
    return slot;
  } catch {
    broken = true;
    return undefined;
  }
}

/** Sends a job to an idle worker (starting one when the pool is not full), else queues it. */
function dispatch(job: Job): void {
  if (broken || poolSize() === 0) return onMainThread(job);
  const idle = slots.find((s) => s.job === undefined) ??
    (slots.length < poolSize() ? startWorker() : undefined);
  if (broken) return onMainThread(job);
  queue.push(job);
  if (idle) feed(idle);
}

/**
 * `compressedFrame` run in the worker pool: same arguments, same result, same errors
 * (`DataError` for undecodable files).
 *
 * @param bytes The source image (copied to the worker; the caller's bytes stay usable).
 * @param info Its `probeImage` result.
 * @param quality JPEG quality 1..100.
 * @returns The frame's JPEG.
 * @example
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import { Image } from "imagescript";
 * import { pooledCompressedFrame } from "./encode_pool.ts";
 * import { probeImage } from "./probe.ts";
 * const png = await new Image(8, 6).fill(0x336699ff).encode();
 * const jpeg = await pooledCompressedFrame(png, probeImage(png, "a.png"), 70);
 * strictEqual(probeImage(jpeg, "frame").mime, "image/jpeg");
 * ```
 */
export function pooledCompressedFrame(
  bytes: Uint8Array,
  info: ImageInfo,
  quality: number,
): Promise<Uint8Array> {
  if (info.mime === "image/jpeg" && canPassThrough(bytes, info.orientation, quality)) {
    return Promise.resolve(bytes);
  }
  return new Promise((resolve, reject) => {
    dispatch({ request: { id: nextId++, bytes, info, quality }, resolve, reject });
  });
}

/**
 * Terminates the pool's workers (they are started again on demand). Waiting frames are made on
 * the main thread. The pool calls it itself whenever it runs out of work.
 *
 * @example
 * ```ts
 * import { closeEncodePool } from "./encode_pool.ts";
 * closeEncodePool();
 * ```
 */
export function closeEncodePool(): void {
  for (const slot of slots.splice(0)) {
    slot.worker.terminate();
    if (slot.job) onMainThread(slot.job);
  }
  for (const job of queue.splice(0)) onMainThread(job);
}

/**
 * How many workers are running now (0 when idle).
 *
 * @example
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import { encodePoolWorkers } from "./encode_pool.ts";
 * strictEqual(encodePoolWorkers(), 0);
 * ```
 */
export function encodePoolWorkers(): number {
  return slots.length;
}
