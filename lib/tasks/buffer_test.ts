import assert from "node:assert/strict";
import { ChunkBuffer } from "./buffer.ts";

const encoder = new TextEncoder();

Deno.test("task buffer - events come back exactly, across segments, multi-byte characters whole", () => {
  const buffer = new ChunkBuffer(["error"]);
  const events: [string, string][] = [];
  // Sizes that straddle every segment boundary (1, 2, 4 … 64 KiB), in 1-, 2-, 3- and 4-byte
  // characters, so a character meets the end of a segment at every possible offset.
  const pieces = ["a", "é", "€", "😀"];
  for (let i = 0; i < 600; i++) {
    const data = JSON.stringify(pieces[i % 4].repeat((i * 37) % 700));
    const event = i % 50 === 49 ? "tool" : "token";
    buffer.push(event, data);
    events.push([event, data]);
  }
  buffer.push("big", JSON.stringify("x".repeat(200_000))); // larger than a segment
  events.push(["big", JSON.stringify("x".repeat(200_000))]);
  assert.equal(buffer.length, events.length);
  const check = () =>
    events.forEach(([event, data], i) => {
      assert.deepEqual(buffer.chunkAt(i), { index: i, event, data }, `event ${i}`);
      assert.equal(buffer.dataLength(i), encoder.encode(data).length);
    });
  check();
  assert.equal(buffer.chunkAt(events.length), undefined);
  assert.equal(buffer.chunkAt(-1), undefined);
  // Any byte range of an event, as SSE framing copies it.
  const i = 123;
  const whole = encoder.encode(events[i][1]);
  const part = new Uint8Array(40);
  buffer.copyData(i, 10, 50, part, 0);
  assert.deepEqual(part, whole.subarray(10, 50));
  buffer.seal();
  check();
});

Deno.test("task buffer - holds about what it counts, not five times more", () => {
  const buffer = new ChunkBuffer();
  let counted = 0;
  for (let i = 0; i < 100_000; i++) {
    const data = JSON.stringify({ text: ` w${i % 1000}` });
    buffer.push("token", data);
    counted += "token".length + data.length;
  }
  buffer.seal();
  // Data bytes plus 9 bytes an event (offset and name id) against the counted name's 5.
  assert.ok(buffer.allocated <= counted * 1.25, `${buffer.allocated} for ${counted} counted`);
  assert.ok(buffer.allocated >= buffer.dataBytes);
});

Deno.test("task buffer - at most 256 event names, and a refused one changes nothing", () => {
  const buffer = new ChunkBuffer(["error"]);
  for (let i = 0; i < 255; i++) buffer.push(`e${i}`, "1");
  assert.throws(() => buffer.push("one-too-many", "1"), TypeError);
  assert.equal(buffer.length, 255);
  buffer.push("error", '"still fits"');
  assert.equal(buffer.chunkAt(255)?.data, '"still fits"');
});
