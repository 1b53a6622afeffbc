/**
 * The document pages and the chat's documents in Chromium (one browser for the file): uploading
 * from the library (progress row, the stored document's row, a 413 said in words), a document's
 * page with the cited passage highlighted and in view, citations of a stored reply, and the
 * picker attaching a document to a new chat.
 */
import assert from "node:assert/strict";
import { Buffer } from "node:buffer";
import type { Page } from "playwright-core";
import { addMessage, createConversation } from "../lib/chat/store.ts";
import { conversationDocuments } from "../lib/documents/conversation_documents.ts";
import { launchBrowser } from "./helpers/browser.ts";
import { openChat, startChatServer } from "./helpers/chat_server.ts";
import { seedDocument } from "./helpers/documents.ts";

const MANUAL = "# Heating manual\n\nThe boiler needs a service once a year.\n\n" +
  "## Bleeding radiators\n\nTurn the valve a quarter turn until water comes out.\n\n" +
  "filler line\n".repeat(400) + "\n## Pressure\n\nKeep it between 1 and 1.5 bar when cold.\n";

/** Whether the element's top is inside the viewport. */
async function inView(page: Page, selector: string): Promise<boolean> {
  return await page.locator(selector).evaluate((el) => {
    const r = el.getBoundingClientRect();
    return r.top >= 0 && r.top < innerHeight && r.bottom > 0;
  });
}

