/**
 * The workspace panel in real Chromium against a real Hearth server, on a phone: Files opens it,
 * an uploaded file shows in the tree and previews as text, an HTML file previews in a sandboxed
 * frame whose script cannot read the app's cookies nor reach its API, a snapshot taken by hand
 * brings a deleted file back; an upload's Cancel; where Files shows; and on a desktop the side
 * column, an image, a folder to upload into, Load a zip and Download all.
 */
import assert from "node:assert/strict";
import { Buffer } from "node:buffer";
import { strToU8, unzipSync, zipSync } from "fflate";
import type { Page } from "playwright-core";
import { createConversation } from "../lib/chat/store.ts";
import { pngBytes } from "../lib/chat/testing.ts";
import { launchBrowser } from "./helpers/browser.ts";
import { openChat, startChatServer, type Wrap } from "./helpers/chat_server.ts";

const SHOTS = Deno.env.get("HEARTH_SHOTS");

async function shot(page: Page, name: string) {
  if (SHOTS) await page.screenshot({ path: `${SHOTS}/${name}.png` });
}

/** The page's HTML file: its script writes what it could reach into the page. */
const PAGE_HTML = `<!doctype html><html><body><h1>Made by the agent</h1><p id="out">…</p>
<script>
const out = [];
try { out.push("cookie:" + document.cookie); } catch (e) { out.push("cookie-blocked:" + e.name); }
try { out.push("parent:" + parent.document.title); } catch (e) { out.push("parent-blocked:" + e.name); }
fetch("/api/session").then((r) => r.status, (e) => "api-blocked").then((s) => {
  out.push("api:" + s);
  document.getElementById("out").textContent = out.join(" ");
});
</script></body></html>`;

async function start(wrap?: Wrap) {
  const hearth = await startChatServer({ wrap });
  const conv = await createConversation(hearth.services.db.kysely, hearth.members.Ann, {
    title: "Agent at work",
    agent: true,
  });
  return Object.assign(hearth, { convId: conv.id });
}

/** Picks a file into the panel's Upload input and waits until its row is gone from the list. */
async function upload(
  page: Page,
  name: string,
  content: string | Uint8Array,
  mimeType = "text/plain",
) {
  await page.locator(".ws-tools input[type=file]").first().setInputFiles({
    name,
    mimeType,
    buffer: Buffer.from(content),
  });
  await page.locator(".ws-tree .ws-name", { hasText: name }).waitFor();
}

