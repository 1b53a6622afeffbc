/**
 * The Memos page in real Chromium. On a phone: a memo written in Markdown (an empty one is
 * refused next to its text field; the preview renders), pinned (at once; put back when the box
 * refuses), edited in place, deleted and brought back by Undo. On a desktop: two columns, a long
 * memo folded behind "Show more", "More memos" appends the next page, and a `#m-<id>` link to a
 * memo beyond the first page shows it. Nothing scrolls sideways on the phone.
 */
import assert from "node:assert/strict";
import type { Browser } from "playwright-core";
import { createMemo, listMemos } from "../lib/memos/store.ts";
import { collectErrors, launchBrowser } from "./helpers/browser.ts";
import { startChatServer } from "./helpers/chat_server.ts";

const SHOTS = Deno.env.get("HEARTH_SCREENSHOTS");

async function openMemos(browser: Browser, url: string, phone: boolean, path = "/memos") {
  const context = await browser.newContext(
    phone
      ? { viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true }
      : { viewport: { width: 1280, height: 800 } },
  );
  const page = await context.newPage();
  const errors = collectErrors(page);
  await page.goto(`${url}/profiles?next=${encodeURIComponent(path)}`);
  await page.locator(".profile-tile", { hasText: "Ann" }).first().click();
  await page.waitForURL(`${url}${path}`);
  return { context, page, errors };
}