Deno.test("documents browser - library, document page, citations and the picker", async (t) => {
  const seen: string[] = [];
  // Answers the server gives instead of the app (a reply's stream without a model). On the
  // server, since the page's service worker may keep requests from `page.route`.
  const canned = new Map<string, () => Response>();
  await using hearth = await startChatServer({
    wrap(req, next) {
      const path = new URL(req.url).pathname;
      if (path.startsWith("/api/") && req.method !== "GET") seen.push(`${req.method} ${path}`);
      const answer = canned.get(`${req.method} ${path}`);
      return answer ? Promise.resolve(answer()) : next();
    },
  });
  const ann = hearth.members.Ann;
  const a = MANUAL.indexOf("## Bleeding");
  const b = MANUAL.indexOf("## Pressure");
  const { doc: manual, chunkIds } = await seedDocument(hearth.services, ann, {
    name: "heating-manual.md",
    markdown: MANUAL,
    chunks: [[0, a, "Heating manual"], [a, b, "Bleeding radiators"], [
      b,
      MANUAL.length,
      "Pressure",
    ]],
    summary: "How to service the boiler and bleed radiators.",
  });
  /** The manual's passage `chunk` as a reply's source `[n]`. */
  const source = (n: number, chunk: number, heading: string, excerpt: string) => ({
    n,
    documentId: manual.id,
    name: manual.name,
    chunk,
    heading,
    excerpt,
  });
  const browser = await launchBrowser();
  try {
    const { page, errors } = await openChat(browser, hearth.url);

    await t.step("upload a text file: its row, then the stored document's", async () => {
      await page.goto(`${hearth.url}/documents`);
      await page.locator(".doc-row", { hasText: "heating-manual.md" }).waitFor();
      await page.locator(".doc-upload input[type=file]").setInputFiles({
        name: "notes.txt",
        mimeType: "text/plain",
        buffer: Buffer.from("Water the plants on Mondays.\n"),
      });
      const row = page.locator(".doc-row[data-status]", { hasText: "notes.txt" });
      await row.waitFor();
      assert.ok(seen.includes("POST /api/documents"));
      const stored = await hearth.services.db.kysely.selectFrom("documents")
        .select(["id", "size", "status"]).where("name", "=", "notes.txt").executeTakeFirstOrThrow();
      assert.equal(stored.size, 29);
      // The row follows its ingestion task to the end.
      await page.locator(`#d-${stored.id}[data-status="ready"]`).waitFor({ timeout: 30_000 });
    });

    await t.step("a file the server refuses as too large says so in words", async () => {
      // What the server answers a body over 100 MB (sending one would be slow).
      canned.set(
        "POST /api/documents",
        () =>
          Response.json({ error: { code: "body_too_large", message: "Too large." } }, {
            status: 413,
          }),
      );
      await page.locator(".doc-upload input[type=file]").setInputFiles({
        name: "huge.pdf",
        mimeType: "application/pdf",
        buffer: Buffer.from("%PDF-1.4 pretend"),
      });
      const row = page.locator(".doc-uploading", { hasText: "huge.pdf" });
      await row.locator(".doc-error", { hasText: "larger than 100 MB" }).waitFor();
      await row.getByRole("button", { name: "Remove" }).click();
      await row.waitFor({ state: "detached" });
      canned.delete("POST /api/documents");
    });

    await t.step("a passage link highlights the passage and scrolls it into view", async () => {
      const chunk = chunkIds[2];
      await page.goto(`${hearth.url}/documents/${manual.id}?chunk=${chunk}#c-${chunk}`);
      const hit = page.locator(`section#c-${chunk}.doc-hit`);
      await hit.waitFor();
      assert.match(await hit.innerText(), /1 and 1.5 bar/);
      assert.equal(await page.locator(".doc-hit").count(), 1);
      assert.ok(await inView(page, `#c-${chunk}`), "the cited passage is in view");
      // Without the anchor the island scrolls to it.
      await page.goto(`${hearth.url}/documents/${manual.id}?chunk=${chunk}`);
      await page.waitForFunction((id) => {
        const r = document.getElementById(`c-${id}`)?.getBoundingClientRect();
        return !!r && r.top >= 0 && r.top < innerHeight;
      }, chunk);
      await page.locator(".doc-hit-note", { hasText: "Pressure" }).waitFor();
    });

    await t.step("a stored reply's [n] link to their passages, with its Sources", async () => {
      const k = hearth.services.db.kysely;
      const conv = await createConversation(k, ann, { title: "Radiators" });
      await addMessage(k, ann, conv.id, { role: "user", content: "How do I bleed one?" });
      await addMessage(k, ann, conv.id, {
        role: "assistant",
        content: "Turn the valve [1]. Keep 1–1.5 bar [2]. Not [3]; `[1]` is code.",
        status: "complete",
        meta: {
          sources: [
            source(1, chunkIds[1], "Bleeding radiators", "Turn the valve"),
            source(2, chunkIds[2], "Pressure", "Keep it"),
          ],
        },
      });
      await page.goto(`${hearth.url}/chat/${conv.id}`);
      const body = page.locator(".msg-assistant .md");
      const first = body.locator(
        `a[href="/documents/${manual.id}?chunk=${chunkIds[1]}#c-${chunkIds[1]}"]`,
      );
      await first.first().waitFor();
      assert.equal(await first.count(), 2, "[1] in the text and in Sources");
      assert.equal(await body.locator("a", { hasText: "[3]" }).count(), 0);
      assert.equal(await body.locator("code a").count(), 0);
      const sources = body.locator(".msg-sources li");
      assert.equal(await sources.count(), 2);
      assert.match(await sources.nth(1).innerText(), /heating-manual\.md\s*› Pressure/);
      await body.locator("p a", { hasText: "[2]" }).click();
      await page.waitForURL(`**/documents/${manual.id}?chunk=${chunkIds[2]}#c-${chunkIds[2]}`);
      await page.locator(`#c-${chunkIds[2]}.doc-hit`).waitFor();
    });

    await t.step(
      "a streaming reply's sources event makes its [n] links, kept when it ends",
      async () => {
        const sources = [source(1, chunkIds[1], "Bleeding radiators", "Turn the valve")];
        const ev = (id: number, event: string, data: unknown) =>
          `id: ${id}\nevent: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
        // The chat engine's stream as it sends sources (ragchat), answered here without a model.
        const body = ev(0, "meta", {
          conversationId: "c-live",
          userMessageId: "u-live",
          assistantMessageId: "a-live",
          taskId: "t-live",
          model: "gemma3:4b",
          title: "Bleeding",
        }) + ev(1, "sources", { sources }) + ev(2, "token", { text: "Open the valve [1]." }) +
          ev(3, "done", {}) + "id: 4\ndata: [DONE]\n\n";
        canned.set("POST /api/chat/stream", () =>
          new Response(body, {
            headers: { "content-type": "text/event-stream", "x-hearth-task": "t-live" },
          }));
        // The model's title, which the page may ask for after the reply (`refreshTitle`).
        canned.set("GET /api/conversations/c-live", () =>
          Response.json({
            id: "c-live",
            title: "Bleeding radiators",
            model: "gemma3:4b",
            think: true,
            assistant: false,
            updatedAt: "",
          }));
        await page.goto(`${hearth.url}/chat`);
        await page.locator(".composer-text").fill("How do I bleed a radiator?");
        await page.locator(".composer-send").click();
        const link = page.locator(
          `#m-a-live .md p a[href="/documents/${manual.id}?chunk=${chunkIds[1]}#c-${chunkIds[1]}"]`,
        );
        await link.waitFor();
        assert.equal(await link.innerText(), "[1]");
        await page.locator("#m-a-live.msg-complete .msg-sources li").waitFor();
        canned.delete("POST /api/chat/stream");
      },
    );

    await t.step("the picker attaches a document to a new chat", async () => {
      await page.goto(`${hearth.url}/chat`);
      await page.getByRole("button", { name: "Use a document" }).click();
      await page.locator(".doc-picker-q").fill("heating");
      await page.locator(".doc-picker-item", { hasText: "heating-manual.md" }).click();
      const chip = page.locator(".doc-chip", { hasText: "heating-manual.md" });
      await chip.waitFor();
      await page.waitForURL(/\/chat\/[^/]+$/);
      const id = new URL(page.url()).pathname.split("/").pop()!;
      assert.ok(seen.includes(`PUT /api/conversations/${id}/documents/${manual.id}`));
      const using = await conversationDocuments(hearth.services.db, ann, id);
      assert.deepEqual(using.map((d) => d.id), [manual.id]);
      // The conversation shows it after a reload too, and × stops using it.
      await page.reload();
      await chip.waitFor();
      await chip.getByRole("button").click();
      await chip.waitFor({ state: "detached" });
      assert.deepEqual(await conversationDocuments(hearth.services.db, ann, id), []);
    });

    await t.step(
      "the owner shares a document from the library, then deletes it once confirmed",
      async () => {
        await page.goto(`${hearth.url}/documents`);
        const row = page.locator(".doc-row", { hasText: "notes.txt" });
        // A click, not check(): the box is controlled, so it shows the stored state until the PATCH answers.
        await row.locator(".doc-share input").click();
        await row.locator(".doc-meta", { hasText: "Shared" }).waitFor();
        const shared = await hearth.services.db.kysely.selectFrom("documents").select("shared")
          .where("name", "=", "notes.txt").executeTakeFirstOrThrow();
        assert.equal(shared.shared, 1);
        const asked: string[] = [];
        page.once("dialog", (dialog) => {
          asked.push(dialog.message());
          dialog.accept();
        });
        await row.locator(".doc-danger").click();
        await row.waitFor({ state: "detached" });
        assert.deepEqual(asked, ["Delete “notes.txt”? Its text and passages go with it."]);
        const left = await hearth.services.db.kysely.selectFrom("documents").select("id")
          .where("name", "=", "notes.txt").execute();
        assert.deepEqual(left, []);
      },
    );

    await t.step("phone: one column, nothing wider than the screen", async () => {
      const phone = await openChat(browser, hearth.url, { phone: true });
      for (const path of ["/documents", `/documents/${manual.id}?chunk=${chunkIds[1]}`]) {
        await phone.page.goto(`${hearth.url}${path}`);
        await phone.page.locator(".doc-crumbs").waitFor();
        assert.ok(
          await phone.page.evaluate(() => document.documentElement.scrollWidth <= 390),
          path,
        );
      }
      const small = await phone.page.locator(".doc-tools button, .doc-tools a").evaluateAll((els) =>
        els.filter((e) => e.getBoundingClientRect().height < 44).map((e) => e.textContent)
      );
      assert.deepEqual(small, []);
      assert.deepEqual(phone.errors, []);
      await phone.context.close();
    });

    assert.deepEqual(errors.filter((e) => !e.includes("413")), []);
  } finally {
    await browser.close();
  }
});
