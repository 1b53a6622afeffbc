/**
 * Voice in the chat, in real Chromium with a fake microphone (`--use-fake-device-for-media-stream`
 * plays a beep, `--use-fake-ui-for-media-stream` grants it), against a real Hearth on the Fake
 * speech server: a recording becomes text in the draft (not sent), and a reply is read aloud,
 * playing inside the tap. Where the page is no secure context, the microphone says why.
 * `HEARTH_SCREENSHOTS=<dir>` saves what a phone and a desktop show.
 */
import assert from "node:assert/strict";
import { startFakeSpeech } from "../lib/speech/fake_server.ts";
import { launchBrowser } from "./helpers/browser.ts";
import { openChat, startChatServer } from "./helpers/chat_server.ts";

const shots = Deno.env.get("HEARTH_SCREENSHOTS");

Deno.test("voice browser - push-to-talk fills the draft, read-aloud plays; without a server or a secure page it explains", async () => {
  // Short speech (3 ms a character), so a reply read aloud ends within a second or two.
  const speech = startFakeSpeech({ latencyMs: 100, secondsPerChar: 0.003 });
  await using hearth = await startChatServer({ fake: { tokensPerSecond: 400 }, speech });
  const browser = await launchBrowser([
    "--use-fake-device-for-media-stream",
    "--use-fake-ui-for-media-stream",
  ]);
  try {
    for (const phone of [false, true]) {
      const name = phone ? "phone" : "desktop";
      const { page, errors, context } = await openChat(browser, hearth.url, { phone });
      const mic = page.locator(".composer-voice");
      const box = await mic.boundingBox();
      assert.ok(
        box && box.width >= 44 && box.height >= 44,
        `a 44 px target: ${JSON.stringify(box)}`,
      );
      assert.equal(await mic.getAttribute("aria-label"), "Speak a message");

      // Tap to start, tap to stop: the transcript lands in the draft and waits there.
      await page.locator(".composer-text").fill("Note:");
      await mic.click();
      await page.locator('.composer-voice[aria-pressed="true"]').waitFor();
      assert.equal(await mic.getAttribute("aria-label"), "Stop recording");
      if (shots) await page.screenshot({ path: `${shots}/voice-${name}-recording.png` });
      await page.waitForTimeout(600); // the fake microphone beeps; let it record a little
      await mic.click();
      await page.waitForFunction(() =>
        document.querySelector<HTMLTextAreaElement>(".composer-text")!.value.includes("I heard")
      );
      const draft = await page.locator(".composer-text").inputValue();
      assert.match(draft, /^Note: I heard \d+ bytes of audio\/webm\.$/);
      const sent = speech.requests.at(-1)!;
      assert.equal(sent.path, "/v1/audio/transcriptions");
      assert.equal(sent.file?.sniffed, "audio/webm");
      assert.ok(sent.file!.size > 1000, `real audio was recorded (${sent.file!.size} bytes)`);
      assert.equal(await page.locator(".msg-user").count(), 0, "nothing was sent by itself");

      // Read aloud: the reply's button starts playback inside the tap, and it plays to the end.
      await page.locator(".composer-text").fill("Hello there");
      await page.locator(".composer-send").click();
      const read = page.locator(".msg-assistant.msg-complete .msg-read").last();
      await read.waitFor();
      const before = speech.requests.length;
      await read.click();
      await page.locator('.msg-read[data-state="playing"]').waitFor();
      if (shots) await page.screenshot({ path: `${shots}/voice-${name}-reading.png` });
      assert.equal(speech.requests[before].path, "/v1/audio/speech");
      assert.equal(await read.textContent(), "Stop reading");
      await page.locator('.msg-read[data-state="idle"]').last().waitFor({ timeout: 30_000 });
      assert.equal(await read.textContent(), "Read aloud");

      // A second tap stops it while it plays (now long speech: it would play for a minute).
      speech.options.secondsPerChar = 0.2;
      await read.click();
      await page.locator('.msg-read[data-state="playing"]').waitFor();
      await read.click();
      await page.locator('.msg-read[data-state="idle"]').last().waitFor();
      speech.options.secondsPerChar = 0.003;
      assert.deepEqual(errors, []);
      await context.close();
    }

    // Without a speech server the page knows it: no read-aloud, and the microphone says why.
    const speechOn = hearth.services.speech;
    hearth.services.speech = null;
    {
      const { page, context } = await openChat(browser, hearth.url);
      await page.goto(hearth.url + await page.locator(".chat-conv").first().getAttribute("href"));
      await page.locator(".msg-assistant").first().waitFor();
      assert.equal(await page.locator(".msg-read").count(), 0);
      const mic = page.locator('.composer-voice[aria-disabled="true"]');
      await mic.click({ force: true });
      assert.equal(
        await page.locator(".chat-error").textContent(),
        "No speech server is set up. The admin can add one in Settings. Dismiss",
      );
      await context.close();
    }
    hearth.services.speech = speechOn;

    // Plain http on the LAN is no secure context: there is no microphone API, and the tap says so.
    const { page, context } = await openChat(browser, hearth.url, { phone: true });
    await page.addInitScript(() =>
      Object.defineProperty(globalThis, "isSecureContext", { value: false })
    );
    await page.reload();
    await page.locator(".composer-voice").click({ force: true });
    const alert = page.locator(".chat-error");
    assert.match(await alert.textContent() ?? "", /only on a secure \(https\) connection/);
    if (shots) await page.screenshot({ path: `${shots}/voice-phone-insecure.png` });
    await context.close();
  } finally {
    await browser.close();
  }
});
