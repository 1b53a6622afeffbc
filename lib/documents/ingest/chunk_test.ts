import assert from "node:assert/strict";
import { chunkMarkdown } from "../../rag/chunk.ts";
import { chunkOffThread, IN_PLACE_CHARS } from "./chunk.ts";

const big = Array.from(
  { length: 400 },
  (_, i) => `## Part ${i}\n\n${"A sentence about the household library. ".repeat(20)}`,
).join("\n\n");

Deno.test("ingest chunk - a large document is cut in a worker, exactly as in place", async () => {
  assert.ok(big.length > IN_PLACE_CHARS);
  assert.deepEqual(await chunkOffThread(big), chunkMarkdown(big));
});

Deno.test("ingest chunk - an abort stops the worker", async () => {
  const abort = new AbortController();
  const cutting = chunkOffThread(big.repeat(20), abort.signal);
  abort.abort(new Error("stop"));
  await assert.rejects(cutting, /stop/);
});
