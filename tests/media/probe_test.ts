import { deepEqual, equal, throws } from "node:assert/strict";
import { DataError } from "../../lib/core/errors.ts";
import { probeImage } from "../../lib/media/probe.ts";
import {
  bmpHeader,
  gifHeader,
  jpeg,
  png,
  tiffHeader,
  webpHeader,
  withOrientation,
} from "./_images.ts";

const SIZES: [number, number][] = [[1, 1], [7, 5], [640, 480], [1920, 1080]];

Deno.test("probeImage reads real JPEG sizes made by imagescript", async () => {
  for (const [width, height] of SIZES) {
    const info = probeImage(await jpeg(width, height), "a.jpg");
    deepEqual(info, { width, height, mime: "image/jpeg", orientation: 1 });
  }
});

Deno.test("probeImage reads real PNG sizes made by imagescript", async () => {
  for (const [width, height] of SIZES) {
    const info = probeImage(await png(width, height), "a.png");
    deepEqual(info, { width, height, mime: "image/png", orientation: 1 });
  }
});

Deno.test("probeImage applies the EXIF orientation to the size (5..8 swap)", async () => {
  const source = await jpeg(640, 480);
  for (let orientation = 1; orientation <= 8; orientation++) {
    for (const bigEndian of [false, true]) {
      const info = probeImage(withOrientation(source, orientation, bigEndian), "o.jpg");
      const swap = orientation >= 5;
      deepEqual(info, {
        width: swap ? 480 : 640,
        height: swap ? 640 : 480,
        mime: "image/jpeg",
        orientation,
      });
    }
  }
});

Deno.test("probeImage treats an out-of-range orientation as 1", async () => {
  const info = probeImage(withOrientation(await jpeg(7, 5), 9), "o.jpg");
  deepEqual(info, { width: 7, height: 5, mime: "image/jpeg", orientation: 1 });
});

Deno.test("probeImage reads GIF, BMP, WebP and TIFF headers", () => {
  const cases: [Uint8Array, string, number, number][] = [
    [gifHeader(7, 5), "image/gif", 7, 5],
    [bmpHeader(7, 5), "image/bmp", 7, 5],
    [bmpHeader(7, -5), "image/bmp", 7, 5],
    [bmpHeader(300, 200, true), "image/bmp", 300, 200],
    [webpHeader("VP8 ", 640, 480), "image/webp", 640, 480],
    [webpHeader("VP8L", 1920, 1080), "image/webp", 1920, 1080],
    [webpHeader("VP8X", 4000, 3000), "image/webp", 4000, 3000],
    [tiffHeader(7, 5), "image/tiff", 7, 5],
    [tiffHeader(7, 5, undefined, true), "image/tiff", 7, 5],
  ];
  for (const [bytes, mime, width, height] of cases) {
    deepEqual(probeImage(bytes, "x"), { width, height, mime, orientation: 1 }, mime);
  }
  deepEqual(probeImage(tiffHeader(7, 5, 8, true), "t.tif"), {
    width: 5,
    height: 7,
    mime: "image/tiff",
    orientation: 8,
  });
});

Deno.test("probeImage refuses garbage and unknown formats, naming the file", () => {
  for (
    const bytes of [new Uint8Array(), new TextEncoder().encode("hello world"), new Uint8Array(1000)]
  ) {
    throws(() => probeImage(bytes, "a.txt"), {
      name: "DataError",
      message: 'Cannot use "a.txt" as an image: unknown format',
    });
  }
});

Deno.test("probeImage refuses truncated headers, naming the file", async () => {
  const real = await jpeg(640, 480);
  const cut: [Uint8Array, string][] = [
    [real.subarray(0, 20), "cut.jpg"],
    [(await png(7, 5)).subarray(0, 16), "cut.png"],
    [gifHeader(7, 5).subarray(0, 8), "cut.gif"],
    [bmpHeader(7, 5).subarray(0, 20), "cut.bmp"],
    [webpHeader("VP8 ", 7, 5).subarray(0, 24), "cut.webp"],
    [tiffHeader(7, 5).subarray(0, 20), "cut.tif"],
  ];
  for (const [bytes, name] of cut) {
    throws(() => probeImage(bytes, name), (error: unknown) => {
      equal(error instanceof DataError, true);
      equal((error as Error).message.startsWith(`Cannot use "${name}" as an image: `), true);
      return true;
    });
  }
});

Deno.test("probeImage refuses invalid headers", () => {
  const sosFirst = new Uint8Array([0xff, 0xd8, 0xff, 0xda, 0, 2, 0xff, 0xd9]);
  throws(() => probeImage(sosFirst, "s.jpg"), {
    message: 'Cannot use "s.jpg" as an image: JPEG without a frame header',
  });
  const badMarker = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 4, 0, 0, 0x12, 0x34]);
  throws(() => probeImage(badMarker, "m.jpg"), { name: "DataError" });
  throws(() => probeImage(gifHeader(0, 5), "z.gif"), {
    message: 'Cannot use "z.gif" as an image: invalid size 0×5',
  });
  throws(() => probeImage(tiffHeader(100000, 5), "big.tif"), { name: "DataError" });
  const noSize = tiffHeader(7, 5);
  noSize[10] = 0x77; // the width tag becomes an unknown tag
  throws(() => probeImage(noSize, "n.tif"), {
    message: 'Cannot use "n.tif" as an image: TIFF without image size',
  });
  const bigTiff = new Uint8Array([0x49, 0x49, 43, 0, 8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
  throws(() => probeImage(bigTiff, "b.tif"), { name: "DataError" });
});
