/**
 * Creating a task with its data, as cvat-core does it: `POST /api/tasks`, then `POST
 * /api/tasks/{id}/data` with `Upload-Start`, files bigger than `config.uploadChunkSize` MiB through
 * TUS, the others in `Upload-Multiple` batches of up to that size, then `Upload-Finish` with the
 * data fields; then it polls the creation request until it finishes. Any failure after the task
 * exists deletes the task and rethrows (a failed creation is a ServerError with the server's text).
 *
 * @module
 */

import type { ClientContext } from "./context.ts";
import { ServerError } from "../core/errors.ts";

/** A data field value (lists become `key[i]` entries). */
export type DataField = string | number | boolean | string[];

/** What a new task needs: its JSON spec, its data fields and its client files. */
export interface CreateSpec {
  /** `POST /api/tasks` body: name, labels, overlap, segment_size, ... */
  task: Record<string, unknown>;
  /** image_quality, server_files, remote_files, ... */
  data: Record<string, DataField>;
  files: Blob[];
}

/** Reports progress: a message and, where known, the request's state and progress (0..1). */
export type OnStatus = (message: string, details?: { state: string; progress: number }) => void;

const MIB = 1024 * 1024;

/**
 * The name a client file is sent under: a File's own name, else `image_NNNNNN` with an extension
 * from its MIME type (unique, in order).
 *
 * @example
 * ```ts
 * import { strictEqual } from "node:assert/strict";
 * import { uploadName } from "./task_create.ts";
 * strictEqual(uploadName(new Blob([], { type: "image/jpeg" }), 3), "image_000003.jpg");
 * strictEqual(uploadName(new File([], "a.png"), 0), "a.png");
 * ```
 */
export function uploadName(file: Blob, index: number): string {
  const name = (file as File).name;
  if (typeof name === "string" && name !== "") return name;
  const ext = ({ "image/jpeg": ".jpg", "image/png": ".png", "image/bmp": ".bmp" } as const)[
    file.type as "image/jpeg"
  ] ?? (file.type.startsWith("image/") ? `.${file.type.slice(6)}` : "");
  return `image_${String(index).padStart(6, "0")}${ext}`;
}

function dataForm(fields: Record<string, DataField>): FormData {
  const form = new FormData();
  for (const [key, value] of Object.entries(fields)) {
    if (Array.isArray(value)) value.forEach((item, i) => form.append(`${key}[${i}]`, item));
    else form.append(key, String(value));
  }
  return form;
}

function base64(text: string): string {
  return btoa(String.fromCharCode(...new TextEncoder().encode(text)));
}

/** Uploads one file through TUS: create, then PATCH chunks of `chunkSize` bytes. */
async function tusUpload(
  ctx: ClientContext,
  taskId: number,
  { file, name, chunkSize }: { file: Blob; name: string; chunkSize: number },
): Promise<void> {
  const tus = { "Tus-Resumable": "1.0.0" };
  const created = await ctx.http.request("POST", `/tasks/${taskId}/data/`, {
    headers: {
      ...tus,
      "Upload-Length": String(file.size),
      "Upload-Metadata": `filename ${base64(name)},filetype ${base64(file.type)}`,
    },
  });
  await created.body?.cancel();
  const location = created.headers.get("location");
  if (file.size === 0) return;
  if (!location) throw new ServerError(`The server gave no upload location for "${name}"`, 500);
  const url = new URL(location, ctx.http.api).href;
  let offset = 0;
  while (offset < file.size) {
    const chunk = file.slice(offset, Math.min(file.size, offset + chunkSize));
    const answer = await ctx.http.request("PATCH", url, {
      headers: {
        ...tus,
        "Upload-Offset": String(offset),
        "Content-Type": "application/offset+octet-stream",
      },
      body: await chunk.arrayBuffer(),
    });
    await answer.body?.cancel();
    const next = Number(answer.headers.get("upload-offset") ?? offset + chunk.size);
    if (!(next > offset)) throw new ServerError(`The upload of "${name}" did not advance`, 500);
    offset = next;
  }
}

/** Groups files into batches of at most `limit` bytes (a larger file is a batch of its own). */
function batches<T extends { file: Blob }>(files: T[], limit: number): T[][] {
  const out: { items: T[]; size: number }[] = [];
  for (const item of files) {
    const last = out[out.length - 1];
    if (last && last.size + item.file.size <= limit) {
      last.items.push(item);
      last.size += item.file.size;
    } else out.push({ items: [item], size: item.file.size });
  }
  return out.map((b) => b.items);
}

