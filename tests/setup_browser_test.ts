/**
 * The setup wizard in real Chromium on a phone-sized screen, in demo mode (a real server on the
 * Fake Ollama): every step, a screenshot of each, a download whose bar visibly moves and that a
 * reload reattaches to, and the app answering afterwards without a restart; once in English
 * (installing Ollama, downloading a model) and once in German (starting Ollama, using a model
 * it already has).
 */
import assert from "node:assert/strict";
import type { Page } from "playwright-core";
import { collectErrors, launchBrowser } from "./helpers/browser.ts";
import { BUNDLE_ARGS, startServer } from "./helpers/server.ts";

const args = BUNDLE_ARGS;
const PASSWORD = "correct horse battery";

/** Saves a full-page screenshot of the current step and checks the file is there. */
function shooter(page: Page, dir: string) {
  return async (name: string) => {
    const path = `${dir}/${name}.png`;
    await page.screenshot({ path, fullPage: true });
    const info = await Deno.stat(path);
    assert.ok(info.isFile && info.size > 1000, `${path} is empty`);
  };
}

/** Clicks the step's main button (the filled one on the right). */
function main(page: Page, step: string) {
  return page.locator(`[data-step="${step}"] .setup-actions-main .button:not(.setup-quiet)`);
}

const percentOf = (page: Page) =>
  page.locator(".setup-progress progress").evaluate((el) => (el as HTMLProgressElement).value)
    .catch(() => null);

