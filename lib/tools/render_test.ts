/** The render tools: self-contained pages and decks, everything escaped, no script, confined. */
import assert from "node:assert/strict";
import { HttpError } from "../http/errors.ts";
import { assertSafeHtml } from "../markdown/assert_safe_html.ts";
import { toolContext } from "./context_testing.ts";
import { RENDER_TOOLS } from "./render.ts";
import { splitSlides } from "./render_html.ts";
import type { AgentTool } from "./types.ts";

const tool = (name: string): AgentTool => RENDER_TOOLS.find((t) => t.name === name)!;

const HOSTILE = [
  "# Plan <script>alert(1)</script>",
  "",
  '<img src=x onerror="alert(2)"> and <iframe src="https://evil.example"></iframe>',
  "",
  "[click](javascript:alert(3)) [ok](https://example.com) ![pic](https://evil.example/x.png)",
  "",
  "</style><style>body{display:none}</style></body><script src=//evil.example/x.js></script>",
].join("\n");

const SKELETON = new Set([
  "html",
  "head",
  "meta",
  "title",
  "style",
  "body",
  "main",
  "h1",
  "section",
  "div",
  "footer",
  "a",
]);

/** Every tag of a written file is the skeleton's or one lib/markdown emits; nothing can run. */
function assertInert(html: string) {
  assert.doesNotMatch(html, /<script/i);
  assert.doesNotMatch(html, /<(iframe|img|object|embed|link|base|form)\b/i);
  for (const [tag, name, attrs] of html.matchAll(/<\/?([a-z0-9]+)([^>]*)>/gi)) {
    assert.doesNotMatch(attrs, /\son[a-z]+\s*=/i, tag);
    assert.doesNotMatch(attrs, /javascript:/i, tag);
    assert.ok(
      SKELETON.has(name) ||
        /^(p|br|strong|em|del|code|pre|h[3-6]|ul|ol|li|input|blockquote|hr|table|thead|tbody|tr|th|td)$/
          .test(name),
      `unexpected tag ${tag}`,
    );
  }
  // Exactly one style element: the Markdown's `</style>` stayed text.
  assert.equal(html.match(/<style>/g)?.length, 1);
  assert.match(
    html,
    /<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">/,
  );
}

Deno.test("render - make_page writes one self-contained page, the title and Markdown escaped", async () => {
  await using t = await toolContext();
  const page = tool("make_page");
  const title = 'Rome </title><script>alert("t")</script> & more';
  const result = await page.run(
    t.ctx,
    page.input.parse({ title, markdown: HOSTILE, path: "trip/plan" }),
  );
  assert.equal(result.path, "trip/plan.html", ".html added");
  const html = await Deno.readTextFile(`${t.root}/trip/plan.html`);
  assertInert(html);
  assert.ok(html.startsWith('<!doctype html>\n<html lang="en">'));
  assert.ok(
    html.includes(
      "<title>Rome &lt;/title&gt;&lt;script&gt;alert(&quot;t&quot;)&lt;/script&gt; &amp; more</title>",
    ),
  );
  assert.ok(html.includes("&lt;script&gt;alert(1)&lt;/script&gt;"), "raw HTML shows as text");
  assert.ok(html.includes('<a href="https://example.com"'));
  assert.match(html, /prefers-color-scheme:dark/);
  const fragment = html.slice(html.indexOf("</h1>\n") + 6, html.indexOf("\n</main>"));
  assertSafeHtml(fragment);
  assert.match(result.summary, /^Made the page trip\/plan\.html \(\d+(\.\d)? kB\)$/);
  assert.match(result.content, /trip\/plan\.html/);
});

Deno.test("render - make_page names the file after the title, in the profile's language", async () => {
  await using t = await toolContext({ locale: "de" });
  const page = tool("make_page");
  const result = await page.run(
    t.ctx,
    page.input.parse({ title: "Größe & Gewicht!", markdown: "Text" }),
  );
  assert.equal(result.path, "größe-gewicht.html");
  const html = await Deno.readTextFile(`${t.root}/größe-gewicht.html`);
  assert.ok(html.includes('<html lang="de">'));
  assert.match(result.summary, /^Seite größe-gewicht\.html erstellt \(/);
  const bare = await page.run(t.ctx, page.input.parse({ title: "!!!", markdown: "Text" }));
  assert.equal(bare.path, "page.html", "a title without letters");
});

Deno.test("render - a path outside the workspace is refused and nothing is written", async () => {
  await using t = await toolContext();
  const page = tool("make_page");
  await assert.rejects(
    page.run(t.ctx, page.input.parse({ title: "x", markdown: "y", path: "../../escape.html" })),
    (e) => e instanceof HttpError && e.code === "path_outside",
  );
  assert.deepEqual([...Deno.readDirSync(t.root)], []);
});

Deno.test("render - make_slides: one section per slide, --- in code does not split, nothing runs", async () => {
  await using t = await toolContext();
  const slides = tool("make_slides");
  const markdown = [
    "# One",
    "- a",
    "---",
    "",
    "---",
    "# Two",
    "```yaml",
    "---",
    "key: <script>x</script>",
    "```",
    "---",
    HOSTILE,
  ].join("\n");
  const result = await slides.run(t.ctx, slides.input.parse({ title: "Deck", markdown }));
  assert.equal(result.path, "deck.html");
  const html = await Deno.readTextFile(`${t.root}/deck.html`);
  assertInert(html);
  assert.equal(html.match(/<section class="slide"/g)?.length, 3);
  assert.deepEqual([...html.matchAll(/ id="(s\d+)"/g)].map((m) => m[1]), ["s1", "s2", "s3"]);
  assert.ok(html.includes('<a href="#s2" aria-label="Next slide">→</a>'));
  assert.ok(!html.includes('href="#s4"'), "the last slide links nowhere");
  assert.match(html, /scroll-snap-type:y mandatory/);
  assert.ok(html.includes("key: &lt;script&gt;x&lt;/script&gt;"));
  for (const [, inner] of html.matchAll(/<section[^>]*>\n<div>([\s\S]*?)<\/div>\n<footer>/g)) {
    assertSafeHtml(inner);
  }
  assert.equal(result.summary.startsWith("Made 3 slides in deck.html"), true);
});

Deno.test("render - a deck without slides, or with too many, is 422 slides_count", async () => {
  await using t = await toolContext();
  const slides = tool("make_slides");
  for (
    const markdown of [
      "---\n\n---",
      Array.from({ length: 201 }, (_, i) => `# ${i}`).join("\n---\n"),
    ]
  ) {
    await assert.rejects(
      slides.run(t.ctx, slides.input.parse({ title: "Deck", markdown })),
      (e) => e instanceof HttpError && e.status === 422 && e.code === "slides_count",
    );
  }
  assert.deepEqual([...Deno.readDirSync(t.root)], []);
});

Deno.test("render - splitSlides splits on --- lines outside fences only", () => {
  assert.deepEqual(splitSlides("a\n---\nb"), ["a", "b"]);
  assert.deepEqual(splitSlides("a\n  ---  \nb\n----\nc"), ["a", "b\n----\nc"]);
  assert.deepEqual(splitSlides("~~~\n---\n~~~\n---\n\n"), ["~~~\n---\n~~~"]);
  assert.deepEqual(splitSlides("````\n```\n---\n````\nx"), ["````\n```\n---\n````\nx"]);
});
