/**
 * Test helper: an independent check that renderer output is safe for `innerHTML`. It
 * tokenises the HTML itself instead of trusting the renderer, so a bug in the renderer's
 * escaping shows up as a stray tag or attribute here.
 * @module
 */

import assert from "node:assert/strict";

const ANY = /^/;
const ALIGN = /^(?:left|center|right)$/;

// The complete allow-list: tag → attribute → allowed value.
const ALLOWED: Record<string, Record<string, RegExp>> = {
  a: { href: ANY, title: ANY, rel: /^noopener noreferrer nofollow$/, target: /^_blank$/ },
  blockquote: {},
  br: {},
  code: { class: /^language-[a-z0-9+#-]+$/ },
  del: {},
  div: { class: /^code-block$/, "data-lang": /^[a-z0-9+#-]+$/ },
  em: {},
  h3: {},
  h4: {},
  h5: {},
  h6: {},
  hr: {},
  input: { type: /^checkbox$/, disabled: /^$/, checked: /^$/ },
  li: { class: /^task$/ },
  ol: { start: /^\d+$/ },
  p: {},
  pre: {},
  strong: {},
  table: {},
  tbody: {},
  td: { align: ALIGN },
  th: { align: ALIGN },
  thead: {},
  tr: {},
  ul: {},
};
const VOID = new Set(["br", "hr", "input"]);
const TAG = /<(\/?)([a-z0-9]+)((?: [a-z-]+(?:="[^"<>]*")?)*)>/y;
const ENTITY = /&(?:amp|lt|gt|quot|#39);/g;

function decode(s: string): string {
  const map: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', "#39": "'" };
  return s.replace(/&(amp|lt|gt|quot|#39);/g, (_, e) => map[e]);
}

/** The scheme a browser would see in an href value, as a browser's URL parser finds it. */
function browserScheme(href: string): string {
  const s = decode(href).replace(/[\t\n\r]/g, "").replace(/^[\0- ]+/, "").toLowerCase();
  return /^([a-z][a-z0-9+.-]*):/.exec(s)?.[1] ?? "";
}

/**
 * Asserts that `html` contains only allow-listed tags and attributes, balanced and never
 * nested links, with no raw `<`, `>` or bare `&` in text, and only http:, https:, mailto: or
 * relative hrefs (absolute ones carrying rel and target).
 */
export function assertSafeHtml(html: string): void {
  const open: string[] = [];
  for (let i = 0; i < html.length;) {
    const lt = html.indexOf("<", i);
    const text = html.slice(i, lt < 0 ? html.length : lt);
    assert.ok(!text.includes(">"), `raw ">" in text: ${text}`);
    assert.ok(!text.replace(ENTITY, "").includes("&"), `unknown entity in text: ${text}`);
    if (lt < 0) break;
    TAG.lastIndex = lt;
    const m = TAG.exec(html);
    assert.ok(m, `stray "<": ${html.slice(lt, lt + 60)}`);
    const [, closing, name, attrs] = m;
    const allowed = ALLOWED[name];
    assert.ok(allowed, `tag <${name}> is not allowed`);
    if (closing) {
      assert.equal(attrs, "");
      assert.equal(open.pop(), name, `</${name}> does not close the open tag`);
    } else {
      const seen: Record<string, string> = {};
      for (const [, key, value = ""] of attrs.matchAll(/ ([a-z-]+)(?:="([^"]*)")?/g)) {
        assert.ok(allowed[key]?.test(value), `${key}="${value}" is not allowed on <${name}>`);
        assert.ok(!value.replace(ENTITY, "").includes("&"), `unknown entity in ${key}`);
        seen[key] = value;
      }
      if (name === "a") {
        assert.ok(!open.includes("a"), "a link inside a link");
        assert.ok(seen.href, "a link without href");
        const scheme = browserScheme(seen.href);
        assert.ok(["", "http", "https", "mailto"].includes(scheme), `href scheme ${scheme}:`);
        if (scheme) assert.equal(seen.target, "_blank", "absolute link without target");
      }
      if (!VOID.has(name)) open.push(name);
    }
    i = lt + m[0].length;
  }
  assert.deepEqual(open, [], "unclosed tags");
}