Deno.test("workspace browser - upload, tree, previews (HTML sandboxed), snapshot, delete, restore on a phone", async () => {
  await using hearth = await start();
  const browser = await launchBrowser();
  try {
    const { page, context, errors } = await openChat(browser, hearth.url, { phone: true });
    // A cookie the app's own scripts can read: the preview's must not.
    await context.addCookies([{ name: "probe", value: "app-secret", url: hearth.url }]);
    // A dialog the page already closed (it navigated) cannot be accepted: not a failure.
    page.on("dialog", (d) => void d.accept().catch(() => {}));
    await page.goto(`${hearth.url}/chat/${hearth.convId}`);
    await page.getByRole("button", { name: "Files" }).click();
    const panel = page.locator(".ws-panel");
    await panel.waitFor();
    await panel.getByText("No files yet").waitFor();

    await upload(page, "notes.txt", "Shopping: milk, eggs\nLine two");
    await panel.locator(".ws-name", { hasText: "notes.txt" }).click();
    await panel.locator(".ws-text", { hasText: "Shopping: milk, eggs" }).waitFor();
    await shot(page, "ws-phone-text");

    await upload(page, "page.html", PAGE_HTML, "text/html");
    await panel.locator(".ws-name", { hasText: "page.html" }).click();
    const frame = panel.locator("iframe.ws-frame");
    await frame.waitFor();
    assert.equal(await frame.getAttribute("sandbox"), "allow-scripts");
    assert.equal(await frame.getAttribute("referrerpolicy"), "no-referrer");
    assert.match((await frame.getAttribute("src")) ?? "", /^\/preview\//);
    const out = page.frameLocator("iframe.ws-frame").locator("#out");
    await out.filter({ hasText: "api:" }).waitFor();
    const seen = (await out.textContent()) ?? "";
    assert.doesNotMatch(seen, /app-secret/, "the frame cannot read the app's cookie");
    assert.match(seen, /cookie-blocked:SecurityError/);
    assert.match(seen, /parent-blocked/);
    assert.match(seen, /api:api-blocked/, "the frame cannot call the API");
    assert.match(await page.evaluate(() => document.cookie), /probe=app-secret/);
    await shot(page, "ws-phone-html");

    // While the workspace is read again the preview keeps its frame: nothing below it jumps.
    await page.evaluate(() => {
      const w = window as unknown as { frameGone: boolean };
      w.frameGone = false;
      new MutationObserver(() => {
        if (!document.querySelector("iframe.ws-frame")) w.frameGone = true;
      }).observe(document.body, { childList: true, subtree: true });
    });

    // A snapshot by hand, then the file deleted, then the snapshot restored: it is back.
    await panel.locator(".ws-snaps > summary").click();
    await panel.getByRole("button", { name: "Take snapshot" }).click();
    await panel.locator(".ws-snap", { hasText: "Taken by hand" }).waitFor();
    await panel.getByRole("button", { name: "Delete notes.txt" }).click();
    await panel.locator(".ws-name", { hasText: "notes.txt" }).waitFor({ state: "detached" });
    await panel.locator(".ws-snap", { hasText: "Taken by hand" })
      .getByRole("button", { name: "Restore" }).click();
    await panel.locator(".ws-name", { hasText: "notes.txt" }).waitFor();
    await panel.getByText(/Restored the snapshot of/).waitFor();
    await panel.locator(".ws-snap", { hasText: "Before a restore" }).waitFor();
    await shot(page, "ws-phone-restored");
    assert.equal(
      await page.evaluate(() => (window as unknown as { frameGone: boolean }).frameGone),
      false,
      "the preview's frame stayed while the workspace was read again",
    );

    // The sheet fits the phone: nothing wider than the screen.
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= 390, `page is ${width}px wide`);
    await panel.getByRole("button", { name: "Close the files" }).click();
    await panel.waitFor({ state: "detached" });
    // The frame's blocked fetch is reported by Chromium; nothing else may be.
    assert.deepEqual(errors.filter((e) => !/Content Security Policy/.test(e)), []);
  } finally {
    await browser.close();
  }
});

