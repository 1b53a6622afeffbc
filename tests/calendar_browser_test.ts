/**
 * The Calendar page in real Chromium on a phone (390×844): a tap chooses a day (its list shows
 * below the month), "New event this day" creates one at 10:00 in the profile's zone; editing it
 * into a weekly series shows it a week later; an end before the start is refused next to the
 * end field; one occurrence is skipped; the series is deleted (a refused skip or delete is put
 * back with the box's reason). Nothing scrolls sideways, and the
 * desk (1280×800) shows the event as a chip in the month.
 */
import assert from "node:assert/strict";
import type { Browser } from "playwright-core";
import { listEvents } from "../lib/events/store.ts";
import { collectErrors, launchBrowser } from "./helpers/browser.ts";
import { startChatServer } from "./helpers/chat_server.ts";

const SHOTS = Deno.env.get("HEARTH_SCREENSHOTS");
// Far from UTC (and from the box's zone), so a time read in the wrong zone shows.
const ZONE = "Pacific/Auckland";
const MONTH = "/calendar?view=month&date=2030-01-01";

async function open(browser: Browser, url: string, phone: boolean) {
  const context = await browser.newContext(
    phone
      ? { viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true }
      : { viewport: { width: 1280, height: 800 } },
  );
  const page = await context.newPage();
  const errors = collectErrors(page);
  await page.goto(`${url}/profiles?next=${encodeURIComponent(MONTH)}`);
  await page.locator(".profile-tile", { hasText: "Ann" }).first().click();
  await page.waitForURL(`${url}${MONTH}`);
  return { context, page, errors };
}

