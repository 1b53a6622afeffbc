import assert from "node:assert/strict";
import { renderMarkdown as md } from "./mod.ts";

const code = (lang: string, body: string) =>
  lang
    ? `<div class="code-block" data-lang="${lang}"><pre><code class="language-${lang}">${body}</code></pre></div>`
    : `<div class="code-block"><pre><code>${body}</code></pre></div>`;

Deno.test("markdown - headings shift down two levels and lose closing hashes", () => {
  assert.equal(md("# One"), "<h3>One</h3>");
  assert.equal(md("## Two ##"), "<h4>Two</h4>");
  assert.equal(md("### Three"), "<h5>Three</h5>");
  assert.equal(md("#### Four\n##### Five\n###### Six"), "<h6>Four</h6><h6>Five</h6><h6>Six</h6>");
  assert.equal(md("# a #b"), "<h3>a #b</h3>");
  assert.equal(md("## *em* heading"), "<h4><em>em</em> heading</h4>");
});

Deno.test("markdown - a hash without a space or past six is not a heading", () => {
  assert.equal(md("#tag"), "<p>#tag</p>");
  assert.equal(md("####### seven"), "<p>####### seven</p>");
});

Deno.test("markdown - blank lines separate paragraphs and newlines become breaks", () => {
  assert.equal(md("one\ntwo\n\n\nthree"), "<p>one<br>two</p><p>three</p>");
  assert.equal(md("  padded  "), "<p>padded</p>");
  assert.equal(md("\r\nwindows\r\nlines\r\n"), "<p>windows<br>lines</p>");
  assert.equal(md(""), "");
});

Deno.test("markdown - fenced code keeps its text and a sanitised language", () => {
  assert.equal(md("```ts\nconst a = 1;\n```"), code("ts", "const a = 1;"));
  assert.equal(
    md("~~~Python extra words\nx < y && z\n~~~"),
    code("python", "x &lt; y &amp;&amp; z"),
  );
  assert.equal(md("```C++\na\n```"), code("c++", "a"));
  assert.equal(md("```c#\na\n```"), code("c#", "a"));
  assert.equal(md('```"><script>\nx\n```'), code("script", "x"));
  assert.equal(md("```\nplain\n```"), code("", "plain"));
});

Deno.test("markdown - a longer fence can contain a shorter one", () => {
  assert.equal(md("````md\n```\ninner\n```\n````"), code("md", "```\ninner\n```"));
  assert.equal(md("```\n~~~\n```"), code("", "~~~"));
});

Deno.test("markdown - fence indentation is removed from the code lines", () => {
  assert.equal(md("  ```\n  indented\n    more\n  ```"), code("", "indented\n  more"));
  assert.equal(md("```go\n\tfunc() {}\n```"), code("go", "\tfunc() {}"));
});

Deno.test("markdown - a fence interrupts a paragraph", () => {
  assert.equal(md("text\n```\ncode\n```\nmore"), `<p>text</p>${code("", "code")}<p>more</p>`);
});

Deno.test("markdown - markdown inside code is not rendered", () => {
  assert.equal(md("```\n**a** [b](c) # d\n```"), code("", "**a** [b](c) # d"));
});

Deno.test("markdown - bullet lists with any marker form one tight list", () => {
  assert.equal(md("- a\n* b\n+ c"), "<ul><li>a</li><li>b</li><li>c</li></ul>");
});

Deno.test("markdown - ordered lists keep their start number", () => {
  assert.equal(md("1. a\n2. b"), "<ol><li>a</li><li>b</li></ol>");
  assert.equal(md("3. a\n4. b"), '<ol start="3"><li>a</li><li>b</li></ol>');
  assert.equal(md("10) ten\n11) eleven"), '<ol start="10"><li>ten</li><li>eleven</li></ol>');
  assert.equal(md("0. zero"), '<ol start="0"><li>zero</li></ol>');
});

Deno.test("markdown - lists nest by indentation", () => {
  assert.equal(
    md("- a\n  - b\n    - c\n- d"),
    "<ul><li>a<ul><li>b<ul><li>c</li></ul></li></ul></li><li>d</li></ul>",
  );
  assert.equal(
    md("1. one\n   - sub\n2. two"),
    "<ol><li>one<ul><li>sub</li></ul></li><li>two</li></ol>",
  );
  assert.equal(md("- a\n    1. b"), "<ul><li>a<ol><li>b</li></ol></li></ul>");
});

Deno.test("markdown - bullet and numbered items make separate lists", () => {
  assert.equal(md("- a\n1. b"), "<ul><li>a</li></ul><ol><li>b</li></ol>");
});

