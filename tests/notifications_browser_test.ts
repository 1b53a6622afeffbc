/**
 * Notifications in real Chromium: the header's bell shows the unread count on every page, opens
 * the list (a reminder, a todo, a briefing in Markdown), "Mark read" and "Mark all read" bring
 * the count down; on a phone the header keeps its place and nothing scrolls sideways.
 */
import assert from "node:assert/strict";
import type { Browser } from "playwright-core";
import { createEvent } from "../lib/events/store.ts";
import { createEventSchema } from "../lib/events/schemas.ts";
import { storeBriefing } from "../lib/scheduler/scheduler.ts";
import { createTodo } from "../lib/todos/store.ts";
import { collectErrors, launchBrowser } from "./helpers/browser.ts";
import { type ChatServer, startChatServer } from "./helpers/chat_server.ts";

const SHOTS = Deno.env.get("HEARTH_SCREENSHOTS");
const MIN = 60_000;

/** Ann's reminder (delivered late), todo and briefing, delivered by the scheduler. */
async function seed(hearth: ChatServer): Promise<void> {
  const { services } = hearth;
  const ann = hearth.members.Ann;
  const db = services.db.kysely;
  const real = Date.now();
  // The box looked two hours ago, then was off.
  services.now = () => real - 120 * MIN;
  await services.scheduler.tick();
  const start = new Date(real + 30 * MIN).toISOString();
  await createEvent(
    db,
    ann,
    createEventSchema.parse({
      title: "Parents' evening at school",
      start,
      end: new Date(real + 90 * MIN).toISOString(),
      timeZone: "UTC",
      location: "Main hall",
      reminderMinutes: [120],
    }),
  );
  await createTodo(db, ann, {
    title: "Pay the window cleaner",
    due: new Date(real - MIN).toISOString(),
    timeZone: "UTC",
  });
  services.now = Date.now;
  assert.equal((await services.scheduler.tick()).fired, 2);
  await storeBriefing(db, { id: ann, timeZone: "UTC" }, {
    date: new Date(real).toISOString().slice(0, 10),
    text:
      "Good morning, Ann!\n\n- **16:30** Parents' evening (Main hall)\n- Pay the window cleaner",
    at: real,
    late: false,
  }, real);
  await services.scheduler.idle();
}

async function open(browser: Browser, url: string, phone: boolean) {
  const context = await browser.newContext(
    phone
      ? { viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true }
      : { viewport: { width: 1280, height: 800 } },
  );
  const page = await context.newPage();
  const errors = collectErrors(page);
  await page.goto(`${url}/profiles?next=%2Ftodos`);
  await page.locator(".profile-tile", { hasText: "Ann" }).first().click();
  await page.waitForURL(`${url}/todos`);
  return { context, page, errors };
}

Deno.test("notifications browser - the bell's count, the list, mark read and all read, phone width", async () => {
  await using hearth = await startChatServer({ members: ["Ann"] });
  await seed(hearth);
  const browser = await launchBrowser();
  try {
    const phone = await open(browser, hearth.url, true);
    const bell = phone.page.locator("header .bell");
    assert.equal(await bell.getAttribute("aria-label"), "Notifications, 3 unread");
    assert.equal(await bell.locator(".bell-count").innerText(), "3");
    await bell.click();
    await phone.page.waitForURL(`${hearth.url}/notifications`);
    const items = phone.page.locator(".notice");
    assert.equal(await items.count(), 3);
    const briefing = phone.page.locator(".notice", { hasText: "Your briefing for" });
    assert.match(await briefing.innerText(), /Good morning, Ann!/);
    // The briefing's Markdown is rendered: a list with bold times.
    assert.equal(await briefing.locator(".notice-briefing li strong").first().innerText(), "16:30");
    assert.match(
      await phone.page.locator(".notice", { hasText: "Parents' evening at school" }).innerText(),
      /Starts .*\(sent late: Hearth was off\)/,
    );
    const width = await phone.page.evaluate(() => document.scrollingElement!.scrollWidth);
    assert.ok(width <= 390, `the phone page scrolls sideways (${width}px)`);
    const box = (await bell.boundingBox())!;
    assert.ok(box.x + box.width <= 390 && box.height >= 44, "the bell fits and is tappable");
    if (SHOTS) {
      await phone.page.screenshot({ path: `${SHOTS}/notifications-phone.png`, fullPage: true });
    }
    if (SHOTS) {
      await phone.page.goto(`${hearth.url}/me/briefing`);
      await phone.page.screenshot({ path: `${SHOTS}/briefing-phone.png`, fullPage: true });
      await phone.page.goto(`${hearth.url}/notifications`);
    }
    await phone.page.locator(".notice", { hasText: "Due " })
      .getByRole("button", { name: "Mark read" }).click();
    await phone.page.locator("header .bell-count", { hasText: "2" }).waitFor();
    assert.deepEqual(phone.errors, []);
    await phone.context.close();

    const desk = await open(browser, hearth.url, false);
    assert.equal(await desk.page.locator("header .bell-count").innerText(), "2");
    if (SHOTS) await desk.page.screenshot({ path: `${SHOTS}/bell-desktop.png` });
    if (SHOTS) {
      await desk.page.goto(`${hearth.url}/me/briefing`);
      await desk.page.screenshot({ path: `${SHOTS}/briefing-desktop.png` });
    }
    await desk.page.goto(`${hearth.url}/notifications`);
    if (SHOTS) {
      await desk.page.screenshot({ path: `${SHOTS}/notifications-desktop.png`, fullPage: true });
    }
    await desk.page.getByRole("button", { name: "Mark all read" }).click();
    await desk.page.waitForURL(`${hearth.url}/notifications`);
    await desk.page.locator(".notice.unread").first().waitFor({ state: "detached" });
    assert.equal(await desk.page.locator("header .bell-count").count(), 0);
    assert.equal(
      await desk.page.locator("header .bell").getAttribute("aria-label"),
      "Notifications",
    );
    assert.deepEqual(desk.errors, []);
    await desk.context.close();
  } finally {
    await browser.close();
  }
});
