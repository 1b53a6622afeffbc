/**
 * The admin's model manager and settings in real Chromium, on the Fake Ollama: pull a model and
 * watch the bar move (also in the tab title, again after a reload, and on through a dropped
 * connection), delete it after confirming, build a custom model and read its output, change
 * settings and see them saved.
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

/**
 * Hearth on a free port with the Fake Ollama slowed down so progress can be watched. The test
 * can hold its downloads between two progress lines (`ollama.hold()`), so a reload surely finds
 * the download still running however slow the machine is.
 */
async function startHearth(env: Record<string, string> = {}) {
  const home = await Deno.makeTempDir({ prefix: "hearth-models-" });
  const machine = await startFakeMachine({ ...DEMO_OPTIONS, delayMs: 150, pullSteps: 8 });
  const services = await createServices({
    env: { HEARTH_HOME: home, ...env },
    log: new Logger({ write: null }),
    fakeOllama: machine,
  });
  const ollama = machine.server;
  const admin = await createAdmin(services.db, { name: "Admin", password: PASSWORD });
  const app = createApp(services);
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, app.fetch);
  return {
    url: `http://127.0.0.1:${server.addr.port}`,
    adminId: admin.id,
    ollama,
    async [Symbol.asyncDispose]() {
      ollama.release();
      await server.shutdown();
      await closeServices(services);
      await Deno.remove(home, { recursive: true });
    },
  };
}

const percent = (page: Page) =>
  page.locator('.models-pull[data-model="gemma3:1b"] progress').evaluate((el) =>
    (el as HTMLProgressElement).value
  );

Deno.test("models browser - pull with live progress, reattach, delete with confirmation, build a model", async () => {
  await using hearth = await startHearth();
  const browser = await launchBrowser();
  try {
    const page = await browser.newPage({ viewport: { width: 390, height: 844 } });
    const errors = collectErrors(page);
    await signInAsAdmin(page, hearth.url, hearth.adminId);
    await page.goto(`${hearth.url}/admin/models`);
    assert.equal(await page.locator("h1").textContent(), "Models");
    const rows = page.locator(".models-table tbody tr");
    await rows.filter({ hasText: "llama3.2:latest" }).waitFor();
    assert.match(await rows.filter({ hasText: "llama3.2:latest" }).innerText(), /2\.0 GB/);
    assert.ok(
      await page.evaluate(() => document.documentElement.scrollWidth <= innerWidth),
      "no sideways scrolling on a phone",
    );

    // Pull: the bar and the tab title move while the download runs.
    await page.locator('input[name="model"]').fill("gemma3:1b");
    await page.getByRole("button", { name: "Download", exact: true }).click();
    const card = page.locator('.models-pull[data-model="gemma3:1b"]');
    await card.and(page.locator('[data-phase="running"]')).waitFor();
    await page.waitForFunction(() => /^\d+% · gemma3:1b — /.test(document.title));
    await page.waitForFunction(() => {
      const bar = document.querySelector<HTMLProgressElement>(".models-pull progress");
      return bar && bar.value > 0 && bar.value < 60;
    });
    const early = await percent(page);
    // Once half a second of the download was measured, the card shows the rate and time left.
    await card.filter({ hasText: /of .* · .*\/s · \d+:\d\d left/ }).waitFor();

    // A reload reattaches to the download that is still running on the server.
    hearth.ollama.hold();
    await page.reload();
    await card.waitFor();
    hearth.ollama.release();
    await page.waitForFunction((p) => {
      const bar = document.querySelector<HTMLProgressElement>(".models-pull progress");
      return bar && bar.value > p;
    }, early);

    // The connection drops: the page resumes the download's stream by itself, after the last
    // event it had, and the bar goes on to the end.
    const resumes: string[] = [];
    page.on("request", (r) => {
      if (/^\/api\/tasks\/[^/]+\/stream$/.test(new URL(r.url()).pathname)) {
        resumes.push(r.headers()["last-event-id"] ?? "");
      }
    });
    await page.context().setOffline(true);
    await page.waitForTimeout(500);
    await page.context().setOffline(false);
    await card.and(page.locator('[data-phase="done"]')).waitFor({ timeout: 20_000 });
    assert.match(await card.innerText(), /Downloaded and ready to use/);
    assert.ok(resumes.length >= 1, "it resumed");
    assert.ok(resumes.every((id) => Number(id) > 0), JSON.stringify(resumes));
    await rows.filter({ hasText: "gemma3:1b" }).waitFor();
    assert.equal(await page.title(), "Models · Hearth", "the title is restored");

    // Delete asks first; "Keep it" keeps it, "Delete" removes it.
    const gemma = rows.filter({ hasText: "gemma3:1b" });
    await gemma.getByRole("button", { name: "Delete" }).click();
    const dialog = page.locator("dialog.models-dialog");
    assert.equal(await dialog.locator("h2").textContent(), "Delete gemma3:1b?");
    await dialog.getByRole("button", { name: "Keep it" }).click();
    assert.equal(await dialog.isVisible(), false);
    assert.equal(await gemma.count(), 1);
    await gemma.getByRole("button", { name: "Delete" }).click();
    await dialog.getByRole("button", { name: "Delete" }).click();
    await gemma.waitFor({ state: "detached" });

    // A custom model: the build output streams in, the table shows its context size.
    await page.locator('input[name="name"]').fill("household");
    await page.locator('select[name="base"]').selectOption("llama3.2:latest");
    await page.locator('textarea[name="system"]').fill("You help our family.");
    await page.locator('input[name="numCtx"]').fill("4096");
    await page.getByRole("button", { name: "Build model" }).click();
    const log = page.locator(".models-log");
    await log.filter({ hasText: "using existing layer" }).waitFor();
    await page.getByText("household is built and ready.").waitFor({ timeout: 20_000 });
    assert.match(await log.innerText(), /writing manifest\nsuccess$/);
    const household = rows.filter({ hasText: "household:latest" });
    await household.waitFor();
    assert.match(await household.innerText(), /4,096 \(max 131,072\)/);

    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
  }
});

