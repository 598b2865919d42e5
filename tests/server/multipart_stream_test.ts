import { deepStrictEqual, rejects, strictEqual, throws } from "node:assert/strict";
import { multipartBoundary, readMultipart } from "../../lib/server/multipart_stream.ts";
import { HttpError } from "../../lib/server/errors.ts";

/** A FormData body as bytes with its boundary. */
async function encode(
  form: FormData,
): Promise<{ bytes: Uint8Array<ArrayBuffer>; boundary: string }> {
  const request = new Request("http://local/", { method: "POST", body: form });
  const boundary = multipartBoundary(request.headers.get("content-type")!);
  return { bytes: new Uint8Array(await request.arrayBuffer()), boundary };
}

/** A stream of `bytes` cut into pieces of `size` bytes. */
function pieces(bytes: Uint8Array, size: number): ReadableStream<Uint8Array> {
  let at = 0;
  return new ReadableStream({
    pull(controller) {
      if (at >= bytes.length) return controller.close();
      controller.enqueue(bytes.slice(at, at + size));
      at += size;
    },
  });
}

async function parts(stream: ReadableStream<Uint8Array>, boundary: string, limit = 1 << 30) {
  const out = [];
  for await (const part of readMultipart(stream, { boundary, limit })) out.push(part);
  return out;
}

function sampleForm(): FormData {
  const form = new FormData();
  form.append("image_quality", "70");
  const big = new Uint8Array(200_000).map((_, i) => (i * 31) & 0xff);
  form.append("client_files[0]", new Blob([big]), "big.jpg");
  // A file whose content looks like a delimiter without being one.
  form.append("client_files[1]", new Blob(["\r\n--not-the-boundary\r\n"]), "tricky.png");
  form.append("client_files[2]", new Blob([]), "empty.png");
  return form;
}

Deno.test("parts come out whole however the body is cut", async () => {
  const { bytes, boundary } = await encode(sampleForm());
  for (const size of [1, 7, 70, 4096, 1 << 20]) {
    const got = await parts(pieces(bytes, size), boundary);
    deepStrictEqual(got.map((p) => [p.name, p.filename, p.bytes.length]), [
      ["image_quality", undefined, 2],
      ["client_files[0]", "big.jpg", 200_000],
      ["client_files[1]", "tricky.png", 22],
      ["client_files[2]", "empty.png", 0],
    ], `pieces of ${size}`);
    strictEqual(new TextDecoder().decode(got[0].bytes), "70");
    strictEqual(got[1].bytes[12345], (12345 * 31) & 0xff);
  }
});

Deno.test("the same parts as the platform's own multipart parser", async () => {
  const { bytes, boundary } = await encode(sampleForm());
  const request = new Request("http://local/", {
    method: "POST",
    headers: { "content-type": `multipart/form-data; boundary=${boundary}` },
    body: bytes,
  });
  const expected = [...(await request.formData()).entries()];
  const got = await parts(pieces(bytes, 1000), boundary);
  strictEqual(got.length, expected.length);
  for (const [i, [name, value]] of expected.entries()) {
    strictEqual(got[i].name, name);
    if (typeof value === "string") strictEqual(new TextDecoder().decode(got[i].bytes), value);
    else deepStrictEqual(got[i].bytes, new Uint8Array(await value.arrayBuffer()));
  }
});

Deno.test("a body over the limit is a 413; a cut body and a bad boundary are 400s", async () => {
  const { bytes, boundary } = await encode(sampleForm());
  await rejects(
    () => parts(pieces(bytes, 4096), boundary, 50_000),
    (e) => e instanceof HttpError && e.status === 413,
  );
  await rejects(
    () => parts(pieces(bytes.slice(0, 100_000), 4096), boundary),
    (e) => e instanceof HttpError && e.status === 400,
  );
  await rejects(
    () => parts(pieces(bytes, 4096), "other-boundary"),
    (e) => e instanceof HttpError && e.status === 400,
  );
  throws(() => multipartBoundary("multipart/form-data"), (e) => (e as HttpError).status === 400);
});