Deno.test("markdown - blank lines between items or their blocks make the list loose", () => {
  assert.equal(md("- a\n\n- b"), "<ul><li><p>a</p></li><li><p>b</p></li></ul>");
  assert.equal(md("-\n  a\n\n  b"), "<ul><li><p>a</p><p>b</p></li></ul>");
  assert.equal(
    md("1. a\n\n   more\n2. b"),
    "<ol><li><p>a</p><p>more</p></li><li><p>b</p></li></ol>",
  );
});

Deno.test("markdown - a blank line inside an item's code block keeps the list tight", () => {
  assert.equal(
    md("- a\n  ```\n  x\n\n  y\n  ```\n- b"),
    `<ul><li>a${code("", "x\n\ny")}</li><li>b</li></ul>`,
  );
});

Deno.test("markdown - task items render disabled checkboxes", () => {
  assert.equal(
    md("- [ ] todo\n- [x] done\n- [X] also"),
    '<ul><li class="task"><input type="checkbox" disabled> todo</li>' +
      '<li class="task"><input type="checkbox" disabled checked> done</li>' +
      '<li class="task"><input type="checkbox" disabled checked> also</li></ul>',
  );
  assert.equal(md("- [y] not a task"), "<ul><li>[y] not a task</li></ul>");
});

Deno.test("markdown - a list interrupts a paragraph unless it is empty or numbered past 1", () => {
  assert.equal(md("Steps:\n- a\n1. b"), "<p>Steps:</p><ul><li>a</li></ul><ol><li>b</li></ol>");
  assert.equal(md("in the year\n2024. it was"), "<p>in the year<br>2024. it was</p>");
  assert.equal(md("a\n-"), "<p>a<br>-</p>");
});

Deno.test("markdown - text after a list ends it", () => {
  assert.equal(md("- a\n\nafter"), "<ul><li>a</li></ul><p>after</p>");
});

Deno.test("markdown - blockquotes nest and hold other blocks", () => {
  assert.equal(
    md("> a\n> > b"),
    "<blockquote><p>a</p><blockquote><p>b</p></blockquote></blockquote>",
  );
  assert.equal(
    md("> # h\n> - item\n> ```js\n> x\n> ```"),
    `<blockquote><h3>h</h3><ul><li>item</li></ul>${code("js", "x")}</blockquote>`,
  );
  assert.equal(
    md(">a\n\n>b"),
    "<blockquote><p>a</p></blockquote><blockquote><p>b</p></blockquote>",
  );
});

Deno.test("markdown - three or more dashes, stars or underscores make a rule", () => {
  assert.equal(md("---\n***\n___\n- - -\n* * *"), "<hr><hr><hr><hr><hr>");
  assert.equal(md("para\n---"), "<p>para</p><hr>");
  assert.equal(md("--"), "<p>--</p>");
});

Deno.test("markdown - tables render header, alignment and body", () => {
  assert.equal(
    md("| a | b | c | d |\n|---|:--|:-:|--:|\n| 1 | 2 | 3 | 4 |"),
    '<table><thead><tr><th>a</th><th align="left">b</th><th align="center">c</th>' +
      '<th align="right">d</th></tr></thead><tbody><tr><td>1</td><td align="left">2</td>' +
      '<td align="center">3</td><td align="right">4</td></tr></tbody></table>',
  );
});

Deno.test("markdown - table rows are padded or cut to the header and cells hold inline markup", () => {
  assert.equal(
    md("a | b\n--|--\n`x\\|y` | **z**\nonly |\n1 | 2 | 3\n\nafter"),
    "<table><thead><tr><th>a</th><th>b</th></tr></thead><tbody>" +
      "<tr><td><code>x|y</code></td><td><strong>z</strong></td></tr>" +
      "<tr><td>only</td><td></td></tr><tr><td>1</td><td>2</td></tr></tbody></table><p>after</p>",
  );
});

Deno.test("markdown - a table without body rows has no tbody", () => {
  assert.equal(md("| a |\n|---|"), "<table><thead><tr><th>a</th></tr></thead></table>");
});

Deno.test("markdown - a delimiter row with the wrong cell count is not a table", () => {
  assert.equal(md("| a | b |\n| - |"), "<p>| a | b |<br>| - |</p>");
});

Deno.test("markdown - a table interrupts a paragraph", () => {
  assert.equal(
    md("intro\n| a |\n| - |"),
    "<p>intro</p><table><thead><tr><th>a</th></tr></thead></table>",
  );
});

Deno.test("markdown - raw HTML blocks stay visible text", () => {
  assert.equal(md("<div>\nhi\n</div>"), "<p>&lt;div&gt;<br>hi<br>&lt;/div&gt;</p>");
});
