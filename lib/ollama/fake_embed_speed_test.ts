import assert from "node:assert/strict";
import { startFakeOllama } from "./fake_server.ts";

Deno.test("fake ollama - embedTokensPerSecond: an embed reads its words at that speed, holding the model's turn", async () => {
  const fake = await startFakeOllama({ embedTokensPerSecond: 1000 });
  try {
    const model = "nomic-embed-text:latest";
    const started = performance.now();
    const res = fetch(`${fake.url}/api/embed`, {
      method: "POST",
      body: JSON.stringify({ model, input: ["word ".repeat(150), "word ".repeat(50)] }),
    });
    while (fake.running(model) === 0) await new Promise((r) => setTimeout(r, 5));
    const body = await (await res).json();
    assert.equal(body.embeddings.length, 2);
    assert.ok(performance.now() - started >= 190, "200 words at 1000 a second take 200 ms");
    assert.equal(fake.running(model), 0, "the turn is given back");
  } finally {
    await fake.close();
  }
});
