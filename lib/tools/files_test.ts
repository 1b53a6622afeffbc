import * as assert from "node:assert/strict";
import { ToolRegistry } from "../assistant/registry.ts";
import type { AssistantContext } from "../assistant/context.ts";
import { translator } from "../i18n/mod.ts";
import { rejectsWith, workspaceWorld } from "../workspace/testing.ts";
import type { Workspace } from "../workspace/workspace.ts";
import { FILE_TOOLS } from "./files.ts";
import { bounded, MAX_OUTPUT } from "./guard.ts";
import type { AgentToolContext, ToolResult } from "./types.ts";

const registry = new ToolRegistry<AgentToolContext, ToolResult>(FILE_TOOLS);

function contextOf(ws: Workspace, locale: "en" | "de" = "en"): AgentToolContext {
  return {
    profileId: ws.profileId,
    conversationId: ws.conversationId,
    messageId: "m1",
    workspace: ws,
    assistant: { t: translator(locale), locale } as unknown as AssistantContext,
    settings: {} as AgentToolContext["settings"],
    signal: new AbortController().signal,
    log: console as unknown as AgentToolContext["log"],
    now: () => Date.now(),
  };
}

/** Runs tool `name` with `args` checked by its schema, as the agent loop does. */
function call(ctx: AgentToolContext, name: string, args: unknown): Promise<ToolResult> {
  const tool = registry.get(name)!;
  return tool.run(ctx, tool.input.parse(args));
}

Deno.test("file tools - names, risks and schemas as the model is offered them", () => {
  assert.deepEqual(FILE_TOOLS.map((t) => `${t.name}:${t.risk}`), [
    "list_files:read",
    "read_file:read",
    "write_file:write",
    "edit_file:write",
    "delete_file:write",
    "move_file:write",
    "search_files:read",
    "make_folder:write",
  ]);
  assert.ok(FILE_TOOLS.every((t) => t.workspace));
  const specs = registry.specs();
  assert.equal(specs.length, 8);
  assert.deepEqual((specs[2].parameters as { required: string[] }).required, ["path", "content"]);
});

Deno.test("file tools - a session of work through the tools", async () => {
  await using w = await workspaceWorld();
  const ws = await w.open();
  const ctx = contextOf(ws);
  const wrote = await call(ctx, "write_file", {
    path: "plan/todo.md",
    content: "- eggs\n- milk\n",
  });
  assert.deepEqual(wrote, {
    content: "Wrote plan/todo.md (14 bytes).",
    summary: "Wrote plan/todo.md",
    path: "plan/todo.md",
  });
  assert.equal(
    (await call(ctx, "read_file", { path: "plan/todo.md" })).content,
    "- eggs\n- milk\n",
  );
  const edited = await call(ctx, "edit_file", {
    path: "plan/todo.md",
    search: "milk",
    replace: "tea",
  });
  assert.equal(edited.summary, "Edited plan/todo.md (1×)");
  assert.equal(
    (await call(ctx, "search_files", { query: "tea" })).content,
    "plan/todo.md:2: - tea",
  );
  await call(ctx, "make_folder", { path: "old" });
  await call(ctx, "move_file", { from: "plan/todo.md", to: "old/todo.md" });
  assert.equal(
    (await call(ctx, "list_files", { recursive: true })).content,
    "old/\nold/todo.md (13 bytes)\nplan/",
  );
  await call(ctx, "delete_file", { path: "old", recursive: true });
  assert.equal((await call(ctx, "list_files", {})).content, "plan/");
  // Said in the profile's language.
  assert.equal(
    (await call(contextOf(ws, "de"), "write_file", { path: "a.txt", content: "x" })).summary,
    "a.txt geschrieben",
  );
});

Deno.test("file tools - escapes fail as the workspace's errors, nothing outside is touched", async () => {
  await using w = await workspaceWorld();
  const ws = await w.open();
  const ctx = contextOf(ws);
  await Deno.writeTextFile(`${w.dataDir}/hearth.db`, "secret");
  await Deno.symlink(w.dataDir, `${ws.root}/data`);
  await rejectsWith(() => call(ctx, "read_file", { path: "../../hearth.db" }), "path_outside");
  await rejectsWith(() => call(ctx, "read_file", { path: "data/hearth.db" }), "path_outside");
  await rejectsWith(
    () => call(ctx, "read_file", { path: `${w.dataDir}/hearth.db` }),
    "path_outside",
  );
  await rejectsWith(
    () => call(ctx, "write_file", { path: "data/hearth.db", content: "x" }),
    "path_outside",
  );
  await rejectsWith(() => call(ctx, "delete_file", { path: "../.." }), "path_outside");
  await rejectsWith(
    () => call(ctx, "move_file", { from: "data/hearth.db", to: "mine.db" }),
    "path_outside",
  );
  await rejectsWith(() => call(ctx, "list_files", { path: "data" }), "path_outside");
  await rejectsWith(
    () => call(ctx, "search_files", { query: "secret", path: "data" }),
    "path_outside",
  );
  assert.equal((await call(ctx, "search_files", { query: "secret" })).content, "No matches.");
  assert.equal(await Deno.readTextFile(`${w.dataDir}/hearth.db`), "secret");
});

Deno.test("file tools - answers are bounded", async () => {
  await using w = await workspaceWorld();
  const ws = await w.open();
  const ctx = contextOf(ws);
  await ws.write("big.txt", "line of text\n".repeat(10_000));
  const read = await call(ctx, "read_file", { path: "big.txt" });
  assert.ok(read.content.length <= MAX_OUTPUT);
  assert.match(read.content, /\[… \d+ more characters not shown\]$/);
  const found = await call(ctx, "search_files", { query: "line" });
  assert.ok(found.content.length <= MAX_OUTPUT);
  assert.match(found.content, /more matches not shown/);
  assert.equal(bounded("abc", 10), "abc");
});
