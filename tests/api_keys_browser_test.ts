/**
 * The API keys section on `/me/api-keys` in real Chromium: make a key, see it once with a copy
 * button and the warning, use it against `/v1`, revoke it; at phone width and on a desktop.
 */
import assert from "node:assert/strict";
import { launchBrowser } from "./helpers/browser.ts";
import { openChat, startChatServer } from "./helpers/chat_server.ts";

const SHOTS = Deno.env.get("HEARTH_SHOTS");

Deno.test("api keys browser - make, copy, use and revoke a key, phone and desktop", async () => {
  await using server = await startChatServer();
  const browser = await launchBrowser();
  try {
    for (const phone of [true, false]) {
      const { context, page, errors } = await openChat(browser, server.url, { phone });
      await page.goto(`${server.url}/me/api-keys`);
      await page.locator("[data-api-keys]").waitFor();
      await page.getByLabel("Name").fill(phone ? "Phone script" : "Editor");
      await page.getByLabel("What it may do").selectOption("read");
      await page.getByRole("button", { name: "Make a key" }).click();
      const field = page.locator("#api-key-made");
      await field.waitFor();
      const key = await field.inputValue();
      assert.match(key, /^hth_[A-Za-z0-9_-]{43}$/);
      await page.locator(".api-key-warning").waitFor();
      const row = page.locator("[data-api-key-list] li").first();
      assert.match(await row.innerText(), new RegExp(key.slice(0, 12)));
      assert.ok(!(await row.innerText()).includes(key), "the list shows the prefix only");
      await page.locator("[data-api-key-copy]").click();
      await page.getByRole("button", { name: "Copied" }).waitFor();
      if (SHOTS) await page.screenshot({ path: `${SHOTS}/api-keys-${phone ? 390 : 1280}.png` });
      const v1 = (k: string) =>
        fetch(`${server.url}/v1/models`, { headers: { authorization: `Bearer ${k}` } });
      const ok = await v1(key);
      assert.equal(ok.status, 200);
      await ok.body?.cancel();
      page.once("dialog", (d) => d.accept());
      await row.getByRole("button", { name: "Revoke" }).click();
      await row.getByText(/revoked/).waitFor();
      assert.equal(await page.locator("#api-key-made").count(), 0, "the key is gone once revoked");
      const refused = await v1(key);
      assert.equal(refused.status, 401);
      await refused.body?.cancel();
      // After a reload the key is never shown again: only its prefix.
      await page.reload();
      assert.ok(!(await page.content()).includes(key));
      assert.deepEqual(errors, []);
      await context.close();
    }
  } finally {
    await browser.close();
  }
});
