/**
 * A background request as CVAT 2.16+ shows it (`GET /api/requests/{id}`).
 *
 * @module
 */

import { absoluteUrl, type Ctx } from "./context.ts";
import { basicUser, type BasicUserJson } from "./users_view.ts";
import type { IsoDate, RequestRecord, UserRecord } from "../store/types.ts";

/**
 * Optional fields a request record may carry beyond `RequestRecord` (the modules that create
 * requests fill them when they know them; everything works without).
 */
export interface RequestRecordExtras {
  /** The export or import format's display name. */
  format?: string | null;
  started?: IsoDate | null;
  finished?: IsoDate | null;
  expires?: IsoDate | null;
  /** The id of the object a finished import or backup restore created. */
  resultId?: number | null;
}

/** CVAT's `Request`. */
export interface RequestJson {
  id: string;
  status: RequestRecord["status"];
  message: string;
  progress: number | null;
  operation: {
    type: string;
    target: string | null;
    project_id: number | null;
    task_id: number | null;
    job_id: number | null;
    format: string | null;
    function_id: string | null;
  };
  created_date: IsoDate;
  started_date: IsoDate | null;
  finished_date: IsoDate | null;
  expiry_date: IsoDate | null;
  owner: BasicUserJson | null;
  result_url: string | null;
  result_id: number | null;
}

const TARGETS = new Set(["task", "job", "project"]);

function operationOf(record: RequestRecord & RequestRecordExtras): RequestJson["operation"] {
  const suffix = record.operation.split(":")[1] ?? "";
  const target = record.target?.type ?? (TARGETS.has(suffix) ? suffix : null);
  const id = record.target?.id ?? null;
  return {
    type: record.operation,
    target,
    project_id: target === "project" ? id : null,
    task_id: target === "task" ? id : null,
    job_id: target === "job" ? id : null,
    format: record.format ?? null,
    function_id: null,
  };
}

/**
 * The JSON of a request record. Dates the record does not carry are inferred from its status:
 * a request that has left the queue started at its creation; a finished or failed one ended at
 * its last update. `result_url` is given for finished requests whose result is a URL path.
 *
 * @example
 * ```ts
 * // requestJson(c, record, owner) → { id, status, message, progress, operation, created_date, ... }
 * ```
 */
export function requestJson(
  c: Ctx,
  record: RequestRecord & RequestRecordExtras,
  owner: UserRecord | null,
): RequestJson {
  const done = record.status === "finished" || record.status === "failed";
  const result = record.status === "finished" && record.result?.startsWith("/")
    ? absoluteUrl(c, record.result)
    : null;
  return {
    id: record.id,
    status: record.status,
    message: record.message,
    progress: record.progress ?? null,
    operation: operationOf(record),
    created_date: record.created,
    started_date: record.started ?? (record.status === "queued" ? null : record.created),
    finished_date: record.finished ?? (done ? record.updated : null),
    expiry_date: record.expires ?? null,
    owner: basicUser(c, owner),
    result_url: result,
    result_id: record.resultId ?? null,
  };
}
