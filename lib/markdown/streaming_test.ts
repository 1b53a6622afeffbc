import assert from "node:assert/strict";
import { assertSafeHtml } from "./assert_safe_html.ts";
import { renderMarkdown as md } from "./mod.ts";
import { ADVERSARIAL, SAMPLE_REPLY as REPLY } from "./testing.ts";

Deno.test("markdown - every prefix of a streaming reply renders safe, balanced HTML", () => {
  for (let n = 0; n <= REPLY.length; n++) {
    const html = md(REPLY.slice(0, n));
    try {
      assertSafeHtml(html);
    } catch (e) {
      throw new Error(`prefix of ${n} chars → ${html}`, { cause: e });
    }
  }
});

Deno.test("markdown - an unclosed fence renders as a code block so far", () => {
  const block = (body: string) =>
    `<div class="code-block" data-lang="py"><pre><code class="language-py">${body}</code></pre></div>`;
  assert.equal(md("```py"), block(""));
  assert.equal(md("```py\nprint(1)\n"), block("print(1)\n"));
  assert.equal(md("Intro\n```py\nif a < b:"), `<p>Intro</p>${block("if a &lt; b:")}`);
});

Deno.test("markdown - a closing fence arriving one backtick at a time never shows", () => {
  const block = '<div class="code-block"><pre><code>x</code></pre></div>';
  assert.equal(md("```\nx\n`"), block);
  assert.equal(md("```\nx\n``"), block);
  assert.equal(md("```\nx\n```"), block);
  assert.equal(md("```\nx\n```\nafter"), `${block}<p>after</p>`);
});

Deno.test("markdown - unclosed inline markup renders literally until it closes", () => {
  assert.equal(md("**bold"), "<p>**bold</p>");
  assert.equal(md("**bold*"), "<p>*<em>bold</em></p>");
  assert.equal(md("**bold**"), "<p><strong>bold</strong></p>");
  assert.equal(md("`code"), "<p>`code</p>");
  assert.equal(md("~~gone"), "<p>~~gone</p>");
  assert.equal(md("[link"), "<p>[link</p>");
  assert.equal(md("[link]("), "<p>[link](</p>");
  assert.equal(
    md("[link](https://ex"),
    '<p>[link](<a href="https://ex" rel="noopener noreferrer nofollow" target="_blank">https://ex</a></p>',
  );
  assert.equal(md("<scr"), "<p>&lt;scr</p>");
});

Deno.test("markdown - partial block syntax degrades to something sensible", () => {
  assert.equal(md("#"), "<h3></h3>");
  assert.equal(md("- a\n-"), "<ul><li>a</li><li></li></ul>");
  assert.equal(md("1. a\n2"), "<ol><li>a</li></ol><p>2</p>");
  assert.equal(md("| a | b |"), "<p>| a | b |</p>");
  assert.equal(md("| a | b |\n|--"), "<p>| a | b |<br>|--</p>");
  assert.equal(
    md("| a | b |\n|--|-"),
    "<table><thead><tr><th>a</th><th>b</th></tr></thead></table>",
  );
  assert.equal(md(">"), "<blockquote></blockquote>");
});

Deno.test("markdown - hostile 100 KB inputs never hang the renderer", () => {
  // How fast they render (the target is under 100 ms each, growing linearly) is measured by
  // `deno task bench`; here two seconds mean a renderer that hangs on hostile text, however busy
  // the machine.
  for (const [name, make] of Object.entries(ADVERSARIAL)) {
    const start = performance.now();
    const html = md(make(1));
    const ms = performance.now() - start;
    assert.ok(ms < 2_000, `${name}: ${ms.toFixed(0)} ms`);
    assert.ok(html.length > 0, name);
  }
});

Deno.test("markdown - re-rendering a whole reply on every token stays cheap", () => {
  const reply = REPLY.repeat(4);
  const start = performance.now();
  for (let n = 0; n <= reply.length; n += 4) md(reply.slice(0, n));
  const perRender = (performance.now() - start) / (reply.length / 4);
  assert.ok(perRender < 1, `${perRender.toFixed(3)} ms per render`);
});
