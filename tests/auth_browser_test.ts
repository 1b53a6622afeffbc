/**
 * Profiles and the admin in real Chromium: a phone picks a profile on the PIN pad; the admin logs
 * in, sees this device, adds a profile and revokes the device, which lands back on the picker.
 */
import assert from "node:assert/strict";
import { KID_PIN, seedMembers } from "../lib/auth/testing.ts";
import { openDatabase } from "../lib/db/mod.ts";
import { collectErrors, launchBrowser } from "./helpers/browser.ts";
import {
  BUNDLE_ARGS,
  SERVER_ADMIN_PASSWORD,
  type ServerProcess,
  startServer,
} from "./helpers/server.ts";

const serverArgs = BUNDLE_ARGS;

async function household(): Promise<ServerProcess> {
  const server = await startServer({ args: serverArgs });
  const db = await openDatabase(`${server.home}/hearth.db`);
  await seedMembers(db);
  await db.close();
  return server;
}

// A refused guess is a 401/429 response, which Chromium logs as a failed resource.
const unexpected = (errors: string[]) => errors.filter((e) => !/status of (401|422|429)/.test(e));

Deno.test("auth browser - a phone picks a profile with its PIN on the pad", async () => {
  await using server = await household();
  const browser = await launchBrowser();
  try {
    const page = await browser.newPage({ viewport: { width: 390, height: 844 }, hasTouch: true });
    const errors = collectErrors(page);
    await page.goto(`${server.url}/?from=test`);
    assert.equal(page.url(), `${server.url}/profiles?next=%2F%3Ffrom%3Dtest`);
    assert.equal(await page.locator("h1").textContent(), "Who is using Hearth?");
    const tiles = page.locator(".profile-tile");
    await tiles.first().waitFor();
    assert.deepEqual(await page.locator(".profile-name").allTextContents(), [
      "Admin",
      "Guest",
      "Kid",
    ]);

    await tiles.filter({ hasText: "Kid" }).tap();
    const pad = page.locator(".pinpad");
    await pad.waitFor();
    assert.equal(await pad.locator("h2").textContent(), "PIN for Kid");
    const key = (d: string) => pad.locator(".pin-key", { hasText: new RegExp(`^${d}$`) });
    for (const d of "1357") await key(d).tap();
    await pad.locator(".pin-key-go").tap();
    await pad.locator(".pin-error", { hasText: "Wrong PIN." }).waitFor();
    assert.equal(await pad.locator("input").inputValue(), "", "the pad is cleared for another try");
    const box = await pad.boundingBox();
    assert.ok(
      box && box.x >= 0 && box.x + box.width <= 390,
      `pad fits the phone: ${JSON.stringify(box)}`,
    );
    assert.ok(
      await page.evaluate(() => document.documentElement.scrollWidth <= 390),
      "no sideways scroll",
    );

    // Typing again clears the old error.
    await key(KID_PIN[0]).tap();
    await pad.locator(".pin-error", { hasText: "Wrong PIN." }).waitFor({ state: "detached" });
    for (const d of KID_PIN.slice(1)) await key(d).tap();
    await pad.locator(".pin-key-go").tap();
    await page.waitForURL(`${server.url}/?from=test`);
    assert.equal(await page.locator("h1").textContent(), "Welcome to Hearth");
    const me = await page.evaluate(async () => {
      const { token } = await (await fetch("/api/session")).json();
      return (await fetch("/api/me", { headers: { "X-Hearth-Session": token } })).json();
    });
    assert.equal(me.profile.name, "Kid");
    assert.deepEqual(unexpected(errors), []);
  } finally {
    await browser.close();
  }
});

Deno.test("auth browser - the admin logs in, adds a profile, and revokes this device", async () => {
  await using server = await household();
  const browser = await launchBrowser();
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    const errors = collectErrors(page);
    page.on("dialog", (d) => d.accept());
    await page.goto(`${server.url}/profiles`);
    await page.locator(".profile-tile", { hasText: "Guest" }).click();
    await page.waitForURL(`${server.url}/`);

    await page.goto(`${server.url}/admin/devices`);
    assert.equal(page.url(), `${server.url}/admin/login?next=%2Fadmin%2Fdevices`);
    const password = page.getByLabel("Admin password");
    await password.fill("not it at all");
    await page.getByRole("button", { name: "Log in" }).click();
    await page.locator(".auth-error", { hasText: "Wrong password." }).waitFor();
    await password.fill(SERVER_ADMIN_PASSWORD);
    await page.locator(".auth-error", { hasText: "Wrong password." }).waitFor({
      state: "detached",
    });
    await page.getByRole("button", { name: "Log in" }).click();
    await page.waitForURL(`${server.url}/admin/devices`);
    const row = page.locator(".device-row");
    assert.equal(await row.count(), 1);
    assert.match((await row.textContent()) ?? "", /Guest.*Chrome · Linux.*This device/);

    await page.goto(`${server.url}/admin/profiles`);
    const add = page.locator(".panel", { hasText: "Add a profile" });
    // A blank name is refused in a sentence, and the sentence goes once the name is typed.
    await add.getByLabel("Name").fill("   ");
    await add.getByRole("button", { name: "Add" }).click();
    const blank = add.locator(".auth-error", { hasText: "The name is empty." });
    await blank.waitFor();
    await add.getByLabel("Name").fill("Zoe");
    await blank.waitFor({ state: "detached" });
    await add.locator(".avatar-option").nth(2).click();
    await add.getByLabel(/PIN/).fill("8642");
    await add.getByRole("button", { name: "Add" }).click();
    const zoe = page.locator(".manage-row", { hasText: "Zoe" });
    await zoe.waitFor();
    assert.match((await zoe.textContent()) ?? "", /PIN/);
    assert.equal(
      await page.locator(".manage-row", { hasText: "Admin" }).getByRole("button", {
        name: "Delete",
      }).count(),
      0,
    );

    await page.goto(`${server.url}/admin/devices`);
    await row.getByRole("button", { name: "Revoke" }).click();
    // This browser lost its profile: it is sent to the picker, where Zoe is now listed.
    await page.waitForURL(/\/profiles\?next=%2Fadmin%2Fdevices$/);
    await page.locator(".profile-name", { hasText: "Zoe" }).waitFor();
    assert.deepEqual(unexpected(errors), []);
  } finally {
    await browser.close();
  }
});
