/**
 * Memo, list, search, briefing and chat tools. Memos and list items go through their stores
 * with the REST API's schemas; lists through `lib/lists/access.ts` (a shared list is anyone's to
 * add to); search through the one full-text index; the briefing from `lib/today`.
 */
import { sql } from "kysely";
import { z } from "zod";
import { owned } from "../db/owned.ts";
import { parseWith } from "../http/validate.ts";
import { links } from "../links.ts";
import { addItemsSchema } from "../lists/schemas.ts";
import { addItems, deleteItem, listLists } from "../lists/store.ts";
import { createMemoSchema, updateMemoSchema } from "../memos/schemas.ts";
import { createMemo, deleteMemo, getMemo, updateMemo } from "../memos/store.ts";
import type { Memo } from "../memos/types.ts";
import { search } from "../search/mod.ts";
import { today } from "../today/today.ts";
import {
  type AssistantContext,
  type AssistantTool,
  assistantTool,
  findByWords,
  pickOne,
  recordAction,
  type ToolOutcome,
} from "./context.ts";
import type { ActionCard } from "./types.ts";

/** Where a memo opens. */

const memoName = (m: Memo) => m.title || m.body.split("\n")[0].slice(0, 60);
const match = z.string().min(1).max(200).describe("Words of the memo's title or text");

function memoCard(ctx: AssistantContext, tool: string, title: string, m: Memo, id: string) {
  return {
    actionId: id,
    tool,
    kind: "memo",
    title: ctx.t(title),
    summary: memoName(m),
    href: links.memo(m.id),
    edit: ctx.t("assistant.edit.memo", { title: memoName(m) }),
  } satisfies ActionCard;
}

async function findMemos(ctx: AssistantContext, text: string): Promise<Memo[]> {
  const q = text.trim().toLowerCase();
  const rows = await owned(ctx.db.kysely, ctx.profileId).selectFrom("memos").select("id")
    .where(sql<boolean>`(instr(lower(title), ${q}) > 0 OR instr(lower(body), ${q}) > 0)`)
    .orderBy("updated_at", "desc").limit(20).execute();
  return await Promise.all(rows.map((r) => getMemo(ctx.db.kysely, ctx.profileId, r.id)));
}

const createMemoTool = assistantTool({
  name: "create_memo",
  description: "Write down a note or memo ('note that…', 'remember the wifi code is…').",
  risk: "write",
  input: z.object({
    title: z.string().max(200).optional(),
    body: z.string().min(1).max(100_000).describe("The note itself, as the user said it"),
    tags: z.array(z.string().max(40)).max(20).optional(),
  }),
  async run(ctx, args): Promise<ToolOutcome> {
    const memo = await createMemo(
      ctx.db.kysely,
      ctx.profileId,
      parseWith(createMemoSchema, {
        ...(args.title && { title: args.title }),
        body: args.body,
        ...(args.tags?.length && { tags: args.tags }),
      }),
    );
    const id = await recordAction(ctx, {
      tool: "create_memo",
      target: { kind: "memo", id: memo.id },
      after: memo,
    });
    return {
      type: "done",
      text: ctx.t("assistant.done.createMemo", { title: memoName(memo) }),
      card: memoCard(ctx, "create_memo", "assistant.card.memoAdded", memo, id),
    };
  },
});

const queryMemos = assistantTool({
  name: "query_memos",
  description: "Find the user's notes or memos about something.",
  risk: "read",
  input: z.object({ text: z.string().max(200).optional() }),
  async run(ctx, args): Promise<ToolOutcome> {
    const memos = args.text?.trim()
      ? await findMemos(ctx, args.text)
      : (await owned(ctx.db.kysely, ctx.profileId).selectFrom("memos").select("id")
        .orderBy("updated_at", "desc").limit(10).execute().then((rows) =>
          Promise.all(rows.map((r) => getMemo(ctx.db.kysely, ctx.profileId, r.id)))
        ));
    const items = memos.map((m) => ({
      title: memoName(m),
      detail: m.body.slice(0, 120),
      href: links.memo(m.id),
    }));
    return {
      type: "done",
      text: items.length
        ? ctx.t("assistant.done.found", { n: items.length })
        : ctx.t("assistant.done.foundNone"),
      card: {
        tool: "query_memos",
        kind: "memo",
        title: ctx.t("assistant.card.memos"),
        summary: ctx.t("assistant.card.count", { n: items.length }),
        href: "/memos",
        items,
      },
    };
  },
});

