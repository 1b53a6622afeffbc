/**
 * Block-level Markdown (headings, fences, lists, quotes, tables, paragraphs) to HTML.
 * Containers hand their de-indented lines to a recursive call, capped in depth so that
 * 50,000 nested `>` cost no more than a few passes over the text.
 * @module
 */

import { inline } from "./inline.ts";
import { escapeHtml as esc } from "./url_safety.ts";

const MAX_DEPTH = 12;
const FENCE = /^ {0,3}(`{3,}|~{3,})(.*)$/;
const CLOSE_FENCE = /^ {0,3}(`{3,}|~{3,})[ \t]*$/;
const HEADING = /^ {0,3}(#{1,6})(?:[ \t]+(.*))?$/;
const RULE = /^ {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$/;
const QUOTE = /^ {0,3}> ?/;
// Groups: indent, marker, ordered number, spacing, first-line content.
const ITEM = /^([ \t]*)([-*+]|(\d{1,9})[.)])(?:([ \t]+)(.*))?$/;
const FENCE_LINE = /^\s*(?:`{3}|~{3})/;
const TASK = /^\[([ xX])\](?:[ \t]+|$)/;
const DELIM_CELL = /^:?-+:?$/;

/**
 * Renders lines of Markdown to HTML. `tight` drops the `<p>` around paragraphs, as
 * CommonMark does inside lists whose items are not separated by blank lines.
 */
export function blocks(lines: string[], depth = 0, tight = false): string {
  const para = (text: string) => tight ? inline(text) : `<p>${inline(text)}</p>`;
  if (depth > MAX_DEPTH) return para(lines.map((l) => l.trim()).join("\n").trim());
  let html = "";
  for (let i = 0; i < lines.length;) {
    const line = lines[i];
    let m: RegExpExecArray | null;
    if (!line.trim()) i++;
    else if ((m = fence(line))) {
      const [, mark, info] = m;
      const lang = info.trim().split(/\s/)[0].toLowerCase().replace(/[^a-z0-9+#-]/g, "")
        .slice(0, 32);
      const ind = indent(line);
      const code: string[] = [];
      let closed = false;
      for (i++; i < lines.length && !closed; i++) {
        const c = CLOSE_FENCE.exec(lines[i]);
        closed = !!c && c[1][0] === mark[0] && c[1].length >= mark.length;
        if (!closed) code.push(dedent(lines[i], ind));
      }
      // While streaming, a closing fence arrives one backtick at a time; hide the stub.
      const stub = code[code.length - 1]?.trim();
      if (!closed && stub && stub.length < mark.length && stub === mark[0].repeat(stub.length)) {
        code.pop();
      }
      html += `<div class="code-block"${lang ? ` data-lang="${lang}"` : ""}><pre><code${
        lang ? ` class="language-${lang}"` : ""
      }>${esc(code.join("\n"))}</code></pre></div>`;
    } else if ((m = HEADING.exec(line))) {
      // Reply headings sit below the page's own h1/h2, so `#` renders as h3 and `####`+ as h6.
      const level = Math.min(m[1].length + 2, 6);
      let text = (m[2] ?? "").trim(), k = text.length;
      while (k && text[k - 1] === "#") k--;
      if (!k || text[k - 1] === " " || text[k - 1] === "\t") text = text.slice(0, k).trim();
      html += `<h${level}>${inline(text)}</h${level}>`;
      i++;
    } else if (RULE.test(line)) {
      html += "<hr>";
      i++;
    } else if (QUOTE.test(line)) {
      const inner: string[] = [];
      for (; i < lines.length && QUOTE.test(lines[i]); i++) inner.push(lines[i].replace(QUOTE, ""));
      html += `<blockquote>${blocks(inner, depth + 1)}</blockquote>`;
    } else if (ITEM.test(line)) {
      const [end, list] = listAt(lines, i, depth);
      html += list;
      i = end;
    } else if (isTable(lines, i)) {
      const align = cells(lines[i + 1]).map((c) =>
        c.endsWith(":")
          ? c[0] === ":" ? ' align="center"' : ' align="right"'
          : c[0] === ":"
          ? ' align="left"'
          : ""
      );
      const row = (line: string, tag: string) => {
        const cs = cells(line);
        return `<tr>${
          align.map((a, k) => `<${tag}${a}>${inline(cs[k] ?? "")}</${tag}>`).join("")
        }</tr>`;
      };
      html += `<table><thead>${row(line, "th")}</thead>`;
      let body = "";
      for (i += 2; i < lines.length && lines[i].includes("|"); i++) {
        body += row(lines[i], "td");
      }
      html += `${body && `<tbody>${body}</tbody>`}</table>`;
    } else {
      const start = i;
      while (++i < lines.length && lines[i].trim() && !interrupts(lines, i));
      html += para(lines.slice(start, i).map((l) => l.trim()).join("\n"));
    }
  }
  return html;
}

