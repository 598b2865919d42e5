/**
 * Ultralytics YOLO project exports (formats.md §7.3): per project subset `images/<subset>/`,
 * `labels/<subset>/` and `<subset>.txt` (lines `images/<subset>/<media name>`), the written
 * subset `default` as `train` (kept as `default` when a real `train` subset exists); `data.yaml`
 * lists every subset (`<subset>: <subset>.txt`). Subsets named like the other `data.yaml` keys
 * (`path`, `names`, `nc`, `kpt_shape`, `flip_idx`, `download`) fail the export before anything
 * is written, as the importer could not read them back. One task's annotations at a time.
 *
 * @module
 */

import { labelLookup } from "./label_lookup.ts";
import { planProject, type ProjectPlan } from "./project_plan.ts";
import type { ProjectExportInput } from "./types.ts";
import { ultralyticsClasses, type UltralyticsKind, ultralyticsLines } from "./ultralytics_lines.ts";
import { dataYaml } from "./ultralytics_yaml.ts";
import { projectSubsetEntries, yoloSubsetNames } from "./yolo_project_export.ts";
import { type ZipEntry, zipStream } from "./zip_writer.ts";

const RESERVED = ["path", "names", "nc", "kpt_shape", "flip_idx", "download"];

async function* entries(
  kind: UltralyticsKind,
  input: ProjectExportInput,
  plan: ProjectPlan,
  names: string[],
): AsyncGenerator<ZipEntry> {
  const classes = ultralyticsClasses(kind, labelLookup(input.project.labels));
  const lists = Object.fromEntries(names.map((name) => [name, `${name}.txt`]));
  const yaml = dataYaml(classes.names, lists, classes.keypoints);
  yield { name: "data.yaml", data: () => [new TextEncoder().encode(yaml)] };
  for (const [i, subset] of plan.subsets.entries()) {
    const name = names[i];
    yield* projectSubsetEntries(subset.tasks, {
      labelPath: (id) => `labels/${name}/${id}.txt`,
      imagePath: (media) => `images/${name}/${media}`,
      listPath: `${name}.txt`,
      listLine: (media) => `images/${name}/${media}`,
      lines: (item) => ultralyticsLines(kind, item, classes),
      writeEmpty: false,
    });
  }
}

/**
 * An Ultralytics project exporter for `kind`.
 *
 * @throws {DataError} (from the returned function) When a subset name is reserved.
 * @example
 * ```ts
 * import { ultralyticsProjectExporter } from "./ultralytics_project_export.ts";
 * const exportProject = ultralyticsProjectExporter("detection");
 * await exportProject({ project: { name: "p", labels: [] }, tasks: [] }).cancel();
 * ```
 */
export function ultralyticsProjectExporter(
  kind: UltralyticsKind,
): (input: ProjectExportInput) => ReadableStream<Uint8Array> {
  return (input) => {
    const plan = planProject(input);
    const names = yoloSubsetNames(plan, RESERVED, "Ultralytics YOLO");
    return zipStream(entries(kind, input, plan, names), { modified: input.now });
  };
}
