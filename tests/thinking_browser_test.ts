/**
 * A thinking model in real Chromium against a real Hearth server on the Fake Ollama: the
 * reasoning streams collapsed above the answer ("Thinking…", then "Thought for N s"), stays
 * collapsed after a reload, and the "think before answering" switch shows only for a model that
 * can think and turns the reasoning off for the conversation.
 */
import assert from "node:assert/strict";
import type { Page } from "playwright-core";
import { FAKE_INSTALLED } from "../lib/ollama/fake_catalogue.ts";
import { launchBrowser } from "./helpers/browser.ts";
import { openChat, startChatServer } from "./helpers/chat_server.ts";

const THINKER = {
  ...FAKE_INSTALLED[0],
  name: "qwen3:latest",
  capabilities: ["completion", "tools", "thinking"],
};
const REASONING = "The user asks why the sky is blue. Sunlight scatters off the molecules " +
  "of the air, and short wavelengths scatter most, so I should mention Rayleigh.";
const ANSWER = "Because air scatters blue light more than red: Rayleigh scattering.";
const SHOTS = Deno.env.get("HEARTH_SCREENSHOTS");

/** A Hearth server on a Fake Ollama with a thinking model and a plain one, and member Ann. */
function startHearth() {
  return startChatServer({
    fake: {
      models: [THINKER, FAKE_INSTALLED[0]],
      reply: (body) => ({ thinking: REASONING, content: `${ANSWER} (${body.think})` }),
    },
  });
}

/** The last `/api/chat` body that asked `question` (titles are asked apart). */
function chatBody(
  hearth: { ollama: { requests: { path: string; body?: unknown }[] } },
  question: string,
): Record<string, unknown> | undefined {
  return hearth.ollama.requests.map((r) => r.body as Record<string, unknown>).findLast((b) =>
    Array.isArray(b?.messages) && b.messages.at(-1)?.content === question
  );
}

async function send(page: Page, text: string) {
  await page.locator(".composer-text").fill(text);
  // On a phone, Enter is a new line; the button sends.
  await page.locator(".composer-send").click();
  await page.locator(".composer-stop").waitFor();
}

async function settled(page: Page) {
  await page.locator(".msg-streaming").waitFor({ state: "detached", timeout: 30_000 });
}

Deno.test("thinking browser - reasoning streams collapsed above the answer, stays collapsed after a reload, and the switch turns it off", async () => {
  await using hearth = await startHearth();
  const browser = await launchBrowser();
  try {
    const { page, errors } = await openChat(browser, hearth.url, { phone: true });
    const select = page.locator(".composer-model select");
    await select.locator("option", { hasText: "qwen3" }).waitFor({ state: "attached" });
    const toggle = page.locator(".composer-think input");

    // The switch shows only for a model that can think.
    await select.selectOption("llama3.2:latest");
    await toggle.waitFor({ state: "detached" });
    await select.selectOption("qwen3:latest");
    await toggle.waitFor();
    assert.equal(await toggle.isChecked(), true, "on by default");

    await send(page, "Why is the sky blue?");
    // While it reasons: "Thinking…", collapsed, the reasoning growing inside.
    const live = page.locator(".msg-streaming details.msg-thinking");
    await live.locator("summary", { hasText: "Thinking…" }).waitFor();
    assert.equal(await live.getAttribute("open"), null, "closed by default");
    await page.waitForFunction(() =>
      (document.querySelector(".msg-streaming .msg-thinking-text")?.textContent ?? "")
        .includes("Sunlight")
    );
    await settled(page);

    const reply = page.locator(".msg-assistant").last();
    const details = reply.locator("details.msg-thinking");
    assert.match(await details.locator("summary").textContent() ?? "", /^Thought for \d+ s$/);
    assert.equal(await details.getAttribute("open"), null);
    assert.equal(await reply.locator(".msg-body").textContent(), `${ANSWER} (true)`);
    if (SHOTS) await page.screenshot({ path: `${SHOTS}/thinking-collapsed.png` });
    await details.locator("summary").click();
    if (SHOTS) await page.screenshot({ path: `${SHOTS}/thinking-open.png` });
    assert.equal(await details.locator(".msg-thinking-text").textContent(), REASONING);
    assert.equal(chatBody(hearth, "Why is the sky blue?")?.think, true);

    // After a reload: the stored reasoning, collapsed, with how long it took.
    await page.reload();
    const stored = page.locator(".msg-assistant").last().locator("details.msg-thinking");
    await stored.waitFor();
    assert.match(await stored.locator("summary").textContent() ?? "", /^Thought for \d+ s$/);
    assert.equal(await stored.getAttribute("open"), null);
    assert.equal(await stored.locator(".msg-thinking-text").textContent(), REASONING);

    // Off: saved on the conversation, sent as think: false, and no reasoning comes.
    await toggle.waitFor();
    const patched = page.waitForResponse((r) =>
      r.request().method() === "PATCH" && r.url().includes("/api/conversations/")
    );
    await toggle.uncheck();
    assert.equal((await patched).status(), 200);
    await send(page, "And sunsets?");
    await settled(page);
    const last = page.locator(".msg-assistant").last();
    assert.equal(await last.locator(".msg-body").textContent(), `${ANSWER} (false)`);
    assert.equal(await last.locator("details.msg-thinking").count(), 0);
    const second = chatBody(hearth, "And sunsets?");
    assert.equal(second?.think, false);
    // The history sent back holds the first answer, never its reasoning.
    const sent = JSON.stringify(second?.messages);
    assert.ok(sent.includes(ANSWER), sent);
    assert.ok(!sent.includes("Sunlight"), sent);
    await page.reload();
    await toggle.waitFor();
    assert.equal(await toggle.isChecked(), false, "the switch is the conversation's");
    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
  }
});