Deno.test("models browser - settings are saved, the API key stays hidden, errors sit at their field", async () => {
  await using hearth = await startHearth({ HEARTH_OPENAI_URL: "http://10.0.0.9:8080/v1" });
  const browser = await launchBrowser();
  try {
    const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
    const errors = collectErrors(page);
    await signInAsAdmin(page, hearth.url, hearth.adminId);
    await page.goto(`${hearth.url}/admin/settings`);
    assert.equal(await page.locator("h1").textContent(), "Settings");
    const key = page.locator('[data-field="apiKey"]');
    assert.match(await key.innerText(), /not set/);
    // A key the environment sets is shown, locked, with its variable; the address needs a restart.
    const baseUrl = page.locator('input[name="providers.openai.baseUrl"]');
    assert.equal(await baseUrl.inputValue(), "http://10.0.0.9:8080/v1");
    assert.equal(await baseUrl.isDisabled(), true);
    assert.match(await page.locator('[data-field="baseUrl"]').innerText(), /HEARTH_OPENAI_URL/);
    assert.match(
      await page.locator('[data-field="port"]').innerText(),
      /Takes effect after Hearth restarts/,
    );

    await page.locator('textarea[name="server.allowedHosts"]').fill("hearth.home\nbox.lan");
    await page.locator('input[name="providers.openai.apiKey"]').fill("sk-browser-secret");
    await page.locator('input[name="ollama.parallel"]').fill("2");
    await page.getByRole("button", { name: "Save" }).click();
    await page.getByText("Saved. The changes are in effect.").waitFor();
    assert.match(await key.innerText(), /\bset\b/);
    assert.equal(await page.locator('input[name="providers.openai.apiKey"]').inputValue(), "");

    await page.reload();
    assert.equal(
      await page.locator('textarea[name="server.allowedHosts"]').inputValue(),
      "hearth.home\nbox.lan",
    );
    assert.equal(await page.locator('input[name="ollama.parallel"]').inputValue(), "2");
    assert.equal(
      await page.locator('input[name="ollama.firstTokenTimeoutSeconds"]').inputValue(),
      "600",
    );
    assert.doesNotMatch(await page.content(), /sk-browser-secret/);
    assert.match(await key.innerText(), /\bset\b/);

    // A bad port: the API's message appears next to the port field, nothing else changes.
    await page.locator('input[name="server.port"]').fill("70000");
    await page.getByRole("button", { name: "Save" }).click();
    const portError = page.locator('[data-field="port"] .models-field-error');
    await portError.waitFor();
    assert.match(await portError.innerText(), /65535/);
    assert.equal(
      await page.locator('input[name="server.port"]').getAttribute("aria-invalid"),
      "true",
    );
    // Changing the field clears what the last save said about it.
    await page.locator('input[name="server.port"]').fill("8080");
    await portError.waitFor({ state: "detached" });
    const unexpected = errors.filter((e) => !/status of 422/.test(e));
    assert.deepEqual(unexpected, []);
  } finally {
    await browser.close();
  }
});
