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

// Inputs built to trigger quadratic scans or regex backtracking in a naive renderer; `k` scales
// them (1: about 100 KB). The two built from growing lines keep their size.
const ADVERSARIAL: Record<string, (k: number) => string> = {
  "50,000 stars": (k) => "*".repeat(50_000 * k),
  "50,000 open brackets": (k) => "[".repeat(50_000 * k),
  "50,000 close brackets": (k) => "]".repeat(50_000 * k),
  "alternating star and letter": (k) => "*a".repeat(50_000 * k),
  "unclosed emphasis of every kind": (k) => "*a _b **c __d ~~e ".repeat(6_000 * k),
  "rule of three openers": (k) => "**a*".repeat(25_000 * k),
  "underscores inside words": (k) => "a_".repeat(50_000 * k),
  "link destinations that never close": (k) => "[](".repeat(33_000 * k),
  "nested parentheses in a destination": (k) => "[a](" + "(".repeat(100_000 * k),
  "titles that never close": (k) => '[a](b "'.repeat(15_000 * k),
  "parenthesised titles that never close": (k) => "[a](b (c".repeat(12_500 * k),
  "bare URLs inside open brackets": (k) => "[".repeat(5_000 * k) + "https://a]".repeat(9_000 * k),
  "angle destinations that never close": (k) => "[a](<b".repeat(16_000 * k),
  "nested links": (k) => "[".repeat(25_000 * k) + "a" + "](b)".repeat(25_000 * k),
  "nested images": (k) => "![".repeat(25_000 * k) + "a" + "](b)".repeat(25_000 * k),
  "100,000 less-than signs": (k) => "<".repeat(100_000 * k),
  "autolinks that never close": (k) => "<a:b".repeat(25_000 * k),
  "emails that never close": (k) => "<a@b.c".repeat(16_000 * k),
  "backtick runs of every length": (k) =>
    Array.from({ length: 400 }, (_, i) => "`".repeat(i + 1))
      .join(" ") + " `".repeat(20_000 * k),
  "backslashes": (k) => "\\".repeat(100_000 * k),
  "bare URLs back to back": (k) => "https://".repeat(12_000 * k),
  "a URL ending in parentheses": (k) => "https://a" + ")".repeat(100_000 * k),
  "nested quotes on one line": (k) => ">".repeat(100_000 * k),
  "nested list markers on one line": (k) => "- ".repeat(50_000 * k) + "x",
  "deeply indented lists": () =>
    Array.from({ length: 300 }, (_, i) => " ".repeat(i) + "- a").join("\n"),
  "heading with trailing spaces": (k) => "# " + " ".repeat(100_000 * k) + "#x",
  "a wide table": (k) => "|".repeat(50_000 * k) + "\n" + "|-".repeat(25_000 * k),
  "a long table": (k) => "|a|b|\n|-|-|\n" + "|x|y|\n".repeat(15_000 * k),
  "spaces before a delimiter row": (k) => "|a|\n|-|" + " ".repeat(100_000 * k) + "x",
  "an unclosed fence": (k) => "```\n" + "a\n".repeat(50_000 * k),
  "many short lines": (k) => "a\n".repeat(50_000 * k),
  "many list items": (k) => "1. a\n".repeat(25_000 * k),
  "entities": (k) => "&#".repeat(50_000 * k),
};

Deno.test("markdown - adversarial inputs render in time that grows linearly with their size", () => {
  md("warm *up* [the](jit) `please`\n- a\n\n| a |\n|-|");
  // Best of three, so one garbage-collection pause cannot decide.
  const time = (src: string) => {
    let best = Infinity;
    for (let run = 0; run < 3; run++) {
      const start = performance.now();
      md(src);
      best = Math.min(best, performance.now() - start);
    }
    return best;
  };
  for (const [name, make] of Object.entries(ADVERSARIAL)) {
    const quarter = time(make(0.25));
    const full = time(make(1));
    const said = `${name}: ${quarter.toFixed(1)} ms at a quarter, ${full.toFixed(1)} ms in full`;
    // Four times the input: linear work takes about four times as long, quadratic sixteen. Under
    // 100 ms (11–22 ms on a quiet machine) the growth is not judged: there a busy machine's
    // scheduling decides the ratio. A second would be a renderer that hangs on hostile text.
    assert.ok(full < 100 || full < 10 * quarter, said);
    assert.ok(full < 1_000, said);
  }
});

Deno.test("markdown - re-rendering a whole reply on every token stays cheap", () => {
  const reply = REPLY.repeat(4);
  const start = performance.now();
  for (let n = 0; n <= reply.length; n += 4) md(reply.slice(0, n));
  const perRender = (performance.now() - start) / (reply.length / 4);
  assert.ok(perRender < 1, `${perRender.toFixed(3)} ms per render`);
});
