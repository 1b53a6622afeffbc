import { launchBrowser } from "./tests/helpers/browser.ts";
import { openChat, startChatServer } from "./tests/helpers/chat_server.ts";
const step = (id: string, n: number, name: string, risk: string, state: string, more = {}) => ({ id, step: n, name, risk, arguments: { path: "notes/todo.md", content: "# Todo\n- milk\n- eggs" }, state, ...more });
const events: [string, unknown][] = [
  ["meta", { conversationId: "CONV", userMessageId: "u1", assistantMessageId: "m1", taskId: "t1", model: "llama3.2:latest" }],
  ["tool", step("s1", 1, "list_files", "read", "done", { summary: "3 files", durationMs: 12, result: "notes/\nREADME.md\nplan.txt" })],
  ["tool", step("s2", 2, "fetch_url", "network", "error", { summary: "address_blocked", code: "address_blocked", durationMs: 40, result: '{"error":{"code":"address_blocked"}}' })],
  ["tool", step("s3", 3, "write_file", "write", "done", { summary: "Wrote notes/todo.md (22 B)", durationMs: 5, path: "notes/todo.md" })],
  ["tool", step("s4", 4, "run_command", "exec", "waiting", { arguments: { command: "ls -la && python3 make.py --out build/" } })],
  ["approval", { id: "a1", stepId: "s4", name: "run_command", risk: "exec", arguments: { command: "ls -la && python3 make.py --out build/" }, expiresAt: new Date(Date.now() + 600000).toISOString() }],
];
await using hearth = await startChatServer();
const browser = await launchBrowser();
for (const phone of [true, false]) {
  const { page } = await openChat(browser, hearth.url, { phone });
  await page.route("**/api/chat/stream", (route) => route.fulfill({ status: 200, headers: { "content-type": "text/event-stream", "x-hearth-task": "t1" }, body: events.map(([e, d], i) => `id: ${i}\nevent: ${e}\ndata: ${JSON.stringify(d)}\n\n`).join("") }));
  await page.route("**/api/tasks/**", (route) => new Promise(() => {}));
  await page.route("**/api/agent/approvals/**", (route) => route.fulfill({ status: 200, contentType: "application/json", body: JSON.stringify({ decision: "approved" }) }));
  await page.locator(".composer-text").fill("Make a todo file");
  await page.locator(".composer-send").click();
  await page.locator(".agent-approval").waitFor();
  await page.locator(".agent-step details").nth(0).evaluate((d) => (d as HTMLDetailsElement).open = true);
  await page.waitForTimeout(300);
  await page.screenshot({ path: `/tmp/chatui_shot_${phone ? "390" : "1280"}.png`, fullPage: false });
  await page.locator(".agent-approval button", { hasText: "Approve" }).click();
  await page.locator(".agent-decision").waitFor();
  await page.screenshot({ path: `/tmp/chatui_shot_${phone ? "390" : "1280"}_b.png` });
  await page.context().close();
}
await browser.close();
