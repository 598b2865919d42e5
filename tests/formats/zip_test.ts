import { deepEqual, equal, ok, rejects } from "node:assert/strict";
import { unzipSync, zipSync } from "fflate";
import { openZip } from "../../lib/formats/zip_reader.ts";
import { zipStream } from "../../lib/formats/zip_writer.ts";
import { uploadFiles } from "../../lib/formats/upload_files.ts";

const enc = new TextEncoder();
const bytesOf = async (stream: ReadableStream<Uint8Array>) =>
  new Uint8Array(await new Response(stream).arrayBuffer());

Deno.test("zip writer: entries from async producers, readable by fflate and by our reader", async () => {
  async function* slowly() {
    for (let i = 0; i < 100; i++) yield enc.encode(`line ${i}\n`);
  }
  const zip = await bytesOf(zipStream([
    { name: "a/one.txt", data: slowly },
    { name: "empty.txt", data: () => [] },
    { name: "ünïcode.txt", data: () => new Blob(["x"]).stream() },
  ]));
  const files = unzipSync(zip);
  deepEqual(Object.keys(files), ["a/one.txt", "empty.txt", "ünïcode.txt"]);
  ok(new TextDecoder().decode(files["a/one.txt"]).endsWith("line 99\n"));
  const archive = await openZip(zip);
  deepEqual(archive.entries.map((e) => [e.name, e.size, e.method]), [
    ["a/one.txt", 790, 0],
    ["empty.txt", 0, 0],
    ["ünïcode.txt", 1, 0],
  ]);
  equal(new TextDecoder().decode(await archive.bytes(archive.entries[2])), "x");
});

Deno.test("zip writer: 65535+ entries switch to ZIP64 end records", async () => {
  const count = 70_000;
  const entries = function* () {
    for (let i = 0; i < count; i++) {
      yield { name: `f${i}`, data: () => [new Uint8Array([i & 255])] };
    }
  };
  const zip = await bytesOf(zipStream(entries()));
  const view = new DataView(zip.buffer);
  equal(view.getUint16(zip.length - 22 + 10, true), 0xffff);
  equal(view.getUint32(zip.length - 22 - 20, true), 0x07064b50);
  const archive = await openZip(zip, { maxEntries: count });
  equal(archive.entries.length, count);
  deepEqual([...await archive.bytes(archive.entries[count - 1])], [(count - 1) & 255]);
  await rejects(openZip(zip, { maxEntries: 65535 }), /70000 entries/);
});

Deno.test("zip writer: refuses unsafe names and stops producers on cancel", async () => {
  await rejects(bytesOf(zipStream([{ name: "../x", data: () => [] }])), { name: "ArgumentError" });
  let produced = 0;
  async function* endless() {
    while (true) {
      produced++;
      yield new Uint8Array(1024);
    }
  }
  const reader = zipStream([{ name: "big", data: endless }]).getReader();
  for (let i = 0; i < 5; i++) await reader.read();
  await reader.cancel();
  ok(produced < 10, `produced ${produced}`);
});

Deno.test("zip reader: traversal, absolute and backslash names are refused by name", async () => {
  for (const name of ["../evil.xml", "a/../../evil.xml", "/etc/passwd", "a\\b.xml", "C:/x.xml"]) {
    const zip = zipSync({ [name]: enc.encode("<a/>") });
    await rejects(openZip(zip), (error: Error) => {
      equal(error.name, "DataError");
      ok(error.message.includes(name), error.message);
      return true;
    });
  }
});

Deno.test("zip reader: bombs are refused by ratio, by declared size and by lying sizes", async () => {
  const zeros = new Uint8Array(4 * 1024 * 1024);
  const bomb = zipSync({ "bomb.xml": zeros }, { level: 9 });
  await rejects(openZip(bomb, { maxRatio: 100 }), /bomb\.xml.*zip bomb/);
  await rejects(openZip(bomb, { maxEntrySize: 1024 }), /bomb\.xml/);
  await rejects(openZip(bomb, { maxTotalSize: 1024 }), /bomb\.xml/);
  // declare 10 bytes in the central directory: inflating must stop with a DataError
  const lying = bomb.slice();
  const view = new DataView(lying.buffer);
  const cd = view.getUint32(lying.length - 22 + 16, true);
  view.setUint32(cd + 24, 10, true);
  const archive = await openZip(lying);
  await rejects(archive.bytes(archive.entries[0]), /bomb\.xml.*more than the 10 bytes/);
});

Deno.test("zip reader: deflated entries are inflated and CRC-checked", async () => {
  const text = enc.encode("hello ".repeat(1000));
  const zip = zipSync({ "a.xml": text }, { level: 6 });
  const archive = await openZip(new Blob([zip]));
  deepEqual(await archive.bytes(archive.entries[0]), text);
  const broken = zip.slice();
  const view = new DataView(broken.buffer);
  const cd = view.getUint32(broken.length - 22 + 16, true);
  view.setUint32(cd + 16, 1234, true); // wrong CRC
  const bad = await openZip(broken);
  await rejects(bad.bytes(bad.entries[0]), /a\.xml.*damaged/);
  await rejects(openZip(enc.encode("no zip here")), { name: "DataError" });
});

Deno.test("uploadFiles: bare file vs zip, filtered and sorted, size limit", async () => {
  const zip = zipSync({
    "z.xml": enc.encode("1"),
    "a/b.xml": enc.encode("2"),
    "c.json": enc.encode("3"),
  });
  const files = await uploadFiles(new Blob([zip]).stream(), { accept: (p) => p.endsWith(".xml") });
  deepEqual(files.map((f) => f.name), ["a/b.xml", "z.xml"]);
  equal(new TextDecoder().decode(await bytesOf(files[1].open())), "1");
  const bare = await uploadFiles(enc.encode("<a/>"), { defaultName: "annotations.xml" });
  deepEqual(bare.map((f) => f.name), ["annotations.xml"]);
  await rejects(uploadFiles(zip, { maxBytes: 10 }), { name: "DataError" });
  await rejects(uploadFiles(zip, { accept: () => false }), { name: "DataError" });
});

Deno.test("uploadFiles: a zip stream larger than one Blob part reads back whole; size limit", async () => {
  const big = new Uint8Array(20 * 1024 * 1024).map((_, i) => (i * 7919) >>> 5);
  const zip = zipSync({ "a.bin": [big, { level: 0 }], "b.xml": enc.encode("<b/>") });
  const chunked = (size: number) =>
    new ReadableStream<Uint8Array>({
      start(controller) {
        for (let at = 0; at < zip.length; at += size) controller.enqueue(zip.slice(at, at + size));
        controller.close();
      },
    });
  const files = await uploadFiles(chunked(65_536));
  deepEqual(files.map((f) => f.name), ["a.bin", "b.xml"]);
  deepEqual(await bytesOf(files[0].open()), big);
  equal(new TextDecoder().decode(await bytesOf(files[1].open())), "<b/>");
  await rejects(uploadFiles(chunked(1 << 20), { maxBytes: 10 * 1024 * 1024 }), {
    name: "DataError",
  });
});