async function postData(
  ctx: ClientContext,
  taskId: number,
  { header, form }: { header: string; form: FormData },
): Promise<Record<string, unknown> | null> {
  const response = await ctx.http.request("POST", `/tasks/${taskId}/data`, {
    headers: { [header]: "true" },
    body: form,
  });
  const text = await response.text();
  return text === "" ? null : JSON.parse(text);
}

/** Sends the data: Upload-Start, TUS and Upload-Multiple files, Upload-Finish. */
async function uploadData(
  ctx: ClientContext,
  taskId: number,
  { spec, onStatus }: { spec: CreateSpec; onStatus: OnStatus },
): Promise<Record<string, unknown> | null> {
  const chunkSize = Math.max(1, Math.floor(ctx.config.uploadChunkSize * MIB));
  const files = spec.files.map((file, i) => ({ file, name: uploadName(file, i) }));
  const total = files.reduce((sum, f) => sum + f.file.size, 0) || 1;
  let sent = 0;
  const progress = () =>
    onStatus("CVAT is uploading task data to the server", {
      state: "unknown",
      progress: sent / total,
    });
  await postData(ctx, taskId, { header: "Upload-Start", form: dataForm(spec.data) });
  for (const item of files.filter((f) => f.file.size > chunkSize)) {
    await tusUpload(ctx, taskId, { ...item, chunkSize });
    sent += item.file.size;
    progress();
  }
  const small = files.filter((f) => f.file.size <= chunkSize);
  for (const batch of batches(small, chunkSize)) {
    const form = new FormData();
    batch.forEach((item, i) => form.append(`client_files[${i}]`, item.file, item.name));
    await postData(ctx, taskId, { header: "Upload-Multiple", form });
    sent += batch.reduce((sum, item) => sum + item.file.size, 0);
    progress();
  }
  return await postData(ctx, taskId, { header: "Upload-Finish", form: dataForm(spec.data) });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls the creation (`/api/requests/{rq_id}`, else `/api/tasks/{id}/status`) until it ends. */
async function waitForCreation(
  ctx: ClientContext,
  taskId: number,
  { rqId, onStatus }: { rqId: string | null; onStatus: OnStatus },
): Promise<void> {
  let last = "";
  for (let attempt = 0;; attempt++) {
    await sleep(Math.min(200, 50 * 2 ** Math.min(attempt, 3)));
    const answer = await ctx.http.json<Record<string, unknown>>(
      "GET",
      rqId ? `/requests/${encodeURIComponent(rqId)}` : `/tasks/${taskId}/status`,
    );
    const state = String(answer.status ?? answer.state ?? "").toLowerCase();
    const progress = Number(answer.progress ?? 0) || 0;
    const text = typeof answer.message === "string" ? answer.message : "";
    if (state === "finished") return;
    if (state === "failed") {
      onStatus("Images processing failed", { state, progress: 0 });
      throw new ServerError(text || "The task could not be created", 400);
    }
    if (state !== "queued" && state !== "started") {
      throw new ServerError(`Could not create the task: unknown status "${state}"`, 500);
    }
    const message = state === "queued" ? "CVAT queued the task to import" : text;
    if (message !== "" && message !== last) onStatus(message, { state, progress });
    last = message;
  }
}

/**
 * Creates the task and its data and waits until the server has processed it; returns the new
 * task's id. On a failure after `POST /api/tasks` the task is deleted and the error rethrown.
 *
 * @example
 * ```ts
 * // const id = await createTaskWithData(ctx, {
 * //   task: { name: "t", labels: [{ name: "car" }] },
 * //   data: { image_quality: 70 }, files: [jpeg],
 * // }, (message) => console.log(message));
 * ```
 */
export async function createTaskWithData(
  ctx: ClientContext,
  spec: CreateSpec,
  onStatus: OnStatus,
): Promise<number> {
  onStatus("CVAT is creating your task", { state: "unknown", progress: 0 });
  const created = await ctx.http.json<{ id: number }>("POST", "/tasks", { json: spec.task });
  try {
    onStatus("CVAT is uploading task data to the server", { state: "unknown", progress: 0 });
    const finish = await uploadData(ctx, created.id, { spec, onStatus });
    const rqId = typeof finish?.rq_id === "string" ? finish.rq_id : null;
    await waitForCreation(ctx, created.id, { rqId, onStatus });
  } catch (error) {
    await ctx.http.request("DELETE", `/tasks/${created.id}`, { accept: [404] })
      .then((response) => response.body?.cancel())
      .catch(() => {});
    throw error;
  }
  return created.id;
}
