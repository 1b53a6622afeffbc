/**
 * The shell in real Chromium: the page loads, the connection island hydrates and reacts to the
 * network, the session works, and a page without islands runs no script at all.
 */
import assert from "node:assert/strict";
import { collectErrors, launchBrowser, pickProfile } from "./helpers/browser.ts";
import { BUNDLE_ARGS, startServer } from "./helpers/server.ts";

const serverArgs = BUNDLE_ARGS;

Deno.test("browser - the home page loads and the connection island hydrates and reacts", async () => {
  await using server = await startServer({ args: serverArgs });
  const browser = await launchBrowser();
  try {
    const context = await browser.newContext();
    const page = await context.newPage();
    const errors = collectErrors(page);
    await pickProfile(page, server.url);
    assert.equal(await page.title(), "Hearth");
    assert.equal(await page.locator("h1").textContent(), "Welcome to Hearth");
    const light = page.locator(".conn");
    // Server-rendered as "connecting"; hydrated, it reaches the box and says so.
    await light.and(page.locator('[data-status="online"]')).waitFor({ timeout: 10_000 });
    assert.equal((await light.textContent())?.trim(), "Online");
    assert.equal(await light.count(), 1, "hydrated in place, not rendered twice");

    // The tab now holds a working session token.
    const status = await page.evaluate(async () => {
      const token = sessionStorage.getItem("hearth.session") ?? "";
      const res = await fetch("/api/no-such-thing", { headers: { "X-Hearth-Session": token } });
      return res.status;
    });
    assert.equal(status, 404, "a valid session reaches the router (404), not the 401 guard");

    await context.setOffline(true);
    await page.locator('.conn[data-status="offline"]').waitFor({ timeout: 5_000 });
    assert.equal((await light.textContent())?.trim(), "Offline");
    await context.setOffline(false);
    await page.locator('.conn[data-status="online"]').waitFor({ timeout: 10_000 });

    // With the box gone, the light says it is retrying, and recovers when the box is back.
    await page.route("**/api/session", (route) => route.abort("connectionrefused"));
    await light.click();
    await page.locator('.conn[data-status="reconnecting"]').waitFor({ timeout: 5_000 });
    await page.unroute("**/api/session");
    await light.click();
    await page.locator('.conn[data-status="online"]').waitFor({ timeout: 10_000 });

    const unexpected = errors.filter((e) =>
      !/ERR_CONNECTION_REFUSED|ERR_INTERNET_DISCONNECTED|Failed to load resource/.test(e)
    );
    assert.deepEqual(unexpected, []);
  } finally {
    await browser.close();
  }
});

Deno.test("browser - a page without islands has no script and loads no JavaScript", async () => {
  await using server = await startServer({ args: serverArgs });
  const browser = await launchBrowser();
  try {
    const page = await browser.newPage();
    const errors = collectErrors(page);
    const scripts: string[] = [];
    page.on("request", (req) => {
      if (req.resourceType() === "script") scripts.push(req.url());
    });
    await page.goto(`${server.url}/offline`);
    assert.equal(await page.locator("h1").textContent(), "Hearth is out of reach");
    assert.equal(await page.locator("script").count(), 0);
    assert.equal(scripts.length, 0, scripts.join(","));
    // The home page, by contrast, loads its island bundles.
    await pickProfile(page, server.url);
    await page.locator('.conn[data-status="online"]').waitFor({ timeout: 10_000 });
    assert.ok(scripts.some((u) => u.includes("/_hearth/js/")), scripts.join(","));
    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
  }
});
