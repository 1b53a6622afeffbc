/**
 * The agent's render tools (SPEC §10): `make_page` (Markdown → one self-contained HTML page,
 * light and dark) and `make_slides` (Markdown split on `---` lines → one HTML deck, a slide per
 * screen), written into the workspace through `ctx.workspace.write` (so confined and within the
 * quota). What they write runs no script and loads nothing (lib/tools/render_html.ts); the
 * workspace panel previews it in a sandboxed frame.
 */
import { z } from "zod";
import { defineTool } from "../assistant/registry.ts";
import { HttpError } from "../http/errors.ts";
import { formatSize } from "../i18n/format.ts";
import type { TreeEntry } from "../workspace/types.ts";
import { MAX_SLIDES, pageHtml, slidesHtml, splitSlides } from "./render_html.ts";
import type { AgentTool, AgentToolContext, ToolResult } from "./types.ts";

/** Characters of Markdown a page or deck may have. */
export const MAX_MARKDOWN = 200_000;

const title = z.string().trim().min(1).max(200).describe("The title (the page's heading)");
const path = z.string().min(1).max(1024).optional().describe(
  "Where to save it in the workspace, e.g. 'trip/plan.html' (made from the title if left out; " +
    ".html is added when missing). An existing file is replaced.",
);

/** A file name from a title: "Trip to Rome!" → "trip-to-rome" (letters of any script kept). */
export function slugOf(text: string, fallback: string): string {
  const slug = text.normalize("NFC").toLowerCase().replace(/[^\p{L}\p{N}]+/gu, "-")
    .replace(/^-+|-+$/g, "");
  return [...slug].slice(0, 60).join("").replace(/-+$/, "") || fallback;
}

/** The workspace path to write: the one given (with `.html` added when missing), or the slug's. */
export function htmlPath(given: string | undefined, titleText: string, fallback: string): string {
  if (given === undefined || !given.trim()) return `${slugOf(titleText, fallback)}.html`;
  return /\.html?$/i.test(given) ? given : `${given}.html`;
}

async function save(
  ctx: AgentToolContext,
  file: string,
  html: string,
): Promise<TreeEntry> {
  ctx.signal.throwIfAborted();
  return await ctx.workspace.write(file, html, { overwrite: true });
}

const sizeOf = (ctx: AgentToolContext, entry: TreeEntry) =>
  formatSize(entry.size, ctx.assistant.locale);

const makePage = defineTool({
  name: "make_page",
  description: "Make a web page (one HTML file in the workspace) from Markdown: for a plan, a " +
    "summary, a recipe or a report the user can open, print or share. Raw HTML and scripts in " +
    "the Markdown are shown as text.",
  risk: "write",
  input: z.object({
    title,
    markdown: z.string().min(1).max(MAX_MARKDOWN).describe("The page's content, in Markdown"),
    path,
  }),
  async run(ctx: AgentToolContext, args): Promise<ToolResult> {
    const html = pageHtml({
      title: args.title,
      markdown: args.markdown,
      lang: ctx.assistant.locale,
    });
    const entry = await save(ctx, htmlPath(args.path, args.title, "page"), html);
    return {
      content: `Wrote the page ${entry.path} (${entry.size} bytes), titled “${args.title}”.`,
      summary: ctx.assistant.t("tools.render.page", {
        path: entry.path,
        size: sizeOf(ctx, entry),
      }),
      path: entry.path,
    };
  },
});

const makeSlides = defineTool({
  name: "make_slides",
  description: "Make a slide deck (one HTML file in the workspace) from Markdown: a line with " +
    "only --- starts the next slide; start each slide with a heading. It is shown one slide " +
    `per screen (up to ${MAX_SLIDES} slides). Raw HTML and scripts are shown as text.`,
  risk: "write",
  input: z.object({
    title,
    markdown: z.string().min(1).max(MAX_MARKDOWN).describe(
      "The slides in Markdown, separated by lines of ---",
    ),
    path,
  }),
  async run(ctx: AgentToolContext, args): Promise<ToolResult> {
    const slides = splitSlides(args.markdown);
    if (!slides.length || slides.length > MAX_SLIDES) {
      throw new HttpError(
        422,
        "slides_count",
        `A deck has 1 to ${MAX_SLIDES} slides; this one has ${slides.length}.`,
        {},
        { max: MAX_SLIDES, n: slides.length },
      );
    }
    const html = slidesHtml({
      title: args.title,
      slides,
      lang: ctx.assistant.locale,
      labels: { next: ctx.assistant.t("tools.render.next") },
    });
    const entry = await save(ctx, htmlPath(args.path, args.title, "slides"), html);
    return {
      content: `Wrote ${slides.length} slides to ${entry.path} (${entry.size} bytes), ` +
        `titled “${args.title}”.`,
      summary: ctx.assistant.t("tools.render.slides", {
        n: slides.length,
        path: entry.path,
        size: sizeOf(ctx, entry),
      }),
      path: entry.path,
    };
  },
});

/** The render tools. */
export const RENDER_TOOLS: AgentTool[] = [makePage, makeSlides];
