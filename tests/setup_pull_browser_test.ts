/**
 * The setup wizard's model download in real Chromium on a phone-sized screen, in demo mode with
 * slow downloads: the download keeps its progress and its Cancel on every step, through the
 * wizard's Back, the browser's Back and Forward and a reload; and a tab that did not know about
 * it, asking for another model, is shown the running download with a way to cancel it instead
 * of a dead end.
 */
import assert from "node:assert/strict";
import type { Browser, Page } from "playwright-core";
import { collectErrors, launchBrowser } from "./helpers/browser.ts";
import { BUNDLE_ARGS, startServer } from "./helpers/server.ts";

const args = BUNDLE_ARGS;

/** The step's main button (the filled one on the right). */
const main = (page: Page, step: string) =>
  page.locator(`[data-step="${step}"] .setup-actions-main .button:not(.setup-quiet)`);

/** Walks a fresh tab from the language step to the model step. */
async function toModelStep(page: Page, url: string) {
  await page.goto(`${url}/setup`);
  await main(page, "language").click();
  await page.locator('[data-step="system"] .setup-facts').waitFor();
  await main(page, "system").click();
  await page.locator('[data-step="ollama"][data-state="running"]').waitFor();
  await main(page, "ollama").click();
  await page.locator('[data-step="model"] .setup-models').waitFor();
}

/** Waits until the wizard shows `step` with the download of `model` running, bar and Cancel. */
async function stripOn(page: Page, step: string, model: string) {
  await page.locator(`.setup-wizard[data-current="${step}"]`).waitFor();
  const strip = page.locator(`.setup-pull[data-phase="running"][data-model="${model}"]`);
  await strip.locator(".setup-progress progress").waitFor();
  await strip.locator(".setup-pull-cancel:enabled").waitFor();
  assert.match(await page.title(), /^\d+% · Hearth setup$/);
  return strip;
}

Deno.test("setup browser - downloads and Ollama hosts", async (t) => {
  const browser = await launchBrowser();
  try {
    await t.step(
      "the download keeps its progress and Cancel on every step, and a second download is never a dead end",
      async () => {
        await downloads(browser);
      },
    );
    await t.step(
      'an Ollama on another machine is said as such: no install, no "not on this box"',
      async () => {
        await remoteOllama(browser);
      },
    );
  } finally {
    await browser.close();
  }
});

