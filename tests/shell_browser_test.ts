/**
 * The shell in real Chromium, on a phone (390×844, touch) and a desktop (1280×800): the header
 * names the profile and its menu switches profile or signs the device out; on a phone the
 * section nav is a bottom bar that never covers the chat's composer, every touch target is at
 * least 44 px, nothing scrolls sideways and no QR code asks the phone to scan itself; every page
 * has its own title, and a streaming chat marks its tab.
 */
import assert from "node:assert/strict";
import type { Browser, Page } from "playwright-core";
import { pickedDevice } from "../lib/auth/testing.ts";
import { createConversation } from "../lib/chat/store.ts";
import { createMemo } from "../lib/memos/store.ts";
import { createTodo } from "../lib/todos/store.ts";
import { PASSWORD } from "./helpers/admin.ts";
import { launchBrowser } from "./helpers/browser.ts";
import { type ChatServer, openChat, startChatServer } from "./helpers/chat_server.ts";

const PHONE_NO_JS = {
  viewport: { width: 390, height: 844 },
  hasTouch: true,
  isMobile: true,
  javaScriptEnabled: false,
};

/**
 * The visible interactive elements smaller than 44 × 44 px, described. Links inside running text
 * are exempt (as WCAG 2.5.8 allows), and so are inputs hidden behind their label.
 */
function smallTargets(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const selector = "a[href], button, summary, select, input:not([type=hidden]), textarea, " +
      "[role=button], label:has(> input.sr-only)";
    return [...document.querySelectorAll<HTMLElement>(selector)].flatMap((field) => {
      // A checkbox or radio button is hit through its label.
      const tick = field.matches("input[type=checkbox], input[type=radio]");
      const el = (tick && field.closest("label")) || field;
      const r = el.getBoundingClientRect();
      const style = getComputedStyle(el);
      // A closed <details>' content still has a box; checkVisibility knows it is not shown.
      if (r.width <= 1 || r.height <= 1 || !el.checkVisibility({ visibilityProperty: true })) {
        return [];
      }
      if (el.closest("[inert], [aria-hidden=true]")) return [];
      if (el.tagName === "A" && style.display === "inline" && el.closest("p, li")) return [];
      if (r.width >= 44 && r.height >= 44) return [];
      const name = (el.getAttribute("aria-label") ?? el.textContent ?? "").trim().slice(0, 24);
      return [`${el.tagName.toLowerCase()}.${el.className} "${name}" ${r.width}×${r.height}`];
    });
  });
}

/**
 * Whether the page is wider than the screen. Against the viewport we asked for, not `innerWidth`:
 * on a phone `innerWidth` grows with a page laid out wider.
 */
async function scrollsSideways(page: Page): Promise<boolean> {
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  return width > page.viewportSize()!.width;
}

async function open(browser: Browser, server: ChatServer, phone: boolean, profile = "Ann") {
  const { context, page, errors } = await openChat(browser, server.url, { phone, profile });
  return { context, page, errors };
}