const updateMemoTool = assistantTool({
  name: "update_memo",
  description: "Change a memo: add to it, rewrite it, rename it.",
  risk: "write",
  input: z.object({
    match,
    title: z.string().max(200).optional(),
    body: z.string().max(100_000).optional().describe("The whole new text"),
    append: z.string().max(10_000).optional().describe("Text to add at the end"),
  }),
  async run(ctx, args): Promise<ToolOutcome> {
    const picked = pickOne(
      ctx,
      await findByWords(args.match, (w) => findMemos(ctx, w)),
      args.match,
      memoName,
      memoName,
    );
    if ("ask" in picked) return { type: "ask", text: picked.ask };
    const before = picked.item;
    const body = args.body ??
      (args.append ? `${before.body.trimEnd()}\n\n${args.append}` : undefined);
    const change = {
      ...(args.title && { title: args.title }),
      ...(body !== undefined && { body }),
    };
    if (!Object.keys(change).length) {
      return { type: "ask", text: ctx.t("assistant.ask.change", { title: memoName(before) }) };
    }
    const memo = await updateMemo(
      ctx.db.kysely,
      ctx.profileId,
      before.id,
      parseWith(updateMemoSchema, change),
    );
    const id = await recordAction(ctx, {
      tool: "update_memo",
      target: { kind: "memo", id: memo.id },
      before,
    });
    return {
      type: "done",
      text: ctx.t("assistant.done.updateMemo", { title: memoName(memo) }),
      card: memoCard(ctx, "update_memo", "assistant.card.memoChanged", memo, id),
    };
  },
});

const deleteMemoTool = assistantTool({
  name: "delete_memo",
  description: "Delete a memo.",
  risk: "write",
  input: z.object({ match }),
  async run(ctx, args): Promise<ToolOutcome> {
    const picked = pickOne(
      ctx,
      await findByWords(args.match, (w) => findMemos(ctx, w)),
      args.match,
      memoName,
      memoName,
    );
    if ("ask" in picked) return { type: "ask", text: picked.ask };
    await deleteMemo(ctx.db.kysely, ctx.profileId, picked.item.id);
    const id = await recordAction(ctx, {
      tool: "delete_memo",
      target: { kind: "memo", id: picked.item.id },
      before: picked.item,
    });
    return {
      type: "done",
      text: ctx.t("assistant.done.deleteMemo", { title: memoName(picked.item) }),
      card: {
        ...memoCard(ctx, "delete_memo", "assistant.card.memoDeleted", picked.item, id),
        href: "/memos",
      },
    };
  },
});

const addToList = assistantTool({
  name: "add_to_list",
  description: "Put things on a list ('add milk and eggs to the shopping list').",
  risk: "write",
  input: z.object({
    list: z.string().min(1).max(100).describe("The list's name, as the user said it"),
    items: z.array(z.string().min(1).max(500)).min(1).max(100).describe("One entry per thing"),
  }),
  async run(ctx, args): Promise<ToolOutcome> {
    const lists = await listLists(ctx.db.kysely, ctx.profileId);
    const words = args.list.trim().toLowerCase().replace(/\s*(list|liste)$/, "");
    const found = lists.filter((l) =>
      l.name.toLowerCase().includes(words) || (words.length > 2 && l.kind === words) ||
      (/^(shopping|einkauf)/.test(words) && l.kind === "shopping")
    );
    const picked = pickOne(ctx, found, args.list, (l) => l.name, (l) => l.name);
    if ("ask" in picked) {
      return {
        type: "ask",
        text: found.length ? picked.ask : ctx.t("assistant.ask.noList", { list: args.list }),
      };
    }
    const list = picked.item;
    const texts = parseWith(addItemsSchema, { items: args.items.map((text) => ({ text })) });
    const added = await addItems(
      { db: ctx.db.kysely, feeds: ctx.feeds },
      ctx.profileId,
      list.id,
      texts,
    );
    const id = await recordAction(ctx, {
      tool: "add_to_list",
      target: { kind: "list", id: list.id, items: added.map((i) => i.id) },
      after: added,
    });
    const summary = added.map((i) => i.text).join(", ");
    return {
      type: "done",
      text: ctx.t("assistant.done.addToList", { items: summary, list: list.name }),
      card: {
        actionId: id,
        tool: "add_to_list",
        kind: "list",
        title: ctx.t("assistant.card.listAdded", { list: list.name }),
        summary,
        href: links.list(list.id),
      },
    };
  },
});

