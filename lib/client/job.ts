/**
 * `cvat.Job`: a job built from the server's JSON, with cvat-core's camelCase properties, the
 * session namespaces (`annotations`, `frames`, ...) and `save()` of its stage, state and assignee
 * (`PATCH /api/jobs/{id}`).
 *
 * @module
 */

import type { ClientContext } from "./context.ts";
import type { WireLabel } from "../core/wire_types.ts";
import { Label } from "../core/label.ts";
import { JobStage, JobState } from "../core/enums.ts";
import { ArgumentError } from "../core/errors.ts";
import { show } from "../core/show.ts";
import { attachSession, type SessionApi } from "./session.ts";
import { labelList } from "./label_list.ts";
import {
  type ClientClass,
  defineFields,
  type FieldRules,
  initFields,
  oneOf,
  stateOf,
} from "./fields.ts";
import { assigneeId, User, userOrNull } from "./user.ts";

const stage = oneOf(Object.values(JobStage));
const state = oneOf(Object.values(JobState));

/** Checks an assignee (User, user id or null) and returns what the property holds. */
export function checkAssignee(value: unknown, property: string): User | null {
  const id = assigneeId(value, property);
  if (id === null) return null;
  return value instanceof User ? value : new User({ id });
}

const JOB_RULES: FieldRules = {
  id: { key: "id" },
  taskId: { key: "task_id" },
  projectId: { key: "project_id", read: (v) => v ?? null },
  startFrame: { key: "start_frame" },
  stopFrame: { key: "stop_frame" },
  frameCount: { key: "frame_count" },
  stage: { key: "stage", write: "always", check: stage },
  state: { key: "state", write: "always", check: state },
  assignee: { key: "assignee", write: "always", check: checkAssignee, read: userOrNull },
  status: { key: "status" },
  type: { key: "type" },
  mode: { key: "mode" },
  dimension: { key: "dimension" },
  bugTracker: { key: "bug_tracker", read: (v) => v ?? null },
  dataChunkSize: { key: "data_chunk_size" },
  dataChunkType: { key: "data_compressed_chunk_type" },
  guideId: { key: "guide_id", read: (v) => v ?? null },
  createdDate: { key: "created_date" },
  updatedDate: { key: "updated_date" },
};

const SAVED_FIELDS = ["stage", "state", "assignee"];

/** The body of `Job.save`: the given fields (checked), or the ones changed through setters. */
function saveBody(job: object, fields: unknown): Record<string, unknown> {
  const data = stateOf(job);
  let source: Record<string, unknown>;
  if (fields === undefined) {
    source = Object.fromEntries(
      SAVED_FIELDS.filter((key) => data.changed.has(key)).map((key) => [key, data.data[key]]),
    );
  } else if (fields && typeof fields === "object" && !Array.isArray(fields)) {
    source = fields as Record<string, unknown>;
  } else {
    throw new ArgumentError(`Job.save expects an object of fields, got ${show(fields)}`);
  }
  const body: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(source)) {
    if (key === "stage") body.stage = stage(value, "stage");
    else if (key === "state") body.state = state(value, "state");
    else if (key === "assignee") body.assignee = assigneeId(value, "assignee");
    else throw new ArgumentError(`Job.save: unknown field "${key}"`);
  }
  return body;
}

/** Server job JSON, with `labels` as label JSON or Labels. */
function jobData(input: Record<string, unknown>): Record<string, unknown> {
  const labels = Array.isArray(input.labels) ? input.labels : [];
  const labelJson = labels.map((l) => l instanceof Label ? l.toJSON() : l as WireLabel);
  return {
    ...input,
    assignee: userOrNull(input.assignee),
    labels: labelJson.map((l) => new Label(l)),
    label_json: labelJson,
  };
}

/**
 * Makes the Job class of a `cvat` instance.
 *
 * @example
 * ```ts
 * // const Job = createJobClass(ctx);
 * // const job = new Job(await ctx.http.json("GET", "/jobs/1"));
 * // job.stage = "validation"; await job.save();
 * ```
 */
export function createJobClass(ctx: ClientContext): ClientClass {
  const save = ctx.plugins.wrap("Job.save", async function (this: object, fields?: unknown) {
    const data = stateOf(this);
    if (!Number.isInteger(data.data.id)) {
      throw new ArgumentError("Job.save: the job has no id");
    }
    const body = saveBody(this, fields);
    if (Object.keys(body).length === 0) return this;
    const answer = await ctx.http.json<Record<string, unknown>>("PATCH", `/jobs/${data.data.id}`, {
      json: body,
    });
    const { labels, label_json, session } = data.data;
    data.data = { ...jobData(answer), labels, label_json, session };
    data.changed.clear();
    return this;
  });

  class Job {
    /**
     * A job from the server's JSON (snake_case); `labels` may be label JSON or Labels.
     *
     * @param input The job's JSON.
     */
    constructor(input: Record<string, unknown>) {
      if (!input || typeof input !== "object" || Array.isArray(input)) {
        throw new ArgumentError(`A job needs its server JSON, got ${show(input)}`);
      }
      const data = initFields(this, jobData(input)).data;
      if (!Number.isInteger(data.id)) return;
      const id = data.id as number;
      data.session = attachSession(ctx, {
        kind: "job",
        className: "Job",
        id,
        instance: this,
        startFrame: Number(data.start_frame ?? 0),
        stopFrame: Number(data.stop_frame ?? 0),
        labels: () => stateOf(this).data.label_json as WireLabel[],
        ids: {
          projectId: (data.project_id as number | null | undefined) ?? null,
          taskId: data.task_id as number,
          jobId: id,
        },
      });
    }

    /** The job's labels (Labels), with the session's `labels.get(filter)`. */
    get labels(): Label[] {
      const data = stateOf(this).data;
      return labelList(data.labels as Label[], (data.session as SessionApi | undefined)?.labels);
    }

    /**
     * Saves `stage`, `state` and `assignee`: the fields given, or those changed through the
     * setters (`PATCH /api/jobs/{id}`). Returns the job.
     */
    save(fields?: { stage?: string; state?: string; assignee?: User | number | null }) {
      return save.call(this, fields);
    }
  }
  defineFields(Job.prototype, "Job", JOB_RULES);
  return Job;
}
