/**
 * The admin's live log and health page in real Chromium, on the Fake Ollama: the log tail shows
 * the backlog and new lines (errors highlighted), filters, pauses with a count of waiting lines,
 * resumes, stops following when scrolled up; the health page shows the host and re-checks.
 */
import assert from "node:assert/strict";
import type { Page } from "playwright-core";
import { createAdmin } from "../lib/auth/mod.ts";
import { Logger } from "../lib/log/logger.ts";
import { DEMO_OPTIONS, startFakeMachine } from "../lib/ollama/fake_machine.ts";
import { createApp } from "../lib/server.ts";
import { closeServices, createServices } from "../lib/services.ts";
import { PASSWORD, signInAsAdmin } from "./helpers/admin.ts";
import { collectErrors, launchBrowser } from "./helpers/browser.ts";

const SHOTS = Deno.env.get("HEARTH_SHOTS"); // a folder for screenshots, when set

async function startHearth() {
  const home = await Deno.makeTempDir({ prefix: "hearth-health-" });
  const machine = await startFakeMachine({ ...DEMO_OPTIONS });
  const services = await createServices({
    env: { HEARTH_HOME: home },
    log: new Logger({ write: null }),
    fakeOllama: machine,
  });
  const admin = await createAdmin(services.db, { name: "Admin", password: PASSWORD });
  const app = createApp(services);
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, app.fetch);
  return {
    url: `http://127.0.0.1:${server.addr.port}`,
    adminId: admin.id,
    services,
    machine,
    async [Symbol.asyncDispose]() {
      services.logSockets.closeAll();
      await server.shutdown();
      await closeServices(services);
      await Deno.remove(home, { recursive: true });
    },
  };
}

const lines = (page: Page) => page.locator(".logtail-line");

Deno.test("log tail browser - backlog, live lines with errors highlighted, filter, pause with waiting count, resume, follow", async () => {
  await using hearth = await startHearth();
  const { log } = hearth.services;
  for (let i = 1; i <= 60; i++) log.info(`warm-up line ${i}`, { i });
  const browser = await launchBrowser();
  try {
    const page = await browser.newPage({ viewport: { width: 1200, height: 800 } });
    const errors = collectErrors(page);
    await signInAsAdmin(page, hearth.url, hearth.adminId);
    await page.goto(`${hearth.url}/admin/logs`);
    await page.locator(".logtail-status", { hasText: "Live" }).waitFor();
    await lines(page).filter({ hasText: "warm-up line 60" }).waitFor();

    log.error("disk is on fire", { path: "/api/x?session=abc123" });
    const fire = lines(page).filter({ hasText: "disk is on fire" });
    await fire.waitFor();
    assert.match((await fire.getAttribute("class"))!, /logtail-error/);
    assert.ok((await fire.textContent())!.includes("session=********"));
    // Follow: the newest line is in view.
    assert.ok(await fire.isVisible());
    const box = page.locator(".logtail-lines");
    assert.ok(
      await box.evaluate((el) => el.scrollTop + el.clientHeight >= el.scrollHeight - 8),
      "following keeps the bottom in view",
    );

    // Filter.
    await page.getByPlaceholder("Text to look for").fill("fire");
    await page.waitForFunction(() => document.querySelectorAll(".logtail-line").length === 1);
    await page.getByPlaceholder("Text to look for").fill("");
    await page.waitForFunction(() => document.querySelectorAll(".logtail-line").length > 60);

    // Pause: new lines wait, counted, and are not shown.
    await page.getByRole("button", { name: "Pause" }).click();
    for (let i = 1; i <= 3; i++) log.warn(`while paused ${i}`);
    await page.locator(".logtail-waiting", { hasText: "3 new lines waiting" }).waitFor();
    assert.equal(await lines(page).filter({ hasText: "while paused" }).count(), 0);
    if (SHOTS) await page.screenshot({ path: `${SHOTS}/logs-paused-desktop.png` });
    await page.getByRole("button", { name: "Resume" }).click();
    await lines(page).filter({ hasText: "while paused 3" }).waitFor();
    assert.equal(await lines(page).filter({ hasText: "while paused" }).count(), 3);
    assert.equal(await page.locator(".logtail-waiting").count(), 0);

    // A scroll event that is not a scroll up keeps follow on: one that arrives after lines were
    // added below (the bottom moved, the view did not) turned it off, and the view stopped.
    const follow = page.locator('input[name="follow"]');
    assert.equal(await follow.isChecked(), true);
    await box.evaluate((el) => {
      el.style.paddingBottom = "2000px";
      el.dispatchEvent(new Event("scroll"));
    });
    assert.equal(await follow.isChecked(), true, "a late scroll event keeps following");
    await box.evaluate((el) => el.style.paddingBottom = "");

    // Scrolling up turns follow off; a new line then does not pull the view down.
    assert.equal(await follow.isChecked(), true);
    await box.evaluate((el) => {
      el.scrollTop = 0;
      el.dispatchEvent(new Event("scroll"));
    });
    await page.waitForFunction(() =>
      !(document.querySelector('input[name="follow"]') as HTMLInputElement).checked
    );
    log.info("after scrolling up");
    await lines(page).filter({ hasText: "after scrolling up" }).waitFor({ state: "attached" });
    assert.equal(await box.evaluate((el) => el.scrollTop), 0);
    // Turning follow on again jumps to the newest line.
    await follow.click();
    await page.waitForFunction(() => {
      const el = document.querySelector(".logtail-lines")!;
      return el.scrollTop + el.clientHeight >= el.scrollHeight - 8;
    });

    if (SHOTS) {
      await page.screenshot({ path: `${SHOTS}/logs-desktop.png` });
      await page.setViewportSize({ width: 390, height: 844 });
      await page.screenshot({ path: `${SHOTS}/logs-phone.png` });
    }
    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
  }
});

Deno.test("health browser - the page shows the host, its loaded model, and checks again by itself", async () => {
  await using hearth = await startHearth();
  const chat = await fetch(`${hearth.machine.server.url}/api/chat`, {
    method: "POST",
    body: JSON.stringify({ model: "llama3.2", messages: [{ role: "user", content: "hi" }] }),
  });
  await chat.text();
  hearth.services.log.error("the model server hiccuped", { code: "upstream_unreachable" });
  const browser = await launchBrowser();
  try {
    const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
    const errors = collectErrors(page);
    await signInAsAdmin(page, hearth.url, hearth.adminId);
    await page.goto(`${hearth.url}/admin`);
    await page.getByRole("link", { name: /Health/ }).click();
    await page.waitForURL(/\/admin\/health$/);
    assert.equal(await page.locator("h1").textContent(), "Health");
    const host = page.locator(".health-host");
    assert.equal(await host.getAttribute("data-reachable"), "true");
    await page.locator(".health-table td", { hasText: "llama3.2:latest" }).waitFor();
    await page.locator(".health-errors li", { hasText: "the model server hiccuped" }).waitFor();
    // The island fetched the report again: the checked time moves on.
    const first = await page.locator(".health").getAttribute("data-checked");
    await page.waitForFunction(
      (before) => document.querySelector(".health")?.getAttribute("data-checked") !== before,
      first,
      { timeout: 15_000 },
    );
    if (SHOTS) {
      await page.screenshot({ path: `${SHOTS}/health-desktop.png`, fullPage: true });
      await page.setViewportSize({ width: 390, height: 844 });
      await page.screenshot({ path: `${SHOTS}/health-phone.png`, fullPage: true });
    }
    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
  }
});
