/**
 * A shared list in real Chromium: Ann ticks an item in one tab and Bob, who has the list open in
 * another (his own browser context, his own profile), sees it ticked without a reload; Bob pastes
 * two lines (two items), Ann clears the ticked one and removes another; then Ann unshares it and
 * Bob's page says so.
 */
import assert from "node:assert/strict";
import type { Browser } from "playwright-core";
import { addItems, createList, updateList } from "../lib/lists/store.ts";
import { collectErrors, launchBrowser } from "./helpers/browser.ts";
import { startChatServer } from "./helpers/chat_server.ts";

const SHOTS = Deno.env.get("HEARTH_SCREENSHOTS");

async function openAs(browser: Browser, url: string, who: string, path: string, phone: boolean) {
  const context = await browser.newContext(
    phone
      ? { viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true }
      : { viewport: { width: 1280, height: 800 } },
  );
  const page = await context.newPage();
  const errors = collectErrors(page);
  await page.goto(`${url}/profiles?next=${encodeURIComponent(path)}`);
  await page.locator(".profile-tile", { hasText: who }).first().click();
  await page.waitForURL(`${url}${path}`);
  return { context, page, errors };
}

Deno.test("lists browser - tick an item on a shared list in one tab and see it ticked in another", async () => {
  await using hearth = await startChatServer({ members: ["Ann", "Bob"] });
  const { url, services } = hearth;
  const deps = { db: services.db.kysely, feeds: services.listFeeds };
  const list = await createList(services.db.kysely, hearth.members.Ann, {
    name: "Groceries",
    kind: "shopping",
    shared: true,
  });
  await addItems(deps, hearth.members.Ann, list.id, ["Milk", "Bread"]);
  const browser = await launchBrowser();
  try {
    const ann = await openAs(browser, url, "Ann", `/lists/${list.id}`, false);
    const bob = await openAs(browser, url, "Bob", `/lists/${list.id}`, true);
    // Both islands follow the feed before anything changes.
    for (const { page } of [ann, bob]) await page.locator('.list-view[data-link="live"]').waitFor();
    assert.equal(services.listFeeds.openOn(list.id), 2);

    const milk = (p: typeof ann.page) => p.getByRole("checkbox", { name: "Milk" });
    assert.equal(await milk(bob.page).isChecked(), false);
    await milk(ann.page).check();
    await bob.page.waitForFunction(() =>
      document.querySelector(".list-item.done label")?.textContent === "Milk"
    );
    assert.equal(await milk(bob.page).isChecked(), true);

    // Bob pastes two lines on his phone and presses Enter: two items; Ann sees them.
    const box = bob.page.getByRole("textbox", { name: "Add an item" });
    await box.fill("Eggs\n- Butter\n");
    await box.press("Enter");
    await ann.page.getByRole("checkbox", { name: "Eggs" }).waitFor();
    await ann.page.getByRole("checkbox", { name: "Butter" }).waitFor();
    assert.equal(await box.inputValue(), "");
    // Ann clears the ticked one and removes another; both go from Bob's page too.
    await ann.page.getByRole("button", { name: "Clear ticked (1)" }).click();
    await milk(bob.page).waitFor({ state: "detached" });
    await ann.page.getByRole("button", { name: "Remove “Bread”" }).click();
    await bob.page.getByRole("checkbox", { name: "Bread" }).waitFor({ state: "detached" });
    assert.equal(await bob.page.locator(".list-item").count(), 2);
    const width = await bob.page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= 390, `the list page is ${width}px wide on a phone`);
    if (SHOTS) {
      await bob.page.screenshot({ path: `${SHOTS}/list-phone.png`, fullPage: true });
      await ann.page.screenshot({ path: `${SHOTS}/list-desktop.png`, fullPage: true });
    }

    // Unshared, the list is gone for Bob, without a reload.

    await updateList(deps, hearth.members.Ann, list.id, { shared: false });
    await bob.page.getByText("no longer shared with you").waitFor();
    assert.equal(await bob.page.getByRole("textbox", { name: "Add an item" }).count(), 0);

    // The index reads without JavaScript: plain links, the owner's view.
    await ann.page.goto(`${url}/lists`);
    await ann.page.getByRole("link", { name: /Groceries.*only you.*2 open/ }).waitFor();
    if (SHOTS) await ann.page.screenshot({ path: `${SHOTS}/lists-desktop.png` });

    assert.deepEqual(ann.errors, []);
    assert.deepEqual(bob.errors, []);
    await ann.context.close();
    await bob.context.close();
  } finally {
    await browser.close();
  }
});
