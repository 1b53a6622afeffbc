import assert from "node:assert/strict";
import { renderMarkdown } from "./mod.ts";

const REL = ' rel="noopener noreferrer nofollow" target="_blank"';
// Inline tests read better without the paragraph wrapper.
const md = (src: string) => renderMarkdown(src).replace(/^<p>|<\/p>$/g, "");

Deno.test("markdown - stars and underscores make strong and em", () => {
  assert.equal(
    md("**a** __b__ *c* _d_"),
    "<strong>a</strong> <strong>b</strong> <em>c</em> <em>d</em>",
  );
  assert.equal(md("***both***"), "<em><strong>both</strong></em>");
  assert.equal(md("**bold *nested* text**"), "<strong>bold <em>nested</em> text</strong>");
  assert.equal(md("*a **b** c*"), "<em>a <strong>b</strong> c</em>");
  assert.equal(md("foo***bar***baz"), "foo<em><strong>bar</strong></em>baz");
});

Deno.test("markdown - unmatched or space-flanked delimiters stay literal", () => {
  assert.equal(md("**a*"), "*<em>a</em>");
  assert.equal(md("a * b * c"), "a * b * c");
  assert.equal(md("**foo bar **"), "**foo bar **");
  assert.equal(md("2 * 3 = 6"), "2 * 3 = 6");
});

Deno.test("markdown - underscores inside words are not emphasis", () => {
  assert.equal(md("snake_case_name and __init__"), "snake_case_name and <strong>init</strong>");
  assert.equal(md("2*3*4"), "2<em>3</em>4");
});

Deno.test("markdown - double tildes strike through and other runs stay text", () => {
  assert.equal(md("~~gone~~ ~5 ~one~ ~~~three~~~"), "<del>gone</del> ~5 ~one~ ~~~three~~~");
});

Deno.test("markdown - code spans are literal and escaped", () => {
  assert.equal(md("`a *b* <c>`"), "<code>a *b* &lt;c&gt;</code>");
  assert.equal(md("``has ` tick``"), "<code>has ` tick</code>");
  assert.equal(md("` a `"), "<code>a</code>");
  assert.equal(md("`  `"), "<code>  </code>");
  assert.equal(md("`multi\nline`"), "<code>multi line</code>");
  assert.equal(md("`unclosed"), "`unclosed");
  assert.equal(md("```a``"), "```a``");
  assert.equal(md("\\``code`"), "`<code>code</code>");
});

Deno.test("markdown - backslash escapes punctuation only", () => {
  assert.equal(md("\\*not em\\* \\<b\\> \\q \\\\"), "*not em* &lt;b&gt; \\q \\");
  assert.equal(md("ends with \\"), "ends with \\");
});

Deno.test("markdown - hard line breaks from trailing spaces, backslash or a plain newline", () => {
  assert.equal(md("a  \nb\\\nc\nd"), "a<br>b<br>c<br>d");
});

Deno.test("markdown - links carry title and only absolute ones open a new tab", () => {
  assert.equal(
    md('[t](https://x.com "Title")'),
    `<a href="https://x.com" title="Title"${REL}>t</a>`,
  );
  assert.equal(
    md("[t](/rel) [u](#anchor) [v](page?q=1)"),
    '<a href="/rel">t</a> <a href="#anchor">u</a> <a href="page?q=1">v</a>',
  );
  assert.equal(md("[m](mailto:a@b.co)"), `<a href="mailto:a@b.co"${REL}>m</a>`);
  assert.equal(md("[p](//host/x)"), `<a href="//host/x"${REL}>p</a>`);
});

Deno.test("markdown - link destinations allow angle brackets, parentheses and other titles", () => {
  assert.equal(md("[t](<a b> 'single')"), '<a href="a b" title="single">t</a>');
  assert.equal(md("[t](x (paren))"), '<a href="x" title="paren">t</a>');
  assert.equal(md("[t](https://w.org/A_(b))"), `<a href="https://w.org/A_(b)"${REL}>t</a>`);
  assert.equal(md("[t](a\\)b)"), '<a href="a)b">t</a>');
});

Deno.test("markdown - link text holds inline markup", () => {
  assert.equal(md("[**b** `c`](/x)"), '<a href="/x"><strong>b</strong> <code>c</code></a>');
  assert.equal(md("*[foo*](/u)"), '*<a href="/u">foo*</a>');
});

Deno.test("markdown - brackets without a destination stay literal", () => {
  assert.equal(md("[a] (b) [c] [x]: /ref []"), "[a] (b) [c] [x]: /ref []");
  assert.equal(md("[t](/a b)"), "[t](/a b)");
  assert.equal(md("[t](/a (b(c)))"), "[t](/a (b(c)))");
});

Deno.test("markdown - links never nest", () => {
  assert.equal(md("[a [b](/c) d](/e)"), '[a <a href="/c">b</a> d](/e)');
  assert.equal(md("[https://in](/out)"), '<a href="/out">https://in</a>');
  assert.equal(md("[<https://in>](/out)"), '<a href="/out">https://in</a>');
  assert.equal(md("[![alt](/img)](/out)"), '<a href="/out">alt</a>');
});

Deno.test("markdown - images become links labelled with their alt text", () => {
  assert.equal(
    md("![a *cat*](https://i/c.png)"),
    `<a href="https://i/c.png"${REL}>a <em>cat</em></a>`,
  );
  assert.equal(md("![](/x.png)"), '<a href="/x.png">/x.png</a>');
  assert.equal(md("Wow! Really!"), "Wow! Really!");
});

Deno.test("markdown - angle-bracket autolinks accept URLs and email addresses", () => {
  assert.equal(
    md("<https://x.com/a?b=1&c=2>"),
    `<a href="https://x.com/a?b=1&amp;c=2"${REL}>https://x.com/a?b=1&amp;c=2</a>`,
  );
  assert.equal(md("<me@ex.com>"), `<a href="mailto:me@ex.com"${REL}>me@ex.com</a>`);
  assert.equal(md("<ftp://x> <not a link>"), "&lt;ftp://x&gt; &lt;not a link&gt;");
});

Deno.test("markdown - bare URLs link without trailing punctuation", () => {
  const a = (u: string) => `<a href="${u}"${REL}>${u}</a>`;
  assert.equal(md("see https://x.com."), `see ${a("https://x.com")}.`);
  assert.equal(md("(http://y.com/p)"), `(${a("http://y.com/p")})`);
  assert.equal(md("https://w.org/A_(b), ok"), `${a("https://w.org/A_(b)")}, ok`);
  assert.equal(md("**https://b.com**"), `<strong>${a("https://b.com")}</strong>`);
  assert.equal(md("xhttps://no.pe https:// done"), "xhttps://no.pe https:// done");
});

Deno.test("markdown - raw HTML and entities come out as text", () => {
  assert.equal(
    md(`a & b < c > d " ' &amp; &#x41;`),
    "a &amp; b &lt; c &gt; d &quot; &#39; &amp;amp; &amp;#x41;",
  );
  assert.equal(md("<b>x</b>"), "&lt;b&gt;x&lt;/b&gt;");
});
