import assert from "node:assert/strict";
import { isContextOverflow } from "./errors.ts";
import { openaiError } from "./openai_http.ts";
import { ollamaChatBody } from "./ollama_wire.ts";
import { openaiChatBody, OpenAIChatMapper } from "./openai_wire.ts";
import { parseArguments, ToolCallAssembler } from "./tool_args.ts";

Deno.test("tool calls - pieces are assembled by index; repeated ids and names keep the first", () => {
  const tools = new ToolCallAssembler();
  tools.add([{ index: 1, id: "b", function: { name: "second", arguments: '{"n":' } }]);
  tools.add([{ index: 0, id: "a", type: "function", function: { name: "first", arguments: "" } }]);
  tools.add([{ index: 1, id: "b", function: { name: "second", arguments: "2}" } }]);
  tools.add([{ index: 0, function: { arguments: '{"n":1}' } }]);
  assert.equal(tools.size, 2);
  assert.deepEqual(tools.take(), [
    { type: "tool_call", id: "a", name: "first", arguments: { n: 1 } },
    { type: "tool_call", id: "b", name: "second", arguments: { n: 2 } },
  ]);
  assert.equal(tools.size, 0, "taking forgets them");
  tools.add([{ function: { name: "lonely", arguments: "{}" } }]);
  assert.deepEqual(tools.take(), [{
    type: "tool_call",
    id: "call_0",
    name: "lonely",
    arguments: {},
  }]);
});

Deno.test("tool calls - arguments that are not a JSON object are kept raw for the agent to report", () => {
  assert.deepEqual(parseArguments(""), { arguments: {} });
  assert.deepEqual(parseArguments('{"a":1}'), { arguments: { a: 1 } });
  assert.deepEqual(parseArguments('{"a":'), { arguments: {}, rawArguments: '{"a":' });
  assert.deepEqual(parseArguments("[1,2]"), { arguments: {}, rawArguments: "[1,2]" });
});

Deno.test("openai mapping - role-only and empty deltas make no events; a second choice is ignored", () => {
  const mapper = new OpenAIChatMapper();
  assert.deepEqual(
    mapper.events({ choices: [{ index: 0, delta: { role: "assistant", content: null } }] }),
    [],
  );
  assert.deepEqual(
    mapper.events({
      choices: [
        { index: 0, delta: { content: "Hi" } },
        { index: 1, delta: { content: "other" } },
      ],
    }),
    [{ type: "token", text: "Hi" }],
  );
  assert.deepEqual(
    mapper.events({ choices: [{ index: 0, delta: {}, finish_reason: "length" }] }),
    [],
  );
  assert.deepEqual(
    mapper.events({ choices: [], usage: { prompt_tokens: 9, completion_tokens: 1 } }),
    [],
  );
  const done = mapper.done("http://h");
  assert.deepEqual([done.doneReason, done.promptTokens, done.completionTokens], ["length", 9, 1]);
});

Deno.test("openai errors - status, body shape and wording decide the code", () => {
  const host = "http://h";
  const code = (status: number | undefined, body: unknown) => openaiError(host, status, body).code;
  assert.equal(code(401, { error: { message: "Invalid API Key" } }), "upstream_auth_failed");
  assert.equal(code(403, "Forbidden"), "upstream_auth_failed");
  assert.equal(
    code(400, {
      error: {
        message: "This model's maximum context length is 8192 tokens.",
        code: "context_length_exceeded",
      },
    }),
    "context_overflow",
  );
  assert.equal(
    code(404, { error: { message: "The model `x` does not exist", code: "model_not_found" } }),
    "model_not_found",
  );
  assert.equal(
    code(404, "<html>404 Not Found</html>"),
    "upstream_error",
    "a wrong base URL is not a missing model",
  );
  assert.equal(code(undefined, { error: { code: 500, message: "boom" } }), "upstream_error");
  const plain = openaiError(host, 502, { error: "bad gateway" });
  assert.match(plain.detail, /HTTP 502\): bad gateway/);
  assert.equal(openaiError(host, 500, "").detail, "The AI server at http://h failed (HTTP 500).");
  // What members see names neither the server nor what it said.
  assert.equal(plain.message, "The model server answered with an error.");
});

Deno.test("context overflow - the wordings of llama.cpp, OpenAI and Ollama are recognised, others are not", () => {
  assert.ok(isContextOverflow("the request exceeds the available context size, try increasing it"));
  assert.ok(isContextOverflow("This model's maximum context length is 4096 tokens"));
  assert.ok(isContextOverflow("input length exceeds the context length"));
  assert.ok(isContextOverflow("anything", undefined, "exceed_context_size_error"));
  assert.ok(!isContextOverflow("llama runner process has terminated"));
  assert.ok(!isContextOverflow("model 'x' not found"));
});

Deno.test("images - a user message's photos go as Ollama's images and as OpenAI's image parts", () => {
  const jpeg = "/9j/4AAQSkZJRg==";
  const png = "iVBORw0KGgo=";
  const request = {
    model: "m",
    messages: [
      { role: "user" as const, content: "Plain" },
      { role: "user" as const, content: "What is this?", images: [jpeg, png] },
    ],
    options: {},
  };
  assert.deepEqual(ollamaChatBody(request).messages, [
    { role: "user", content: "Plain" },
    { role: "user", content: "What is this?", images: [jpeg, png] },
  ]);
  assert.deepEqual(openaiChatBody(request).messages, [
    { role: "user", content: "Plain" },
    {
      role: "user",
      content: [
        { type: "text", text: "What is this?" },
        { type: "image_url", image_url: { url: `data:image/jpeg;base64,${jpeg}` } },
        { type: "image_url", image_url: { url: `data:image/png;base64,${png}` } },
      ],
    },
  ]);
});
