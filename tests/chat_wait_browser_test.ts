/**
 * What a reply waits for, in real Chromium on a phone: the model loading into memory, and its
 * place behind another household member's reply (Ollama answers one request per model at a
 * time). Against a real Hearth server on the demo's Fake Ollama, which loads a cold model slowly
 * and holds its headers until the first token, as Ollama does.
 */
import assert from "node:assert/strict";
import { launchBrowser } from "./helpers/browser.ts";
import { openChat, startChatServer } from "./helpers/chat_server.ts";
import { memberHeaders } from "./helpers/server.ts";

const SHOTS = Deno.env.get("HEARTH_SCREENSHOTS");

Deno.test("chat wait browser - the chat says the model is loading, then that one reply is ahead", async () => {
  await using hearth = await startChatServer({
    fake: { loadMs: 1_500, reply: () => "word ".repeat(40).trim() },
    members: ["Ann", "Bob"],
  });
  const { url, services, ollama } = hearth;
  const browser = await launchBrowser();
  try {
    const { page, errors } = await openChat(browser, url, { phone: true });
    await page.locator(".composer-model select").selectOption("llama3.2:latest");

    // A cold model: the reply says it is loading until the first word comes.
    await page.locator(".composer-text").fill("Hello");
    // On a phone, Enter is a new line; the button sends.
    await page.locator(".composer-send").click();
    const typing = page.locator(".msg-streaming .msg-typing");
    await typing.filter({ hasText: "Loading the model into memory" }).waitFor();
    if (SHOTS) await page.screenshot({ path: `${SHOTS}/wait-loading.png` });
    await page.locator(".msg-streaming").waitFor({ state: "detached", timeout: 30_000 });

    // Bob's reply has the model; Ann's waits its turn and says how many are ahead.
    ollama.hold();
    const bobHeaders = await memberHeaders(url, hearth.members.Bob);
    const bobReply = fetch(`${url}/api/chat/stream`, {
      method: "POST",
      headers: { ...bobHeaders, "content-type": "application/json" },
      body: JSON.stringify({ content: "Tell me about the sea", model: "llama3.2:latest" }),
    });
    await until(() => services.queue.snapshot()[0]?.running.length === 1);
    await page.locator(".composer-text").fill("And now?");
    await page.locator(".composer-send").click();
    await typing.filter({ hasText: "One reply ahead of yours" }).waitFor();
    if (SHOTS) await page.screenshot({ path: `${SHOTS}/wait-queued.png` });
    // While it waits, the stats line counts the time, not "0 tokens".
    const waiting = await page.locator(".msg-streaming [data-live]").textContent() ?? "";
    assert.match(waiting, /\d s$/);
    assert.doesNotMatch(waiting, /token/);
    ollama.release();
    await (await bobReply).text();
    await page.locator(".msg-streaming").waitFor({ state: "detached", timeout: 30_000 });
    assert.equal(await page.locator(".msg-assistant").count(), 2);
    assert.match(await page.locator(".msg-assistant").last().textContent() ?? "", /word word/);
    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
  }
});

/** Resolves once `ok()` holds, checking every few milliseconds (the queue has no event). */
async function until(ok: () => boolean, ms = 10_000) {
  const end = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > end) throw new Error("condition not reached");
    await new Promise((r) => setTimeout(r, 10));
  }
}
