/**
 * A zip of a fixture folder (tests/formats/fixtures/<dir>), each path under `prefix`.
 *
 * @module
 */

import { zipSync } from "fflate";

export function fixtureZip(dir: string, prefix = ""): Uint8Array {
  const files: Record<string, Uint8Array> = {};
  const walk = (url: URL, rel: string) => {
    for (const entry of Deno.readDirSync(url)) {
      const path = rel + entry.name;
      if (entry.isDirectory) walk(new URL(entry.name + "/", url), path + "/");
      else files[prefix + path] = Deno.readFileSync(new URL(entry.name, url));
    }
  };
  walk(new URL(`./fixtures/${dir}/`, import.meta.url), "");
  return zipSync(files);
}
