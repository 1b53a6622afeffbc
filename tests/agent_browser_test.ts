/**
 * Agent mode in real Chromium against a real Hearth on the Fake Ollama, whose model calls a write
 * tool in Ollama's wire format: the Agent switch (turning Assistant off), "Ask me before the agent
 * writes files" chosen in the chat, the approval card on a phone, Approve running the step (the
 * file is written), Deny leaving it denied (nothing written), the steps again after a reload, and
 * the admin's per-profile switches. One Chromium for the file. Screenshots go to `HEARTH_SHOTS`
 * when it names a folder.
 */
import assert from "node:assert/strict";
import type { Page } from "playwright-core";
import { getAgentSettings } from "../lib/agent/settings.ts";
import { getConversation } from "../lib/chat/store.ts";
import { workspaceDir } from "../lib/workspace/paths.ts";
import { signInAsAdmin } from "./helpers/admin.ts";
import { launchBrowser } from "./helpers/browser.ts";
import { openChat, startChatServer } from "./helpers/chat_server.ts";

const SHOTS = Deno.env.get("HEARTH_SHOTS");

async function shot(page: Page, name: string) {
  if (SHOTS) await page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: true });
}

/**
 * The model: "write <name>" calls write_file for `<name>.md`; after the tool's answer, it says so.
 * The agent runs on the app's own parts (lib/agent/wiring.ts): the real workspace, tools and
 * snapshots.
 */
async function startHearth() {
  const hearth = await startChatServer({
    fake: {
      reply: (body) => {
        const messages = body.messages as { role: string; content: string }[];
        const last = messages.at(-1);
        if (last?.role === "tool") return { content: `Tool said: ${last.content.slice(0, 60)}` };
        const name = /^write (\w+)$/.exec(last?.content ?? "")?.[1];
        if (Array.isArray(body.tools) && name) {
          return {
            toolCalls: [{
              name: "write_file",
              arguments: { path: `${name}.md`, content: `# ${name}\n` },
            }],
          };
        }
        return { content: "A plain answer." };
      },
    },
  });
  return hearth;
}

const exists = (path: string) => Deno.stat(path).then(() => true, () => false);

