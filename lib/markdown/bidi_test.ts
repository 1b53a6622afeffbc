import assert from "node:assert/strict";
import { balanceBidi } from "./bidi.ts";
import { renderMarkdown } from "./mod.ts";

const RLO = "\u202e", PDF = "\u202c", RLI = "\u2067", PDI = "\u2069", LRE = "\u202a";

Deno.test("bidi - an unclosed override or isolate is closed at the end of its line", () => {
  assert.equal(balanceBidi(`a ${RLO}b\nc`), `a ${RLO}b${PDF}\nc`);
  assert.equal(balanceBidi(`${RLI}x${LRE}y`), `${RLI}x${LRE}y${PDF}${PDI}`);
  // A PDI closes what was opened inside its isolate too.
  assert.equal(balanceBidi(`${RLI}x${RLO}y${PDI}z`), `${RLI}x${RLO}y${PDF}${PDI}z`);
});

Deno.test("bidi - closers that close nothing go; balanced text and plain text stay as they are", () => {
  assert.equal(balanceBidi(`a${PDF}b${PDI}c`), "abc");
  assert.equal(balanceBidi(`${RLO}ab${PDF} c`), `${RLO}ab${PDF} c`);
  assert.equal(balanceBidi("שלום, world \u200f!"), "שלום, world \u200f!");
});

Deno.test("bidi - the Markdown renderer closes an override within its line", () => {
  const html = renderMarkdown(`one ${RLO}two\nthree\n\n- ${RLO}item`);
  assert.equal(
    html,
    `<p>one ${RLO}two${PDF}<br>three</p><ul><li>${RLO}item${PDF}</li></ul>`,
  );
});
