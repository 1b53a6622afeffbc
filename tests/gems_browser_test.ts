/**
 * Gems in Chromium: on a phone (390×844, German), a starter gem's form, its answer streaming in,
 * then "Als Chat fortsetzen" opening the conversation; the targets are 44 px and nothing runs
 * wider than the screen. Then the admin's editor derives the form from the instructions as they
 * are typed. One Chromium for the file.
 */
import assert from "node:assert/strict";
import { Buffer } from "node:buffer";
import { pngBytes } from "../lib/chat/testing.ts";
import { launchBrowser } from "./helpers/browser.ts";
import { startChatServer } from "./helpers/chat_server.ts";
import { signInAsAdmin } from "./helpers/admin.ts";

const SHOTS = Deno.env.get("GEMS_SHOTS");

Deno.test("gems browser - a starter gem on a phone streams its answer and continues as a chat", async (t) => {
  await using server = await startChatServer({ fake: { tokensPerSecond: 40 } });
  server.services.config.current.models.chat = "llama3.2:latest";
  server.ollama.setReply(
    "- Der Zug fährt um **8 Uhr**.\n- Treffpunkt ist Gleis 3.\n- Tickets kauft Ann.",
  );
  const browser = await launchBrowser();
  try {
    const context = await browser.newContext({
      viewport: { width: 390, height: 844 },
      hasTouch: true,
      isMobile: true,
      locale: "de-DE",
    });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(String(e)));
    await page.goto(`${server.url}/profiles?next=${encodeURIComponent("/gems")}`);
    await page.locator(".profile-tile", { hasText: "Ann" }).click();
    await page.waitForURL(`${server.url}/gems`);

    await t.step("the cards speak German and fit the phone", async () => {
      const card = page.locator(".gem-card", { hasText: "Zusammenfassen" });
      await card.waitFor();
      assert.ok((await card.boundingBox())!.height >= 44);
      if (SHOTS) await page.screenshot({ path: `${SHOTS}/gems-phone.png`, fullPage: true });
      await card.click();
      await page.waitForURL(/\/gems\/[^/]+$/);
    });

    await t.step("the answer streams in, then the run continues as a chat", async () => {
      await page.locator("textarea[name=text]").fill("Morgen fahren wir um 8 Uhr...");
      const run = page.getByRole("button", { name: "Ausführen" });
      assert.ok((await run.boundingBox())!.height >= 44);
      await run.click();
      // Mid-stream: Stop is offered while the first words are already shown.
      await page.getByRole("button", { name: "Stopp" }).waitFor();
      await page.locator(".gem-result .md li").first().waitFor();
      const cont = page.getByRole("button", { name: "Als Chat fortsetzen" });
      await cont.waitFor();
      assert.equal(await page.locator(".gem-result .md strong").textContent(), "8 Uhr");
      assert.equal(await page.locator(".gem-result .md li").count(), 3);
      const wide = await page.evaluate(() => document.documentElement.scrollWidth);
      assert.ok(wide <= 390, `the page is ${wide}px wide`);
      for (const b of await page.locator(".gem-runner button").all()) {
        assert.ok((await b.boundingBox())!.height >= 44, await b.textContent() ?? "");
      }
      if (SHOTS) await page.screenshot({ path: `${SHOTS}/gem-run-phone.png`, fullPage: true });
      await cont.click();
      await page.waitForURL(/\/chat\/[^/]+$/);
      await page.locator(".msg-body", { hasText: "Treffpunkt ist Gleis 3" }).waitFor();
      await page.locator("text=Morgen fahren wir um 8 Uhr").first().waitFor();
    });
    await t.step(
      "a photo from the camera input is previewed and reaches a vision model",
      async () => {
        server.services.config.current.models.chat = "gemma3:4b";
        server.ollama.setReply("Ein Etikett: **Haltbar bis 2027**.");
        await page.goto(`${server.url}/gems`);
        await page.locator(".gem-card", { hasText: "Foto erklären" }).click();
        const input = page.locator("input[type=file][name=photo]");
        assert.equal(await input.getAttribute("accept"), "image/*");
        assert.equal(await input.getAttribute("capture"), "environment");
        await input.setInputFiles({
          name: "label.png",
          mimeType: "image/png",
          buffer: Buffer.from(await pngBytes(64, 48)),
        });
        await page.locator("img.gem-photo").waitFor();
        await page.getByRole("button", { name: "Ausführen" }).click();
        await page.locator(".gem-result .md strong", { hasText: "Haltbar bis 2027" }).waitFor();
        const sent = server.ollama.requests.filter((r) => r.path === "/api/chat").at(-1)!;
        const user = (sent.body!.messages as { images?: string[] }[]).at(-1)!;
        assert.equal(user.images?.length, 1, "the photo went along");
        if (SHOTS) await page.screenshot({ path: `${SHOTS}/gem-photo-phone.png`, fullPage: true });
      },
    );
    await t.step("a page reloaded mid-run follows the run where it is", async () => {
      server.ollama.setReply("Nach dem Neuladen weiter.");
      await page.goto(`${server.url}/gems`);
      await page.locator(".gem-card", { hasText: "Zusammenfassen" }).click();
      await page.locator("textarea[name=text]").fill("Ein langer Text.");
      server.ollama.hold();
      await page.getByRole("button", { name: "Ausführen" }).click();
      await page.waitForURL(/\?run=/);
      await page.reload();
      await page.getByRole("button", { name: "Stopp" }).waitFor();
      server.ollama.release();
      await page.locator(".gem-result .md", { hasText: "Nach dem Neuladen weiter." }).waitFor();
      await page.getByRole("button", { name: "Als Chat fortsetzen" }).waitFor();
    });
    assert.deepEqual(errors, []);
    await context.close();

    await t.step(
      "the admin's editor makes the form from the placeholders as they are typed",
      async () => {
        // A shared document of Ann's the gem may read.
        const at = new Date().toISOString();
        server.services.db.raw.prepare(
          `INSERT INTO documents (id, profile_id, folder_id, name, kind, mime, size, sha256, shared,
           status, created_at, updated_at)
         VALUES ('doc-1', ?, NULL, 'Packliste.md', 'md', 'text/markdown', 1, 'x', 1, 'ready', ?, ?)`,
        ).run(server.members.Ann, at, at);
        const admin = await browser.newContext({ viewport: { width: 1280, height: 800 } });
        const p = await admin.newPage();
        const { id: adminId } = await server.services.db.kysely.selectFrom("profiles")
          .select("id").where("is_admin", "=", 1).executeTakeFirstOrThrow();
        await signInAsAdmin(p, server.url, adminId);
        await p.goto(`${server.url}/admin/gems`);
        await p.getByRole("button", { name: "New gem" }).click();
        await p.locator("#ge-name").fill("Packing list");
        await p.locator("#ge-instructions").fill("A packing list for {{trip}} of {{days}} days.");
        await p.locator("#ge-field-days-type").selectOption("number");
        await p.locator("#gem-preview-days[type=number]").waitFor();
        await p.locator("#gem-preview-trip[type=text]").waitFor();
        if (SHOTS) await p.screenshot({ path: `${SHOTS}/gem-editor.png`, fullPage: true });
        await p.getByRole("checkbox", { name: "Packliste.md" }).check();
        await p.getByRole("button", { name: "Save" }).click();
        await p.locator(".gem-admin-list li", { hasText: "Packing list" }).waitFor();
        const saved = server.services.db.raw.prepare(
          "SELECT fields, documents FROM gems WHERE name = 'Packing list'",
        ).get() as { fields: string; documents: string };
        assert.deepEqual(JSON.parse(saved.documents), ["doc-1"]);
        assert.deepEqual(JSON.parse(saved.fields).map((f: { type: string }) => f.type), [
          "text",
          "number",
        ]);
        // Members see it at once, with the form the editor previewed.
        await p.goto(`${server.url}/gems`);
        await p.locator(".gem-card", { hasText: "Packing list" }).click();
        await p.locator("input[name=days][type=number]").waitFor();
        if (SHOTS) {
          await p.screenshot({ path: `${SHOTS}/gem-desktop.png`, fullPage: true });
          await p.goto(`${server.url}/gems`);
          await p.screenshot({ path: `${SHOTS}/gems-desktop.png`, fullPage: true });
          await p.setViewportSize({ width: 390, height: 844 });
          await p.goto(`${server.url}/admin/gems`);
          await p.screenshot({ path: `${SHOTS}/gem-admin-phone.png`, fullPage: true });
          await p.locator(".gem-admin-list li", { hasText: "Packing list" })
            .getByRole("button", { name: "Edit" }).click();
          await p.screenshot({ path: `${SHOTS}/gem-editor-phone.png`, fullPage: true });
        }
        await admin.close();
      },
    );
  } finally {
    await browser.close();
  }
});
