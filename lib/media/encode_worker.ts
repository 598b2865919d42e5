/**
 * The worker of `encode_pool.ts`: answers `{ id, bytes, info, quality }` with the frame's
 * compressed JPEG (`compressedFrame`), transferring the result's buffer when it owns it whole, or
 * with `{ id, error, data }` (`data` true for a `DataError`).
 *
 * @module
 */

import { DataError } from "../core/errors.ts";
import { compressedFrame } from "./frames.ts";
import type { ImageInfo } from "./probe.ts";

/** A request to the worker. */
export interface EncodeRequest {
  id: number;
  bytes: Uint8Array;
  info: ImageInfo;
  quality: number;
}

/** The worker's answer: the JPEG, or the failure's message. */
export type EncodeAnswer =
  | { id: number; bytes: Uint8Array }
  | { id: number; error: string; data: boolean };

/** The worker global's two members used here (typed without the worker lib). */
const scope = globalThis as unknown as {
  onmessage: ((event: MessageEvent<EncodeRequest>) => void) | null;
  postMessage(message: EncodeAnswer, transfer?: Transferable[]): void;
};

/**
 * Encodes one request and posts the answer.
 *
 * @param request The frame.
 */
async function answer({ id, bytes, info, quality }: EncodeRequest): Promise<void> {
  try {
    const out = await compressedFrame(bytes, info, quality);
    const whole = out.byteOffset === 0 && out.byteLength === out.buffer.byteLength;
    scope.postMessage({ id, bytes: out }, whole ? [out.buffer as ArrayBuffer] : []);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    scope.postMessage({ id, error: message, data: error instanceof DataError });
  }
}

scope.onmessage = (event) => void answer(event.data);
