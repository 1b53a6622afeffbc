/**
 * Limited profiles in real Chromium against a real Hearth on the Fake Ollama: the admin limits
 * Kid on the profiles page (one model, quiet hours, replies per day), Kid's model menu offers
 * only that model, a message during quiet hours gets the kind note (not the red error line), and
 * after the quiet hours the reply comes and counts for Kid's local day. Screenshots go to
 * `HEARTH_SHOTS` when it names a folder.
 */
import assert from "node:assert/strict";
import type { Page } from "playwright-core";
import { limitsFor } from "../lib/limits/check.ts";
import { signInAsAdmin } from "./helpers/admin.ts";
import { launchBrowser } from "./helpers/browser.ts";
import { openChat, startChatServer } from "./helpers/chat_server.ts";

const SHOTS = Deno.env.get("HEARTH_SHOTS");

async function shot(page: Page, name: string) {
  if (SHOTS) await page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: true });
}

const NIGHT = Date.parse("2026-12-04T21:30:00Z"); // 22:30 in Berlin
const NOON = Date.parse("2026-12-05T11:00:00Z");

Deno.test("limits browser - the admin limits Kid; Kid sees one model and a kind quiet-hours note", async (t) => {
  await using hearth = await startChatServer({ members: ["Kid"] });
  const kid = hearth.members.Kid;
  await hearth.services.db.kysely.updateTable("profiles").set({ time_zone: "Europe/Berlin" })
    .where("id", "=", kid).execute();
  let now = NIGHT;
  hearth.services.now = () => now;
  const [allowed, other] = hearth.ollama.installed();
  assert.ok(allowed && other);
  const browser = await launchBrowser();
  try {
    await t.step("the admin sets Kid's limits on the profiles page", async () => {
      const admin = await browser.newContext({ viewport: { width: 1280, height: 800 } });
      const p = await admin.newPage();
      const { id: adminId } = await hearth.services.db.kysely.selectFrom("profiles")
        .select("id").where("is_admin", "=", 1).executeTakeFirstOrThrow();
      await signInAsAdmin(p, hearth.url, adminId);
      await p.goto(`${hearth.url}/admin/profiles`);
      // The admin's own row offers no limits.
      await p.locator(`[data-profile="${adminId}"]`).getByRole("button", { name: "Edit" }).click();
      await p.locator(`[data-profile="${adminId}"] .agent-admin`).waitFor();
      assert.equal(await p.locator(`[data-profile="${adminId}"] .limits-admin`).count(), 0);
      const row = p.locator(`[data-profile="${kid}"]`);
      await row.getByRole("button", { name: "Edit" }).click();
      const form = row.locator(".limits-admin");
      await form.locator("fieldset:not([disabled])").first().waitFor();
      await form.getByLabel("Limit this profile").click();
      const models = form.locator("[data-kind=models]");
      await models.getByLabel("All of them").click();
      await models.getByLabel(allowed, { exact: true }).click();
      await form.locator("input[name=quietStart]").fill("21:00");
      await form.locator("input[name=quietEnd]").fill("07:00");
      await form.locator("input[name=dailyReplies]").fill("3");
      await shot(p, "limits-editor-1280");
      await form.getByRole("button", { name: "Save limits" }).click();
      await form.locator(".auth-note", { hasText: "Limits saved." }).waitFor();
      await form.locator(".limits-usage", { hasText: "3 left" }).waitFor();
      const limits = await limitsFor(hearth.services.db.kysely, kid);
      assert.deepEqual(limits, {
        models: [allowed],
        tools: null,
        gems: null,
        documents: null,
        quietStart: "21:00",
        quietEnd: "07:00",
        dailyReplies: 3,
      });
      await p.setViewportSize({ width: 390, height: 844 });
      await shot(p, "limits-editor-390");
      await admin.close();
    });

    await t.step(
      "Kid's menu has one model; a message in quiet hours gets the kind note",
      async () => {
        const { page, errors, context } = await openChat(browser, hearth.url, {
          profile: "Kid",
          phone: true,
        });
        const offered = await page.locator(".composer-model select option").evaluateAll((os) =>
          os.map((o) => (o as HTMLOptionElement).value).filter(Boolean)
        );
        assert.deepEqual(offered, [allowed]);
        await page.locator(".composer-text").fill("Tell me a story");
        await page.locator(".composer-send").tap();
        const note = page.locator(".chat-limit");
        await note.waitFor();
        assert.match(await note.innerText(), /quiet time until 07:00/);
        assert.equal(await page.locator(".chat-error").count(), 0, "no red error line");
        await shot(page, "limits-refusal-390");
        // After the quiet hours: answered, and one reply fewer left.
        now = NOON;
        await note.getByRole("button").click();
        await page.locator(".composer-text").fill("Tell me a story");
        await page.locator(".composer-send").tap();
        await page.locator(".msg-user").first().waitFor();
        await page.locator(".msg-streaming").waitFor({ state: "detached", timeout: 30_000 });
        const used = await hearth.services.db.kysely.selectFrom("limit_usage").selectAll()
          .where("profile_id", "=", kid).execute();
        assert.deepEqual(used.map((u) => [u.day, u.replies]), [["2026-12-05", 1]]);
        assert.equal(await page.locator(".chat-limit").count(), 0);
        await page.setViewportSize({ width: 1280, height: 800 });
        await shot(page, "limits-chat-1280");
        // Chromium logs the refused request itself; nothing else went wrong.
        assert.deepEqual(errors.filter((e) => !/status of 403/.test(e)), []);
        await context.close();
      },
    );
  } finally {
    await browser.close();
  }
});
