import assert from "node:assert/strict";
import { DONE, SseParser, type StreamEvent } from "./sse.ts";

Deno.test("sse parser - events split anywhere, CRLF, comments, multi-line data and [DONE]", () => {
  const wire = ': heartbeat\r\n\r\nid: 0\r\nevent: meta\r\ndata: {"a":1}\r\n\r\n' +
    'id: 1\nevent: token\ndata: {"text":"hi"}\n\nid: 2\ndata: line one\ndata: line two\n\n' +
    "id: 3\ndata: [DONE]\n\n";
  for (let size = 1; size <= wire.length; size++) {
    const parser = new SseParser();
    const out: StreamEvent[] = [];
    for (let i = 0; i < wire.length; i += size) out.push(...parser.push(wire.slice(i, i + size)));
    assert.deepEqual(out, [
      { id: 0, event: "meta", data: { a: 1 } },
      { id: 1, event: "token", data: { text: "hi" } },
      { id: 2, event: "message", data: "line one\nline two" },
      { id: 3, event: DONE, data: DONE },
    ], `pieces of ${size}`);
  }
});

Deno.test("sse parser - a byte order mark at the start of the stream is skipped", () => {
  for (const pieces of [["\uFEFFid: 0\ndata: 1\n\n"], ["\uFEFF", "id: 0\ndata: 1\n\n"]]) {
    const parser = new SseParser();
    const out = pieces.flatMap((p) => parser.push(p));
    assert.deepEqual(out, [{ id: 0, event: "message", data: 1 }], JSON.stringify(pieces));
  }
  // Only at the start: later it is data like any other character.
  const parser = new SseParser();
  parser.push("id: 0\ndata: 1\n\n");
  assert.deepEqual(parser.push("id: 1\ndata: \uFEFFx\n\n"), [
    { id: 1, event: "message", data: "\uFEFFx" },
  ]);
});
