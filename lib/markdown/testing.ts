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
