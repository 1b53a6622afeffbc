/** Test and benchmark samples for the Markdown renderer. */

/** A model reply that uses every construct the renderer knows, including tricky URLs. */
export const SAMPLE_REPLY = `## Plan

Here is **what** I'd do, see [the docs](https://deno.com "Deno") or <https://jsr.io>:

1. Install with \`deno install\`
   - [x] check ~~old~~ _new_ versions
2. Run:

\`\`\`ts
const x = "<b>" + 1;
\`\`\`

> Note: https://example.com/a_(b) works.

| col | n |
|:----|--:|
| a | 1 |

![chart](https://img.example/c.png)
---
Done!`;

/**
 * Hostile Markdown, built to trigger quadratic scans or regex backtracking in a naive renderer.
 * `k` scales each input (1: about 100 KB); the two built from growing lines keep their size.
 */
export const ADVERSARIAL: Record<string, (k: number) => string> = {
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
