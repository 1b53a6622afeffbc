/**
 * The documents tool: searches the text of the library documents the profile may read (its own
 * and the household's shared ones) through hybrid retrieval (lib/rag/), and answers the passages
 * with links that open each one highlighted (`links.passage`).
 */
import { z } from "zod";
import { links } from "../links.ts";
import { type AssistantTool, assistantTool, type ToolOutcome } from "./context.ts";

/** Passages the tool answers at most. */
const PASSAGES = 5;
/** Characters of a passage shown under its title. */
const DETAIL_CHARS = 160;

const flat = (text: string, max: number) => {
  const one = text.replace(/\s+/g, " ").trim();
  return one.length > max ? `${one.slice(0, max - 1)}…` : one;
};

const searchDocumentsTool = assistantTool({
  name: "search_documents",
  description: "Search the text of the user's documents (leases, manuals, letters, notes in the " +
    "document library) for passages about something.",
  risk: "read",
  input: z.object({ query: z.string().min(1).max(300).describe("What to look for, in words") }),
  async run(ctx, args): Promise<ToolOutcome> {
    if (!ctx.retrieve) return { type: "done", text: ctx.t("rag.tool.unavailable") };
    const passages = await ctx.retrieve({
      profileId: ctx.profileId,
      query: args.query,
      k: PASSAGES,
    });
    const items = passages.map((p) => ({
      title: p.heading ? `${p.name} — ${p.heading}` : p.name,
      detail: flat(p.text, DETAIL_CHARS),
      href: links.passage(p.documentId, p.chunkId),
    }));
    return {
      type: "done",
      text: items.length
        ? ctx.t("rag.tool.found", { n: items.length })
        : ctx.t("rag.tool.none", { query: args.query }),
      card: {
        tool: "search_documents",
        kind: "search",
        title: ctx.t("rag.tool.card", { query: args.query }),
        summary: ctx.t("rag.tool.count", { n: items.length }),
        href: `/documents?q=${encodeURIComponent(args.query)}`,
        items,
      },
    };
  },
});

/** The documents tools of the assistant. */
export const DOCUMENT_TOOLS: AssistantTool[] = [searchDocumentsTool];
