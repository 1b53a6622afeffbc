/**
 * Markdown → safe HTML for chat replies, shared by the streaming chat island and
 * server-rendered history. Pure TypeScript: no Deno, DOM or npm APIs.
 *
 * Safety is by construction: all source text is escaped, only a fixed set of tags and
 * attributes is ever emitted, and raw HTML in the source always comes out as visible text.
 *
 * Choices worth knowing:
 * - Headings shift down two levels (`#` → h3 … `####`+ → h6): a reply sits under the page's
 *   own h1/h2.
 * - Every newline inside a paragraph is a `<br>` (GitHub-comment style).
 * - Images render as a link labelled with the alt text, so replies never load remote content.
 * - Partial input (a reply still streaming) renders sensibly: an unclosed fence is a code
 *   block so far, an unclosed `**` or `[` is literal text.
 * @module
 */

import { blocks } from "./block.ts";

export { escapeHtml } from "./url_safety.ts";

/**
 * Renders Markdown to an HTML string that is safe to assign to `innerHTML`. Linear in the
 * length of `src`, so a streaming reply can be re-rendered whole on every token.
 *
 * Emitted tags: p br strong em del code pre div h3–h6 ul ol li input blockquote hr table
 * thead tbody tr th td a. Links keep only http:, https:, mailto: and relative URLs.
 */
export function renderMarkdown(src: string): string {
  return blocks(src.replace(/\0/g, "\ufffd").split(/\r\n?|\n/));
}
