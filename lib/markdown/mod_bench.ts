import { renderMarkdown } from "./mod.ts";

const SHORT =
  "Sure! Here's **how** to do it:\n\n1. Run `deno task ok`\n2. See [docs](https://deno.com).";
const LONG = `## Plan

Here is **what** I'd do, see [the docs](https://deno.com) or <https://jsr.io>:

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
`.repeat(20);

Deno.bench("markdown - a short chat message", () => {
  renderMarkdown(SHORT);
});

Deno.bench(`markdown - a ${Math.round(LONG.length / 1024)} KB reply`, () => {
  renderMarkdown(LONG);
});