Deno.test("shell browser - phone and desktop: header, profile menu, bottom bar, touch targets, titles", async (t) => {
  await using server = await startChatServer();
  const annId = server.members.Ann;
  await createConversation(server.services.db.kysely, annId, { title: "Earlier chat" });
  const todo = await createTodo(server.services.db.kysely, annId, {
    title: "Water plants",
    due: "2030-01-07T19:00",
    tags: ["home"],
    priority: "high",
  });
  await createTodo(server.services.db.kysely, annId, { title: "Fern", parentId: todo.id });
  await createMemo(server.services.db.kysely, annId, {
    title: "Wifi",
    body: "Password: `hunter2`\n\n" + "A long memo line\n".repeat(20),
    tags: ["home", "x"],
    pinned: true,
  });
  const browser = await launchBrowser();
  try {
    await t.step(
      "phone: the bottom bar, no QR prompt, no sideways scroll, 44 px targets",
      async () => {
        const { context, page, errors } = await open(browser, server, true);
        // The chat: the bar is at the bottom of the screen, the composer right above it.
        const nav = await page.locator("nav.nav").boundingBox();
        const composer = await page.locator(".composer").boundingBox();
        assert.ok(nav && Math.abs(nav.y + nav.height - 844) <= 1, `bar at the bottom ${nav?.y}`);
        assert.ok(composer && composer.y + composer.height <= nav.y + 1, "composer above the bar");
        assert.equal(await page.title(), "Chat · Hearth");
        assert.deepEqual(await smallTargets(page), [], "chat");
        assert.equal(await scrollsSideways(page), false);
        await page.locator(".chat-drawer").tap();
        await page.locator(".chat-conv", { hasText: "Earlier chat" }).waitFor({ state: "visible" });
        await page.waitForFunction(() =>
          document.querySelector(".chat-side")!.getBoundingClientRect().left >= 0
        );
        assert.deepEqual(await smallTargets(page), [], "chat with its list open");
        await page.locator(".chat-backdrop").tap({ position: { x: 370, y: 400 } });
        // A conversation with a reply and its actions.
        await page.locator(".composer-text").fill("Hello there");
        await page.locator(".composer-send").tap();
        await page.locator(".msg-assistant .msg-actions").waitFor({ timeout: 30_000 });
        await page.locator(".msg-streaming").waitFor({ state: "detached", timeout: 30_000 });
        assert.deepEqual(await smallTargets(page), [], "chat with a reply");
        assert.equal(await scrollsSideways(page), false);

        // Home: the profile in the header, no QR code, the bar at the bottom.
        await page.goto(`${server.url}/`);
        assert.equal(await page.title(), "Hearth");
        assert.equal(await page.locator(".profile-label").textContent(), "Ann");
        assert.equal(await page.locator(".qr").isVisible(), false, "no QR code on a phone");
        assert.equal(await page.getByText(/scan the code/i).isVisible(), false, "no scan prompt");
        const bar = await page.locator("nav.nav").boundingBox();
        assert.ok(bar && Math.abs(bar.y + bar.height - 844) <= 1, "home: bar at the bottom");
        assert.equal(await page.locator('a.nav-link[aria-current="page"]').textContent(), " Home");
        assert.deepEqual(await smallTargets(page), [], "home");
        await page.locator(".profile-button").tap();
        await page.locator(".profile-pop").waitFor({ state: "visible" });
        const pop = await page.locator(".profile-pop").boundingBox();
        assert.ok(pop && pop.x >= 0 && pop.x + pop.width <= 390, "the menu fits the screen");
        assert.deepEqual(await smallTargets(page), [], "home with the profile menu open");
        assert.equal(await scrollsSideways(page), false);

        for (
          const path of ["/search?q=chat", "/profiles", "/todos", "/memos", "/today", "/lists"]
        ) {
          await page.goto(server.url + path);
          assert.deepEqual(await smallTargets(page), [], path);
          assert.equal(await scrollsSideways(page), false, path);
        }

        // More sections than the bar holds: the first stay in it, the rest are under "More".
        const navBar = page.locator("nav.nav");
        assert.ok(await navBar.evaluate((n) => n.scrollWidth <= n.clientWidth), "the bar fits");
        const inBar = await page.locator("nav.nav > a.nav-link:visible").allTextContents();
        assert.deepEqual(inBar.map((s) => s.trim()), ["Chat", "Today", "Todos", "Calendar"]);
        await page.locator(".nav-more-toggle").tap();
        const memos = page.locator(".nav-more-link", { hasText: "Memos" });
        await memos.waitFor({ state: "visible" });
        const menu = await page.locator(".nav-more-menu").boundingBox();
        assert.ok(menu && menu.x >= 0 && menu.x + menu.width <= 390, "the menu fits the screen");
        assert.ok(menu.y + menu.height <= (await navBar.boundingBox())!.y, "the menu opens upward");
        assert.deepEqual(await smallTargets(page), [], "the More menu open");
        await memos.tap();
        await page.waitForURL(/\/memos$/);
        // The page it leads to marks "More" as where you are.
        await page.locator(".nav-more-toggle.current").waitFor({ state: "visible" });

        // German words are longer: a row that cannot shrink must not widen the page.
        await page.locator(".lang button", { hasText: "DE" }).first().tap();
        await page.waitForFunction(() => document.documentElement.lang === "de");
        for (
          const path of ["/today", "/todos", "/calendar", "/memos", "/lists", "/notifications"]
        ) {
          await page.goto(server.url + path);
          assert.equal(await scrollsSideways(page), false, `${path} in German`);
        }
        assert.deepEqual(errors, []);
        await context.close();
      },
    );

    await t.step(
      "phone: Switch profile goes to the picker and back; sign out ends the device",
      async () => {
        const { context, page, errors } = await open(browser, server, true);
        await page.goto(`${server.url}/search?q=x`);
        await page.locator(".profile-button").tap();
        await page.getByRole("link", { name: "Switch profile" }).tap();
        await page.waitForURL(`${server.url}/profiles?next=%2Fsearch%3Fq%3Dx`);
        await page.locator(".profile-tile", { hasText: "Admin" }).tap();
        await page.waitForURL(`${server.url}/search?q=x`);
        assert.equal(await page.locator(".profile-label").textContent(), "Admin");
        assert.equal(await page.title(), "Search · Hearth");

        // The admin's pages, once logged in, are as easy to hit.
        await page.goto(`${server.url}/admin/login?next=%2Fadmin`);
        await page.getByLabel("Admin password").fill(PASSWORD);
        await page.getByLabel("Admin password").press("Enter");
        await page.waitForURL(`${server.url}/admin`);
        for (
          const path of [
            "/admin",
            "/admin/settings",
            "/admin/models",
            "/admin/profiles",
            "/admin/devices",
          ]
        ) {
          await page.goto(server.url + path);
          assert.deepEqual(await smallTargets(page), [], path);
          assert.equal(await scrollsSideways(page), false, path);
        }
        // A long page scrolled: the bar stays at the bottom of the screen.
        await page.goto(`${server.url}/admin/settings`);
        await page.evaluate(() => scrollTo(0, 600));
        await page.waitForFunction(() => scrollY > 0);
        const bar = await page.locator("nav.nav").boundingBox();
        assert.ok(bar && Math.abs(bar.y + bar.height - 844) <= 1, `bar at the bottom ${bar?.y}`);

        await page.locator(".profile-button").tap();
        await page.getByRole("button", { name: "Sign out of this device" }).tap();
        await page.waitForURL(`${server.url}/profiles`);
        await page.goto(`${server.url}/chat`);
        await page.waitForURL(`${server.url}/profiles?next=%2Fchat`);
        assert.deepEqual(errors, []);
        await context.close();
      },
    );

    await t.step(
      "desktop: the nav on top, the QR code, the menu; a streaming chat marks its tab",
      async () => {
        const { context, page, errors } = await open(browser, server, false);
        const nav = await page.locator("nav.nav").boundingBox();
        assert.ok(nav && nav.y < 200, "the nav stays under the header");
        await page.locator(".composer-text").fill("Hello there");
        server.ollama.hold();
        await page.locator(".composer-text").press("Enter");
        // The first message titles the chat at once (the model may rename it later).
        await page.waitForFunction(() => document.title === "● Hello there · Hearth");
        server.ollama.release();
        await page.locator(".msg-streaming").waitFor({ state: "detached", timeout: 30_000 });
        await page.waitForFunction(() => !document.title.startsWith("●"));
        assert.match(await page.title(), / · Hearth$/);

        await page.goto(`${server.url}/`);
        assert.equal(await page.locator(".qr").isVisible(), true, "the QR code is for desktops");
        await page.locator(".profile-button").click();
        await page.getByRole("link", { name: "Switch profile" }).waitFor({ state: "visible" });
        assert.equal(await scrollsSideways(page), false);
        assert.deepEqual(errors, []);
        await context.close();
      },
    );

    await t.step("without JavaScript the menu still signs the device out", async () => {
      const device = await pickedDevice(server.url);
      const context = await browser.newContext({ ...PHONE_NO_JS });
      await context.addCookies([{ name: device.name, value: device.value, url: server.url }]);
      const page = await context.newPage();
      await page.goto(`${server.url}/chat`);
      await page.locator(".profile-button").tap();
      await page.getByRole("button", { name: "Sign out of this device" }).tap();
      await page.waitForURL(`${server.url}/profiles`);
      const me = await fetch(`${server.url}/`, {
        headers: { cookie: device.cookie },
        redirect: "manual",
      });
      await me.body?.cancel();
      assert.equal(me.status, 303, "the device's cookie is revoked on the server");
      await context.close();
    });
  } finally {
    await browser.close();
  }
});
