/**
 * Actions from chat in real Chromium against a real Hearth on the Fake Ollama, whose model calls
 * tools in Ollama's wire format: the Assistant switch, "remind me to call mum tomorrow at 6"
 * becoming a todo with a card (Open, Edit, Undo), Undo really deleting it, and the card still
 * undone after a reload. Screenshots go to `HEARTH_SHOTS` when it names a folder.
 */
import assert from "node:assert/strict";
import type { Page } from "playwright-core";
import { listTodos } from "../lib/todos/store.ts";
import { launchBrowser } from "./helpers/browser.ts";
import { type ChatServer, openChat, startChatServer } from "./helpers/chat_server.ts";

const ASK = "remind me to call mum tomorrow at 6";

function startHearth() {
  return startChatServer({
    fake: {
      reply: (body) => {
        const last = (body.messages as { content: string }[]).at(-1)?.content ?? "";
        if (Array.isArray(body.tools) && last === ASK) {
          return {
            toolCalls: [{
              name: "create_todo",
              arguments: { title: "Call mum", when: "tomorrow at 6" },
            }],
          };
        }
        return { content: "A plain answer." };
      },
    },
  });
}

const todosOf = async (hearth: ChatServer) =>
  (await listTodos(hearth.services.db.kysely, hearth.members.Ann, {
    sort: "created",
    limit: 10,
    offset: 0,
  })).todos;

async function shot(page: Page, name: string) {
  const dir = Deno.env.get("HEARTH_SHOTS");
  if (dir) await page.screenshot({ path: `${dir}/${name}.png` });
}

for (const phone of [true, false]) {
  Deno.test(`assistant browser - ${phone ? "phone" : "desktop"}: a reminder typed in chat becomes a todo with a card, and Undo removes it`, async () => {
    await using hearth = await startHearth();
    const browser = await launchBrowser();
    try {
      const { page, errors } = await openChat(browser, hearth.url, { phone });
      // With a thinking model both switches sit beside the model choice, inside the screen.
      const select = page.locator(".composer-model select");
      await select.selectOption("qwen3:0.6b");
      await page.locator(".composer-think input").waitFor();
      // Each switch's words fit its own box (squeezed labels overflow into each other).
      const squeezed = await page.evaluate(() =>
        [...document.querySelectorAll(".composer-think, .composer-assistant")].filter((el) =>
          el.scrollWidth > el.clientWidth + 1 || el.getBoundingClientRect().right > innerWidth
        ).length
      );
      assert.equal(squeezed, 0, "the switches do not overlap");
      await shot(page, `assistant-switches-${phone ? "390" : "1280"}`);
      // A model that calls tools (the list starts with one that cannot).
      await select.selectOption("llama3.2:latest");
      const toggle = page.locator(".composer-assistant input");
      assert.equal(await toggle.isChecked(), false, "off by default");
      await toggle.check();
      // The switch makes the conversation (empty) and keeps the choice on it.
      await page.waitForURL(/\/chat\/[\w-]+$/);
      await page.locator(".composer-text").fill(ASK);
      await page.locator(".composer-send").click();

      const card = page.locator(".action-card");
      await card.waitFor();
      assert.equal(await card.locator(".action-head strong").textContent(), "Todo added");
      assert.match(await card.locator(".action-summary").textContent() ?? "", /^Call mum · /);
      const [todo] = await todosOf(hearth);
      assert.equal(todo.title, "Call mum");
      const open = card.locator("a.chat-chip", { hasText: "Open" });
      assert.equal(await open.getAttribute("href"), `/todos#t-${todo.id}`);
      assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= innerWidth));
      await shot(page, `assistant-card-${phone ? "390" : "1280"}`);

      // Edit puts a sentence to finish into the composer.
      await card.locator("button", { hasText: "Edit" }).click();
      assert.equal(
        await page.locator(".composer-text").inputValue(),
        "Change the todo “Call mum”: ",
      );
      await page.locator(".composer-text").fill("");

      await card.locator("button", { hasText: "Undo" }).click();
      await card.locator(".action-state", { hasText: "Undone" }).waitFor();
      assert.equal(await card.locator("button", { hasText: "Undo" }).count(), 0);
      assert.deepEqual(await todosOf(hearth), [], "the todo is gone");
      await shot(page, `assistant-undone-${phone ? "390" : "1280"}`);

      // After a reload the card is still there, undone, and the switch still on.
      await page.reload();
      await page.locator(".action-card .action-state", { hasText: "Undone" }).waitFor();
      assert.equal(await page.locator(".composer-assistant input").isChecked(), true);
      assert.deepEqual(errors, []);
    } finally {
      await browser.close();
    }
  });
}
