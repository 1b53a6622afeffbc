/**
 * The Todos page in real Chromium: quick add understands "buy milk tomorrow 9am #shop" (a live
 * preview, then the todo under Upcoming with its tag and 9:00 in the profile's zone); ticking
 * moves it to Done and a recurring one shows its next occurrence; deleting a todo with a sub-task
 * and undoing brings both back; a phone never scrolls sideways.
 */
import assert from "node:assert/strict";
import type { Browser } from "playwright-core";
import { fromZoned, zonedParts } from "../lib/dates/zones.ts";
import { createTodo, listTodos } from "../lib/todos/store.ts";
import { collectErrors, launchBrowser } from "./helpers/browser.ts";
import { startChatServer } from "./helpers/chat_server.ts";

const SHOTS = Deno.env.get("HEARTH_SCREENSHOTS");
// Far from UTC (and from the box's zone), so a time read in the wrong zone shows.
const ZONE = "Pacific/Auckland";

async function openTodos(browser: Browser, url: string, phone: boolean) {
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

Deno.test("todos browser - quick add, tick, recurring next, delete and undo, phone width", async () => {
  await using hearth = await startChatServer({ members: ["Ann"] });
  const { url, services } = hearth;
  const ann = hearth.members.Ann;
  const db = services.db.kysely;
  await db.updateTable("profiles").set({ time_zone: ZONE }).where("id", "=", ann).execute();
  const plants = await createTodo(db, ann, { title: "Water plants", timeZone: ZONE });
  await createTodo(db, ann, { title: "Fern", parentId: plants.id, timeZone: ZONE });
  await createTodo(db, ann, {
    title: "Bins out",
    due: "2030-01-07T19:00",
    timeZone: ZONE,
    recurrence: "FREQ=WEEKLY",
    tags: ["home"],
  });
  const browser = await launchBrowser();
  try {
    const desk = await openTodos(browser, url, false);
    const { page } = desk;
    const box = page.getByRole("textbox", { name: "New todo" });
    await box.fill("buy milk tomorrow 9am #shop");
    // The live preview says what it understood before anything is stored.
    await page.locator(".todo-preview", { hasText: /buy milk · .*9:00\sAM · #shop/ }).waitFor();
    await page.getByRole("button", { name: "Add", exact: true }).click();
    const milk = page.locator(".todo-group.upcoming .todo-row", { hasText: "buy milk" });
    await milk.waitFor();
    assert.match(await milk.innerText(), /9:00\sAM[\s\S]*#shop/);
    assert.equal(await box.inputValue(), "");
    // Stored for tomorrow 09:00 in the profile's zone, with that zone.
    const { todos } = await listTodos(db, ann, {
      q: "milk",
      sort: "due",
      limit: 10,
      offset: 0,
    });
    const today = zonedParts(Date.now(), ZONE);
    const nine = fromZoned(
      { year: today.year, month: today.month, day: today.day + 1, hour: 9, minute: 0 },
      ZONE,
    );
    assert.deepEqual(
      todos.map((t) => [t.due, t.timeZone, t.tags]),
      [[nine.toISOString(), ZONE, ["shop"]]],
    );

    // Tick: gone from the open groups, listed under Done.
    // A click, not check(): the row moves to Done at once, so check() could not see it ticked.
    await milk.getByRole("checkbox").click();
    await page.locator(".todo-group.done .todo-row", { hasText: "buy milk" }).waitFor();
    assert.equal(await page.locator(".todo-group.upcoming", { hasText: "buy milk" }).count(), 0);
    // A recurring one: its next week's occurrence takes its place.
    const bins = page.locator(".todo-group.upcoming .todo-row", { hasText: "Bins out" });
    assert.match(await bins.innerText(), /Jan 7/);
    await bins.getByRole("checkbox").click();
    await page.locator(".todo-group.upcoming .todo-row", { hasText: /Bins out[\s\S]*Jan 14/ })
      .waitFor();
    await page.locator(".todo-group.done .todo-row", { hasText: "Bins out" }).waitFor();
    // Reading survives a reload: the server renders the same.
    await page.reload();
    await page.locator(".todo-group.done .todo-row", { hasText: "buy milk" }).waitFor();

    // Delete a todo with a sub-task; undo brings both back.
    await page.getByRole("button", { name: "Delete “Water plants”" }).click();
    await page.getByRole("status").filter({ hasText: "Deleted “Water plants”." }).waitFor();
    assert.equal(await page.getByText("Fern").count(), 0);
    if (SHOTS) await page.screenshot({ path: `${SHOTS}/todos-desktop.png`, fullPage: true });
    await page.getByRole("button", { name: "Undo" }).click();
    await page.locator(".todo-group.none .todo-list .todo-list .todo-row", { hasText: "Fern" })
      .waitFor();
    const back = await listTodos(db, ann, { q: "e", sort: "title", limit: 10, offset: 0 });
    assert.deepEqual(
      back.todos.filter((t) => t.title === "Fern" || t.title === "Water plants")
        .map((t) => [t.title, t.parentId === null]),
      [["Fern", false], ["Water plants", true]],
    );

    // A phone: nothing scrolls sideways.
    const phone = await openTodos(browser, url, true);
    await phone.page.locator(".todo-group.none", { hasText: "Fern" }).waitFor();
    await phone.page.getByRole("textbox", { name: "New todo" }).fill(
      "a rather long todo title that goes on and on tomorrow 9am #averyverylongtagname !high",
    );
    await phone.page.locator(".todo-preview", { hasText: "#averyverylongtagname" }).waitFor();
    const width = await phone.page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= 390, `the todos page is ${width}px wide on a phone`);
    if (SHOTS) await phone.page.screenshot({ path: `${SHOTS}/todos-phone.png`, fullPage: true });

    assert.deepEqual(desk.errors, []);
    assert.deepEqual(phone.errors, []);
    await desk.context.close();
    await phone.context.close();
  } finally {
    await browser.close();
  }
});
