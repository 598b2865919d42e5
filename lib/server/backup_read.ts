/**
 * Reading an uploaded task backup into a restore plan, checking everything that can be checked
 * before anything is written: the layout, `task.json` (task fields, labels, data settings,
 * jobs), the media in `data/` (probed, ordered and cut as CVAT's restore does) and the shape of
 * `annotations.json`. Label names in the annotations are resolved when the labels exist
 * (backup_restore.ts). A task backup is read from the archive's root, or from a project backup's
 * `task_<n>/` folder.
 *
 * @module
 */

import { badRequest } from "./errors.ts";
import { Fields } from "./body_fields.ts";
import { readLabels } from "./labels_parse.ts";
import { type LabelPlan, planLabels } from "./labels_plan.ts";
import { readDataRequest } from "./task_data_fields.ts";
import { type DataPlan, planData } from "./task_data_plan.ts";
import type { MediaSource } from "./task_data_form.ts";
import { readBackupJobs, type RestoreSegments } from "./backup_jobs.ts";
import { FRAME_RANGE_KEY } from "./backup_task_json.ts";
import {
  ANNOTATIONS_FILE,
  BACKUP_VERSION,
  backupFolder,
  DATA_DIR,
  MANIFEST_INDEX,
  readImageManifest,
  TASK_MANIFEST,
  UPLOAD_MANIFEST,
} from "./backup_layout.ts";
import type { ZipArchive, ZipEntryInfo } from "../formats/zip_reader.ts";
import type { TaskRecord } from "../store/types.ts";

/** The largest `task.json` or `annotations.json` read (they are parsed whole). */
export const MAX_JSON_BYTES = 512 * 1024 * 1024;

/** What a restore creates, checked. */
export interface RestorePlan {
  task: Pick<TaskRecord, "name" | "bugTracker" | "subset">;
  labels: LabelPlan;
  media: DataPlan;
  segments: RestoreSegments;
  /** `annotations.json`: one entry per job, in job order (labels still by name). */
  annotations: unknown[];
}

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json =>
  typeof value === "object" && value !== null && !Array.isArray(value);

async function readJson(archive: ZipArchive, name: string): Promise<unknown> {
  const entry = archive.entries.find((e) => e.name === name);
  if (!entry) throw badRequest([`Invalid backup: "${name}" is missing`]);
  if (entry.size > MAX_JSON_BYTES) throw badRequest([`Invalid backup: "${name}" is too large`]);
  const text = new TextDecoder().decode(await archive.bytes(entry));
  try {
    return JSON.parse(text);
  } catch (error) {
    throw badRequest([`Invalid backup: "${name}" is not JSON: ${(error as Error).message}`]);
  }
}

/**
 * The parsed `task.json` and `annotations.json` of an archive (400 when either is missing or
 * malformed, or the version is not CVAT's "1.0").
 *
 * @example
 * ```ts
 * // const { manifest, annotations } = await readBackupFiles(archive);
 * ```
 */
export async function readBackupFiles(
  archive: ZipArchive,
): Promise<{ manifest: Json; annotations: unknown[] }> {
  const manifest = await readJson(archive, TASK_MANIFEST);
  if (!isObject(manifest)) {
    throw badRequest([`Invalid backup: "${TASK_MANIFEST}" is not an object`]);
  }
  if (manifest.version !== BACKUP_VERSION) {
    throw badRequest([`${JSON.stringify(manifest.version ?? null)} version is not supported`]);
  }
  const annotations = await readJson(archive, ANNOTATIONS_FILE);
  if (!Array.isArray(annotations)) {
    throw badRequest([`Invalid backup: "${ANNOTATIONS_FILE}" is not a list`]);
  }
  return { manifest, annotations };
}

