/**
 * Inline Markdown (emphasis, code spans, links, autolinks, line breaks) to HTML, following
 * the CommonMark delimiter algorithm closely enough for model output while staying linear:
 * every scan is either consumed, bounded, or remembered so it is never repeated.
 * @module
 */

import { balanceBidi } from "./bidi.ts";
import { escapeHtml as esc, openLink } from "./url_safety.ts";

/** A run of `*`, `_` or `~~` that may open or close emphasis. */
interface Delim {
  c: string;
  /** Characters not yet used by a match; they are printed literally. */
  n: number;
  /** Original run length, for CommonMark's "rule of 3". */
  len: number;
  open: boolean;
  close: boolean;
  /** Tags printed after the literal characters (this run opened them). */
  pre: string;
  /** Tags printed before the literal characters (this run closed them). */
  post: string;
}

/** Link markup that an enclosing link can strip back to plain text (links never nest). */
interface Anchor {
  html: string;
  text: string;
}

type Token = string | Delim | Anchor;

interface Bracket {
  /** Index of the `[` / `![` token in the output. */
  at: number;
  /** Number of delimiters that came before it. */
  delims: number;
  image: boolean;
}

interface LinkTail {
  href: string;
  title: string;
  end: number;
}

// Bare URLs only start at a word boundary, so `xhttps://` and `snake_https://` stay text.
const SPECIAL = /[\\`*_~[\]!<\n]|\bhttps?:\/\/(?=[^\s<>])/g;
const AUTOLINK = /<([a-z][a-z0-9+.-]{1,31}:[^\s<>]*|[\w.+-]+@[\w-]+(?:\.[\w-]+)+)>/iy;
const BARE_URL = /https?:\/\/[^\s<>]+/y;
// Inside `[…` a `]` more likely ends the link text than belongs to the URL. Stopping the match
// there (rather than cutting it afterwards) keeps a text full of `]` from being rescanned.
const BARE_URL_IN_BRACKETS = /https?:\/\/[^\s<>\]]+/y;
const PUNCT = /[\p{P}\p{S}]/u;
const SPACE = /\s/;
const ASCII_PUNCT = /[!-/:-@[-`{-~]/;
const UNESCAPE = /\\([!-/:-@[-`{-~])/g;

/**
 * Renders one paragraph's (or heading's, or cell's) inline content to HTML. A bidi control
 * reaches no further than its line (`balanceBidi`).
 */
export function inline(source: string): string {
  const text = balanceBidi(source);
  const out: Token[] = [];
  const delims: Delim[] = [];
  const brackets: Bracket[] = [];
  // Output indexes of Anchor tokens, so a link only ever looks at the ones inside it.
  const anchors: number[] = [];
  // Backtick runs by length, built on the first backtick, so finding a code span's closer
  // is a lookup instead of a rescan (a rescan per opener would be quadratic).
  let ticks: Map<number, number[]> | undefined;
  const tickCursor = new Map<number, number>();
  let last = 0;
  const flush = (to: number) => {
    if (to > last) out.push(esc(text.slice(last, to)));
  };
  const emit = (token: Token, to: number) => {
    out.push(token);
    last = to;
  };

  for (let i = 0, m: RegExpExecArray | null; (SPECIAL.lastIndex = i, m = SPECIAL.exec(text));) {
    i = m.index;
    const c = text[i];
    if (c === "\\") {
      const next = text[i + 1];
      if (next === "\n" || (next && ASCII_PUNCT.test(next))) {
        flush(i);
        emit(next === "\n" ? "<br>" : esc(next), i += 2);
      } else i++;
    } else if (c === "\n") {
      // Every newline is a line break, as in GitHub comments and chat UIs: models rarely
      // use two trailing spaces, and a poem or address should not collapse into one line.
      let end = i;
      while (end > last && text[end - 1] === " ") end--;
      flush(end);
      emit("<br>", ++i);
    } else if (c === "`") {
      let r = 1;
      while (text[i + r] === "`") r++;
      if (!ticks) {
        ticks = new Map();
        for (const t of text.matchAll(/`+/g)) {
          const list = ticks.get(t[0].length);
          list ? list.push(t.index) : ticks.set(t[0].length, [t.index]);
        }
      }
      const list = ticks.get(r) ?? [];
      let k = tickCursor.get(r) ?? 0;
      while (k < list.length && list[k] < i + r) k++;
      tickCursor.set(r, k);
      if (k < list.length) {
        let code = text.slice(i + r, list[k]).replace(/\n/g, " ");
        if (code[0] === " " && code[code.length - 1] === " " && code.trim()) {
          code = code.slice(1, -1);
        }
        flush(i);
        emit(`<code>${esc(code)}</code>`, i = list[k] + r);
      } else i += r;
    } else if (c === "*" || c === "_" || c === "~") {
      let r = 1;
      while (text[i + r] === c) r++;
      const d = c === "~" && r !== 2 ? null : delim(c, r, text[i - 1] ?? " ", text[i + r] ?? " ");
      if (d) {
        flush(i);
        emit(d, i + r);
        delims.push(d);
      }
      i += r;
    } else if (c === "!" && text[i + 1] !== "[") {
      i++; // only `![` starts an image
    } else if (c === "[" || c === "!") {
      flush(i);
      brackets.push({ at: out.length, delims: delims.length, image: c === "!" });
      emit(c === "!" ? "![" : "[", i += c === "!" ? 2 : 1);
    } else if (c === "]") {
      const b = brackets.pop();
      const tail = b && text[i + 1] === "(" ? linkTail(text, i + 2) : null;
      if (!b || !tail) {
        i++;
        continue;
      }
      flush(i);
      while (anchors.length && anchors[anchors.length - 1] > b.at) {
        const k = anchors.pop()!;
        out[k] = (out[k] as Anchor).text;
      }
      emphasis(delims.splice(b.delims));
      const open = openLink(tail.href, tail.title);
      if (b.image) {
        // Images become plain links: model output must not make the browser fetch anything.
        if (out.length === b.at + 1) out.push(esc(tail.href));
        anchors.push(b.at, out.length);
        out[b.at] = { html: open, text: "" };
        out.push({ html: open && "</a>", text: "" });
      } else {
        out[b.at] = open;
        out.push(open && "</a>");
        // CommonMark: no links inside links, so every earlier `[` is now plain text.
        brackets.length = 0;
      }
      last = i = tail.end;
    } else if (c === "<") {
      AUTOLINK.lastIndex = i;
      const a = AUTOLINK.exec(text);
      const open = a && openLink(a[1].includes(":") ? a[1] : "mailto:" + a[1]);
      if (open) {
        flush(i);
        anchors.push(out.length);
        emit({ html: open + esc(a[1]) + "</a>", text: esc(a[1]) }, i += a[0].length);
      } else i++;
    } else {
      const re = brackets.length ? BARE_URL_IN_BRACKETS : BARE_URL;
      re.lastIndex = i;
      const url = re.exec(text)![0];
      // GFM: trailing punctuation and unbalanced `)` belong to the sentence, not the URL.
      let open = 0, close = 0, end = url.length;
      for (const ch of url) ch === "(" ? open++ : ch === ")" && close++;
      for (
        let e;
        (e = url[end - 1]) && ("?!.,:;*_~'\"".includes(e) || (e === ")" && close > open));
      ) {
        if (e === ")") close--;
        end--;
      }
      const u = url.slice(0, end);
      if (u.indexOf("/") + 2 < end) {
        flush(i);
        anchors.push(out.length);
        emit({ html: openLink(u) + esc(u) + "</a>", text: esc(u) }, i += end);
      } else i++;
    }
  }
  flush(text.length);
  emphasis(delims);
  let html = "";
  for (const t of out) {
    html += typeof t === "string" ? t : "html" in t ? t.html : t.post + t.c.repeat(t.n) + t.pre;
  }
  return html;
}

/** A delimiter run with CommonMark's flanking rules, or null when it can do neither. */
function delim(c: string, n: number, before: string, after: string): Delim | null {
  const spaceBefore = SPACE.test(before), spaceAfter = SPACE.test(after);
  const punctBefore = PUNCT.test(before), punctAfter = PUNCT.test(after);
  const left = !spaceAfter && (!punctAfter || spaceBefore || punctBefore);
  const right = !spaceBefore && (!punctBefore || spaceAfter || punctAfter);
  // `_` must not open or close inside a word, so snake_case_names stay intact.
  const open = c === "_" ? left && (!right || punctBefore) : left;
  const close = c === "_" ? right && (!left || punctAfter) : right;
  return open || close ? { c, n, len: n, open, close, pre: "", post: "" } : null;
}

/**
 * Pairs delimiter runs into `<em>`, `<strong>` and `<del>`. Openers live on a stack that is
 * cut back on every match; `floor` remembers, per kind of closer, how deep a failed search
 * already looked, so no opener is examined twice for the same kind (CommonMark's
 * openers_bottom) and the whole pass stays linear.
 */
function emphasis(list: Delim[]): void {
  const stack: Delim[] = [];
  const floor: Record<string, number> = {};
  for (const d of list) {
    const key = d.c + (d.len % 3) + d.open;
    while (d.close && d.n) {
      let k = stack.length - 1;
      const bottom = Math.min(floor[key] ?? 0, stack.length);
      for (; k >= bottom; k--) {
        const o = stack[k];
        const rule3 = (o.close || d.open) && (o.len + d.len) % 3 === 0 &&
          (o.len % 3 !== 0 || d.len % 3 !== 0);
        if (o.c === d.c && !rule3) break;
      }
      if (k < bottom) {
        floor[key] = stack.length;
        break;
      }
      const o = stack[k];
      const use = d.c === "~" || (o.n > 1 && d.n > 1) ? 2 : 1;
      const tag = d.c === "~" ? "del" : use === 2 ? "strong" : "em";
      o.pre = `<${tag}>` + o.pre;
      d.post += `</${tag}>`;
      o.n -= use;
      d.n -= use;
      stack.length = o.n ? k + 1 : k;
    }
    if (d.open && d.n) stack.push(d);
  }
}

/**
 * Parses `(destination "title")` starting just after the `(`. Destinations stop at
 * whitespace and allow 32 levels of balanced parentheses, so a failed attempt can only
 * rescan a bounded stretch of the text.
 */
function linkTail(s: string, i: number): LinkTail | null {
  const skip = () => {
    while (s[i] === " " || s[i] === "\t" || s[i] === "\n") i++;
  };
  skip();
  const start = i;
  let href: string;
  if (s[i] === "<") {
    while (++i < s.length && s[i] !== ">" && s[i] !== "<" && s[i] !== "\n") if (s[i] === "\\") i++;
    if (s[i] !== ">") return null;
    href = s.slice(start + 1, i++);
  } else {
    for (let depth = 0; i < s.length; i++) {
      const c = s[i];
      if (c === "\\") i++;
      else if (c === "(" && ++depth > 32) return null;
      else if (c === ")" && !depth--) break;
      else if (c <= " ") break;
    }
    href = s.slice(start, i);
  }
  const afterHref = i;
  skip();
  let title = "";
  const q = s[i];
  if (i > afterHref && (q === '"' || q === "'" || q === "(")) {
    const end = q === "(" ? ")" : q;
    const from = i;
    // A `(` title cannot contain `(`: stopping there bounds the scan for a missing `)`.
    while (++i < s.length && s[i] !== end && !(q === "(" && s[i] === "(")) if (s[i] === "\\") i++;
    if (s[i] !== end) return null;
    title = s.slice(from + 1, i++);
    skip();
  }
  return s[i] === ")"
    ? { href: href.replace(UNESCAPE, "$1"), title: title.replace(UNESCAPE, "$1"), end: i + 1 }
    : null;
}
