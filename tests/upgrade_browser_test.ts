/**
 * A real Hearth started after a failed upgrade, in Chromium: the banner says what happened on
 * every page, and a write the app makes is refused with the same explanation.
 * `HEARTH_SCREENSHOTS=dir` saves what the pages look like at phone and desktop width.
 */
import assert from "node:assert/strict";
import { start } from "../lib/cli/start.ts";
import { Logger } from "../lib/log/logger.ts";
import { collectErrors, launchBrowser } from "./helpers/browser.ts";
import { household, UPGRADE } from "./helpers/upgrade.ts";

const NEXT = UPGRADE.at(-1)!.version;

Deno.test("upgrade browser - after a failed upgrade, pages show the banner and writes are refused", async () => {
  const home = await Deno.makeTempDir({ prefix: "hearth-upgrade-web-" });
  const printed: string[] = [];
  try {
    const who = await household(home);
    const server = await start({
      env: { HEARTH_HOME: home },
      log: new Logger({ write: null }),
      fake: true,
      port: 0,
      hostname: "127.0.0.1",
      qr: false,
      print: (line) => printed.push(line),
      migrations: UPGRADE,
    });
    const browser = await launchBrowser();
    try {
      assert.match(
        printed.join("\n"),
        new RegExp(`UPGRADE FAILED: Migration ${NEXT} \\(break midway\\) failed`),
      );
      assert.match(
        printed.join("\n"),
        new RegExp(`Your data is safe: it was restored from the snapshot pre-${NEXT}-`),
      );
      const base = `http://127.0.0.1:${server.port}`;
      const cookie = (pair: string) => {
        const [name, value] = pair.split("=");
        return { name, value, url: base };
      };
      const context = await browser.newContext({ viewport: { width: 390, height: 800 } });
      await context.addCookies([cookie(who.member)]);
      const page = await context.newPage();
      const errors = collectErrors(page);
      await page.goto(`${base}/chat`);
      const banner = page.locator(".readonly-banner");
      await banner.waitFor();
      assert.match(
        await banner.innerText(),
        new RegExp(`An upgrade failed\\. Your data is safe \\(restored from pre-${NEXT}-`),
      );
      const shots = Deno.env.get("HEARTH_SCREENSHOTS");
      if (shots) await page.screenshot({ path: `${shots}/upgrade-phone.png` });
      // The old chats are there (the chat list, in the phone's menu of chats).
      await page.getByText("Soup recipes").first().waitFor({ state: "attached" });
      // A write as the app makes it: refused, with the explanation.
      const refused = await page.evaluate(async () => {
        const { token } = await (await fetch("/api/session")).json();
        const res = await fetch("/api/conversations", {
          method: "POST",
          headers: { "content-type": "application/json", "x-hearth-session": token },
          body: JSON.stringify({ title: "new" }),
        });
        return { status: res.status, body: await res.json() };
      });
      assert.equal(refused.status, 503);
      assert.equal(refused.body.error.code, "read_only");
      assert.match(
        refused.body.error.message,
        new RegExp(`restored from the snapshot pre-${NEXT}-`),
      );
      await page.setViewportSize({ width: 1280, height: 800 });
      await page.goto(`${base}/`);
      await banner.waitFor();
      if (shots) await page.screenshot({ path: `${shots}/upgrade-desktop.png` });
      assert.deepEqual(errors.filter((e) => !/503/.test(e)), []);
      await context.close();
    } finally {
      await browser.close();
      await server.shutdown();
    }
  } finally {
    await Deno.remove(home, { recursive: true });
  }
});
