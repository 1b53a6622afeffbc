/**
 * Today in real Chromium on a phone: a todo ticked there goes at once and stays gone after a
 * reload; one the box refuses comes back with the reason; a list item ticked goes and Undo
 * brings it back; the quick add confirms a todo for another day. Nothing scrolls sideways.
 */
import assert from "node:assert/strict";
import { addItems, createList, getList } from "../lib/lists/store.ts";
import { createTodo, getTodo } from "../lib/todos/store.ts";
import { collectErrors, launchBrowser, pickProfile } from "./helpers/browser.ts";
import { startChatServer } from "./helpers/chat_server.ts";

const SHOTS = Deno.env.get("HEARTH_SCREENSHOTS");

Deno.test("today browser - tick a todo and a list item on Today; what the box refuses comes back", async () => {
  let refuse = "";
  await using hearth = await startChatServer({
    members: ["Ann"],
    // The box refuses to complete one todo, as it would if another device had deleted it.
    wrap: (req, next) =>
      refuse && new URL(req.url).pathname === `/api/todos/${refuse}/complete`
        ? Promise.resolve(Response.json(
          { error: { code: "todo_not_found", message: "There is no such todo." } },
          { status: 404 },
        ))
        : next(),
  });
  const { url, services } = hearth;
  const db = services.db.kysely;
  const ann = hearth.members.Ann;
  const now = Date.now();
  const plumber = await createTodo(db, ann, {
    title: "Call the plumber",
    due: new Date(now - 3_600_000).toISOString(),
  }, now);
  const stuck = await createTodo(db, ann, {
    title: "Stuck one",
    due: new Date(now - 7_200_000).toISOString(),
  }, now);
  refuse = stuck.id;
  const list = await createList(db, ann, { name: "Groceries", kind: "shopping", shared: true });
  await addItems({ db, feeds: services.listFeeds }, ann, list.id, ["Milk", "Bread"]);

  const browser = await launchBrowser();
  try {
    const context = await browser.newContext({
      viewport: { width: 390, height: 844 },
      hasTouch: true,
      isMobile: true,
    });
    const page = await context.newPage();
    const errors = collectErrors(page);
    await pickProfile(page, url, "Ann", "/today");
    const todo = (title: string) => page.getByRole("checkbox", { name: title });
    await todo("Call the plumber").waitFor();
    // The island has taken over once the quick add's preview follows the typing.
    const box = page.getByRole("textbox", { name: "New todo" });
    await box.fill("buy milk tomorrow 9am #shop");
    await page.locator(".todo-preview", { hasText: "buy milk ·" }).waitFor();
    if (SHOTS) await page.screenshot({ path: `${SHOTS}/today-phone.png`, fullPage: true });

    await todo("Call the plumber").tap();
    await todo("Call the plumber").waitFor({ state: "detached" });
    await page.getByRole("status").filter({ hasText: "Done: “Call the plumber”" }).waitFor();
    assert.equal((await getTodo(db, ann, plumber.id)).status, "done");

    await todo("Stuck one").tap();
    await page.getByRole("alert").filter({ hasText: "There is no such todo" }).waitFor();
    assert.equal(await todo("Stuck one").isVisible(), true, "a refused tick puts the todo back");

    await page.getByRole("checkbox", { name: "Milk" }).tap();
    await page.getByRole("checkbox", { name: "Milk" }).waitFor({ state: "detached" });
    // The todo's toast may still be up with its own Undo: take the list item's.
    await page.getByRole("status").filter({ hasText: "Ticked “Milk”" })
      .getByRole("button", { name: "Undo" }).tap();
    await page.getByRole("checkbox", { name: "Milk" }).waitFor();
    const milk = (await getList(db, ann, list.id)).items.find((i) => i.text === "Milk");
    assert.equal(milk?.done, false, "Undo unticked it on the box");

    await page.getByRole("button", { name: "Add" }).tap();
    await page.locator(".today-notice", { hasText: "Added “buy milk”" }).waitFor();

    await page.reload();
    await todo("Stuck one").waitFor();
    assert.equal(await todo("Call the plumber").count(), 0, "still gone after a reload");
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= 390, `Today is ${width}px wide on a phone`);
    assert.deepEqual(errors.filter((e) => !/404/.test(e)), []);
    await context.close();
  } finally {
    await browser.close();
  }
});
