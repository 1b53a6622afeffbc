/**
 * Photos in the chat, in real Chromium against a real Hearth server on a Fake Ollama that has a
 * vision model: the photo button says plainly why a model that cannot see takes no photo; a
 * chosen photo is re-encoded in the browser (smaller JPEG), shown before sending, reaches the
 * model as base64 on the user message, and shows in the sent bubble, opening full size.
 * `HEARTH_SCREENSHOTS=<dir>` saves what a phone and a desktop show.
 */
import assert from "node:assert/strict";
import { Buffer } from "node:buffer";
import { pngBytes } from "../lib/chat/testing.ts";
import { readImageHeader } from "../lib/chat/image_header.ts";
import { FAKE_INSTALLED, type FakeModelSpec } from "../lib/ollama/fake_catalogue.ts";
import { launchBrowser } from "./helpers/browser.ts";
import { openChat, startChatServer } from "./helpers/chat_server.ts";

const VISION: FakeModelSpec = {
  ...FAKE_INSTALLED[0],
  name: "gemma3:4b",
  family: "gemma3",
  capabilities: ["completion", "vision"],
};

/** Hearth on a free port, on a Fake Ollama with `VISION` installed, with member Ann. */
function startHearth() {
  return startChatServer({ fake: { tokensPerSecond: 200, models: [...FAKE_INSTALLED, VISION] } });
}

const shots = Deno.env.get("HEARTH_SCREENSHOTS");

for (const phone of [false, true]) {
  const name = phone ? "phone" : "desktop";
  Deno.test(`chat images browser - ${name}: a photo is re-encoded, reaches the model and shows in the bubble`, async () => {
    await using hearth = await startHearth();
    const browser = await launchBrowser();
    try {
      const { page, errors, context } = await openChat(browser, hearth.url, { phone });
      const select = page.locator(".composer-model select");
      // The default model cannot see: the button says so in words when tapped.
      await select.selectOption("llama3.2:latest");
      const off = page.locator('.composer-photo[aria-disabled="true"]');
      // aria-disabled, which Playwright will not click unforced; a finger taps it all the same.
      await off.click({ force: true });
      const note = page.locator(".composer-note");
      assert.equal(
        await note.textContent(),
        "llama3.2:latest cannot see photos. To send one, choose a model that can, such as " +
          "gemma3:4b, in the model menu.",
      );
      if (shots) await page.screenshot({ path: `${shots}/photos-${name}-blind.png` });

      // A vision model: the camera shows on a phone only, and a chosen photo is re-encoded.
      await select.selectOption(VISION.name);
      await note.waitFor({ state: "detached" });
      assert.equal(await page.locator(".composer-camera").isVisible(), phone);
      const png = await pngBytes(2400, 1000);
      await page.locator(".composer-photo:not(.composer-camera) input").setInputFiles({
        name: "photo.png",
        mimeType: "image/png",
        buffer: Buffer.from(png),
      });
      await page.locator('.composer-photos .photo-thumb[data-state="ready"]').waitFor();
      await page.locator(".composer-text").fill("What is in this photo?");
      // The photo buttons fit beside the text box: nothing is wider than the screen.
      assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= innerWidth));
      if (shots) await page.screenshot({ path: `${shots}/photos-${name}-pending.png` });
      await page.locator(".composer-send").click();
      await page.locator(".msg-assistant.msg-complete").waitFor({ timeout: 30_000 });

      // What the model got: the re-encoded JPEG, 1600 px on its longest side.
      type Wire = { role: string; images?: string[] };
      const user = hearth.ollama.requests.filter((r) => r.path === "/api/chat")
        .flatMap((r) => (r.body?.messages ?? []) as Wire[]).find((m) => m.images);
      assert.equal(user?.images?.length, 1);
      const sent = Uint8Array.from(atob(user!.images![0]), (c) => c.charCodeAt(0));
      assert.deepEqual(readImageHeader(sent), { mime: "image/jpeg", width: 1600, height: 667 });
      assert.ok(sent.length < png.length, `${sent.length} bytes, smaller than ${png.length}`);

      // The bubble shows it; a tap opens it full size, another closes it.
      const thumb = page.locator(".msg-user .msg-photos img");
      await thumb.waitFor();
      assert.ok(await thumb.evaluate((img: HTMLImageElement) => img.naturalWidth === 1600));
      assert.equal(await page.locator(".composer-photos").count(), 0, "the composer is clear");
      if (shots) await page.screenshot({ path: `${shots}/photos-${name}-sent.png` });
      await thumb.click();
      await page.locator(".photo-full img").waitFor();
      if (shots) await page.screenshot({ path: `${shots}/photos-${name}-full.png` });
      await page.locator(".photo-full").click();
      await page.locator(".photo-full").waitFor({ state: "detached" });

      // After a reload the bubble fetches its photo from the server.
      await page.reload();
      await page.locator(".msg-user .msg-photos img").waitFor();
      assert.deepEqual(errors, []);
      await context.close();
    } finally {
      await browser.close();
    }
  });
}
