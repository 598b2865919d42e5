/**
 * The library and the server must resolve without our deno.json (tests outside the repo import
 * mod.ts and server.ts directly): every import in lib/, mod.ts and server.ts is relative, `node:`
 * or a full `npm:` specifier — never a bare name from the import map.
 */
import { deepStrictEqual } from "node:assert/strict";

const ROOT = new URL("../", import.meta.url);

async function sources(dir: URL): Promise<URL[]> {
  const out: URL[] = [];
  for await (const entry of Deno.readDir(dir)) {
    const url = new URL(entry.name + (entry.isDirectory ? "/" : ""), dir);
    if (entry.isDirectory) out.push(...await sources(url));
    else if (entry.name.endsWith(".ts")) out.push(url);
  }
  return out;
}

Deno.test("lib/, mod.ts and server.ts import nothing through the import map", async () => {
  const files = [
    ...await sources(new URL("lib/", ROOT)),
    new URL("mod.ts", ROOT),
    new URL("server.ts", ROOT),
  ];
  const bare: string[] = [];
  // Static imports and re-exports at the start of a line (not doc examples), and `import("x")`.
  const patterns = [
    /^\s*(?:import|export)\b[^;]*?\sfrom\s+["']([^"']+)["']/gm,
    /^\s*import\s+["']([^"']+)["']/gm,
    /\bimport\(\s*["']([^"']+)["']\s*\)/g,
  ];
  for (const file of files) {
    const text = await Deno.readTextFile(file);
    const specifiers = patterns.flatMap((p) => [...text.matchAll(p)].map((m) => m[1]));
    for (const specifier of specifiers) {
      if (!/^(\.{1,2}\/|node:|npm:|jsr:|https?:)/.test(specifier)) {
        bare.push(`${file.pathname.slice(ROOT.pathname.length)}: ${specifier}`);
      }
    }
  }
  deepStrictEqual(bare, []);
});
