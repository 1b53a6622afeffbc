/**
 * Test factories for the agent: a workspace double in memory, a small tool registry over it, and
 * a chat engine whose `ann` chats in an agent conversation with a scripted Fake Ollama.
 */
import { z } from "zod";
import { defineTool, ToolRegistry } from "../assistant/registry.ts";
import { assistantContext } from "../assistant/turn.ts";
import { drain } from "../assistant/testing.ts";
import { sendMessage } from "../chat/engine.ts";
import { createConversation, getMessage } from "../chat/store.ts";
import { chatEngine } from "../chat/testing.ts";
import { HttpError } from "../http/errors.ts";
import { ListFeeds } from "../lists/feed.ts";
import { Logger } from "../log/logger.ts";
import type { FakeReply } from "../ollama/fake_chat.ts";
import type { AgentTool, AgentToolContext, ToolResult, WorkspaceFiles } from "../tools/types.ts";
import { WORKSPACE_LIMITS } from "../workspace/types.ts";
import { Approvals } from "./approvals.ts";
import { agentTurn } from "./loop.ts";
import type { AgentSettings } from "./types.ts";

/** A workspace in a map: a path with `..` or a leading `/` is `path_outside`, as confine says. */
export function memoryWorkspace(
  profileId: string,
  conversationId: string,
): WorkspaceFiles & { files: Map<string, string> } {
  const files = new Map<string, string>();
  const check = (path: string) => {
    if (path.startsWith("/") || path.split("/").includes("..")) {
      throw new HttpError(400, "path_outside", "The path leads outside the workspace.");
    }
    return path;
  };
  const entry = (path: string) => ({
    path,
    kind: "file" as const,
    size: files.get(path)?.length ?? 0,
    modifiedAt: new Date(0).toISOString(),
  });
  const missing = () => new HttpError(404, "file_not_found", "There is no such file.");
  const unused = () => Promise.reject(new Error("not in the double"));
  return {
    files,
    profileId,
    conversationId,
    root: "/nowhere",
    resolve: (path) => Promise.resolve(`/nowhere/${check(path)}`),
    list: () => Promise.resolve({ entries: [...files.keys()].map(entry), truncated: false }),
    readText(path) {
      const text = files.get(check(path));
      if (text === undefined) return Promise.reject(missing());
      return Promise.resolve({ text, size: text.length, truncated: false });
    },
    write(path, data) {
      files.set(check(path), typeof data === "string" ? data : new TextDecoder().decode(data));
      return Promise.resolve(entry(path));
    },
    edit: unused,
    remove: unused,
    move: unused,
    mkdir: unused,
    search: unused,
    usage: () => Promise.resolve({ bytes: 0, files: files.size }),
    rescan: () => Promise.resolve(),
  };
}

/**
 * The double's tools: `read_file` (read), `write_file` (write), `add_todo` (write, answers a
 * card without touching anything), `explode` (a bug: throws).
 */
export const TEST_TOOLS: AgentTool[] = [
  defineTool<AgentToolContext, ToolResult, z.ZodType<{ path: string }>>({
    name: "read_file",
    description: "Reads a text file of the workspace.",
    input: z.object({ path: z.string() }),
    risk: "read",
    workspace: true,
    async run(ctx, { path }) {
      const { text } = await ctx.workspace.readText(path);
      return { content: text, summary: `Read ${path}` };
    },
  }),
  defineTool<AgentToolContext, ToolResult, z.ZodType<{ path: string; content: string }>>({
    name: "write_file",
    description: "Writes a text file of the workspace.",
    input: z.object({ path: z.string(), content: z.string() }),
    risk: "write",
    workspace: true,
    async run(ctx, { path, content }) {
      await ctx.workspace.write(path, content);
      return { content: `Wrote ${path}.`, summary: `Wrote ${path}`, path };
    },
  }),
  defineTool<AgentToolContext, ToolResult, z.ZodType<{ title: string }>>({
    name: "add_todo",
    description: "Adds a todo (an assistant action with a card).",
    input: z.object({ title: z.string() }),
    risk: "write",
    run: (_ctx, { title }) =>
      Promise.resolve({
        content: `Added ${title}.`,
        summary: `Added ${title}`,
        card: {
          actionId: "act-1",
          tool: "create_todo",
          kind: "todo",
          title: "Todo added",
          summary: title,
        },
      }),
  }),
  defineTool<AgentToolContext, ToolResult, z.ZodType<Record<string, never>>>({
    name: "explode",
    description: "Always fails.",
    input: z.object({}),
    risk: "read",
    run: () => Promise.reject(new Error("kaboom")),
  }),
] as AgentTool[];

