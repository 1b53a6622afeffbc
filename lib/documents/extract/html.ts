/**
 * HTML to Markdown: linkedom parses (a light DOM, no layout), Readability finds the article, and
 * Turndown with the GFM plugin writes Markdown that keeps headings, lists, tables and code.
 */
import { parseHTML } from "linkedom";
import { Readability } from "@mozilla/readability";
// @ts-types="npm:@types/turndown@5.0.6"
import TurndownService from "turndown";
import { gfm } from "turndown-plugin-gfm";

/** Elements that never hold a document's text. */
const BOILERPLATE = [
  "script",
  "style",
  "noscript",
  "template",
  "iframe",
  "object",
  "embed",
  "svg",
  "canvas",
  "nav",
  "header",
  "footer",
  "aside",
  "form",
  "button",
  "select",
  "textarea",
  "input",
  "[role=navigation]",
  "[role=banner]",
  "[role=contentinfo]",
  "[aria-hidden=true]",
  "[hidden]",
];

let service: TurndownService | null = null;

/** One Turndown, set up once: ATX headings, fenced code, `-` bullets, GFM tables. */
function turndown(): TurndownService {
  if (service) return service;
  service = new TurndownService({
    headingStyle: "atx",
    codeBlockStyle: "fenced",
    bulletListMarker: "-",
    emDelimiter: "_",
    hr: "---",
  });
  service.use(gfm);
  service.remove(["script", "style", "noscript", "template", "iframe", "object", "embed"]);
  // Images become their alt text: a data: URI would fill the chunks with base64.
  service.addRule("image", {
    filter: "img",
    replacement: (_content, node) => {
      const alt = (node as HTMLElement).getAttribute("alt")?.trim();
      return alt ? `[${alt}]` : "";
    },
  });
  // Only links a reader can follow keep their target.
  service.addRule("link", {
    filter: (node) => node.nodeName === "A",
    replacement: (content, node) => {
      const href = (node as HTMLElement).getAttribute("href") ?? "";
      return /^(https?:|mailto:)/i.test(href) && content.trim() ? `[${content}](${href})` : content;
    },
  });
  return service;
}

/**
 * Converts an HTML fragment (DOCX's HTML from mammoth too) to Markdown. Turndown gets the text,
 * not a linkedom node: it parses with its own domino, whose tables have `rows`, which the GFM
 * table rule needs and linkedom lacks.
 */
export function htmlFragmentToMarkdown(html: string): string {
  if (!/<table[\s>]/i.test(html)) return turndown().turndown(html);
  const { document } = parseHTML(`<!doctype html><html><head></head><body>${html}</body></html>`);
  plainTables(document as unknown as Document);
  return turndown().turndown(document.body.innerHTML);
}

/** What GFM's table rule leaves as raw HTML when a cell holds it. */
const CELL_BLOCKS = "ul, ol, table, pre, blockquote, h1, h2, h3, h4, h5, h6, hr";

/**
 * Makes tables fit GFM: a table without header cells (Word's, through mammoth) takes its first row
 * as the header, instead of an empty one; a cell holding lists or other blocks becomes its lines
 * of text, instead of the whole table staying HTML.
 */
function plainTables(document: Document): void {
  for (const table of [...document.querySelectorAll("table")]) {
    for (const cell of [...table.querySelectorAll("td, th")]) {
      if (!cell.querySelector(CELL_BLOCKS)) continue;
      const lines = [...cell.querySelectorAll("li, p, h1, h2, h3, h4, h5, h6, pre, td, th")]
        .map((el) => (el.textContent ?? "").replace(/\s+/g, " ").trim())
        .filter(Boolean);
      cell.textContent = lines.length ? lines.join("; ") : (cell.textContent ?? "").trim();
    }
    if (table.querySelector("th")) continue;
    const first = table.querySelector("tr");
    for (const td of first ? [...first.querySelectorAll("td")] : []) {
      const th = document.createElement("th");
      th.innerHTML = td.innerHTML;
      td.replaceWith(th);
    }
  }
}

function text(node: { textContent: string | null } | null): number {
  return (node?.textContent ?? "").replace(/\s+/g, " ").trim().length;
}

/**
 * Converts a web page to Markdown. Readability's article is used when it holds at least half the
 * text of the page without its boilerplate (scripts, navigation, header, footer, forms); else, as
 * for a plain document or a page of tables that Readability would cut, the whole cleaned body.
 */
export function htmlToMarkdown(page: string): string {
  const html = withBody(page);
  const { document } = parseHTML(html);
  const title = (document.querySelector("title")?.textContent ?? "").trim();
  const body = document.body ?? document.documentElement;
  if (!body) return "";
  let article: { content?: string | null; textContent?: string | null } | null = null;
  try {
    const copy = parseHTML(html).document;
    article = new Readability(copy as unknown as Document, { charThreshold: 200 }).parse();
  } catch {
    article = null;
  }
  for (const el of [...body.querySelectorAll(BOILERPLATE.join(","))]) el.remove();
  const whole = text(body);
  let markdown: string;
  if (article?.content && text({ textContent: article.textContent ?? null }) >= whole * 0.5) {
    markdown = htmlFragmentToMarkdown(article.content);
  } else {
    markdown = htmlFragmentToMarkdown(body.innerHTML);
  }
  if (title && !/^#\s/m.test(markdown.slice(0, 2000))) markdown = `# ${title}\n\n${markdown}`;
  return markdown;
}

/**
 * A page without a `<body>` tag, wrapped in one: linkedom, unlike a browser, does not add it, and
 * would leave a bare fragment's text outside the body.
 */
function withBody(page: string): string {
  if (/<body[\s>]/i.test(page)) return page;
  const head = /<head[\s>][\s\S]*?<\/head>/i.exec(page)?.[0] ?? "";
  const rest = page.replace(head, "").replace(/<!doctype[^>]*>|<\/?html[^>]*>/gi, "");
  return `<!doctype html><html>${head || "<head></head>"}<body>${rest}</body></html>`;
}

/** The charset a page declares in its first 2 KB (`<meta charset>` or `http-equiv`), if any. */
export function declaredCharset(bytes: Uint8Array): string | undefined {
  const head = new TextDecoder("latin1").decode(bytes.subarray(0, 2048));
  return /<meta[^>]+charset\s*=\s*["']?\s*([\w-]+)/i.exec(head)?.[1];
}