Deno.test("setup browser - the wizard in English: install Ollama, download with progress, finish", async () => {
  await using server = await startServer({
    args,
    setup: true,
    env: {
      HEARTH_FAKE_OLLAMA: "1",
      HEARTH_FAKE_OLLAMA_STATE: "missing",
      HEARTH_FAKE_OLLAMA_DELAY_MS: "250",
    },
  });
  const dir = await Deno.makeTempDir({ prefix: "hearth-setup-shots-" });
  const browser = await launchBrowser();
  try {
    const context = await browser.newContext({
      viewport: { width: 390, height: 844 },
      locale: "en-US",
    });
    const page = await context.newPage();
    const errors = collectErrors(page);
    const shot = shooter(page, dir);

    // Any page sends a new box to the wizard.
    await page.goto(`${server.url}/`);
    assert.equal(new URL(page.url()).pathname, "/setup");
    await page.locator('[data-step="language"]').waitFor();
    assert.equal(await page.locator("h1").textContent(), "Welcome to Hearth");
    assert.ok(await page.locator('input[value="en"]').isChecked(), "the browser's language");
    await shot("1-language");
    await main(page, "language").click();

    await page.locator('[data-step="system"] .setup-facts').waitFor();
    const facts = await page.locator(".setup-facts").textContent();
    assert.match(facts ?? "", /16 GiB in total/);
    assert.match(facts ?? "", /No GPU that Ollama can use/);
    const summary = await page.locator(".setup-summary").textContent() ?? "";
    assert.match(summary, /Suggested: \S+/);
    // Models that fit only tightly are not counted as fitting.
    assert.match(summary, /^How the 14 models fit this box: \d+ well, \d+ tight\./);
    await shot("2-system");
    await main(page, "system").click();

    await page.locator('[data-step="ollama"][data-state="missing"]').waitFor();
    await shot("3-ollama");
    await main(page, "ollama").click();
    await page.locator(".setup-log").waitFor();
    await page.locator('[data-step="ollama"][data-state="running"]').waitFor({ timeout: 15_000 });
    assert.match(await page.locator(".setup-log").textContent() ?? "", /Install complete/);
    await shot("3b-ollama-installed");
    await main(page, "ollama").click();

    // The suggested model is preselected; its download moves, in the bar and the tab title.
    await page.locator('[data-step="model"] .setup-models').waitFor();
    const picked = await page.locator(".setup-model:has(input:checked)").getAttribute("data-model");
    assert.ok(picked);
    assert.equal(
      await page.locator(`.setup-model[data-model="${picked}"] .setup-badge-accent`).count(),
      1,
    );
    await shot("4-model");
    await main(page, "model").click();
    await page.locator(".setup-progress").waitFor();
    const readings: number[] = [];
    for (let i = 0; i < 60 && new Set(readings.filter((p) => p > 0)).size < 2; i++) {
      const value = await percentOf(page);
      if (value !== null && value !== readings.at(-1)) readings.push(value);
      await page.waitForTimeout(50);
    }
    const rising = readings.filter((p) => p > 0);
    assert.ok(rising.length >= 2 && rising[1] > rising[0], `readings: ${readings}`);
    assert.match(await page.title(), /^\d+% · Hearth setup$/);
    assert.match(await page.locator(".setup-progress-text").textContent() ?? "", /% · .+ of .+/);
    await shot("4b-model-downloading");

    // A reload in the middle of the download reattaches to it and sees it through.
    await page.reload();
    await page.locator('.setup-wizard[data-current="model"] .setup-pull .setup-progress').waitFor();
    await page.locator('.setup-pull[data-phase="done"]').waitFor({ timeout: 20_000 });
    assert.equal(await page.title(), "Hearth setup");
    await shot("4c-model-ready");
    await main(page, "model").click();

    await page.locator('[data-step="admin"]').waitFor();
    await page.fill("#setup-password", PASSWORD);
    await page.fill("#setup-confirm", "something else");
    await main(page, "admin").click();
    assert.equal(await page.locator(".setup-error").textContent(), "The passwords do not match.");
    await page.fill("#setup-confirm", PASSWORD);
    await page.fill("#setup-pin", "2468");
    await shot("5-admin");
    await main(page, "admin").click();

    await page.locator('[data-step="done"]').waitFor();
    assert.match(await page.locator(".setup-done").textContent() ?? "", new RegExp(picked!));
    await shot("6-done");
    await page.locator('[data-step="done"] a.button').click();
    await page.waitForURL(`${server.url}/`);
    assert.equal(await page.locator("h1").textContent(), "Welcome to Hearth");
    await shot("7-app");
    // The wizard is gone for good, without a restart.
    await page.goto(`${server.url}/setup`);
    assert.equal(new URL(page.url()).pathname, "/");
    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("setup browser - the wizard in German: start Ollama, use a model it has, finish", async () => {
  await using server = await startServer({
    args,
    setup: true,
    env: { HEARTH_FAKE_OLLAMA: "1", HEARTH_FAKE_OLLAMA_STATE: "stopped" },
  });
  const dir = await Deno.makeTempDir({ prefix: "hearth-setup-shots-" });
  const browser = await launchBrowser();
  try {
    const context = await browser.newContext({
      viewport: { width: 390, height: 844 },
      locale: "en-US",
    });
    const page = await context.newPage();
    const errors = collectErrors(page);
    const shot = shooter(page, dir);
    await page.goto(`${server.url}/setup`);
    await page.locator('[data-step="language"]').waitFor();
    await page.locator('label:has(input[value="de"])').click();
    await main(page, "language").click();

    // The wizard switches language in place, the page's language with it.
    await page.locator('[data-step="system"] .setup-facts').waitFor();
    assert.equal(await page.locator("h1").textContent(), "Was diese Box kann");
    assert.equal(await page.evaluate(() => document.documentElement.lang), "de");
    assert.equal(await page.title(), "Hearth-Einrichtung");
    await shot("2-system");
    await main(page, "system").click();

    await page.locator('[data-step="ollama"][data-state="stopped"]').waitFor();
    assert.match(await page.locator(".setup-state").textContent() ?? "", /läuft aber nicht/);
    await shot("3-ollama");
    await main(page, "ollama").click();
    await page.locator('[data-step="ollama"][data-state="running"]').waitFor();
    await shot("3b-ollama-running");
    await main(page, "ollama").click();

    await page.locator('[data-step="model"] .setup-models').waitFor();
    await page.locator('.setup-model[data-model="qwen2.5:0.5b"]').click();
    assert.equal(await main(page, "model").textContent(), "qwen2.5:0.5b verwenden");
    await shot("4-model");
    await main(page, "model").click();
    await page.locator(".setup-ok").waitFor();
    assert.equal(await page.locator(".setup-ok").textContent(), "qwen2.5:0.5b ist bereit.");
    await main(page, "model").click();

    await page.locator('[data-step="admin"]').waitFor();
    await page.fill("#setup-name", "Oma");
    await page.fill("#setup-password", PASSWORD);
    await page.fill("#setup-confirm", PASSWORD);
    await shot("5-admin");
    await main(page, "admin").click();
    await page.locator('[data-step="done"]').waitFor();
    assert.equal(await page.locator("h1").textContent(), "Hearth ist bereit");
    await shot("6-done");
    await page.locator('[data-step="done"] a.button').click();
    await page.waitForURL(`${server.url}/`);
    assert.equal(await page.locator("h1").textContent(), "Willkommen bei Hearth");
    await shot("7-app");
    const config = JSON.parse(await Deno.readTextFile(`${server.home}/config.json`));
    assert.deepEqual([config.locale, config.models.chat], ["de", "qwen2.5:0.5b"]);
    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
    await Deno.remove(dir, { recursive: true });
  }
});
