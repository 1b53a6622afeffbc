/**
 * In Chromium: a workspace preview framed as the panel frames it runs its script in an opaque
 * origin (no cookies, no storage, no requests); the plain download links work with the device
 * cookie alone (`/chat/{id}/files`, and the document page's Download button).
 */
import assert from "node:assert/strict";
import { createConversation } from "../lib/chat/store.ts";
import { openWorkspace } from "../lib/workspace/workspace.ts";
import { PREVIEW_TTL_MS, previewToken } from "../lib/workspace/preview.ts";
import { launchBrowser } from "./helpers/browser.ts";
import { openChat, startChatServer } from "./helpers/chat_server.ts";
import { seedDocument } from "./helpers/documents.ts";

const PAGE = `<!doctype html><meta name="viewport" content="width=device-width">
<style>body{font:16px sans-serif;background:#fde;padding:1rem}</style>
<h1>Made by the agent</h1><p id="out">…</p>
<script>
const result = { origin: self.origin };
try { result.cookie = document.cookie; } catch (e) { result.cookie = "blocked:" + e.name; }
try { result.storage = localStorage.length; } catch (e) { result.storage = "blocked:" + e.name; }
fetch("/api/session", { method: "POST" })
  .then(() => "fetched", () => "fetch failed")
  .then((r) => {
    result.fetch = r;
    document.getElementById("out").textContent = JSON.stringify(result);
    document.title = "done";
  });
</script>`;

Deno.test("workspace preview and downloads in Chromium", async (t) => {
  await using hearth = await startChatServer();
  const browser = await launchBrowser();
  try {
    const ann = hearth.members.Ann;
    const conv = (await createConversation(hearth.services.db.kysely, ann, { title: "Site" })).id;
    const ws = await openWorkspace(hearth.services, ann, conv);
    await ws.write("site/index.html", PAGE);
    await ws.write("notes.md", "# Notes\n");
    // A 1×1 PNG.
    await ws.write(
      "pic.png",
      Uint8Array.from(
        atob(
          "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==",
        ),
        (c) => c.charCodeAt(0),
      ),
    );
    const url = `/preview/${
      previewToken({
        conversationId: conv,
        profileId: ann,
        path: "site/index.html",
        expires: Date.now() + PREVIEW_TTL_MS,
      })
    }`;

    for (const phone of [true, false]) {
      await t.step(phone ? "phone" : "desktop", async () => {
        const { context, page } = await openChat(browser, hearth.url, { phone, models: false });
        // Framed as the workspace panel frames it.
        await page.evaluate((src) => {
          const frame = document.createElement("iframe");
          frame.setAttribute("sandbox", "allow-scripts");
          frame.setAttribute("referrerpolicy", "no-referrer");
          frame.style.cssText = "position:fixed;inset:20% 5% auto 5%;height:40%;z-index:99;" +
            "width:90%;border:2px solid #333;background:#fff";
          frame.src = src;
          document.body.append(frame);
        }, url);
        const frame = page.frameLocator("iframe[sandbox]");
        await frame.locator("#out", { hasText: "fetch" }).waitFor();
        const result = JSON.parse((await frame.locator("#out").textContent())!);
        assert.deepEqual(result, {
          origin: "null",
          cookie: "blocked:SecurityError",
          storage: "blocked:SecurityError",
          fetch: "fetch failed",
        });
        await page.screenshot({ path: `/tmp/ws-preview-${phone ? "phone" : "desktop"}.png` });

        // A plain link with the device cookie: the workspace file and a document.
        const file = await context.request.get(`${hearth.url}/chat/${conv}/files?path=notes.md`);
        assert.equal(file.status(), 200);
        assert.equal(await file.text(), "# Notes\n");
        // The panel shows an image through the same link.
        const width = await page.evaluate(async (src) => {
          const img = new Image();
          img.src = src;
          await img.decode();
          return img.naturalWidth;
        }, `/chat/${conv}/files?path=pic.png`);
        assert.equal(width, 1);
        if (!phone) {
          const { doc } = await seedDocument(hearth.services, ann, {
            name: "Recipes.md",
            markdown: "# Soup\n",
          });
          await page.goto(`${hearth.url}/documents/${doc.id}`);
          const [download] = await Promise.all([
            page.waitForEvent("download"),
            page.getByRole("link", { name: "Download" }).first().click(),
          ]);
          assert.equal(download.suggestedFilename(), "Recipes.md");
          assert.equal(await download.failure(), null);
          await page.screenshot({ path: "/tmp/ws-document-desktop.png" });
        }
        await context.close();
      });
    }
  } finally {
    await browser.close();
  }
});
