/**
 * The installable app in real Chromium, against a real server on 127.0.0.1 (a secure context):
 * the service worker takes the page, a reload offline shows Hearth's offline page, the API is
 * never answered from a cache, the manifest has no installability errors, and a new build's
 * worker brings the reload prompt, which hands over to it and reloads.
 */
import assert from "node:assert/strict";
import type { Page } from "playwright-core";
import { assets } from "../lib/web/build/assets.ts";
import { collectErrors, launchPersistent } from "./helpers/browser.ts";
import { startChatServer } from "./helpers/chat_server.ts";

const SHOTS = Deno.env.get("HEARTH_SCREENSHOTS");

/** Resolves once a service worker controls the page; answers its cache names. */
function controlled(page: Page): Promise<string[]> {
  return page.evaluate(async () => {
    const sw = navigator.serviceWorker;
    await sw.ready;
    if (!sw.controller) {
      await new Promise((r) => sw.addEventListener("controllerchange", r, { once: true }));
    }
    return await caches.keys();
  });
}

Deno.test("pwa browser - worker, offline page, API never stale, installable, update prompt", async (t) => {
  // A "new build": the same worker under another version, as a rebuilt server would serve it.
  let nextBuild = false;
  // What the worker's navigation preload said on each request for /chat.
  const preloaded: (string | null)[] = [];
  const next = assets.static["/sw.js"].text!.replace(
    /const VERSION = "(\w+)";/,
    'const VERSION = "$1next";',
  );
  await using hearth = await startChatServer({
    wrap(req, serve) {
      if (new URL(req.url).pathname === "/chat") {
        preloaded.push(req.headers.get("service-worker-navigation-preload"));
      }
      if (!nextBuild || new URL(req.url).pathname !== "/sw.js") return serve();
      const etag = '"next"';
      const headers = { etag, "cache-control": "no-cache", "content-type": "text/javascript" };
      const fresh = req.headers.get("if-none-match") === etag;
      return Promise.resolve(
        new Response(fresh ? null : next, { status: fresh ? 304 : 200, headers }),
      );
    },
  });
  const { url } = hearth;
  // A profile on disk, as a phone's browser has: an incognito one cannot install apps.
  const dir = await Deno.makeTempDir({ prefix: "hearth-pwa-chromium-" });
  const context = await launchPersistent(dir, {
    viewport: { width: 390, height: 844 },
    hasTouch: true,
    isMobile: true,
  });
  try {
    const page = context.pages()[0] ?? await context.newPage();
    const errors = collectErrors(page);
    page.on("console", (m) => {
      if (m.type() === "warning") errors.push(m.text());
    });
    await page.goto(`${url}/chat`);
    await page.locator(".profile-tile", { hasText: "Ann" }).click();
    await page.waitForURL(`${url}/chat`);
    let version = "";
    // Chromium logs each load that fails offline; failing is the point of those steps.
    const dropOfflineErrors = () =>
      errors.splice(
        0,
        errors.length,
        ...errors.filter((e) => !/ERR_INTERNET_DISCONNECTED/.test(e)),
      );

    await t.step("the worker controls the page and has precached the shell", async () => {
      const keys = await controlled(page);
      assert.equal(keys.length, 1);
      assert.match(keys[0], /^hearth-\w+$/);
      version = keys[0];
      const cached = await page.evaluate(async (name) => {
        const cache = await caches.open(name);
        return (await cache.keys()).map((r) => new URL(r.url).pathname);
      }, version);
      assert.ok(cached.includes("/offline"));
      assert.ok(cached.includes("/styles.css"));
      assert.ok(cached.some((p) => p.startsWith("/_hearth/js/")));
      assert.ok(!cached.some((p) => p.startsWith("/api")), "no API answer is cached");
    });

    await t.step("the manifest has no installability errors", async () => {
      const cdp = await context.newCDPSession(page);
      const manifest = await cdp.send("Page.getAppManifest");
      assert.deepEqual(manifest.errors, []);
      const { installabilityErrors } = await cdp.send("Page.getInstallabilityErrors");
      assert.deepEqual(installabilityErrors, []);
      await cdp.detach();
    });

    await t.step("offline, an API call fails instead of being answered from a cache", async () => {
      const session = () =>
        page.evaluate(() =>
          fetch("/api/session").then((r) => `status ${r.status}`, () => "network error")
        );
      assert.equal(await session(), "status 200");
      await context.setOffline(true);
      assert.equal(await session(), "network error");
      dropOfflineErrors();
    });

    await t.step(
      "offline, a reload shows Hearth's offline page; Try again reloads once back",
      async () => {
        await page.reload();
        await page.locator(".offline h1", { hasText: "Hearth is out of reach" }).waitFor();
        dropOfflineErrors();
        assert.equal(page.url(), `${url}/chat`);
        // Its stylesheet and icon come from the cache too.
        const look = await page.locator(".offline-mark").evaluate((img: HTMLImageElement) => ({
          icon: img.complete && img.naturalWidth === 192,
          styled: getComputedStyle(img.closest(".panel")!).borderRadius !== "0px",
        }));
        assert.deepEqual(look, { icon: true, styled: true });
        if (SHOTS) await page.screenshot({ path: `${SHOTS}/pwa-offline-phone.png` });
        await context.setOffline(false);
        preloaded.length = 0;
        await page.locator(".offline .button").click();
        await page.locator(".composer-text").waitFor();
        assert.equal(page.url(), `${url}/chat`);
        // The page was fetched while the worker started (navigation preload).
        assert.deepEqual(preloaded, ["true"]);
      },
    );

    await t.step(
      "a new build's worker brings the reload prompt; Reload hands over and reloads",
      async () => {
        // A second tab on the old build.
        const other = await context.newPage();
        const otherErrors = collectErrors(other);
        await other.goto(`${url}/search`);
        await controlled(other);

        nextBuild = true;
        await page.reload();
        const prompt = page.locator(".app-update");
        await prompt.filter({ hasText: "A new version of Hearth is ready." }).waitFor();
        if (SHOTS) await page.screenshot({ path: `${SHOTS}/pwa-update-phone.png` });
        const reloaded = page.waitForEvent("load");
        await prompt.getByRole("button", { name: "Reload" }).click();
        await reloaded;
        await page.locator(".composer-text").waitFor();
        assert.equal(await prompt.count(), 0);
        // The new worker is in charge, and the old build's cache is gone.
        assert.deepEqual(await controlled(page), [`${version}next`]);

        // The other tab was offered the same; its Reload now just reloads.
        const otherPrompt = other.locator(".app-update");
        await otherPrompt.waitFor();
        const otherReloaded = other.waitForEvent("load");
        await otherPrompt.getByRole("button", { name: "Reload" }).click();
        await otherReloaded;
        assert.equal(await otherPrompt.count(), 0);
        assert.deepEqual(otherErrors, []);
      },
    );

    await t.step("after a language switch, the offline page speaks the new language", async () => {
      await page.locator(".lang button", { hasText: "DE" }).click();
      await page.locator(".composer-text[placeholder='Nachricht']").waitFor();
      // The worker refetches the offline page once the new language is stored.
      await page.waitForFunction(async () =>
        (await (await caches.match("/offline"))?.text())?.includes('lang="de"')
      );
      await context.setOffline(true);
      await page.reload();
      await page.locator(".offline h1", { hasText: "Hearth ist nicht erreichbar" }).waitFor();
      dropOfflineErrors();
      await context.setOffline(false);
    });

    assert.deepEqual(errors, []);
  } finally {
    await context.close();
    await Deno.remove(dir, { recursive: true });
  }
});
