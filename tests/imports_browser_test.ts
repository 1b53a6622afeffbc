/**
 * `/me/imports` in real Chromium: the profile menu leads there; a ChatGPT export built in the
 * test is previewed (titles, counts), one conversation is left out, the rest imported, and the
 * imported conversation opens in the chat. A bad file says why. A phone never scrolls sideways.
 */
import assert from "node:assert/strict";
import { Buffer } from "node:buffer";
import type { Browser } from "playwright-core";
import { chatgptConversation, chatgptSimple } from "../lib/imports/testing.ts";
import { collectErrors, launchBrowser } from "./helpers/browser.ts";
import { startChatServer } from "./helpers/chat_server.ts";

const SHOTS = Deno.env.get("HEARTH_SCREENSHOTS");

const EXPORT = JSON.stringify([chatgptConversation(), chatgptSimple("Soup"), chatgptSimple("Tea")]);

async function open(browser: Browser, url: string, phone: boolean) {
  const context = await browser.newContext(
    phone
      ? { viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true }
      : { viewport: { width: 1280, height: 800 } },
  );
  const page = await context.newPage();
  const errors = collectErrors(page);
  await page.goto(`${url}/profiles?next=%2Fme%2Fimports`);
  await page.locator(".profile-tile", { hasText: "Ann" }).first().click();
  await page.waitForURL(`${url}/me/imports`);
  return { context, page, errors };
}

const count = (db: { raw: { prepare(sql: string): { get(): unknown } } }) =>
  (db.raw.prepare("SELECT count(*) AS n FROM conversations").get() as { n: number }).n;

Deno.test("imports browser - preview, leave one out, import, open the chat; phone width", async () => {
  await using hearth = await startChatServer({ members: ["Ann"] });
  const { url, services } = hearth;
  const browser = await launchBrowser();
  try {
    const desk = await open(browser, url, false);
    const { page } = desk;
    await page.locator("summary.profile-button").click();
    assert.equal(await page.locator(".profile-items a[href='/me/imports']").count(), 1);
    await page.locator("summary.profile-button").click();

    // A file that is not an export says so.
    await page.locator("[data-import-file]").setInputFiles({
      name: "notes.json",
      mimeType: "application/json",
      buffer: Buffer.from('{"notes":[]}'),
    });
    await page.getByRole("alert").getByText(/not a chat export Hearth knows/).waitFor();

    await page.locator("[data-import-file]").setInputFiles({
      name: "conversations.json",
      mimeType: "application/json",
      buffer: Buffer.from(EXPORT),
    });
    const preview = page.locator("[data-import-preview]");
    await preview.getByText("3 conversations found (ChatGPT).").waitFor();
    assert.match(await preview.innerText(), /Hearth questions\s+5 messages · 2 versions/);
    assert.equal(count(services.db), 0, "the preview keeps nothing");
    await page.locator("[data-import-pick='1']").click();
    await page.getByRole("button", { name: "Import 2 conversations" }).waitFor();
    if (SHOTS) {
      await page.screenshot({ path: `${SHOTS}/imports-preview-desktop.png`, fullPage: true });
    }
    await page.getByRole("button", { name: "Import 2 conversations" }).click();
    const done = page.locator("[data-import-done]");
    await done.getByText("2 conversations imported.").waitFor();
    assert.equal(count(services.db), 2);
    if (SHOTS) await page.screenshot({ path: `${SHOTS}/imports-done-desktop.png`, fullPage: true });

    await done.getByRole("link", { name: "Hearth questions" }).click();
    await page.waitForURL(/\/chat\/[0-9a-f-]{36}$/);
    await page.locator(".msg-assistant", { hasText: "A cozy fire." }).waitFor();
    await page.locator(".msg-user", { hasText: "What is in this photo?" }).waitFor();
    assert.equal(await page.locator(".chat-title").textContent(), "Hearth questions");
    await page.locator(".chat-conv", { hasText: "Tea" }).waitFor();
    assert.equal(await page.locator(".chat-conv", { hasText: "Soup" }).count(), 0);
    if (SHOTS) await page.screenshot({ path: `${SHOTS}/imports-chat-desktop.png` });
    // The bad file's 422 is the one failed request.
    assert.deepEqual(desk.errors.filter((e) => !/status of 422/.test(e)), []);
    assert.equal(desk.errors.length, 1);
    await desk.context.close();

    const phone = await open(browser, url, true);
    await phone.page.locator("[data-import-file]").setInputFiles({
      name: "conversations.json",
      mimeType: "application/json",
      buffer: Buffer.from(EXPORT),
    });
    await phone.page.getByText("3 conversations found (ChatGPT).").waitFor();
    const width = await phone.page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= 390, `no sideways scroll on a phone (${width}px)`);
    if (SHOTS) await phone.page.screenshot({ path: `${SHOTS}/imports-phone.png`, fullPage: true });
    assert.deepEqual(phone.errors, []);
    await phone.context.close();
  } finally {
    await browser.close();
  }
});
