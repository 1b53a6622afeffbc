/**
 * The Backups page in Chromium: back up now, the backup listed and downloadable by its link, the
 * schedule saved; a phone's width fits. Screenshots with BACKUP_SHOTS=dir.
 */
import assert from "node:assert/strict";
import { launchBrowser } from "./helpers/browser.ts";
import { startChatServer } from "./helpers/chat_server.ts";
import { signInAsAdmin } from "./helpers/admin.ts";

const SHOTS = Deno.env.get("BACKUP_SHOTS");

Deno.test("backups browser - back up now, download it, save a schedule", async () => {
  await using server = await startChatServer();
  const { id: adminId } = await server.services.db.kysely.selectFrom("profiles")
    .select("id").where("is_admin", "=", 1).executeTakeFirstOrThrow();
  const browser = await launchBrowser();
  try {
    for (const width of [1280, 390]) {
      const context = await browser.newContext({ viewport: { width, height: 900 } });
      const page = await context.newPage();
      const errors: string[] = [];
      page.on("pageerror", (e) => errors.push(String(e)));
      await signInAsAdmin(page, server.url, adminId);
      await page.goto(`${server.url}/admin`);
      await page.getByRole("link", { name: /Backups/ }).click();
      await page.waitForURL(`${server.url}/admin/backups`);
      const rows = page.locator(".backup-list li");
      const before = await rows.count();
      await page.getByRole("button", { name: "Back up now" }).click();
      await rows.nth(before).waitFor();
      const download = page.waitForEvent("download");
      await rows.first().getByRole("link", { name: "Download" }).click();
      const file = await download;
      assert.match(file.suggestedFilename(), /^hearth-backup-.*\.zip$/);
      const bytes = await Deno.readFile((await file.path())!);
      assert.equal(String.fromCharCode(bytes[0], bytes[1]), "PK");

      await page.locator("select").first().selectOption("weekly");
      await page.locator("input[type=time]").fill("02:30");
      await page.getByRole("button", { name: "Save schedule" }).click();
      await page.getByRole("status").filter({ hasText: "Saved." }).waitFor();
      const wide = await page.evaluate(() => document.documentElement.scrollWidth);
      assert.ok(wide <= width, `the page is ${wide}px wide`);
      if (SHOTS) await page.screenshot({ path: `${SHOTS}/backups-${width}.png`, fullPage: true });
      assert.deepEqual(errors, []);
      await context.close();
    }
    const stored = await server.services.db.kysely.selectFrom("app_meta").select("value")
      .where("key", "=", "backup.schedule").executeTakeFirstOrThrow();
    assert.equal(JSON.parse(stored.value).frequency, "weekly");
  } finally {
    await browser.close();
  }
});
