import assert from "node:assert/strict";
import { latin1Source } from "./server_bundle.ts";

Deno.test("latin1Source - escapes only what does not fit in one byte, and means the same", () => {
  const code = [
    'const a = "“quoted” — café";',
    "const b = `tab·${1}…`;",
    'const c = /[\\s“”„]+/u.test("x“y");',
    'const d = /[😀]/u.test("😀") && /\\“/.test("“");',
    'const e = "\\\\“";', // an escaped backslash, then the character
    "return [a, b, c, d, e];",
  ].join("\n");
  const escaped = latin1Source(code);
  assert.ok([...escaped].every((ch) => ch.charCodeAt(0) <= 0xff), escaped);
  assert.match(escaped, /café/, "Latin-1 stays as it is");
  const run = (src: string) => new Function(src)();
  assert.deepEqual(run(escaped), run(code));
  assert.deepEqual(run(code), ["“quoted” — café", "tab·1…", true, true, "\\“"]);
});
