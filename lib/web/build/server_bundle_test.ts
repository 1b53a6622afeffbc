import assert from "node:assert/strict";
import { latin1Source, lazyRequire } from "./server_bundle.ts";

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

Deno.test("lazyRequire - the bundle's require is made on its first call, and then works", () => {
  const runtime =
    'var g=1;import{createRequire as __deno_internal_createRequire} from "node:module";' +
    "var m=__deno_internal_createRequire(import.meta.url);export{m as a};";
  const lazy = lazyRequire(runtime);
  assert.doesNotMatch(lazy, /from "node:module"/, "no import of node:module left");
  assert.match(lazy, /^var g=1;var __hearth_require,m=\(id\)=>/);
  // The same function, run with import.meta standing in.
  const body = lazy.replace("var g=1;", "").replace("export{m as a};", "return m;")
    .replaceAll("import.meta.url", JSON.stringify(import.meta.url));
  const require = new Function(body)() as (id: string) => { sep: string };
  assert.equal(require("node:path").sep, "/");
  assert.equal(lazyRequire("var x=1;"), "var x=1;", "code without it is left alone");
});