Deno.test("workspace browser - a desktop: the side column, an image preview, a folder, Load a zip and Download all", async () => {
  await using hearth = await start();
  const browser = await launchBrowser();
  try {
    const { page } = await openChat(browser, hearth.url);
    await page.goto(`${hearth.url}/chat/${hearth.convId}`);
    await page.getByRole("button", { name: "Files" }).click();
    const panel = page.locator(".ws-panel");
    await panel.waitFor();
    await upload(page, "report.md", "# Report\n\nAll good.");
    // An image previews from the download route.
    await upload(page, "chart.png", await pngBytes(40, 30), "image/png");
    await panel.locator(".ws-name", { hasText: "chart.png" }).click();
    const img = panel.locator("img.ws-image");
    await img.waitFor();
    await page.waitForFunction(() =>
      (document.querySelector("img.ws-image") as HTMLImageElement | null)?.naturalWidth === 40
    );
    const box = (await panel.boundingBox())!;
    const main = (await page.locator(".chat-main").boundingBox())!;
    assert.ok(box.x >= main.x + main.width - 1, "the panel is right of the chat");
    assert.ok(main.width > 500, "the chat keeps its room");
    await shot(page, "ws-desktop-image");
    // A new folder, opened, is where the next upload goes.
    await panel.getByRole("button", { name: "New folder" }).click();
    await panel.getByLabel("Name of the new folder").fill("out");
    await panel.getByRole("button", { name: "Create" }).click();
    await panel.locator(".ws-name", { hasText: "out" }).click();
    await panel.getByText("New files go into out").waitFor();
    await upload(page, "inside.txt", "nested");
    await panel.locator(".ws-tree .ws-tree .ws-name", { hasText: "inside.txt" }).waitFor();

    // Load a zip (after a confirmation), then Download all gives the whole workspace as a zip.
    // A dialog the page already closed (it navigated) cannot be accepted: not a failure.
    page.on("dialog", (d) => void d.accept().catch(() => {}));
    await panel.locator(".ws-tools input[accept*=zip]").setInputFiles({
      name: "pack.zip",
      mimeType: "application/zip",
      buffer: Buffer.from(zipSync({ "zipped/a.txt": strToU8("from the zip") })),
    });
    await panel.getByText("Loaded 1 file from the zip.").waitFor();
    await panel.locator(".ws-name", { hasText: "zipped" }).click();
    await panel.locator(".ws-name", { hasText: "a.txt" }).click();
    await panel.locator(".ws-text", { hasText: "from the zip" }).waitFor();
    const href = await panel.getByRole("link", { name: "Download all" }).getAttribute("href");
    const all = await page.evaluate(async (u) => {
      const res = await fetch(u!);
      return { status: res.status, bytes: [...new Uint8Array(await res.arrayBuffer())] };
    }, href);
    assert.equal(all.status, 200);
    assert.deepEqual(
      Object.keys(unzipSync(new Uint8Array(all.bytes))).filter((n) => !n.endsWith("/")).sort(),
      ["chart.png", "out/inside.txt", "report.md", "zipped/a.txt"],
    );
    await panel.locator(".ws-name", { hasText: "report.md" }).click();
    await panel.locator(".ws-text", { hasText: "All good." }).waitFor();
    await shot(page, "ws-desktop");
  } finally {
    await browser.close();
  }
});

Deno.test("workspace browser - an upload shows its progress and Cancel stops it; Files shows only where it belongs", async () => {
  // Uploads are held (unread) until the test lets them go.
  const held = Promise.withResolvers<void>();
  const release = Promise.withResolvers<void>();
  await using hearth = await start(async (req, next) => {
    if (req.method !== "PUT" || !new URL(req.url).pathname.endsWith("/files")) return await next();
    held.resolve();
    await release.promise;
    return new Response(null, { status: 499 });
  });
  const db = hearth.services.db.kysely;
  const plain = await createConversation(db, hearth.members.Ann, { title: "Plain" });
  const withFiles = await createConversation(db, hearth.members.Ann, { title: "Had an agent" });
  const at = new Date().toISOString();
  await db.insertInto("workspaces").values({
    conversation_id: withFiles.id,
    profile_id: hearth.members.Ann,
    bytes: 10,
    files: 1,
    created_at: at,
    updated_at: at,
  }).execute();
  const browser = await launchBrowser();
  try {
    const { page } = await openChat(browser, hearth.url, { phone: true });
    await page.goto(`${hearth.url}/chat/${plain.id}`);
    await page.locator(".chat-title", { hasText: "Plain" }).waitFor();
    assert.equal(await page.getByRole("button", { name: "Files" }).count(), 0);
    await page.goto(`${hearth.url}/chat/${withFiles.id}`);
    await page.getByRole("button", { name: "Files" }).waitFor();

    await page.goto(`${hearth.url}/chat/${hearth.convId}`);
    await page.getByRole("button", { name: "Files" }).click();
    const panel = page.locator(".ws-panel");
    await panel.locator(".ws-tools input[type=file]").first().setInputFiles({
      name: "big.bin",
      mimeType: "application/octet-stream",
      buffer: Buffer.alloc(8 * 1024 * 1024, 7),
    });
    const row = panel.locator(".doc-uploading", { hasText: "big.bin" });
    await row.locator("progress").waitFor();
    await row.getByText(/Uploading…/).waitFor();
    await held.promise;
    await shot(page, "ws-phone-uploading");
    await row.getByRole("button", { name: "Cancel" }).click();
    await row.waitFor({ state: "detached" });
    assert.equal(await panel.locator(".ws-name", { hasText: "big.bin" }).count(), 0);
  } finally {
    release.resolve();
    await browser.close();
  }
});
