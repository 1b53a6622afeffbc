import assert from "node:assert/strict";
import { startFakeOpenAI } from "./fake_openai.ts";
import { OpenAIProvider } from "./openai.ts";
import {
  chatRequest,
  collect,
  failsWith,
  partial,
  TEST_LIMITS,
  within,
  withOpenAI,
} from "./testing.ts";

/** The provider always sends "sk-test", whatever key the server expects. */
const withOpenAIAs: typeof withOpenAI = (opts, fn) => withOpenAI(opts, fn, "sk-test");

Deno.test("openai provider - a rejected API key is upstream_auth_failed, a 502 that names the key", async () => {
  await withOpenAIAs({ apiKey: "sk-other" }, async (_fake, provider) => {
    const err = await failsWith(collect(provider.chat(chatRequest())), "upstream_auth_failed");
    assert.equal(err.status, 502);
    assert.match(err.message, /API key/);
    assert.equal(err.details.upstreamStatus, 401);
    await failsWith(provider.embed("e", ["x"]), "upstream_auth_failed");
  });
});

Deno.test("openai provider - llama.cpp's plain JSON 400 for a long prompt is context_overflow (422)", async () => {
  await withOpenAIAs({ apiKey: "sk-test", nCtx: 30 }, async (_fake, provider) => {
    const long = chatRequest({ messages: [{ role: "user", content: "word ".repeat(40) }] });
    const err = await failsWith(collect(provider.chat(long)), "context_overflow");
    assert.equal(err.status, 422);
    assert.match(err.detail, /exceeds the available context size/);
  });
});

Deno.test("openai provider - an error sent after the 200 ends the stream as upstream_error, after the tokens before it", async () => {
  await withOpenAIAs({ apiKey: "sk-test", reply: "one two three four" }, async (fake, provider) => {
    fake.setFault({
      type: "error_after",
      afterChunks: 3,
      message: "llama_decode: failed to decode",
    });
    const { seen, failure } = partial(provider.chat(chatRequest()));
    const err = await failsWith(failure, "upstream_error");
    assert.match(err.detail, /failed to decode/);
    assert.deepEqual(seen, [{ type: "token", text: "one " }, { type: "token", text: "two " }]);
  });
});

Deno.test("openai provider - a server that never answers is upstream_timeout within the first-byte deadline", async () => {
  await withOpenAIAs({ apiKey: "sk-test" }, async (fake, provider) => {
    fake.setFault({ type: "hang" });
    const start = Date.now();
    const err = await failsWith(collect(provider.chat(chatRequest())), "upstream_timeout");
    assert.equal(err.status, 504);
    assert.ok(Date.now() - start < 1_500, "well within a second and a half");
    await within(fake.waitForDisconnects(1), 2_000, "the hung request was aborted");
  });
});

Deno.test("openai provider - a dropped connection mid-stream is upstream_error", async () => {
  await withOpenAIAs({ apiKey: "sk-test", reply: "one two three" }, async (fake, provider) => {
    fake.setFault({ type: "drop", afterChunks: 2 });
    const { seen, failure } = partial(provider.chat(chatRequest()));
    const err = await failsWith(failure, "upstream_error");
    assert.match(err.detail, /dropped mid-stream/);
    assert.equal(seen.length, 1);
  });
});

Deno.test("openai provider - a 2 MB line stops at the 1 MB cap with upstream_line_too_long and aborts the request", async () => {
  await withOpenAIAs(
    { apiKey: "sk-test", reply: "one two three", tokensPerSecond: 50 },
    async (fake, provider) => {
      fake.setFault({ type: "long_line", afterChunks: 1 });
      const err = await failsWith(collect(provider.chat(chatRequest())), "upstream_line_too_long");
      assert.match(err.detail, /longer than 1\.0 MB;/);
      await within(fake.waitForDisconnects(1), 2_000, "the request was aborted");
    },
  );
});

Deno.test("openai provider - silence mid-stream and an over-long generation are both upstream_timeout", async () => {
  await withOpenAIAs(
    { apiKey: "sk-test", reply: "a b c d e f g h", tokensPerSecond: 2 },
    async (fake) => {
      const idle = new OpenAIProvider({
        baseUrl: fake.url,
        apiKey: "sk-test",
        limits: { ...TEST_LIMITS, idleTimeoutMs: 100 },
      });
      const err = await failsWith(collect(idle.chat(chatRequest())), "upstream_timeout");
      assert.match(err.detail, /silent mid-stream for 100 ms/);
      const capped = new OpenAIProvider({
        baseUrl: fake.url,
        apiKey: "sk-test",
        limits: { ...TEST_LIMITS, idleTimeoutMs: 2_000, generationTimeoutMs: 700 },
      });
      const { seen, failure } = partial(capped.chat(chatRequest()));
      const late = await failsWith(failure, "upstream_timeout");
      assert.match(late.message, /took longer than 700 ms/);
      assert.ok(seen.length >= 1, "the tokens before the deadline were delivered");
      await within(fake.waitForDisconnects(2), 2_000, "both requests were aborted");
    },
  );
});

Deno.test("openai provider - nothing listening is upstream_unreachable; health says so without throwing", async () => {
  const fake = await startFakeOpenAI();
  await fake.close();
  const provider = new OpenAIProvider({ baseUrl: fake.url, limits: TEST_LIMITS });
  const err = await failsWith(collect(provider.chat(chatRequest())), "upstream_unreachable");
  assert.equal(err.status, 503);
  await failsWith(provider.models(), "upstream_unreachable");
  const health = await provider.health();
  assert.equal(health.ok, false);
  assert.match(health.hosts[0].error ?? "", /not reachable/);
});

Deno.test("openai provider - an unknown model is model_not_found and a 500 before streaming is upstream_error", async () => {
  await withOpenAIAs({ apiKey: "sk-test" }, async (fake, provider) => {
    fake.setFault({ type: "unknown_model", once: true });
    const missing = await failsWith(
      collect(provider.chat(chatRequest({ model: "gpt-9" }))),
      "model_not_found",
    );
    assert.equal(missing.status, 404);
    fake.setFault({ type: "status", status: 503, message: "Loading model", once: true });
    const busy = await failsWith(collect(provider.chat(chatRequest())), "upstream_error");
    assert.match(busy.detail, /HTTP 503.*Loading model/);
    await failsWith(
      collect(provider.chat(chatRequest({ options: { numCtx: 0 } }))),
      "invalid_input",
    );
    assert.equal(fake.requests.length, 2, "an invalid request is never sent");
  });
});
