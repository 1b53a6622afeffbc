/**
 * The chat on a phone (390×844) in real Chromium: wide replies stay inside their bubbles, a Stop
 * or a message typed while offline is not lost, right-to-left text and bidi controls stay in
 * their place, and the composer warns before the length limit.
 */
import assert from "node:assert/strict";
import type { Page } from "playwright-core";
import { profileOwner } from "../lib/tasks/owner.ts";
import { launchBrowser } from "./helpers/browser.ts";
import { modelsLoaded, openChat, startChatServer } from "./helpers/chat_server.ts";

const SHOTS = Deno.env.get("HEARTH_SCREENSHOTS");

const WIDE = [
  "Here is the command:",
  "",
  "```sh",
  `curl -fsSL https://example.com/${"very-long-path-segment/".repeat(12)}install.sh | sh`,
  "```",
  "",
  "| name | value | notes | more | columns | than | fit | on | a | phone |",
  "|---|---|---|---|---|---|---|---|---|---|",
  `| ${"alpha ".repeat(3)}| ${
    "beta ".repeat(3)
  }| gamma | delta | epsilon | zeta | eta | theta | iota | kappa |`,
  "",
  `See https://example.com/${"x".repeat(200)} and ${"Donaudampfschifffahrt".repeat(8)}.`,
  "",
  "word ".repeat(150),
].join("\n");

/**
 * Asserts that the page does not scroll sideways on the 390 px screen (a phone lays the page out
 * wider, and zooms it out, when something is wider than the screen) and that `button` is on it.
 */
async function fitsPhone(page: Page, button: string) {
  const l = await page.evaluate((selector) => {
    const r = document.querySelector(selector)!.getBoundingClientRect();
    return {
      scrollWidth: document.scrollingElement!.scrollWidth,
      innerWidth,
      button: { left: r.left, right: r.right },
    };
  }, button);
  assert.equal(l.innerWidth, 390, "the page is not zoomed out");
  assert.ok(l.scrollWidth <= 390, `page ${l.scrollWidth} px wide`);
  assert.ok(l.button.left >= 0 && l.button.right <= 390, `${button}: ${JSON.stringify(l.button)}`);
}

Deno.test("chat phone browser - a wide reply scrolls inside its blocks, never the page; Send and Stop stay on screen", async () => {
  await using hearth = await startChatServer({ fake: { reply: WIDE, tokensPerSecond: 100 } });
  const browser = await launchBrowser();
  try {
    const { page, errors } = await openChat(browser, hearth.url, { phone: true });
    await page.locator(".composer-text").fill("Show me");
    await page.locator(".composer-send").click();
    // While it streams: Stop stays on the screen.
    await page.locator(".msg-streaming table").waitFor();
    await fitsPhone(page, ".composer-stop");
    await page.locator(".msg-streaming").waitFor({ state: "detached", timeout: 30_000 });
    await page.locator(".msg-assistant .code-block").waitFor();
    if (SHOTS) await page.screenshot({ path: `${SHOTS}/phone-wide.png` });
    await fitsPhone(page, ".composer-send");
    // The code scrolls inside its own block.
    const pre = await page.locator(".msg-assistant pre").evaluate((el) => ({
      scroll: el.scrollWidth,
      client: el.clientWidth,
      overflow: getComputedStyle(el).overflowX,
    }));
    assert.ok(pre.scroll > pre.client && pre.overflow === "auto", JSON.stringify(pre));
    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
  }
});

Deno.test("chat phone browser - Stop pressed offline is sent when the connection returns", async () => {
  await using hearth = await startChatServer({
    fake: { reply: "word ".repeat(400).trim(), tokensPerSecond: 40 },
  });
  const browser = await launchBrowser();
  try {
    const { context, page } = await openChat(browser, hearth.url, { phone: true });
    await page.locator(".composer-text").fill("Tell me a long story");
    await page.locator(".composer-send").click();
    await page.locator(".msg-streaming .msg-body").waitFor();
    await page.locator(".composer-stop:not([disabled])").waitFor();
    await context.setOffline(true);
    await page.locator(".composer-stop").click();
    const note = page.locator(".composer-note", { hasText: "stops as soon as the connection" });
    await note.waitFor();
    if (SHOTS) await page.screenshot({ path: `${SHOTS}/phone-stop-offline.png` });
    // The box never heard of it: the reply is still being written.
    const running = hearth.services.tasks.list(profileOwner(hearth.members.Ann), "chat");
    assert.deepEqual(running.map((t) => t.info().status), ["running"]);
    await context.setOffline(false);
    await page.locator(".msg-assistant.msg-cancelled").waitFor({ timeout: 15_000 });
    await note.waitFor({ state: "detached" });
    const reply = await page.locator(".msg-assistant.msg-cancelled").textContent() ?? "";
    assert.ok(reply.split("word").length < 300, "stopped before the end");
    // The stopped first reply leaves the chat named after its first message, not "Untitled".
    await page.reload();
    assert.equal(await page.locator(".chat-title").textContent(), "Tell me a long story");
  } finally {
    await browser.close();
  }
});

