import { createMemo } from "./lib/memos/store.ts";
import { launchBrowser } from "./tests/helpers/browser.ts";
import { startChatServer } from "./tests/helpers/chat_server.ts";
await using hearth = await startChatServer({ members: ["Ann"] });
const { url, services } = hearth;
const ann = hearth.members.Ann;
const db = services.db.kysely;
const samples = [
  {
    title: "Wifi",
    body: "Network **Hearth-5G**\n\nPassword: `correct horse battery staple`",
    tags: ["home", "tech"],
    pinned: true,
  },
  {
    title: "Pancake recipe",
    body:
      "## Ingredients\n- 2 eggs\n- 250 ml milk\n- 125 g flour\n\n## Method\n1. Whisk\n2. Rest 30 min\n3. Fry thin\n\n> Grandma says: butter, not oil.\n\nSee [the original](https://example.org/pancakes).\n\nMore notes\nline\nline\nline\nline\nline",
    tags: ["food", "breakfast"],
    pinned: false,
  },
  {
    title: "",
    body: "Call the plumber about the kitchen tap, ask for Tuesday",
    tags: [],
    pinned: false,
  },
  {
    title: "Books to read",
    body: "- [ ] Middlemarch\n- [x] Dune\n- [ ] The Overstory",
    tags: ["reading"],
    pinned: false,
  },
  { title: "Garden", body: "Tomatoes need staking next week.", tags: ["garden"], pinned: false },
];
for (const s of samples) await createMemo(db, ann, s);
const browser = await launchBrowser();
for (const [w, h, name] of [[390, 844, "phone"], [1280, 800, "desk"]] as const) {
  const ctx = await browser.newContext({
    viewport: { width: w, height: h },
    ...(w < 500 ? { isMobile: true, hasTouch: true } : {}),
  });
  const page = await ctx.newPage();
  await page.goto(`${url}/profiles?next=%2Fmemos`);
  await page.locator(".profile-tile", { hasText: "Ann" }).first().click();
  await page.waitForURL(`${url}/memos`);
  await page.getByRole("button", { name: "New memo" }).waitFor();
  await page.screenshot({ path: `/tmp/memoshots/${name}-list.png`, fullPage: true });
  await page.getByRole("button", { name: "New memo" }).click();
  await page.getByLabel("Title").fill("Shopping");
  await page.getByLabel("Text (Markdown)").fill("- **milk**\n- bread");
  await page.getByRole("button", { name: "Save" }).click().catch(() => {});
  await page.getByRole("button", { name: "New memo" }).click();
  await page.getByRole("button", { name: "Save" }).click();
  await page.locator(".field-error").waitFor();
  await page.screenshot({ path: `/tmp/memoshots/${name}-editor.png` });
  await page.getByRole("button", { name: "Preview" }).click();
  await page.getByLabel("Text (Markdown)").evaluate(() => {});
  await page.screenshot({ path: `/tmp/memoshots/${name}-preview.png` });
  await ctx.close();
}
await browser.close();
