import assert from "node:assert/strict";
import type { ChatMessage } from "../ai/types.ts";
import { decisionFormat, fitMessages, parseDecision } from "./prompt.ts";
import { TEST_TOOLS } from "./testing.ts";

const big = "word ".repeat(2000);

Deno.test("agent prompt - the oldest tool answers give up their text first, then old history", () => {
  const messages: ChatMessage[] = [
    { role: "system", content: "sys" },
    { role: "user", content: "old question" },
    { role: "assistant", content: "", toolCalls: [{ id: "1", name: "read_file", arguments: {} }] },
    { role: "tool", content: big, toolCallId: "1", name: "read_file" },
    { role: "assistant", content: "", toolCalls: [{ id: "2", name: "read_file", arguments: {} }] },
    { role: "tool", content: big, toolCallId: "2", name: "read_file" },
  ];
  fitMessages(messages, 3500);
  assert.equal(messages.length, 6);
  assert.equal(messages[3].content, "[left out to fit the context]");
  assert.equal(messages[5].content, big, "the newest answer stays");

  fitMessages(messages, 50);
  assert.equal(messages[0].content, "sys");
  assert.notEqual(messages[1].role, "tool", "a tool answer never leads without its call");
  assert.ok(messages.length >= 2);
});

Deno.test("agent prompt - the constrained answer: a schema per tool, and anything else is text", () => {
  const schema = JSON.stringify(decisionFormat(TEST_TOOLS));
  for (const t of TEST_TOOLS) assert.ok(schema.includes(`"${t.name}"`));
  assert.deepEqual(parseDecision('{"action":"tool","tool":"read_file","arguments":{"path":"a"}}'), {
    action: "tool",
    tool: "read_file",
    arguments: { path: "a" },
  });
  assert.deepEqual(parseDecision('{"action":"answer","text":"hi"}'), {
    action: "answer",
    text: "hi",
  });
  assert.deepEqual(parseDecision("plain words"), { action: "answer", text: "plain words" });
});
