/**
 * `/me/calendar` in real Chromium: the profile menu leads there; without JavaScript a profile
 * makes a subscription address (shown once, with a QR code) that a calendar app reads without
 * cookie, and revokes it; with JavaScript a calendar file is previewed and imported; a phone
 * never scrolls sideways.
 */
import assert from "node:assert/strict";
import { Buffer } from "node:buffer";
import type { Browser } from "playwright-core";
import { allEvents } from "../lib/events/store.ts";
import { collectErrors, launchBrowser } from "./helpers/browser.ts";
import { startChatServer } from "./helpers/chat_server.ts";

const SHOTS = Deno.env.get("HEARTH_SCREENSHOTS");

const FILE = [
  "BEGIN:VCALENDAR",
  "VERSION:2.0",
  "PRODID:-//Google Inc//Google Calendar 70.9054//EN",
  "BEGIN:VEVENT",
  "UID:standup@google.com",
  "DTSTART;TZID=Europe/Berlin:20260302T090000",
  "DTEND;TZID=Europe/Berlin:20260302T093000",
  "RRULE:FREQ=WEEKLY;BYDAY=MO",
  "SUMMARY:Stand-up",
  "END:VEVENT",
  "BEGIN:VEVENT",
  "UID:pill@google.com",
  "DTSTART:20260410T150000Z",
  "RRULE:FREQ=HOURLY;COUNT=3",
  "SUMMARY:Pill",
  "END:VEVENT",
  "END:VCALENDAR",
  "",
].join("\r\n");

async function open(browser: Browser, url: string, phone: boolean, javaScript = true) {
  const options = phone
    ? { viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true }
    : { viewport: { width: 1280, height: 800 } };
  // The picker is an island: pick with JavaScript, then carry the device cookie over.
  const picking = await browser.newContext(options);
  const picker = await picking.newPage();
  await picker.goto(`${url}/profiles?next=%2Fme%2Fcalendar`);
  await picker.locator(".profile-tile", { hasText: "Ann" }).first().click();
  await picker.waitForURL(`${url}/me/calendar`);
  if (javaScript) return { context: picking, page: picker, errors: collectErrors(picker) };
  const cookies = await picking.cookies();
  await picking.close();
  const context = await browser.newContext({ ...options, javaScriptEnabled: false });
  await context.addCookies(cookies);
  const page = await context.newPage();
  const errors = collectErrors(page);
  await page.goto(`${url}/me/calendar`);
  return { context, page, errors };
}

Deno.test("ics browser - subscribe without JavaScript, import with it, phone width", async () => {
  await using hearth = await startChatServer({ members: ["Ann"] });
  const { url, services } = hearth;
  const ann = hearth.members.Ann;
  const browser = await launchBrowser();
  try {
    // No JavaScript: reading and the subscription forms work.
    const plain = await open(browser, url, false, false);
    const { page } = plain;
    await page.locator("summary.profile-button").click();
    assert.equal(
      await page.locator(".profile-items a[href='/me/calendar']").count(),
      1,
      "the profile menu links the page",
    );
    await page.getByRole("textbox", { name: "Which device is it for?" }).fill("iPhone");
    await page.getByRole("button", { name: "Make an address" }).click();
    const address = page.locator("[data-ics-url]");
    await address.waitFor();
    const feedUrl = await address.inputValue();
    assert.match(feedUrl, /^http:\/\/127\.0\.0\.1:\d+\/ics\/[A-Za-z0-9_-]{43}\.ics$/);
    assert.equal(await page.locator(".ics-made .qr svg").count(), 1);
    assert.equal(
      await page.getByRole("link", { name: "Open in the calendar app" }).getAttribute("href"),
      feedUrl.replace("http:", "webcal:"),
    );
    if (SHOTS) await page.screenshot({ path: `${SHOTS}/ics-made-desktop.png`, fullPage: true });
    // A calendar app: no cookie, no session.
    const feed = await fetch(feedUrl);
    assert.equal(feed.status, 200);
    assert.match(await feed.text(), /^BEGIN:VCALENDAR\r\n/);
    // The list names it; once the page is left, the address is not shown again.
    await page.goto(`${url}/me/calendar`);
    assert.match(await page.locator("[data-ics-feeds]").innerText(), /iPhone/);
    assert.equal(await page.locator("[data-ics-url]").count(), 0);
    assert.ok(!(await page.content()).includes(feedUrl.split("/ics/")[1]));
    await page.getByRole("button", { name: "Revoke" }).click();
    await page.waitForURL(`${url}/me/calendar?revoked=1`);
    assert.equal((await fetch(feedUrl)).status, 404);
    assert.deepEqual(plain.errors, []);
    await plain.context.close();

    // With JavaScript: pick a file, see the preview, import.
    const desk = await open(browser, url, false);
    await desk.page.locator("[data-ics-file]").setInputFiles({
      name: "family.ics",
      mimeType: "text/calendar",
      buffer: Buffer.from(FILE),
    });
    const report = desk.page.locator("[data-ics-report]");
    await report.getByText("2 events in the file: 1 new, 0 to update.").waitFor();
    await report.getByText("1 left out: why").click();
    await report.getByText(/Pill.*DAILY, WEEKLY, MONTHLY or YEARLY/).waitFor();
    assert.deepEqual(await allEvents(services.db.kysely, ann), [], "the preview keeps nothing");
    if (SHOTS) {
      await desk.page.screenshot({ path: `${SHOTS}/ics-preview-desktop.png`, fullPage: true });
    }
    await desk.page.getByRole("button", { name: "Import", exact: true }).click();
    await report.getByText("Imported: 1 new, 0 updated.").waitFor();
    assert.deepEqual((await allEvents(services.db.kysely, ann)).map((e) => e.title), [
      "Stand-up",
    ]);
    // Shown at its own time: 09:00 in Berlin.
    assert.match(await report.innerText(), /Stand-up\s+Mar 2, 2026, 9:00\sAM · repeats/);
    assert.deepEqual(desk.errors, []);
    await desk.context.close();

    // A phone: everything fits the width.
    const phone = await open(browser, url, true);
    await phone.page.getByRole("textbox", { name: "Which device is it for?" }).fill("Android");
    await phone.page.getByRole("button", { name: "Make an address" }).click();
    await phone.page.locator("[data-ics-url]").waitFor();
    await phone.page.getByRole("button", { name: "Copy" }).click();
    await phone.page.getByRole("button", { name: "Copied" }).waitFor();
    await phone.page.locator("[data-ics-file]").setInputFiles({
      name: "family.ics",
      mimeType: "text/calendar",
      buffer: Buffer.from(FILE),
    });
    await phone.page.getByText("2 events in the file: 0 new, 1 to update.").waitFor();
    const width = await phone.page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= 390, `no sideways scroll on a phone (${width}px)`);
    if (SHOTS) {
      await phone.page.screenshot({ path: `${SHOTS}/ics-phone.png`, fullPage: true });
    }
    assert.deepEqual(phone.errors, []);
    await phone.context.close();
  } finally {
    await browser.close();
  }
});
