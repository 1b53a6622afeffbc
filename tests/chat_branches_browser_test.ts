/**
 * Versions in the chat, in Chromium: a regenerate or an edit adds a version ("2 / 2"), the arrows
 * switch back to the old one and its text, and the choice holds after a reload.
 */
import assert from "node:assert/strict";
import type { Page } from "playwright-core";
import { launchBrowser } from "./helpers/browser.ts";
import { modelsLoaded, openChat, startChatServer } from "./helpers/chat_server.ts";

const SHOTS = Deno.env.get("HEARTH_SHOTS");

/** Types `text`, presses Enter and waits until its reply ended. */
async function send(page: Page, text: string) {
  const sent = await page.locator(".msg-user").count();
  await page.locator(".composer-text").fill(text);
  await page.locator(".composer-send").click();
  await page.locator(".msg-user").nth(sent).waitFor();
  await settled(page);
}

async function settled(page: Page) {
  await page.locator(".msg-streaming").waitFor({ state: "detached", timeout: 30_000 });
}

/** The "n / m" of the message matched by `selector`, once it reads `text`. */
async function versionAt(page: Page, selector: string, text: string) {
  await page.locator(`${selector} .msg-versions-at`, { hasText: text }).waitFor();
}

for (const phone of [false, true]) {
  Deno.test(`chat branches browser - regenerate and edit keep the old versions, switchable${phone ? " (phone)" : ""}`, async () => {
    let n = 0;
    await using hearth = await startChatServer({
      fake: { reply: () => ({ content: `Answer number ${++n}.` }) },
    });
    const browser = await launchBrowser();
    try {
      const { page, errors } = await openChat(browser, hearth.url, { phone });
      await send(page, "Question");
      await page.locator(".msg-assistant", { hasText: "Answer number 1." }).waitFor();
      assert.equal(await page.locator(".msg-versions").count(), 0, "one version: no switcher");

      await page.getByRole("button", { name: "Regenerate" }).click();
      await page.locator(".msg-assistant", { hasText: "Answer number 2." }).waitFor();
      await settled(page);
      await versionAt(page, ".msg-assistant", "2 / 2");
      assert.equal(await page.getByRole("button", { name: "Next version" }).isDisabled(), true);
      if (SHOTS) await page.screenshot({ path: `${SHOTS}/versions-${phone ? 390 : 1280}.png` });

      // Back to the first reply: its text, "1 / 2", and it stays chosen after a reload.
      await page.getByRole("button", { name: "Previous version" }).click();
      await page.locator(".msg-assistant", { hasText: "Answer number 1." }).waitFor();
      await versionAt(page, ".msg-assistant", "1 / 2");
      assert.equal(
        await page.locator(".msg-assistant", { hasText: "Answer number 2." }).count(),
        0,
      );
      await page.reload();
      await modelsLoaded(page);
      await page.locator(".msg-assistant", { hasText: "Answer number 1." }).waitFor();
      await versionAt(page, ".msg-assistant", "1 / 2");
      assert.equal(await page.locator(".msg-assistant").count(), 1);

      // Edit the question: a new version of it, answered; the old question is one arrow away.
      await page.locator(".msg-user").getByRole("button", { name: "Edit" }).click();
      await page.locator(".msg-edit").fill("Another question");
      await page.getByRole("button", { name: "Save and send" }).click();
      await page.locator(".msg-assistant", { hasText: "Answer number 3." }).waitFor();
      await settled(page);
      await versionAt(page, ".msg-user", "2 / 2");
      assert.equal(await page.locator(".msg-user .msg-text").textContent(), "Another question");
      await page.locator(".msg-user").getByRole("button", { name: "Previous version" }).click();
      await page.locator(".msg-user .msg-text", { hasText: /^Question$/ }).waitFor();
      // Its branch as last written: the newest reply (the select follows the newest child).
      await page.locator(".msg-assistant", { hasText: "Answer number 2." }).waitFor();
      await versionAt(page, ".msg-user", "1 / 2");
      await versionAt(page, ".msg-assistant", "2 / 2");
      if (SHOTS) {
        await page.screenshot({ path: `${SHOTS}/versions-edit-${phone ? 390 : 1280}.png` });
      }
      await page.reload();
      await page.locator(".msg-user .msg-text", { hasText: /^Question$/ }).waitFor();
      assert.deepEqual(errors, []);
    } finally {
      await browser.close();
    }
  });
}
