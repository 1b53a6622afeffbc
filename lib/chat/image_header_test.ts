import assert from "node:assert/strict";
import { readImageHeader } from "./image_header.ts";
import { pngBytes } from "./testing.ts";

const bytes = (...parts: (number[] | string)[]) =>
  new Uint8Array(
    parts.flatMap((p) => typeof p === "string" ? [...p].map((c) => c.charCodeAt(0)) : p),
  );

Deno.test("image header - a PNG's size comes from its IHDR chunk", async () => {
  assert.deepEqual(readImageHeader(await pngBytes(37, 21)), {
    mime: "image/png",
    width: 37,
    height: 21,
  });
});

Deno.test("image header - a JPEG's size comes from its SOF segment, after other segments", () => {
  const jpeg = bytes(
    [0xff, 0xd8],
    [0xff, 0xe0, 0x00, 0x06],
    "JFIF",
    // Fill bytes before a marker are allowed.
    [0xff, 0xff, 0xc2, 0x00, 0x11, 0x08],
    [0x0b, 0xb8], // height 3000
    [0x0f, 0xa0], // width 4000
    [3, 1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1],
  );
  assert.deepEqual(readImageHeader(jpeg), { mime: "image/jpeg", width: 4000, height: 3000 });
  // DHT (C4) is no frame header; a scan before any frame means no size.
  const noFrame = bytes([0xff, 0xd8], [0xff, 0xc4, 0x00, 0x04, 0, 0], [0xff, 0xda, 0, 2]);
  assert.equal(readImageHeader(noFrame), null);
  assert.equal(readImageHeader(bytes([0xff, 0xd8, 0xff, 0xe0, 0x00])), null, "cut off");
});

Deno.test("image header - WebP sizes from VP8, VP8L and VP8X", () => {
  const riff = (chunk: string, data: number[]) =>
    bytes("RIFF", [0, 0, 0, 0], "WEBP", chunk, [0, 0, 0, 0], data, new Array(16).fill(0));
  const lossy = riff("VP8 ", [0, 0, 0, 0x9d, 0x01, 0x2a, 0x40, 0x06, 0xb0, 0x04]);
  assert.deepEqual(readImageHeader(lossy), { mime: "image/webp", width: 1600, height: 1200 });
  // 14 bits each of width-1 and height-1: 640 × 480.
  const bits = (639 | (479 << 14)) >>> 0;
  const lossless = riff("VP8L", [
    0x2f,
    bits & 255,
    (bits >> 8) & 255,
    (bits >> 16) & 255,
    bits >>> 24,
  ]);
  assert.deepEqual(readImageHeader(lossless), { mime: "image/webp", width: 640, height: 480 });
  const extended = riff("VP8X", [0x10, 0, 0, 0, 0xff, 0x1f, 0, 0x0f, 0x00, 0x00]);
  assert.deepEqual(readImageHeader(extended), { mime: "image/webp", width: 8192, height: 16 });
});

Deno.test("image header - anything else is no image", () => {
  for (
    const b of [
      new Uint8Array(0),
      bytes("GIF89a", [1, 0, 1, 0]),
      bytes("<svg xmlns='http://www.w3.org/2000/svg'/>"),
      bytes("RIFF", [0, 0, 0, 0], "WAVE", "fmt ", new Array(20).fill(0)),
      bytes("\x89PNG\r\n\x1a\n", [0, 0, 0, 13], "IHDR", [0, 0, 0, 0, 0, 0, 0, 5]),
    ]
  ) assert.equal(readImageHeader(b), null);
});