/** The defaults a profile without settings has. */
export function testSettings(approve: Partial<AgentSettings["approve"]> = {}): AgentSettings {
  return {
    approve: { write: false, network: true, exec: true, ...approve },
    allowNetwork: false,
    allowExec: false,
    quotaBytes: WORKSPACE_LIMITS.quotaBytes,
  };
}

/**
 * An engine whose `ann` chats in an agent conversation with `model`; `say` sends a message after
 * scripting the model's answers (one per request, in order; then "Done.").
 */
export async function agentChat(
  options: {
    model?: string;
    approve?: Partial<AgentSettings["approve"]>;
    maxSteps?: number;
    approvalTtlMs?: number;
  } = {},
) {
  const model = options.model ?? "llama3.2:latest";
  let queue: FakeReply[] = [];
  const feeds = new ListFeeds();
  const log = new Logger({ write: null });
  const approvals = new Approvals({ ttlMs: options.approvalTtlMs });
  const workspace = memoryWorkspace("ann", "");
  const snapshots: string[] = [];
  const ref: { engine?: Awaited<ReturnType<typeof chatEngine>> } = {};
  const engine = ref.engine = await chatEngine({
    reply: () => queue.shift() ?? { content: "Done." },
  }, {
    defaultModel: () => model,
    log,
    agent: (turn) =>
      agentTurn({
        db: ref.engine!.db,
        log,
        locale: "en",
        now: () => Date.parse("2026-03-04T09:30:00Z"),
        approvals,
        openWorkspace: () => Promise.resolve(workspace),
        snapshot: (_ws, messageId) => Promise.resolve(void snapshots.push(messageId)),
        tools: () => new ToolRegistry(TEST_TOOLS),
        settings: () => Promise.resolve(testSettings(options.approve)),
        assistantContext: (profileId, messageId) =>
          assistantContext(
            { db: ref.engine!.db, feeds, locale: "en", now: () => 0 },
            profileId,
            messageId,
          ),
        maxSteps: options.maxSteps,
      }, turn),
  });
  const db = engine.db;
  const conversation = await createConversation(db.kysely, "ann", { agent: true, model });
  return {
    ...engine,
    fake: engine.fake!,
    log,
    approvals,
    workspace,
    snapshots,
    conversation,
    /** Starts a reply to `content` with the model's answers scripted; answers the task. */
    async start(content: string, script: FakeReply[]) {
      queue = [...script];
      return await sendMessage(engine.deps, {
        profileId: "ann",
        conversationId: conversation.id,
        content,
      });
    },
    /** Sends `content` and answers the stream's events and the saved reply. */
    async say(content: string, script: FakeReply[]) {
      const started = await this.start(content, script);
      const events = await drain(started.task);
      await started.titled;
      const reply = await getMessage(db.kysely, "ann", started.assistantMessage.id);
      return { events, reply };
    },
    /** The chat requests the model got (titles left out), oldest first. */
    chats() {
      return engine.fake!.requests.filter((r) =>
        r.path === "/api/chat" && Array.isArray(r.body?.messages) &&
        String((r.body!.messages as { content: string }[])[0]?.content).includes("Hearth's agent")
      ).map((r) => r.body!);
    },
    async [Symbol.asyncDispose]() {
      approvals.close();
      feeds.close();
      await engine[Symbol.asyncDispose]();
    },
  };
}