Deno.test("agent browser - phone: the Agent switch, an approval card, Approve writes, Deny does not; the admin's switches", async (t) => {
  await using hearth = await startHearth();
  const browser = await launchBrowser();
  try {
    const { page, errors } = await openChat(browser, hearth.url, { phone: true });
    await page.locator(".composer-model select").selectOption("llama3.2:latest");
    const agent = page.locator(".composer-agent input");
    const assistant = page.locator(".composer-assistant input");
    let convId = "";

    await t.step(
      "the Agent switch makes an agent conversation; Assistant turns it off",
      async () => {
        assert.equal(await agent.isChecked(), false, "off by default");
        await agent.click();
        await page.waitForURL(/\/chat\/[\w-]+$/);
        await page.waitForFunction(() =>
          (document.querySelector(".composer-agent input") as HTMLInputElement).checked
        );
        convId = decodeURIComponent(new URL(page.url()).pathname.split("/")[2]);
        const db = hearth.services.db.kysely;
        assert.equal((await getConversation(db, hearth.members.Ann, convId))?.agent, true);
        await assistant.click();
        await page.waitForFunction(() =>
          !(document.querySelector(".composer-agent input") as HTMLInputElement).checked
        );
        const c = await getConversation(db, hearth.members.Ann, convId);
        assert.deepEqual([c?.assistant, c?.agent], [true, false]);
        await agent.click();
        await page.waitForFunction(() =>
          !(document.querySelector(".composer-assistant input") as HTMLInputElement).checked
        );
        assert.equal((await getConversation(db, hearth.members.Ann, convId))?.agent, true);
        const squeezed = await page.evaluate(() =>
          [...document.querySelectorAll(".composer-assistant, .composer-agent")].filter((el) =>
            el.getBoundingClientRect().right > innerWidth
          ).length
        );
        assert.equal(squeezed, 0, "the switches stay on the screen");
      },
    );

    await t.step("'Ask me before the agent writes files' is chosen in the chat", async () => {
      await page.getByRole("button", { name: "Agent settings" }).click();
      const writes = page.locator(".agent-ask-row", { hasText: "writes or changes files" })
        .locator("input");
      await writes.waitFor();
      assert.equal(await writes.isChecked(), false, "writes run without asking by default");
      await writes.click();
      await page.locator(".agent-ask", { hasText: "Saved" }).waitFor();
      assert.equal(
        (await getAgentSettings(hearth.services.db.kysely, hearth.members.Ann))
          .approve.write,
        true,
      );
      await shot(page, "agent-ask-390");
      await page.locator(".agent-ask").getByRole("button", { name: "Close" }).click();
    });

    const root = () => workspaceDir(hearth.services.paths, convId);

    await t.step("the approval card shows on a phone; Approve runs the step", async () => {
      await page.locator(".composer-text").fill("write notes");
      await page.locator(".composer-send").click();
      const card = page.locator(".agent-approval");
      await card.waitFor();
      assert.match(await card.textContent() ?? "", /wants to write or change files/);
      assert.match(await card.locator(".agent-args").textContent() ?? "", /notes\.md/);
      assert.equal(await exists(`${root()}/notes.md`), false, "nothing written before Approve");
      // A finger-sized target, inside the screen.
      const approve = card.getByRole("button", { name: "Approve" });
      const box = (await approve.boundingBox())!;
      assert.ok(box.height >= 44 && box.x + box.width <= 390, JSON.stringify(box));
      assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= innerWidth));
      await shot(page, "agent-approval-390");
      await approve.click();
      await card.locator(".agent-decision", { hasText: "Approved" }).waitFor();
      const done = page.locator(".msg-assistant:not(.msg-streaming) .agent-step[data-state=done]");
      await done.waitFor();
      assert.match(await done.locator("summary").textContent() ?? "", /write_file/);
      assert.equal(await Deno.readTextFile(`${root()}/notes.md`), "# notes\n");
      await page.locator(".msg-assistant .msg-body", { hasText: "Tool said" }).waitFor();
      await shot(page, "agent-approved-390");
    });

    await t.step(
      "the step's file opens the workspace panel: the file, and the snapshot taken before the turn",
      async () => {
        await page.locator(".agent-file", { hasText: "notes.md" }).first().click();
        const panel = page.locator(".ws-panel");
        await panel.locator(".ws-tree .ws-name", { hasText: "notes.md" }).waitFor();
        await panel.locator(".ws-snaps summary").click();
        await panel.locator(".ws-snap", { hasText: "Before a reply" }).waitFor();
        await shot(page, "agent-panel-390");
        await page.keyboard.press("Escape");
        await panel.waitFor({ state: "detached" });
      },
    );

    await t.step("Deny leaves the step denied and writes nothing", async () => {
      await page.locator(".composer-text").fill("write secret");
      await page.locator(".composer-send").click();
      const card = page.locator(".agent-approval", { hasText: "secret" });
      await card.locator("button", { hasText: "Deny" }).click();
      await card.locator(".agent-decision", { hasText: "Denied" }).waitFor();
      const denied = page.locator(
        ".msg-assistant:not(.msg-streaming) .agent-step[data-state=denied]",
      );
      await denied.waitFor();
      assert.match(await denied.textContent() ?? "", /Denied/);
      assert.equal(await exists(`${root()}/secret.md`), false);
      await shot(page, "agent-denied-390");
    });

    await t.step(
      "a reload while a step waits shows its card again, and Approve still runs it",
      async () => {
        await page.locator(".composer-text").fill("write later");
        await page.locator(".composer-send").click();
        const card = page.locator(".agent-approval", { hasText: "later" });
        await card.waitFor();
        // Waiting for the person, the reply no longer says it reads the message.
        assert.equal(await page.locator(".msg-typing", { hasText: "Reading" }).count(), 0);
        await page.reload();
        await card.locator("button", { hasText: "Approve" }).click();
        await card.locator(".agent-decision", { hasText: "Approved" }).waitFor();
        await page.locator(".msg-assistant:not(.msg-streaming) .agent-step", {
          hasText: "later.md",
        })
          .waitFor();
        assert.equal(await Deno.readTextFile(`${root()}/later.md`), "# later\n");
      },
    );

    await t.step("after a reload the steps come back from the saved replies", async () => {
      await page.reload();
      await page.locator(".agent-step[data-state=denied]").waitFor();
      await page.locator(".agent-step[data-state=done]").first().waitFor();
      // Each step once (the server's rendering is not doubled by the browser's).
      assert.equal(await page.locator(".agent-step").count(), 3);
      assert.equal(await page.locator(".agent-approval").count(), 0, "no card for ended steps");
      // Opening a step shows its arguments and result.
      const done = page.locator(".agent-step[data-state=done]").first();
      await done.locator("summary").click();
      await done.locator(".agent-result").waitFor();
      await shot(page, "agent-reloaded-390");
      assert.deepEqual(errors, []);
    });

    await t.step("the admin allows Ann's agent to run commands and sets her space", async () => {
      const admin = await browser.newContext({ viewport: { width: 1280, height: 800 } });
      const p = await admin.newPage();
      const { id: adminId } = await hearth.services.db.kysely.selectFrom("profiles")
        .select("id").where("is_admin", "=", 1).executeTakeFirstOrThrow();
      await signInAsAdmin(p, hearth.url, adminId);
      await p.goto(`${hearth.url}/admin/profiles`);
      const row = p.locator(`[data-profile="${hearth.members.Ann}"]`);
      await row.getByRole("button", { name: "Edit" }).click();
      const form = row.locator(".agent-admin");
      await form.locator("fieldset:not([disabled])").waitFor();
      assert.equal(await form.getByLabel("May run commands").isChecked(), false);
      await form.getByLabel("May run commands").click();
      await form.locator("input[name=quota]").fill("100");
      await form.getByRole("button", { name: "Save agent settings" }).click();
      await form.locator(".auth-note", { hasText: "Saved" }).waitFor();
      const s = await getAgentSettings(hearth.services.db.kysely, hearth.members.Ann);
      assert.deepEqual([s.allowExec, s.allowNetwork, s.quotaBytes], [true, false, 100 * 2 ** 20]);
      await shot(p, "agent-admin-1280");
      await p.setViewportSize({ width: 390, height: 844 });
      await shot(p, "agent-admin-390");
      await admin.close();
    });
  } finally {
    await browser.close();
  }
});
