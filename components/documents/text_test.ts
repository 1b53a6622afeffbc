import assert from "node:assert/strict";
import { assertSafeHtml } from "../../lib/markdown/assert_safe_html.ts";
import { type ChunkPlace, documentText } from "./text.ts";

const MD =
  "# Title\n\nIntro text.\n\n## Two\n\nSecond part.\n\n```\ncode line\n\nmore code\n```\n\n## Three\n\nLast part.\n";
const at = (s: string) => MD.indexOf(s);
const chunks: ChunkPlace[] = [
  { id: 7, seq: 0, heading: "Title", start: 0, end: at("## Two") },
  // Starts inside the fenced block: the cut moves out of it.
  { id: 8, seq: 1, heading: "Two", start: at("## Two"), end: at("more code") },
  { id: 9, seq: 2, heading: "Two", start: at("more code"), end: at("## Three") },
  { id: 10, seq: 3, heading: "Three", start: at("## Three"), end: MD.length },
];

Deno.test("documentText - a section per passage, the cited one marked, no block split", () => {
  const text = documentText(MD, chunks, 10);
  assert.equal(text.hit?.id, 10);
  assert.equal(text.omitted, 0);
  const anchors = text.segments.map((s) => s.anchors);
  // Chunk 9 begins inside the code block: its section begins with the block instead.
  assert.deepEqual(anchors, [[7], [8], [9], [10]]);
  assert.match(
    text.segments[2].html,
    /^<div class="code-block"><pre><code>code line\n\nmore code<\/code>/,
  );
  assert.deepEqual(text.segments.map((s) => s.hit), [false, false, false, true]);
  const html = text.segments.map((s) => s.html).join("");
  assert.match(html, /<pre><code>code line\n\nmore code<\/code><\/pre>/);
  for (const s of text.segments) assertSafeHtml(s.html);
});

Deno.test("documentText - a long text shows its start and the cited passage beyond it", () => {
  const long = "Start.\n\n" + "filler line\n".repeat(5000) + "\n## Far\n\nThe cited words.\n";
  const far = long.indexOf("## Far");
  const cs: ChunkPlace[] = [
    { id: 1, seq: 0, heading: "", start: 0, end: far },
    { id: 2, seq: 1, heading: "Far", start: far, end: long.length },
  ];
  const text = documentText(long, cs, 2, 1000);
  assert.ok(text.omitted > 50_000);
  assert.equal(text.segments.length, 2);
  assert.ok(text.segments[0].html.length < 2000);
  assert.ok(text.segments[1].hit && text.segments[1].gapBefore);
  assert.match(text.segments[1].html, /The cited words/);
  // Not cited: only the start.
  const plain = documentText(long, cs, null, 1000);
  assert.equal(plain.segments.length, 1);
  assert.equal(documentText(long, cs, 999, 1000).hit, null);
});
