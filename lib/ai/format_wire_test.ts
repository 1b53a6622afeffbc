/** A request's `format` (a JSON schema) on each provider's wire. */
import assert from "node:assert/strict";
import { ollamaChatBody } from "./ollama_wire.ts";
import { openaiChatBody } from "./openai_wire.ts";
import { chatRequest } from "./testing.ts";

const format = { type: "object", properties: { intent: { type: "string" } } };

Deno.test("wire - format goes to Ollama as `format`, to OpenAI-compatible servers as a json_schema response_format", () => {
  assert.deepEqual(ollamaChatBody(chatRequest({ format })).format, format);
  assert.deepEqual(openaiChatBody(chatRequest({ format })).response_format, {
    type: "json_schema",
    json_schema: { name: "answer", schema: format, strict: false },
  });
  assert.equal("format" in ollamaChatBody(chatRequest()), false);
  assert.equal("response_format" in openaiChatBody(chatRequest()), false);
});
