import assert from "node:assert/strict";
import type { ChatMessage } from "../ai/types.ts";
import { buildContext, estimateTokens } from "./context.ts";

const msg = (role: "user" | "assistant", content: string): ChatMessage => ({ role, content });

Deno.test("context - everything fits: system prompt plus the whole history", () => {
  const history = [msg("user", "hi"), msg("assistant", "hello"), msg("user", "how are you?")];
  const plan = buildContext({ system: "Be brief.", history, numCtx: 4096, reserve: 1024 });
  assert.equal(plan.dropped, 0);
  assert.deepEqual(plan.messages.map((m) => m.role), ["system", "user", "assistant", "user"]);
  assert.equal(plan.numCtx, 4096);
  assert.ok(plan.promptTokens > 0 && plan.promptTokens < 100);
});

Deno.test("context - the oldest messages go first when the window is full, and the count says so", () => {
  const history = Array.from(
    { length: 40 },
    (_, i) => msg(i % 2 ? "assistant" : "user", `${i} ${"word ".repeat(60)}`),
  );
  const plan = buildContext({ system: "S", history, numCtx: 2048, reserve: 512 });
  assert.ok(plan.dropped > 0);
  assert.equal(plan.messages.length, 1 + 40 - plan.dropped);
  assert.equal(plan.messages.at(-1)!.content, history.at(-1)!.content, "the newest is kept");
  assert.ok(plan.promptTokens <= 2048 - 512);
  // Kept messages are the newest ones, in order.
  assert.deepEqual(plan.messages.slice(1), history.slice(plan.dropped));
});

Deno.test("context - a single message larger than the window keeps its end", () => {
  const long = "start " + "x".repeat(50_000) + " the question?";
  const plan = buildContext({
    system: "",
    history: [msg("user", long)],
    numCtx: 1024,
    reserve: 256,
  });
  assert.equal(plan.messages.length, 1);
  assert.ok(plan.messages[0].content.endsWith("the question?"));
  assert.ok(estimateTokens(plan.messages[0].content) <= 1024);
  assert.equal(plan.dropped, 0);
});

Deno.test("context - token estimates err on the high side, and count CJK per character", () => {
  assert.ok(estimateTokens("The quick brown fox jumps over the lazy dog.") >= 10);
  assert.equal(estimateTokens("日本語のテキスト"), 8);
});

Deno.test("context - estimateTokens counts what one regex test per character counted", () => {
  // The earlier estimate, kept here as the reference.
  const perCharacter = (text: string) => {
    let cjk = 0;
    for (const ch of text) if (/[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]/.test(ch)) cjk++;
    return Math.ceil((text.length - cjk) / 3.5) + cjk;
  };
  const texts = [
    "",
    "plain words",
    "日本語のテキスト and English",
    "한국어 텍스트 🔥 emoji 𠀀 (outside the BMP)",
    "\u303f\u3040\u30ff\u3100\u33ff\u3400\u9fff\ua000\uabff\uac00\ud7af\ud7b0",
  ];
  for (const text of texts) assert.equal(estimateTokens(text), perCharacter(text), text);
});
