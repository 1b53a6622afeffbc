import assert from "node:assert/strict";
import { assertSafeHtml } from "./assert_safe_html.ts";
import { renderMarkdown as md } from "./mod.ts";
import { SAMPLE_REPLY as REPLY } from "./testing.ts";

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

// 100 KB inputs built to trigger quadratic scans or regex backtracking in a naive renderer.
const ADVERSARIAL: Record<string, string> = {
  "50,000 stars": "*".repeat(50_000),
  "50,000 open brackets": "[".repeat(50_000),
  "50,000 close brackets": "]".repeat(50_000),
  "alternating star and letter": "*a".repeat(50_000),
  "unclosed emphasis of every kind": "*a _b **c __d ~~e ".repeat(6_000),
  "rule of three openers": "**a*".repeat(25_000),
  "underscores inside words": "a_".repeat(50_000),
  "link destinations that never close": "[](".repeat(33_000),
  "nested parentheses in a destination": "[a](" + "(".repeat(100_000),
  "titles that never close": '[a](b "'.repeat(15_000),
  "parenthesised titles that never close": "[a](b (c".repeat(12_500),
  "bare URLs inside open brackets": "[".repeat(5_000) + "https://a]".repeat(9_000),
  "angle destinations that never close": "[a](<b".repeat(16_000),
  "nested links": "[".repeat(25_000) + "a" + "](b)".repeat(25_000),
  "nested images": "![".repeat(25_000) + "a" + "](b)".repeat(25_000),
  "50,000 less-than signs": "<".repeat(100_000),
  "autolinks that never close": "<a:b".repeat(25_000),
  "emails that never close": "<a@b.c".repeat(16_000),
  "backtick runs of every length": Array.from({ length: 400 }, (_, i) => "`".repeat(i + 1))
    .join(" ") + " `".repeat(20_000),
  "backslashes": "\\".repeat(100_000),
  "bare URLs back to back": "https://".repeat(12_000),
  "a URL ending in parentheses": "https://a" + ")".repeat(100_000),
  "nested quotes on one line": ">".repeat(100_000),
  "nested list markers on one line": "- ".repeat(50_000) + "x",
  "deeply indented lists": Array.from({ length: 300 }, (_, i) => " ".repeat(i) + "- a").join("\n"),
  "heading with trailing spaces": "# " + " ".repeat(100_000) + "#x",
  "a wide table": "|".repeat(50_000) + "\n" + "|-".repeat(25_000),
  "a long table": "|a|b|\n|-|-|\n" + "|x|y|\n".repeat(15_000),
  "spaces before a delimiter row": "|a|\n|-|" + " ".repeat(100_000) + "x",
  "an unclosed fence": "```\n" + "a\n".repeat(50_000),
  "many short lines": "a\n".repeat(50_000),
  "many list items": "1. a\n".repeat(25_000),
  "entities": "&#".repeat(50_000),
};

Deno.test("markdown - 100 KB adversarial inputs each render in under 100 ms", () => {
  md("warm *up* [the](jit) `please`\n- a\n\n| a |\n|-|");
  for (const [name, src] of Object.entries(ADVERSARIAL)) {
    // Best of two, so one garbage-collection pause cannot fail the test.
    let best = Infinity;
    for (let run = 0; run < 2; run++) {
      const start = performance.now();
      md(src);
      best = Math.min(best, performance.now() - start);
    }
    assert.ok(best < 100, `${name}: ${best.toFixed(1)} ms`);
  }
});

Deno.test("markdown - re-rendering a whole reply on every token stays cheap", () => {
  const reply = REPLY.repeat(4);
  const start = performance.now();
  for (let n = 0; n <= reply.length; n += 4) md(reply.slice(0, n));
  const perRender = (performance.now() - start) / (reply.length / 4);
  assert.ok(perRender < 1, `${perRender.toFixed(3)} ms per render`);
});