Deno.test("chat phone browser - a message sent offline stays as a draft, across a reload, until the box has it", async () => {
  await using hearth = await startChatServer({ fake: { reply: "Noted." } });
  const browser = await launchBrowser();
  try {
    const { context, page } = await openChat(browser, hearth.url, { phone: true });
    const box = page.locator(".composer-text");
    await context.setOffline(true);
    await box.fill("Buy milk on the way home");
    await page.locator(".composer-send").click();
    await page.locator(".chat-error").waitFor();
    assert.equal(await box.inputValue(), "Buy milk on the way home", "nothing was lost");
    if (SHOTS) await page.screenshot({ path: `${SHOTS}/phone-draft-offline.png` });
    // Typing again clears the old error.
    await box.press("End");
    await box.pressSequentially("!");
    await page.locator(".chat-error").waitFor({ state: "detached" });
    await context.setOffline(false);
    await page.reload();
    await modelsLoaded(page);
    assert.equal(
      await box.inputValue(),
      "Buy milk on the way home!",
      "the draft survives a reload",
    );
    await page.locator(".composer-send").click();
    await page.locator(".msg-assistant", { hasText: "Noted." }).waitFor();
    // Sent: no draft is left, neither for the new chat nor for this conversation.
    await page.reload();
    await page.locator(".msg-assistant", { hasText: "Noted." }).waitFor();
    assert.equal(await box.inputValue(), "");
    await page.goto(`${hearth.url}/chat`);
    await modelsLoaded(page);
    assert.equal(await box.inputValue(), "");
  } finally {
    await browser.close();
  }
});

const RLO = "\u202e";

/** Whether the text `word` inside `selector` reads left to right on screen (first letter leftmost). */
function readsLeftToRight(page: Page, selector: string, word: string) {
  return page.evaluate(({ selector, word }) => {
    const root = document.querySelector(selector)!;
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const at = node.textContent!.indexOf(word);
      if (at < 0) continue;
      const x = (i: number) => {
        const range = document.createRange();
        range.setStart(node!, i);
        range.setEnd(node!, i + 1);
        return range.getBoundingClientRect().left;
      };
      return x(at) < x(at + word.length - 1);
    }
    throw new Error(`${word} not found in ${selector}`);
  }, { selector, word });
}

Deno.test("chat phone browser - right-to-left text finds its direction; a bidi override stays on its own line", async () => {
  const reply = [
    `First line ${RLO}reversed here`,
    "Second line stays in order",
    "",
    "مرحبا بك في هيرث. هذا نص عربي.",
    "",
    "An English paragraph after it.",
  ].join("\n");
  await using hearth = await startChatServer({ fake: { reply } });
  const browser = await launchBrowser();
  try {
    const { page, errors } = await openChat(browser, hearth.url, { phone: true });
    await page.locator(".composer-text").fill(`Hello ${RLO}world\nthis line stays`);
    await page.locator(".composer-send").click();
    await page.locator(".msg-assistant", { hasText: "An English paragraph" }).waitFor();
    await page.locator(".composer-text").fill("שלום, מה שלומך היום?");
    await page.locator(".composer-send").click();
    await page.locator(".msg-assistant").nth(1).waitFor();
    await page.locator(".msg-streaming").waitFor({ state: "detached" });
    if (SHOTS) await page.screenshot({ path: `${SHOTS}/phone-rtl.png`, fullPage: true });

    // Every bubble finds its own direction.
    for (const bubble of await page.locator(".msg-text, .msg-body").all()) {
      assert.equal(await bubble.getAttribute("dir"), "auto");
    }
    const hebrew = page.locator(".msg-user .msg-text").nth(1);
    assert.equal(await hebrew.evaluate((el) => getComputedStyle(el).direction), "rtl");
    // The override reverses only the rest of its own line, not what follows it.
    assert.equal(await readsLeftToRight(page, ".msg-user .msg-text", "stays"), true);
    assert.equal(await readsLeftToRight(page, ".msg-assistant .msg-body", "Second"), true);
    assert.equal(await readsLeftToRight(page, ".msg-assistant .msg-body", "paragraph"), true);
    // The Arabic paragraph reads right to left and sits at the right edge of the bubble.
    const arabic = await page.locator(".msg-assistant .msg-body p", { hasText: "مرحبا" }).first()
      .evaluate(
        (p) => {
          const range = document.createRange();
          range.selectNodeContents(p);
          const text = range.getBoundingClientRect();
          return { right: p.getBoundingClientRect().right - text.right };
        },
      );
    assert.ok(arabic.right < 2, `right-aligned: ${JSON.stringify(arabic)}`);
    assert.equal(await readsLeftToRight(page, ".msg-assistant .msg-body", "مرحبا"), false);
    await fitsPhone(page, ".composer-send");
    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
  }
});

Deno.test("chat phone browser - the composer counts near the length limit and will not send past it", async () => {
  await using hearth = await startChatServer();
  const browser = await launchBrowser();
  try {
    const { page } = await openChat(browser, hearth.url, { phone: true });
    const box = page.locator(".composer-text");
    await box.fill("x".repeat(80_000));
    assert.equal(await page.locator(".composer-count").count(), 0, "no counter far from it");
    await box.fill("x".repeat(95_000));
    await page.locator(".composer-count", { hasText: "95,000 of 100,000 characters" }).waitFor();
    assert.equal(await page.locator(".composer-send").isEnabled(), true);
    await box.fill("x".repeat(100_012));
    await page.locator(".composer-over", { hasText: "12 over the limit of 100,000" }).waitFor();
    assert.equal(await page.locator(".composer-send").isDisabled(), true);
    if (SHOTS) await page.screenshot({ path: `${SHOTS}/phone-too-long.png` });
    await box.press("Backspace");
    await box.fill("x".repeat(100_000));
    assert.equal(await page.locator(".composer-send").isEnabled(), true);
  } finally {
    await browser.close();
  }
});
