import assert from "node:assert/strict";
import { OllamaError } from "./errors.ts";
import { ndjsonLines } from "./ndjson.ts";
import { collect } from "./testing.ts";
import { parseParameters, PullRateTracker, toDetails } from "./wire.ts";

function body(...chunks: (string | Uint8Array)[]): ReadableStream<Uint8Array> {
  const enc = new TextEncoder();
  return new ReadableStream({
    start(c) {
      for (const chunk of chunks) c.enqueue(typeof chunk === "string" ? enc.encode(chunk) : chunk);
      c.close();
    },
  });
}

Deno.test("ndjson - lines split across chunks, CRLF, blank lines and a last line without newline", async () => {
  const euro = new TextEncoder().encode('{"a":"€"}\n');
  const lines = await collect(ndjsonLines(
    body('{"a":1', '}\r\n\n{"b"', ":2}\n", euro.slice(0, 7), euro.slice(7), '{"c":3}'),
    { host: "h" },
  ));
  assert.deepEqual(lines, ['{"a":1}', '{"b":2}', '{"a":"€"}', '{"c":3}']);
});

Deno.test("ndjson - a line over the cap fails before its newline arrives, then the body is cancelled", async () => {
  let cancelled = false;
  let pulls = 0;
  const stream = new ReadableStream<Uint8Array>({
    pull(c) {
      pulls++;
      c.enqueue(new Uint8Array(100).fill(0x78)); // "x" forever, never a newline
    },
    cancel() {
      cancelled = true;
    },
  });
  await assert.rejects(
    collect(ndjsonLines(stream, { host: "http://h", maxLineBytes: 1000 })),
    (err: OllamaError) => err.code === "upstream_line_too_long" && /1000 bytes/.test(err.message),
  );
  assert.ok(cancelled);
  assert.ok(pulls <= 12, `stopped right after the cap, read ${pulls} chunks`);
  // Exactly at the cap is still fine.
  const exact = "y".repeat(1000);
  assert.deepEqual(
    await collect(ndjsonLines(body(exact + "\n"), { host: "h", maxLineBytes: 1000 })),
    [exact],
  );
});

Deno.test("wire - show parameters text becomes typed values, repeated keys become arrays", () => {
  const text =
    'num_ctx                        8192\nstop                           "<|eot_id|>"\n' +
    'stop                           "\\"quoted\\""\ntemperature                    0.7\npenalize_newline               true';
  assert.deepEqual(parseParameters(text), {
    num_ctx: 8192,
    stop: ["<|eot_id|>", '"quoted"'],
    temperature: 0.7,
    penalize_newline: true,
  });
  const details = toDetails("m", {
    parameters: text,
    model_info: { "general.architecture": "qwen2", "qwen2.context_length": 32768 },
    details: { family: "qwen2" },
  });
  assert.equal(details.contextLength, 32768);
  assert.equal(details.numCtx, 8192);
  assert.equal(toDetails("m", {}).contextLength, undefined);
});

Deno.test("wire - the pull rate is bytes over time per layer, sampled at the window", () => {
  let now = 0;
  const tracker = new PullRateTracker(500, () => now);
  const line = (completed: number, digest = "sha256:a") => ({
    status: "pulling a",
    digest,
    total: 10_000_000,
    completed,
  });
  assert.equal(tracker.next(line(0)).bytesPerSecond, undefined);
  now = 200;
  assert.equal(tracker.next(line(400_000)).bytesPerSecond, undefined, "too soon to tell");
  now = 1000;
  const p = tracker.next(line(2_000_000));
  assert.equal(p.bytesPerSecond, 2_000_000);
  assert.equal(p.percent, 20);
  now = 1200;
  assert.equal(tracker.next(line(2_500_000)).bytesPerSecond, 2_000_000, "keeps the last rate");
  now = 2000;
  assert.equal(tracker.next(line(3_000_000)).bytesPerSecond, 1_000_000);
  assert.equal(
    tracker.next(line(0, "sha256:b")).bytesPerSecond,
    undefined,
    "a new layer starts over",
  );
  assert.deepEqual(tracker.next({ status: "success" }), { status: "success" });
});
