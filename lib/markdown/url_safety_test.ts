import assert from "node:assert/strict";
import { escapeHtml, openLink, urlKind } from "./url_safety.ts";

Deno.test("markdown - escapeHtml escapes the five significant characters", () => {
  assert.equal(
    escapeHtml(`<a href="x" title='y'>&</a>`),
    "&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;",
  );
  assert.equal(escapeHtml("plain"), "plain");
});

Deno.test("markdown - http, https, mailto and protocol-relative URLs are absolute", () => {
  for (const url of ["https://x.com", "HTTP://X", "mailto:a@b.c", "//cdn.x/y", "\\\\host\\x"]) {
    assert.equal(urlKind(url), "abs", url);
  }
});

Deno.test("markdown - paths, queries and anchors are relative", () => {
  for (const url of ["/a", "a/b:c", "./x", "?q=1:2", "#top", "page.html"]) {
    assert.equal(urlKind(url), "rel", url);
  }
});

Deno.test("markdown - dangerous schemes are refused however they are spelled", () => {
  const urls = [
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    "java\tscript:alert(1)",
    "java\nscript:alert(1)",
    " \x01javascript:alert(1)",
    "java\u200bscript:alert(1)",
    "java\u00adscript:alert(1)",
    "&#106;avascript:alert(1)",
    "&#x6A;avascript:alert(1)",
    "&#x6a&#x61vascript:alert(1)",
    "&#0000106avascript:alert(1)",
    "javascript&colon;alert(1)",
    "java&Tab;script:alert(1)",
    "java&NewLine;script:alert(1)",
    "%6Aavascript:alert(1)",
    "%256Aavascript:alert(1)",
    "&#37;6Aavascript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "DATA:image/svg+xml;base64,PHN2Zz4=",
    "vbscript:msgbox(1)",
    "file:///etc/passwd",
    "localhost:3000",
    "",
  ];
  for (const url of urls) assert.equal(urlKind(url), "", JSON.stringify(url));
});

Deno.test("markdown - openLink escapes attributes and refuses unsafe URLs", () => {
  assert.equal(openLink('/a"b', "t<'>"), '<a href="/a&quot;b" title="t&lt;&#39;&gt;">');
  assert.equal(openLink("javascript:x"), "");
});
