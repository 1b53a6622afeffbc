import assert from "node:assert/strict";
import { startFakeOllama } from "../ollama/fake_server.ts";
import { OllamaProvider } from "./ollama.ts";
import { chatRequest, collect, TEST_LIMITS, textOf } from "./testing.ts";

// Ollama runs one request per model at a time (OLLAMA_NUM_PARALLEL=1) and sends its headers with
// the first token, so a reply to a loaded model can wait, silently, for as long as the reply ahead
// of it takes. Today Hearth gives a loaded model only the connect timeout for its first byte and
// fails with upstream_timeout. Issue 12, "Deadlines that fit how Ollama answers"; the lead
// un-ignores this with that change.
Deno.test({
  name: "ollama provider - a reply queued behind another past the connect timeout still answers",
  ignore: true,
  fn: async () => {
    await using fake = await startFakeOllama({ reply: "Blue." });
    const provider = new OllamaProvider({ hosts: [fake.url], limits: TEST_LIMITS });
    await collect(provider.chat(chatRequest())); // loaded
    fake.hold();
    const ahead = await fetch(`${fake.url}/api/chat`, {
      method: "POST",
      body: JSON.stringify({ model: "llama3.2", messages: [{ role: "user", content: "hi" }] }),
    });
    const queued = collect(provider.chat(chatRequest()));
    // Twice the connect timeout behind the reply ahead, then it goes on.
    await new Promise((r) => setTimeout(r, 2 * TEST_LIMITS.connectTimeoutMs!));
    assert.equal(fake.waiting("llama3.2"), 1);
    fake.release();
    await ahead.text();
    assert.equal(textOf(await queued), "Blue.");
  },
});
