import { renderMarkdown } from "./mod.ts";
import { SAMPLE_REPLY } from "./testing.ts";

const SHORT =
  "Sure! Here's **how** to do it:\n\n1. Run `deno task ok`\n2. See [docs](https://deno.com).";
const LONG = SAMPLE_REPLY.repeat(20);

Deno.bench("markdown - a short chat message", () => {
  renderMarkdown(SHORT);
});

Deno.bench(`markdown - a ${Math.round(LONG.length / 1024)} KB reply`, () => {
  renderMarkdown(LONG);
});
