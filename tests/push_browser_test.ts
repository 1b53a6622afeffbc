/**
 * Web Push in real Chromium: the notifications page on a phone, and the app's worker (`/sw.js`,
 * which imports `static/sw-push.js`) showing a pushed message (delivered through the DevTools protocol, as a
 * push service would deliver it; headless Chromium has no push service to subscribe with).
 */
import assert from "node:assert/strict";
import { launchBrowser } from "./helpers/browser.ts";
import { openChat, startChatServer } from "./helpers/chat_server.ts";
import { PUSH_KINDS } from "../lib/push/types.ts";

const SHOTS = Deno.env.get("HEARTH_SCREENSHOTS");

Deno.test("push browser - the notifications page offers push and shows a pushed reply", async () => {
  // What the chat page reports of its visibility.
  const reports: boolean[] = [];
  let reported = () => {};
  await using hearth = await startChatServer({
    wrap: async (req, next) => {
      if (new URL(req.url).pathname === "/api/push/visibility") {
        reports.push((await req.clone().json()).hidden);
        reported();
      }
      return next();
    },
  });
  const nextReport = () => new Promise<void>((resolve) => reported = resolve);
  const { url } = hearth;
  const browser = await launchBrowser();
  try {
    const { context, page, errors } = await openChat(browser, url, { phone: true });
    // Without notification permission the chat reports nothing; with it, shown then hidden.
    assert.deepEqual(reports, []);
    await context.grantPermissions(["notifications"], { origin: url });
    let report = nextReport();
    await page.goto(`${url}/chat`);
    await report;
    assert.deepEqual(reports, [false]);
    report = nextReport();
    await page.goto(`${url}/me/notifications`);
    await report;
    assert.deepEqual(reports, [false, true], `leaving the chat reports it hidden: ${reports}`);
    await page.locator("h1", { hasText: "Notifications" }).waitFor();
    await page.getByText("Google, Apple or Mozilla").waitFor();
    const enable = page.getByRole("button", { name: "Turn on notifications on this device" });
    await enable.waitFor();
    assert.ok(await enable.isEnabled());
    assert.ok(await page.getByRole("checkbox", { name: /a reply is ready/ }).isChecked());
    // The page fits the phone: nothing scrolls sideways.
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= 390, `page is ${width}px wide`);
    if (SHOTS) await page.screenshot({ path: `${SHOTS}/push-phone.png`, fullPage: true });

    // Turning a kind off is kept.
    await page.getByRole("checkbox", { name: /a reply is ready/ }).click();
    await page.waitForFunction(() =>
      !(document.querySelector(".push-kind input") as HTMLInputElement).disabled
    );
    assert.deepEqual(
      await hearth.services.push.preferences(hearth.members.Ann),
      { ...PUSH_KINDS, reply: false },
    );

    // The app's own worker (registered by every page) carries the push handlers.
    assert.equal(
      await page.evaluate(async () => (await navigator.serviceWorker.ready).active?.scriptURL),
      `${url}/sw.js`,
    );
    const cdp = await context.newCDPSession(page);
    const registered = new Promise<string>((resolve) =>
      cdp.on("ServiceWorker.workerRegistrationUpdated", ({ registrations }) => {
        const mine = registrations.find((r) => r.scopeURL === `${url}/` && !r.isDeleted);
        if (mine) resolve(mine.registrationId);
      })
    );
    await cdp.send("ServiceWorker.enable");
    const payload = {
      kind: "reply",
      title: "Picnic plans",
      body: "Your answer is ready.",
      url: "/chat/abc",
      tag: "chat:abc",
    };
    await cdp.send("ServiceWorker.deliverPushMessage", {
      origin: url,
      registrationId: await registered,
      data: JSON.stringify(payload),
    });
    // A page has no event for a notification shown by its worker: it asks until there is one
    // (for up to 20 s: with 4 test files per core the worker took past 5 s to start).
    const shown = await page.evaluate(async () => {
      const reg = await navigator.serviceWorker.ready;
      for (const end = performance.now() + 20_000; performance.now() < end;) {
        const [n] = await reg.getNotifications();
        if (n) return { title: n.title, body: n.body, tag: n.tag, data: n.data };
        await new Promise((r) => setTimeout(r, 25));
      }
      return null;
    });
    assert.deepEqual(shown, {
      title: "Picnic plans",
      body: "Your answer is ready.",
      tag: "chat:abc",
      data: { url: "/chat/abc" },
    });
    assert.deepEqual(errors, []);

    // On plain http to a LAN address (no secure context) the page says why and where https is.
    const insecure = await context.newPage();
    await insecure.addInitScript(() =>
      Object.defineProperty(globalThis, "isSecureContext", { value: false })
    );
    await insecure.goto(`${url}/me/notifications`);
    await insecure.getByText("Notifications need a secure connection").waitFor();
    assert.equal(
      await insecure.getByRole("link", { name: "How this box serves https" }).getAttribute("href"),
      "/trust",
    );
    await insecure.close();

    // The desktop layout, for the record.
    await page.setViewportSize({ width: 1280, height: 800 });
    if (SHOTS) await page.screenshot({ path: `${SHOTS}/push-desktop.png`, fullPage: true });
  } finally {
    await browser.close();
  }
});
