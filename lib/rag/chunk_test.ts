import assert from "node:assert/strict";
import { chunkMarkdown, estimateTokens } from "./chunk.ts";

const para = (words: number, word = "word") =>
  Array.from({ length: words }, (_, i) => (i % 12 === 11 ? `${word}${i}.` : `${word}${i}`))
    .join(" ");

Deno.test("chunkMarkdown - heading paths, offsets into the Markdown, one chunk per small section", () => {
  const md = "# Lease\n\nIntro text.\n\n## Deposit\n\nThree months of rent.\n\n## Pets\n\n" +
    "Cats are fine.\n\n### Dogs\n\nAsk first.\n";
  const chunks = chunkMarkdown(md);
  assert.deepEqual(chunks.map((c) => c.heading), ["Lease", "Lease › Deposit", "Lease › Pets"]);
  for (const c of chunks) assert.equal(c.text, md.slice(c.start, c.end));
  // The small subsection joins its parent section's chunk; the top-level sections stay apart.
  assert.match(chunks[2].text, /### Dogs\n\nAsk first\./);
  assert.doesNotMatch(chunks[1].text, /Cats/);
  assert.deepEqual(chunks.map((c) => c.seq), [0, 1, 2]);
  assert.ok(chunks.every((c) => c.tokens === estimateTokens(c.text)));
  // A title with nothing under it goes with the first section, which names the chunk.
  const titled = chunkMarkdown("# Manual\n\n## Filters\n\nRinse them.\n\n## Salt\n\nFill it.");
  assert.deepEqual(titled.map((c) => [c.heading, c.text]), [
    ["Manual › Filters", "# Manual\n\n## Filters\n\nRinse them."],
    ["Manual › Salt", "## Salt\n\nFill it."],
  ]);
});

Deno.test("chunkMarkdown - a long section is cut near the target with overlap, never over the maximum", () => {
  const md = "# A\n\n" + Array.from({ length: 30 }, () => para(120)).join("\n\n") +
    "\n\n# B\n\nEnd.";
  const chunks = chunkMarkdown(md);
  const a = chunks.filter((c) => c.heading === "A");
  assert.ok(a.length >= 4, `${a.length} chunks`);
  for (const c of a) assert.ok(c.tokens <= 800 && c.tokens >= 100, `${c.tokens} tokens`);
  for (let i = 1; i < a.length; i++) {
    const overlap = a[i - 1].end - a[i].start;
    assert.ok(overlap > 0, "consecutive chunks of a section overlap");
    assert.ok(overlap < (a[i - 1].end - a[i - 1].start) * 0.2, "by a little");
  }
  // No overlap across top-level sections.
  assert.equal(chunks.at(-1)!.heading, "B");
  assert.ok(chunks.at(-1)!.start >= a.at(-1)!.end);
  assert.equal(estimateTokens("a b c d e f"), 6, "the word floor");
  assert.equal(estimateTokens("abcdefghijkl"), 3, "a quarter of the characters");
});

Deno.test("chunkMarkdown - fenced code stays whole; a table's header repeats in continuation chunks", () => {
  const code = "```ts\n" + Array.from({ length: 40 }, (_, i) => `const x${i} = ${i};`).join("\n") +
    "\n```";
  const rows = Array.from({ length: 150 }, (_, i) => `| item ${i} | ${para(8, "v")} |`).join("\n");
  const md = `# Doc\n\n${para(300)}\n\n${code}\n\n${para(300)}\n\n## Table\n\n` +
    `| name | value |\n| --- | --- |\n${rows}\n`;
  const chunks = chunkMarkdown(md);
  const withFence = chunks.filter((c) => c.text.includes("```"));
  assert.ok(withFence.length >= 1);
  for (const c of withFence) assert.ok(c.text.includes(code), "the whole code block");
  const table = chunks.filter((c) => c.heading === "Doc › Table");
  assert.ok(table.length >= 2, `${table.length} table chunks`);
  for (const c of table.slice(1)) {
    assert.ok(c.text.startsWith("| name | value |\n| --- | --- |\n| item"), c.text.slice(0, 60));
    assert.ok(md.slice(c.start, c.end).startsWith("| item"));
    assert.ok(c.text.endsWith(md.slice(c.start, c.end)));
  }
});

Deno.test("chunkMarkdown - 20 million characters, with and without newlines, in bounded pieces", () => {
  const lines = ("Lorem ipsum dolor sit amet consectetur. ".repeat(20) + "\n\n").repeat(24_000);
  const oneLine = "x".repeat(20_000_000);
  for (const md of [lines, oneLine]) {
    const chunks = chunkMarkdown(md);
    assert.ok(chunks.length > 5_000);
    assert.ok(chunks.every((c) => c.tokens <= 800), "never over the maximum");
    assert.equal(chunks[0].start, 0);
    assert.equal(chunks.at(-1)!.end, md.trimEnd().length);
  }
  assert.deepEqual(chunkMarkdown(""), []);
  assert.deepEqual(chunkMarkdown("\n\n  \n"), []);
});