const searchTool = assistantTool({
  name: "search",
  description: "Search everything the user has: chats, todos, events, memos, list items.",
  risk: "read",
  input: z.object({ query: z.string().min(1).max(200) }),
  run(ctx, args): Promise<ToolOutcome> {
    const hits = search(ctx.db.raw, { profileId: ctx.profileId, q: args.query, limit: 10 });
    const items = hits.map((h) => ({
      title: h.title || h.snippet.replace(/<\/?mark>/g, "").slice(0, 80),
      detail: ctx.t(`search.kind.${h.kind}`),
      href: h.href,
    }));
    return Promise.resolve({
      type: "done",
      text: items.length
        ? ctx.t("assistant.done.found", { n: items.length })
        : ctx.t("assistant.done.foundNone"),
      card: {
        tool: "search",
        kind: "search",
        title: ctx.t("assistant.card.search", { query: args.query }),
        summary: ctx.t("assistant.card.count", { n: items.length }),
        href: `/search?q=${encodeURIComponent(args.query)}`,
        items,
      },
    });
  },
});

const briefing = assistantTool({
  name: "daily_briefing",
  description: "Give the user a short overview of their day ('what's on today?', 'brief me').",
  risk: "read",
  input: z.object({}),
  async run(ctx): Promise<ToolOutcome> {
    const day = await today(
      ctx.db.kysely,
      { id: ctx.profileId, timeZone: ctx.timeZone },
      ctx.now.getTime(),
    );
    return {
      type: "briefing",
      today: day,
      card: {
        tool: "daily_briefing",
        kind: "briefing",
        title: ctx.t("assistant.card.briefing"),
        summary: day.date,
        href: "/today",
      },
    };
  },
});

const chat = assistantTool({
  name: "chat",
  description: "Anything else: questions, conversation, advice. No action is taken.",
  risk: "read",
  input: z.object({}),
  run: () => Promise.resolve({ type: "chat" }),
});

/** The memo, list, search, briefing and chat tools. */
export const MORE_TOOLS: AssistantTool[] = [
  createMemoTool,
  queryMemos,
  updateMemoTool,
  deleteMemoTool,
  addToList,
  searchTool,
  briefing,
  chat,
];

/** Undoes a memo or list action; answers the new `href` when a memo came back with a new id. */
export async function undoMore(
  ctx: Pick<AssistantContext, "db" | "profileId" | "feeds">,
  tool: string,
  target: { id: string; items?: string[] },
  before: unknown,
): Promise<string | undefined> {
  const db = ctx.db.kysely;
  const gone = (err: unknown) => {
    if ((err as { status?: number }).status !== 404) throw err;
  };
  if (tool === "create_memo") await deleteMemo(db, ctx.profileId, target.id).catch(gone);
  else if (tool === "update_memo") {
    const m = before as Memo;
    await updateMemo(db, ctx.profileId, target.id, {
      title: m.title,
      body: m.body,
      tags: m.tags,
      pinned: m.pinned,
    });
  } else if (tool === "delete_memo") {
    const m = before as Memo;
    const back = await createMemo(db, ctx.profileId, {
      title: m.title,
      body: m.body,
      tags: m.tags,
      pinned: m.pinned,
    });
    return links.memo(back.id);
  } else if (tool === "add_to_list") {
    for (const item of target.items ?? []) {
      await deleteItem({ db, feeds: ctx.feeds }, ctx.profileId, target.id, item).catch(gone);
    }
  }
  return undefined;
}