async function downloads(browser: Browser) {
  await using server = await startServer({
    args,
    setup: true,
    env: { HEARTH_FAKE_OLLAMA: "1", HEARTH_FAKE_OLLAMA_DELAY_MS: "700" },
  });
  const context = await browser.newContext({
    viewport: { width: 390, height: 844 },
    locale: "en-US",
  });
  const page = await context.newPage();
  const other = await context.newPage();
  const errors = collectErrors(page);
  const otherErrors = collectErrors(other);
  // Both tabs reach the model step before any download runs.
  await toModelStep(page, server.url);
  await toModelStep(other, server.url);

  const suggested = await page.locator(".setup-model:has(input:checked)")
    .getAttribute("data-model");
  assert.ok(suggested);
  await main(page, "model").click();
  await stripOn(page, "model", suggested);

  // The wizard's Back, twice: the download stays, with its bar and Cancel.
  await page.locator('[data-step="model"] .setup-actions > .setup-quiet').click();
  await stripOn(page, "ollama", suggested);
  await page.locator('[data-step="ollama"] .setup-actions > .setup-quiet').click();
  await stripOn(page, "system", suggested);

  // The browser's Back and Forward move between steps, not away from the wizard.
  await page.goBack();
  await stripOn(page, "ollama", suggested);
  await page.goForward();
  await stripOn(page, "system", suggested);
  // Forward and a reload at once, before the step's render and its effects ran: the reload
  // still comes back to the step Forward went to.
  await page.goBack();
  await stripOn(page, "ollama", suggested);
  await Promise.all([
    page.waitForEvent("load"),
    page.evaluate(() => {
      addEventListener("popstate", () => location.reload(), { once: true });
      history.forward();
    }),
  ]);
  await stripOn(page, "system", suggested);

  // A reload keeps the step and picks the download up again; its bar moves on.
  await page.reload();
  const strip = await stripOn(page, "system", suggested);
  await page.waitForFunction(() => {
    const bar = document.querySelector<HTMLProgressElement>(".setup-pull progress");
    return (bar?.value ?? 0) > 0;
  });
  assert.equal(new URL(page.url()).pathname, "/setup");

  // The other tab did not know about it and asks for another model: it is shown the
  // running download, why, and its Cancel.
  await other.locator('.setup-model[data-model="llama3.2:1b"]').click();
  await main(other, "model").click();
  const shown = await stripOn(other, "model", suggested);
  assert.equal(
    await shown.locator(".setup-pull-note").textContent(),
    `${suggested} is still downloading. Wait for it or cancel it first.`,
  );
  assert.ok(
    await other.locator(`.setup-model[data-model="${suggested}"] input`).isChecked(),
    "the running download's model is the one selected",
  );
  await shown.locator(".setup-pull-cancel").click();
  await other.locator('.setup-pull[data-phase="cancelled"]').waitFor();
  // The first tab, on another step, sees it end too.
  await page.locator('.setup-pull[data-phase="cancelled"]').waitFor();
  assert.equal(await strip.count(), 0);
  // The title follows in an effect, after the strip's render.
  await page.waitForFunction(() => document.title === "Hearth setup");

  // Now the other model downloads, to the end.
  await other.locator('.setup-model[data-model="llama3.2:1b"]').click();
  await main(other, "model").click();
  await stripOn(other, "model", "llama3.2:1b");
  await other.locator('.setup-pull[data-phase="done"]').waitFor({ timeout: 30_000 });
  assert.equal(
    await other.locator(".setup-pull .setup-ok").textContent(),
    "llama3.2:1b is ready.",
  );
  assert.equal(await main(other, "model").textContent(), "Continue");
  assert.deepEqual(errors, []);
  // Chromium logs the 409 that named the running download; nothing else went wrong.
  assert.deepEqual(otherErrors, [
    "Failed to load resource: the server responded with a status of 409 (Conflict)",
  ]);
  await context.close();
}

async function remoteOllama(browser: Browser) {
  const remote = "http://ollama.invalid:11434";
  await using server = await startServer({ args, setup: true, env: { HEARTH_OLLAMA_URL: remote } });
  const context = await browser.newContext({
    viewport: { width: 390, height: 844 },
    locale: "en-US",
  });
  const page = await context.newPage();
  const errors = collectErrors(page);
  await page.goto(`${server.url}/setup`);
  await main(page, "language").click();
  await page.locator('[data-step="system"] .setup-facts').waitFor();
  await main(page, "system").click();
  const step = page.locator('[data-step="ollama"][data-state="unreachable"]');
  await step.waitFor();
  const text = await step.textContent() ?? "";
  assert.match(
    text,
    /Hearth uses the Ollama server at http:\/\/ollama\.invalid:11434, on another machine/,
  );
  assert.match(text, /The Ollama server at http:\/\/ollama\.invalid:11434 does not answer\./);
  assert.doesNotMatch(text, /not installed|this box yet/);
  assert.equal(await main(page, "ollama").count(), 0, "neither Install nor Start");
  // Ollama went away after this step: the model step says where, not "start it".
  await page.evaluate(() => {
    sessionStorage.setItem("hearth.setup.step", "model");
    history.replaceState({ ...history.state, setupStep: "model" }, "");
  });
  await page.reload();
  const note = page.locator('[data-step="model"] .setup-note');
  await note.waitFor();
  assert.match(
    await note.textContent() ?? "",
    /^The Ollama server at http:\/\/ollama\.invalid:11434 does not answer/,
  );
  assert.deepEqual(errors, []);
  await context.close();
}