/** Parses the list starting at line `i`; returns the next line index and the list's HTML. */
function listAt(lines: string[], i: number, depth: number): [number, string] {
  const number = ITEM.exec(lines[i])![3];
  const ordered = number !== undefined;
  const items: string[][] = [];
  let loose = false, gap = false;
  for (let m; i < lines.length && (m = ITEM.exec(lines[i])) && !!m[3] === ordered;) {
    if (RULE.test(lines[i])) break;
    loose ||= gap;
    // Anything indented deeper than this item's marker belongs to it. This is looser than
    // CommonMark's content column, but it is how models nest lists (2, 3 or 4 spaces).
    const w = indent(m[1]);
    const offset = w + m[2].length + (m[4] ? Math.min(m[4].length, 4) : 1);
    const body = [m[5] ?? ""];
    for (i++; i < lines.length && (!lines[i].trim() || indent(lines[i]) > w); i++) {
      body.push(dedent(lines[i], offset));
    }
    gap = false;
    while (body.length > 1 && !body[body.length - 1].trim()) {
      body.pop();
      gap = true;
    }
    // A blank line between an item's own blocks makes the list loose, one inside code does not.
    let fenced = false;
    for (const [k, l] of body.entries()) {
      if (FENCE_LINE.test(l)) fenced = !fenced;
      else if (!fenced && !l.trim() && k) loose = true;
    }
    items.push(body);
  }
  const tag = ordered ? "ol" : "ul";
  let html = `<${tag}${ordered && +number !== 1 ? ` start="${+number}"` : ""}>`;
  for (const body of items) {
    const task = TASK.exec(body[0]);
    if (task) body[0] = body[0].slice(task[0].length);
    html += task
      ? `<li class="task"><input type="checkbox" disabled${task[1] === " " ? "" : " checked"}> `
      : "<li>";
    html += `${blocks(body, depth + 1, !loose)}</li>`;
  }
  return [i, `${html}</${tag}>`];
}

/** A fence opener; backtick fences may not have backticks in their info string. */
function fence(line: string): RegExpExecArray | null {
  const m = FENCE.exec(line);
  return m && !(m[1][0] === "`" && m[2].includes("`")) ? m : null;
}

/** Whether line `i` starts a block that ends the paragraph above it. */
function interrupts(lines: string[], i: number): boolean {
  const line = lines[i];
  const item = ITEM.exec(line);
  // As in CommonMark, an empty item, or a numbered one not starting at 1, cannot interrupt:
  // "in the year\n2024. It was…" stays a paragraph.
  return !!(fence(line) || HEADING.test(line) || RULE.test(line) || QUOTE.test(line) ||
    (item?.[5]?.trim() && (!item[3] || +item[3] === 1)) || isTable(lines, i));
}

/** GFM table: a row with pipes, then a delimiter row with the same number of cells. */
function isTable(lines: string[], i: number): boolean {
  const d = lines[i + 1];
  // Cheap single-class filters first; this runs on every paragraph line.
  if (d === undefined || !d.includes("|") || !d.includes("-") || !/^[\s|:-]*$/.test(d)) {
    return false;
  }
  const delims = cells(d);
  return lines[i].includes("|") && delims.every((c) => DELIM_CELL.test(c)) &&
    cells(lines[i]).length === delims.length;
}

/** Splits a table row on unescaped pipes, dropping the optional outer ones. */
function cells(row: string): string[] {
  let s = row.trim();
  if (s[0] === "|") s = s.slice(1);
  if (s.endsWith("|") && !s.endsWith("\\|")) s = s.slice(0, -1);
  // A placeholder instead of a lookbehind split, which Safari before 16.4 cannot even parse.
  // NUL is safe to borrow: renderMarkdown has already replaced every NUL in the input.
  return s.replace(/\\\|/g, "\0").split("|").map((c) => c.trim().replace(/\0/g, "|"));
}

/** Columns of leading whitespace; a tab advances to the next multiple of 4. */
function indent(s: string): number {
  let col = 0;
  for (let i = 0; s[i] === " " || s[i] === "\t"; i++) col += s[i] === " " ? 1 : 4 - col % 4;
  return col;
}

/** Removes up to `n` columns of leading whitespace, splitting a tab that straddles `n`. */
function dedent(s: string, n: number): string {
  let col = 0, i = 0;
  for (; col < n && (s[i] === " " || s[i] === "\t"); i++) {
    const w = s[i] === " " ? 1 : 4 - col % 4;
    if (col + w > n) return " ".repeat(col + w - n) + s.slice(i + 1);
    col += w;
  }
  return s.slice(i);
}
