/**
 * Test factories for the agent's tools: a minimal `WorkspaceFiles` double over a temp folder
 * (lexical confinement only; the real one is lib/workspace/workspace.ts) and an
 * `AgentToolContext` for profile `ann` of `chatTestDb`, with a conversation and an agent reply.
 */
import { join } from "node:path";
import type { AssistantContext } from "../assistant/context.ts";
import { DEFAULT_AGENT_SETTINGS } from "../agent/settings.ts";
import { addMessage, createConversation } from "../chat/store.ts";
import { chatTestDb } from "../chat/testing.ts";
import type { Db } from "../db/mod.ts";
import { HttpError } from "../http/errors.ts";
import { type Locale, translator } from "../i18n/mod.ts";
import { ListFeeds } from "../lists/feed.ts";
import { Logger } from "../log/logger.ts";
import type { TreeEntry } from "../workspace/types.ts";
import type { AgentToolContext, WorkspaceFiles } from "./types.ts";

/** Wednesday 4 March 2026, 10:30 in Berlin. */
export const TOOLS_NOW = Date.parse("2026-03-04T09:30:00Z");

function relative(path: string): string {
  const parts = path.split("/").filter((p) => p && p !== ".");
  if (path.startsWith("/") || parts.includes("..") || path.includes("\0")) {
    throw new HttpError(400, "path_outside", `${path} is outside the workspace.`);
  }
  return parts.join("/");
}

/** A `WorkspaceFiles` over `root` that writes and reads text; the rest is not needed here. */
export class TempWorkspace implements WorkspaceFiles {
  constructor(
    readonly root: string,
    readonly profileId = "ann",
    readonly conversationId = "conv",
  ) {}

  resolve(path: string): Promise<string> {
    return Promise.resolve(join(this.root, relative(path)));
  }

  async #entry(rel: string): Promise<TreeEntry> {
    const info = await Deno.stat(join(this.root, rel));
    return {
      path: rel,
      kind: info.isDirectory ? "dir" : "file",
      size: info.isDirectory ? 0 : info.size,
      modifiedAt: (info.mtime ?? new Date()).toISOString(),
    };
  }

  async list(path = ""): Promise<{ entries: TreeEntry[]; truncated: boolean }> {
    const rel = relative(path);
    const entries: TreeEntry[] = [];
    for await (const e of Deno.readDir(join(this.root, rel))) {
      entries.push(await this.#entry(rel ? `${rel}/${e.name}` : e.name));
    }
    return { entries: entries.sort((a, b) => a.path.localeCompare(b.path)), truncated: false };
  }

  async readText(path: string): Promise<{ text: string; size: number; truncated: boolean }> {
    const text = await Deno.readTextFile(await this.resolve(path));
    return { text, size: new TextEncoder().encode(text).length, truncated: false };
  }

  async write(
    path: string,
    data: string | Uint8Array,
    opts: { overwrite?: boolean } = {},
  ): Promise<TreeEntry> {
    const rel = relative(path);
    const abs = join(this.root, rel);
    const exists = await Deno.stat(abs).then(() => true, () => false);
    if (exists && opts.overwrite === false) {
      throw new HttpError(409, "file_exists", `${rel} exists already.`);
    }
    await Deno.mkdir(join(abs, ".."), { recursive: true });
    if (typeof data === "string") await Deno.writeTextFile(abs, data);
    else await Deno.writeFile(abs, data);
    return await this.#entry(rel);
  }

  edit(): Promise<{ replacements: number; entry: TreeEntry }> {
    return Promise.reject(new Error("not in this double"));
  }
  remove(): Promise<void> {
    return Promise.reject(new Error("not in this double"));
  }
  move(): Promise<TreeEntry> {
    return Promise.reject(new Error("not in this double"));
  }
  async mkdir(path: string): Promise<TreeEntry> {
    await Deno.mkdir(await this.resolve(path), { recursive: true });
    return await this.#entry(relative(path));
  }
  search(): Promise<{ matches: never[]; truncated: boolean }> {
    return Promise.resolve({ matches: [], truncated: false });
  }
  usage(): Promise<{ bytes: number; files: number }> {
    return Promise.resolve({ bytes: 0, files: 0 });
  }
  rescan(): Promise<void> {
    return Promise.resolve();
  }
}

/** A tool context for `ann` (zone Europe/Berlin) over a fresh test database and temp folder. */
export async function toolContext(options: { locale?: Locale } = {}) {
  const db: Db = await chatTestDb();
  await db.kysely.updateTable("profiles").set({ time_zone: "Europe/Berlin" }).execute();
  const conversation = await createConversation(db.kysely, "ann", { title: "Agent" });
  const reply = await addMessage(db.kysely, "ann", conversation.id, {
    role: "assistant",
    content: "",
  });
  const root = await Deno.makeTempDir({ prefix: "hearth-tools-" });
  const feeds = new ListFeeds();
  const locale = options.locale ?? "en";
  const assistant: AssistantContext = {
    db,
    feeds,
    profileId: "ann",
    timeZone: "Europe/Berlin",
    locale,
    now: new Date(TOOLS_NOW),
    t: translator(locale),
    messageId: reply.id,
  };
  const ctx: AgentToolContext = {
    profileId: "ann",
    conversationId: conversation.id,
    messageId: reply.id,
    workspace: new TempWorkspace(root, "ann", conversation.id),
    assistant,
    settings: structuredClone(DEFAULT_AGENT_SETTINGS),
    signal: new AbortController().signal,
    log: new Logger({ write: null }),
    now: () => TOOLS_NOW,
  };
  return {
    db,
    feeds,
    ctx,
    root,
    async [Symbol.asyncDispose]() {
      feeds.close();
      await db.close();
      await Deno.remove(root, { recursive: true });
    },
  };
}