/** The media files of `data/` (not the manifest, its index or related images). */
function mediaEntries(archive: ZipArchive): { files: MediaSource[]; manifest?: ZipEntryInfo } {
  const files: MediaSource[] = [];
  let manifest: ZipEntryInfo | undefined;
  for (const entry of archive.entries) {
    if (!entry.name.startsWith(DATA_DIR)) continue;
    const name = entry.name.slice(DATA_DIR.length);
    if (name === UPLOAD_MANIFEST) manifest = entry;
    else if (name === MANIFEST_INDEX || /(^|\/)related_images\//.test(name)) continue;
    else files.push({ name, read: () => archive.bytes(entry) });
  }
  return { files, manifest };
}

function dataFields(data: Json, order: string[] | null, custom: boolean): Map<string, unknown> {
  const fields = new Map<string, unknown>();
  for (const key of ["image_quality", "chunk_size", "start_frame", "stop_frame", "frame_filter"]) {
    if (data[key] !== undefined) fields.set(key, data[key]);
  }
  fields.set("sorting_method", data.sorting_method ?? "lexicographical");
  if (order) {
    // CVAT restores a random or predefined order from the manifest (and calls it predefined).
    fields.set("sorting_method", "predefined");
    fields.set("upload_file_order", order);
  }
  // Custom segments take every file (CVAT drops the range); cvat-lite's data/ holds only frames.
  if (isObject(data[FRAME_RANGE_KEY]) || custom) {
    for (const key of ["start_frame", "stop_frame", "frame_filter"]) fields.delete(key);
  }
  return fields;
}

/** The file order a backup prescribes: its custom segments' files, or its manifest's. */
async function fileOrder(
  archive: ZipArchive,
  data: Json,
  custom: string[] | null,
): Promise<string[] | null> {
  if (custom) return custom;
  if (data.sorting_method !== "random" && data.sorting_method !== "predefined") return null;
  const { manifest } = mediaEntries(archive);
  if (!manifest) throw badRequest([`Invalid backup: "${DATA_DIR}${UPLOAD_MANIFEST}" is missing`]);
  try {
    return readImageManifest(new TextDecoder().decode(await archive.bytes(manifest)));
  } catch (error) {
    throw badRequest([(error as Error).message]);
  }
}

/** cvat-lite's own range (its backups hold only the selected frames). */
function ownRange(
  data: Json,
  size: number,
): Pick<DataPlan["data"], "startFrame" | "stopFrame" | "frameFilter"> | null {
  const range = data[FRAME_RANGE_KEY];
  if (!isObject(range)) return null;
  const f = new Fields(range);
  const start = f.int("start_frame", { min: 0 }) ?? 0;
  const stop = f.int("stop_frame", { min: 0 }) ?? start + size - 1;
  const filter = f.text("frame_filter", { max: 64, allowBlank: true }) ?? "";
  f.check();
  if (filter !== "" && !/^step\s*=\s*[1-9]\d*$/.test(filter.trim())) {
    throw badRequest({ frame_filter: ["Invalid frame filter expression"] });
  }
  return { startFrame: start, stopFrame: stop, frameFilter: filter };
}

function deletedFrames(data: Json, size: number): number[] {
  const value = data.deleted_frames ?? [];
  const good = Array.isArray(value) &&
    value.every((f) => Number.isInteger(f) && f >= 0 && f < size);
  if (!good) throw badRequest({ deleted_frames: [`Expected frame numbers in [0, ${size - 1}]`] });
  return [...new Set(value as number[])].sort((a, b) => a - b);
}

async function planMedia(archive: ZipArchive, data: Json, custom: string[] | null) {
  const order = await fileOrder(archive, data, custom);
  const request = readDataRequest(dataFields(data, order, custom !== null));
  const media = await planData(mediaEntries(archive).files, request);
  const own = ownRange(data, media.data.size);
  if (own) Object.assign(media.data, own);
  media.data.deletedFrames = deletedFrames(data, media.data.size);
  media.data.storageMethod = data.storage_method === "file_system" ? "file_system" : "cache";
  return media;
}

function taskFields(manifest: Json): RestorePlan["task"] & { labels: LabelPlan } {
  const f = new Fields(manifest);
  const name = f.text("name", { required: true, max: 256 });
  const bugTracker = f.text("bug_tracker", { max: 2000, allowBlank: true }) ?? "";
  const subset = f.text("subset", { max: 64, allowBlank: true }) ?? "";
  const inputs = readLabels(f, "create") ?? [];
  f.check();
  return { name: name!, bugTracker, subset, labels: planLabels([], inputs, "create") };
}

/**
 * Reads and checks a task backup (at the archive's root, or under `folder`); throws a 400
 * (CVAT's DRF shapes where it has them) for anything a restore would fail on, before anything
 * is written.
 *
 * @example
 * ```ts
 * // const plan = await readBackup(await openZip(bytes));
 * // const second = await readBackup(projectArchive, "task_1/");
 * ```
 */
export async function readBackup(whole: ZipArchive, folder = ""): Promise<RestorePlan> {
  const archive = backupFolder(whole, folder);
  const { manifest, annotations } = await readBackupFiles(archive);
  const { labels, ...task } = taskFields(manifest);
  const data = manifest.data;
  if (!isObject(data)) throw badRequest({ data: ["This field is required."] });
  const jobs = readBackupJobs(manifest.jobs, data.custom_segments === true);
  const media = await planMedia(archive, data, jobs.files);
  const segments = jobs.segments(media.data.size);
  return { task, labels, media, segments, annotations };
}