Deno.test("memos browser - write in Markdown on a phone, pin, edit, delete and undo; pages and links on a desktop", async () => {
  await using hearth = await startChatServer({ members: ["Ann"] });
  const { url, services } = hearth;
  const ann = hearth.members.Ann;
  const db = services.db.kysely;
  // 30 older memos: a long one, a page and a bit.
  const old: string[] = [];
  for (let i = 0; i < 30; i++) {
    const body = i === 29
      ? Array.from({ length: 30 }, (_, n) => `Line ${n + 1} of a long memo`).join("\n")
      : `Body of memo ${i}`;
    const m = await createMemo(db, ann, {
      title: `Old memo ${i}`,
      body,
      tags: ["old"],
      pinned: false,
    });
    await db.updateTable("memos").set({
      updated_at: new Date(Date.UTC(2026, 0, 1, 0, i)).toISOString(),
    }).where("id", "=", m.id).execute();
    old.push(m.id);
  }
  const browser = await launchBrowser();
  try {
    const phone = await openMemos(browser, url, true);
    const { page } = phone;
    await page.getByRole("button", { name: "New memo" }).click();
    // Nothing written: the box refuses, next to the text.
    await page.getByRole("button", { name: "Save" }).click();
    await page.locator(".field-error", { hasText: "A memo needs a title or a text." }).waitFor();
    assert.equal(
      await page.getByLabel("Text (Markdown)").getAttribute("aria-invalid"),
      "true",
    );
    await page.getByLabel("Title").fill("Pancakes");
    await page.getByLabel("Text (Markdown)").fill(
      "**Fluffy** ones\n\n- 2 eggs\n- [recipe](https://example.org)\n\n<script>x()</script>",
    );
    await page.getByLabel("Tags").fill("#Food breakfast");
    await page.getByRole("button", { name: "Preview" }).click();
    await page.locator(".memo-preview strong", { hasText: "Fluffy" }).waitFor();
    await page.getByRole("button", { name: "Save" }).click();
    const card = page.locator(".memo-card", { hasText: "Pancakes" });
    await card.locator(".memo-body strong", { hasText: "Fluffy" }).waitFor();
    assert.match(await card.locator(".memo-body").innerText(), /<script>x\(\)<\/script>/);
    assert.deepEqual(await card.locator(".memo-tag").allInnerTexts(), ["#food", "#breakfast"]);
    // The new memo is the first card.
    assert.equal(
      await page.locator(".memo-card").first().getAttribute("id"),
      await card.getAttribute("id"),
    );
    const id = (await card.getAttribute("data-id"))!;

    // Pin: shown at once; when the box refuses, it goes back and says why.
    await page.route(
      `**/api/memos/${id}`,
      (route) =>
        route.request().method() === "PATCH"
          ? route.fulfill({
            status: 503,
            contentType: "application/json",
            body: JSON.stringify({ error: { code: "database_busy", message: "Busy, try again." } }),
          })
          : route.fallback(),
    );
    await page.getByRole("button", { name: "Pin “Pancakes”" }).click();
    await page.getByRole("alert").filter({ hasText: "Busy, try again." }).waitFor();
    assert.equal(await card.locator(".memo-pinned").count(), 0);
    await page.unroute(`**/api/memos/${id}`);
    await page.getByRole("button", { name: "Pin “Pancakes”" }).click();
    await card.locator(".memo-pinned", { hasText: "Pinned" }).waitFor();
    await page.getByRole("button", { name: "Unpin “Pancakes”" }).waitFor();
    await waitFor(async () => (await listMemos(db, ann, q({ pinned: true }))).items.length === 1);

    // Edit in place.
    await page.getByRole("button", { name: "Edit “Pancakes”" }).click();
    await page.getByLabel("Text (Markdown)").fill("**Thin** ones, _French_ style");
    await page.getByRole("button", { name: "Save" }).click();
    await card.locator(".memo-body em", { hasText: "French" }).waitFor();
    // Focus is back on the memo's Edit button; Escape leaves an editor unchanged.
    await page.getByRole("button", { name: "Edit “Pancakes”" }).and(page.locator(":focus"))
      .waitFor();
    await page.getByRole("button", { name: "Edit “Pancakes”" }).click();
    await page.getByLabel("Text (Markdown)").fill("not kept");
    await page.keyboard.press("Escape");
    await page.getByRole("button", { name: "Edit “Pancakes”" }).and(page.locator(":focus"))
      .waitFor();
    assert.match(await card.innerText(), /Thin ones, French style/);
    const stored = (await listMemos(db, ann, q({ pinned: true }))).items[0];
    assert.equal(stored.body, "**Thin** ones, _French_ style");
    assert.deepEqual(stored.tags, ["food", "breakfast"]);

    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= 390, `the memos page is ${width}px wide on a phone`);
    if (SHOTS) await page.screenshot({ path: `${SHOTS}/memos-phone.png`, fullPage: false });

    // Delete, then Undo writes it again.
    await page.getByRole("button", { name: "Delete “Pancakes”" }).click();
    await page.getByRole("status").filter({ hasText: "Deleted “Pancakes”." }).waitFor();
    assert.equal(await page.locator(".memo-card", { hasText: "Pancakes" }).count(), 0);
    assert.equal((await listMemos(db, ann, q({ q: "Pancakes" }))).items.length, 0);
    await page.getByRole("button", { name: "Undo" }).click();
    await page.locator(".memo-card.pinned", { hasText: "Thin" }).waitFor();
    const back = (await listMemos(db, ann, q({ q: "Pancakes" }))).items;
    assert.deepEqual(back.map((m) => [m.body, m.tags, m.pinned]), [[
      "**Thin** ones, _French_ style",
      ["food", "breakfast"],
      true,
    ]]);
    assert.deepEqual(phone.errors.filter((e) => !/status of (422|503)/.test(e)), []);

    // Desktop: two columns; the long memo folds; More appends the rest; a deep link finds one.
    const desk = await openMemos(browser, url, false, "/memos");
    const d = desk.page;
    const cols = await d.evaluate(() =>
      getComputedStyle(document.querySelector(".memo-grid")!).gridTemplateColumns.split(" ").length
    );
    assert.equal(cols, 2);
    const long = d.locator(`#m-${old[29]}`);
    const folded = await long.locator(".memo-body").evaluate((el) => el.clientHeight);
    await long.getByText("Show more").click();
    const open = await long.locator(".memo-body").evaluate((el) => el.clientHeight);
    assert.ok(open > folded * 1.5, `unfolded ${open}px, folded ${folded}px`);
    if (SHOTS) await d.screenshot({ path: `${SHOTS}/memos-desktop.png` });
    assert.equal(await d.locator(".memo-card").count(), 24);
    await d.getByRole("link", { name: "More memos" }).click();
    await d.locator(`#m-${old[0]}`).waitFor();
    assert.equal(await d.locator(".memo-card").count(), 31);
    assert.equal(d.url(), `${url}/memos`, "appended, not navigated");
    assert.equal(await d.getByRole("link", { name: "More memos" }).count(), 0);

    // A fresh page (not a same-document hash change): the memo is beyond its first page.
    const linked = await desk.context.newPage();
    const linkedErrors = collectErrors(linked);
    await linked.goto(`${url}/memos#m-${old[0]}`);
    await linked.locator(`#m-${old[0]}`).waitFor();
    assert.equal(await linked.locator(".memo-card").count(), 25);
    await waitFor(() =>
      linked.evaluate((id) => {
        const r = document.getElementById(`m-${id}`)!.getBoundingClientRect();
        return r.top >= 0 && r.top < innerHeight;
      }, old[0])
    );
    assert.deepEqual([...desk.errors, ...linkedErrors], []);
    await phone.context.close();
    await desk.context.close();
  } finally {
    await browser.close();
  }
});

/** A `listMemos` query. */
function q(extra: { pinned?: boolean; q?: string }) {
  return { sort: "updated" as const, limit: 50, ...extra };
}

/** Polls `check` until it holds (a write the page made reaches the database a moment later). */
async function waitFor(check: () => Promise<boolean>, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, 25));
  }
}
