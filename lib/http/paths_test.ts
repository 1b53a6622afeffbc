import assert from "node:assert/strict";
import { sameOriginPath } from "./paths.ts";

const ORIGIN = "http://hearth.local:8420";

Deno.test("paths - a path on this site is kept, normalized", () => {
  assert.equal(sameOriginPath("/", ORIGIN), "/");
  assert.equal(sameOriginPath("/chat?x=1", ORIGIN), "/chat?x=1");
  assert.equal(sameOriginPath("/chat/42#end", ORIGIN), "/chat/42#end");
  assert.equal(sameOriginPath("/a/../todos", ORIGIN), "/todos");
  assert.equal(sameOriginPath("/search?q=ä", ORIGIN), "/search?q=%C3%A4");
  assert.equal(sameOriginPath("/search?q=http://x.test/", ORIGIN), "/search?q=http://x.test/");
});

Deno.test("paths - anything that could leave the site falls back", () => {
  for (
    const target of [
      "//evil.test",
      "/\\evil.test",
      "\\/evil.test",
      "/\t/evil.test",
      "/\n/evil.test",
      "/\r/evil.test",
      "/ /evil.test",
      "/\u00a0/evil.test",
      "/\u0000",
      "/\u007f",
      "https://evil.test/",
      "http:/evil.test",
      "evil.test",
      "",
      undefined,
      null,
      42,
    ]
  ) {
    assert.equal(sameOriginPath(target, ORIGIN), "/", JSON.stringify(target));
  }
  assert.equal(sameOriginPath("//evil.test", ORIGIN, "/home"), "/home");
});
