import assert from "node:assert/strict";
import type { SourceRef } from "../../lib/documents/types.ts";
import { translatorOf } from "../../lib/i18n/format.ts";
import { assertSafeHtml } from "../../lib/markdown/assert_safe_html.ts";
import { renderMarkdown } from "../../lib/markdown/mod.ts";
import { cite } from "./documents_ui.tsx";

const t = translatorOf({ "chat.docs.sources": "Sources" }, "chat.");
const src = (n: number, extra: Partial<SourceRef> = {}): SourceRef => ({
  n,
  documentId: `doc${n}`,
  name: `File ${n}.pdf`,
  chunk: 10 + n,
  heading: `Part ${n}`,
  excerpt: "…",
  ...extra,
});

/** The reply's own part of `cite`'s output (before the Sources list). */
const body = (html: string) => html.slice(0, html.indexOf('<div class="msg-sources">'));

Deno.test("cite - [n] of a source links to its passage; others, code and links stay as they are", () => {
  const md = "See [1] and [2], not [3]. `[1]` in code, [a link [1]](https://x.example).\n\n" +
    "```\n[1] in a block\n```";
  const html = cite(renderMarkdown(md), [src(1), src(2)], t);
  const reply = body(html);
  assert.equal(reply.match(/<a href="\/documents\/doc1\?chunk=11#c-11"/g)?.length, 1);
  assert.equal(reply.match(/<a href="\/documents\/doc2\?chunk=12#c-12"/g)?.length, 1);
  assert.match(reply, /not \[3\]\./);
  assert.match(reply, /<code>\[1\]<\/code>/);
  assert.match(reply, /\[1\] in a block/);
  assert.match(reply, />a link \[1\]<\/a>/);
  assertSafeHtml(reply);
});

Deno.test("cite - the Sources list names each passage, escaped; without sources nothing changes", () => {
  const evil = src(1, {
    name: `<img src=x onerror=alert(1)>"`,
    heading: "<script>",
    documentId: `x" onclick="alert(1)`,
  });
  const html = cite(renderMarkdown("Fact [1]."), [evil], t);
  assert.ok(!html.includes("<img"));
  assert.ok(!html.includes("<script"));
  assert.ok(!html.includes('" onclick'));
  assert.match(
    html,
    /<div class="msg-sources"><p>Sources<\/p><ol><li value="1"><a href="\/documents\/x%22%20onclick%3D%22alert\(1\)\?chunk=11#c-11"/,
  );
  assert.match(html, /&lt;img src=x onerror=alert\(1\)&gt;&quot;/);
  assertSafeHtml(body(html));
  const plain = renderMarkdown("Fact [1].");
  assert.equal(cite(plain, [], t), plain);
  assert.equal(cite(plain, "nope" as unknown as SourceRef[], t), plain);
});