Deno.test("calendar browser - on a phone: choose a day, create, edit into a series, a refused end, skip one, delete", async () => {
  // While set, the box refuses to delete an event or skip an occurrence.
  let refuse = false;
  await using hearth = await startChatServer({
    members: ["Ann"],
    wrap: (req, next) =>
      refuse && (req.method === "DELETE" || req.url.endsWith("/exceptions"))
        ? Promise.resolve(Response.json(
          { error: { code: "database_busy", message: "The database is busy." } },
          { status: 503 },
        ))
        : next(),
  });
  const { url, services } = hearth;
  const ann = hearth.members.Ann;
  const db = services.db.kysely;
  await db.updateTable("profiles").set({ time_zone: ZONE }).where("id", "=", ann).execute();
  const stored = async () => (await listEvents(db, ann, { limit: 10 })).items;
  const browser = await launchBrowser();
  try {
    const phone = await open(browser, url, true);
    const { page } = phone;
    const cell = (day: string) => page.locator(`td[data-day="${day}"]`);
    const dialog = page.locator("dialog.cal-dialog");

    // The first tap chooses the day: its list shows below, empty.
    await cell("2030-01-15").locator(".cal-day").tap();
    const chosen = page.locator("#cal-day");
    await chosen.getByRole("heading", { name: "Tuesday, January 15" }).waitFor();
    await chosen.getByText("Nothing on this day.").waitFor();
    assert.match(page.url(), /day=2030-01-15/, "the address keeps the chosen day");

    await chosen.getByRole("button", { name: "New event this day" }).tap();
    await dialog.getByRole("heading", { name: "New event" }).waitFor();
    await dialog.getByLabel("Title").fill("Dentist");
    const times = dialog.locator('input[type="time"]');
    await times.nth(0).fill("10:00");
    await times.nth(1).fill("11:00");
    await dialog.getByLabel("Place").fill("Marktplatz 3");
    if (SHOTS) await page.screenshot({ path: `${SHOTS}/calendar-phone-editor.png` });
    await dialog.getByRole("button", { name: "Save" }).tap();
    await dialog.waitFor({ state: "hidden" });
    const row = chosen.locator(".cal-row", { hasText: "Dentist" });
    await row.waitFor();
    assert.match(await row.innerText(), /10:00\sAM – 11:00\sAM[\s\S]*Marktplatz 3/);
    assert.equal(await cell("2030-01-15").locator(".cal-dot").count(), 1);
    // 10:00 in Auckland (UTC+13 in January), in its zone.
    assert.deepEqual(
      (await stored()).map((e) => [e.title, e.start, e.end, e.timeZone, e.rrule]),
      [["Dentist", "2030-01-14T21:00:00.000Z", "2030-01-14T22:00:00.000Z", ZONE, null]],
    );

    // Edit: a weekly series, which shows a week later.
    await row.tap();
    await dialog.getByRole("heading", { name: "Edit event" }).waitFor();
    assert.equal(await dialog.getByLabel("Title").inputValue(), "Dentist");
    await dialog.getByLabel("Title").fill("Dentist checkup");
    await dialog.locator("select").first().selectOption("weekly");
    await dialog.getByRole("button", { name: "Save" }).tap();
    await dialog.waitFor({ state: "hidden" });
    await chosen.locator(".cal-row", { hasText: "Dentist checkup" }).waitFor();
    assert.equal(await cell("2030-01-22").locator(".cal-dot").count(), 1);
    assert.equal(await cell("2030-01-08").locator(".cal-dot").count(), 0);
    assert.equal((await stored())[0].rrule, "FREQ=WEEKLY");

    // An end before the start: the box's refusal shows next to the end, and nothing changes.
    await chosen.locator(".cal-row", { hasText: "Dentist checkup" }).tap();
    await dialog.getByRole("heading", { name: "Edit event" }).waitFor();
    await times.nth(1).fill("09:00");
    await dialog.getByRole("button", { name: "Save" }).tap();
    const refusal = dialog.locator("#cal-err-end");
    await refusal.waitFor();
    assert.match(await refusal.innerText(), /end must not come before the start/);
    assert.equal(await times.nth(1).getAttribute("aria-invalid"), "true");
    assert.equal(
      await times.nth(1).getAttribute("aria-describedby"),
      "cal-err-end",
      "the field names its error",
    );
    if (SHOTS) await page.screenshot({ path: `${SHOTS}/calendar-phone-refused.png` });
    await dialog.getByRole("button", { name: "Cancel" }).tap();
    await dialog.waitFor({ state: "hidden" });
    assert.equal((await stored())[0].end, "2030-01-14T22:00:00.000Z");

    // A refused skip is put back, with the box's reason.
    refuse = true;
    await chosen.locator(".cal-row", { hasText: "Dentist checkup" }).tap();
    await dialog.getByRole("button", { name: "Skip Tue, Jan 15" }).tap();
    await page.getByRole("alert").filter({ hasText: "The database is busy." }).waitFor();
    await chosen.locator(".cal-row", { hasText: "Dentist checkup" }).waitFor();
    assert.equal(await cell("2030-01-15").locator(".cal-dot").count(), 1);
    refuse = false;

    // Skip the 15th: gone there at once, kept a week later.
    await chosen.locator(".cal-row", { hasText: "Dentist checkup" }).tap();
    // It shows at once; the box's answer comes after.
    const skipped = page.waitForResponse((r) => r.url().endsWith("/exceptions"));
    await dialog.getByRole("button", { name: "Skip Tue, Jan 15" }).tap();
    await chosen.getByText("Nothing on this day.").waitFor();
    assert.equal((await skipped).status(), 200);
    assert.equal(await cell("2030-01-15").locator(".cal-dot").count(), 0);
    assert.equal(await cell("2030-01-22").locator(".cal-dot").count(), 1);
    assert.deepEqual((await stored())[0].exdates, ["2030-01-14T21:00:00.000Z"]);

    // The desk shows it as a chip with its time in the month.
    const desk = await open(browser, url, false);
    const chip = desk.page.locator('td[data-day="2030-01-22"] .cal-item');
    assert.match(await chip.innerText(), /10:00\sAM\s*Dentist checkup/);
    if (SHOTS) await desk.page.screenshot({ path: `${SHOTS}/calendar-desk.png`, fullPage: true });

    // Delete the series from the 22nd; a refusal puts it back first.
    await cell("2030-01-22").locator(".cal-day").tap();
    await chosen.getByRole("heading", { name: "Tuesday, January 22" }).waitFor();
    refuse = true;
    await chosen.locator(".cal-row", { hasText: "Dentist checkup" }).tap();
    await dialog.getByRole("button", { name: "Delete series" }).tap();
    await page.getByRole("alert").filter({ hasText: "The database is busy." }).waitFor();
    await chosen.locator(".cal-row", { hasText: "Dentist checkup" }).waitFor();
    assert.equal(await cell("2030-01-29").locator(".cal-dot").count(), 1);
    refuse = false;
    await chosen.locator(".cal-row", { hasText: "Dentist checkup" }).tap();
    const deleted = page.waitForResponse((r) => r.request().method() === "DELETE");
    await dialog.getByRole("button", { name: "Delete series" }).tap();
    await chosen.getByText("Nothing on this day.").waitFor();
    assert.equal((await deleted).status(), 204);
    assert.equal(await page.locator(".cal-dot").count(), 0);
    assert.deepEqual(await stored(), []);

    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= 390, `the calendar is ${width}px wide on a phone`);
    await page.goto(`${url}/calendar?view=week&date=2030-01-15`);
    const weekWidth = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(weekWidth <= 390, `the week is ${weekWidth}px wide on a phone (it scrolls inside)`);
    if (SHOTS) await page.screenshot({ path: `${SHOTS}/calendar-phone-week.png`, fullPage: true });

    // The refusals are the failed requests the console saw.
    assert.deepEqual(phone.errors, [
      "Failed to load resource: the server responded with a status of 422 (Unprocessable Entity)",
      "Failed to load resource: the server responded with a status of 503 (Service Unavailable)",
      "Failed to load resource: the server responded with a status of 503 (Service Unavailable)",
    ]);
    assert.deepEqual(desk.errors, []);
    await phone.context.close();
    await desk.context.close();
  } finally {
    await browser.close();
  }
});
