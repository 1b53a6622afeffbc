/**
 * The chat on a phone (390×844) in real Chromium: wide replies stay inside their bubbles, a Stop
 * or a message typed while offline is not lost, right-to-left text and bidi controls stay in
 * their place, and the composer warns before the length limit.
 */
import assert from "node:assert/strict";
import type { Page } from "playwright-core";
import { launchBrowser } from "./helpers/browser.ts";
import { openChat, startChatServer } from "./helpers/chat_server.ts";

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
