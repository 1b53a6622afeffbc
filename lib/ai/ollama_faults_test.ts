import assert from "node:assert/strict";
import { startFakeOllama } from "../ollama/fake_server.ts";
import { OllamaProvider } from "./ollama.ts";
import {
  chatRequest,
  collect,
  failsWith,
  partial,
  TEST_LIMITS,
  textOf,
  tokenCount,
  within,
  withOllama,
} from "./testing.ts";

Deno.test("ollama provider - a host that never answers is upstream_timeout within the deadline, and the request is aborted", async () => {
  await withOllama({}, async (fake, provider) => {
    fake.setFault("llama3.2", { type: "hang" });
    const start = Date.now();
    const err = await failsWith(collect(provider.chat(chatRequest())), "upstream_timeout");
    assert.equal(err.status, 504);
    assert.ok(Date.now() - start < 1_500);
    await within(fake.waitForDisconnects(1), 2_000, "the hung request was aborted");
  });
});

Deno.test("ollama provider - a 2 MB line stops at the 1 MB cap with upstream_line_too_long", async () => {
  // A reply long enough that Ollama is still sending when Hearth stops reading: a short one can
  // finish on a busy machine before the abort, and then there is no disconnect to see.
  const reply = `one ${"two ".repeat(200)}`.trim();
  await withOllama({ reply, tokensPerSecond: 50 }, async (fake, provider) => {
    fake.setFault("llama3.2", { type: "long_line", afterLines: 1 });
    const { seen, failure } = partial(provider.chat(chatRequest()));
    const err = await failsWith(failure, "upstream_line_too_long");
    assert.equal(err.status, 502);
    assert.deepEqual(seen, [{ type: "token", text: "one " }]);
    await within(fake.waitForDisconnects(1), 2_000, "the request was aborted");
  });
});

Deno.test("ollama provider - an error line after tokens is upstream_error; one about the context is context_overflow", async () => {
  await withOllama({ reply: "one two three" }, async (fake, provider) => {
    fake.setFault("llama3.2", {
      type: "error_line",
      error: "llama runner process has terminated",
      afterLines: 2,
    });
    const { seen, failure } = partial(provider.chat(chatRequest()));
    const err = await failsWith(failure, "upstream_error");
    assert.match(err.detail, /runner process has terminated/);
    assert.equal(textOf(seen), "one two ", "the tokens before the error line are handed over");
    assert.equal(tokenCount(seen), 2);
    fake.setFault("llama3.2", {
      type: "status",
      status: 400,
      error: "the input length exceeds the context length",
    });
    const overflow = await failsWith(collect(provider.chat(chatRequest())), "context_overflow");
    assert.equal(overflow.status, 422);
  });
});

Deno.test("ollama provider - a model no host has is model_not_found; no host at all is upstream_unreachable", async () => {
  await withOllama({}, async (fake, provider) => {
    const err = await failsWith(
      collect(provider.chat(chatRequest({ model: "gemma3:1b" }))),
      "model_not_found",
    );
    assert.match(err.detail, /Pull it first/);
    assert.ok(
      !fake.requests.some((r) => r.path === "/api/chat"),
      "routing decided before any chat",
    );
    await failsWith(provider.embed("gemma3:1b", ["x"]), "model_not_found");
    fake.setFault("llama3.2", { type: "not_found" });
    // Listed by /api/tags but refused by /api/chat: the host's own 404 comes through.
    await failsWith(collect(provider.chat(chatRequest())), "model_not_found");
  });
  const gone = await startFakeOllama();
  await gone.close();
  const provider = new OllamaProvider({ hosts: [gone.url], limits: TEST_LIMITS });
  const err = await failsWith(collect(provider.chat(chatRequest())), "upstream_unreachable");
  assert.equal(err.status, 503);
  await failsWith(provider.models(), "upstream_unreachable");
  assert.equal((await provider.health()).ok, false);
});

Deno.test("ollama provider - a generation over its time limit is upstream_timeout and keeps the tokens before it", async () => {
  await withOllama({ reply: "word ".repeat(50), tokensPerSecond: 20 }, async (fake) => {
    const provider = new OllamaProvider({
      hosts: [fake.url],
      limits: { ...TEST_LIMITS, generationTimeoutMs: 400 },
    });
    const { seen, failure } = partial(provider.chat(chatRequest()));
    const err = await failsWith(failure, "upstream_timeout");
    assert.match(err.message, /took longer than 400 ms/);
    assert.ok(seen.length >= 2 && seen.every((e) => e.type === "token"));
    await within(fake.waitForDisconnects(1), 2_000, "the request was aborted");
  });
});

Deno.test("ollama provider - invalid requests fail as invalid_input before anything is sent", async () => {
  await withOllama({}, async (fake, provider) => {
    await failsWith(
      collect(provider.chat(chatRequest({ options: { numCtx: 1.5 } }))),
      "invalid_input",
    );
    await failsWith(collect(provider.chat(chatRequest({ messages: [] }))), "invalid_input");
    await failsWith(collect(provider.chat(chatRequest({ model: " " }))), "invalid_input");
    const badTool = { name: "has space", description: "", parameters: {} };
    await failsWith(collect(provider.chat(chatRequest({ tools: [badTool] }))), "invalid_input");
    await failsWith(provider.embed("nomic-embed-text", []), "invalid_input");
    assert.equal(fake.requests.length, 0);
  });
});
