/**
 * Cuts a document's Markdown into chunks for retrieval (SPEC §9): heading-aware, about 500–800
 * tokens each, with a little overlap between consecutive chunks of one section.
 *
 * - Tokens are estimated, not counted: `max(ceil(chars / 4), words)` (about right for English
 *   and German with the usual BPE vocabularies; the word floor keeps short-word text honest).
 * - The document is read once into units (heading lines, sentences, list lines, table rows,
 *   whole fenced code blocks), each with its character range; a chunk is a run of units, so its
 *   text is `markdown.slice(start, end)`, except that a chunk starting inside a table (or a code
 *   block too long for one chunk) repeats the table's header rows (the opening fence) first.
 * - "Top-level sections" are those of the shallowest heading level that occurs more than once
 *   (a document with one `#` title has its `##` sections as top level). A chunk never spans two
 *   of them; inside one, a subsection joins the chunk before it when it fits whole, so small
 *   subsections do not make tiny chunks. `heading` is the path of the chunk's first unit
 *   ("Lease › Deposit").
 * - A chunk closes at a paragraph (block) boundary once it has `targetTokens`, or before a unit
 *   that would take it over `maxTokens`. The next chunk of the same section starts with the last
 *   units of the previous one, up to `overlap` of its tokens.
 * - Units longer than `maxTokens` (a huge paragraph, a long code block, text without newlines)
 *   are cut at whitespace near the limit. Every step is linear in the input's length.
 */

/** One chunk of a document, before it is saved. */
export interface ChunkDraft {
  seq: number;
  /** Heading path, "A › B"; "" before the first heading. */
  heading: string;
  text: string;
  /** Character offsets into the Markdown. */
  start: number;
  end: number;
  /** Estimated tokens of `text`. */
  tokens: number;
}

/** Chunk sizes. */
export interface ChunkOptions {
  /** Hard upper bound of a chunk (default 800 tokens). */
  maxTokens?: number;
  /** A chunk closes at the next block boundary once it is this long (default 512). */
  targetTokens?: number;
  /** Share of a chunk repeated at the start of the next one of the same section (default 0.12). */
  overlap?: number;
}

/** Estimated tokens of `text`: a quarter of its characters, at least its words. */
export function estimateTokens(text: string): number {
  return Math.max(Math.ceil(text.length / 4), countWords(text, 0, text.length));
}

function countWords(s: string, from: number, to: number): number {
  let words = 0, inWord = false;
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i);
    const space = c === 32 || c === 10 || c === 9 || c === 13;
    if (!space && !inWord) words++;
    inWord = !space;
  }
  return words;
}

function tokensOf(s: string, from: number, to: number): number {
  return Math.max(Math.ceil((to - from) / 4), countWords(s, from, to));
}

interface Unit {
  start: number;
  end: number;
  tokens: number;
  /** Index of the section (heading run) the unit belongs to. */
  section: number;
  /** First unit of a block (paragraph, list, table, code block, heading). */
  blockStart: boolean;
  /** A heading line: starts a section. */
  heading: boolean;
  /** Text repeated before the chunk when the chunk starts at this unit (table header, fence). */
  head?: string;
}

interface Section {
  /** "A › B". */
  path: string;
  /** Index of its top-level section (a chunk never spans two). */
  group: number;
  tokens: number;
}

const HEADING = /^ {0,3}(#{1,6})(?:[ \t]+(.*?))?[ \t#]*$/;
const FENCE = /^ {0,3}(`{3,}|~{3,})/;
const TABLE_DELIMITER = /^ {0,3}\|?\s*:?-+:?\s*(\|\s*:?-+:?\s*)*\|?\s*$/;

interface Line {
  start: number;
  end: number;
}

function linesOf(md: string): Line[] {
  const lines: Line[] = [];
  let at = 0;
  while (at <= md.length) {
    let nl = md.indexOf("\n", at);
    if (nl < 0) nl = md.length;
    const end = nl > at && md.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
    lines.push({ start: at, end });
    at = nl + 1;
  }
  return lines;
}

/** A block of the document: heading, code, table or paragraph (a run of non-blank lines). */
type Block =
  | { kind: "heading"; level: number; title: string; start: number; end: number }
  | { kind: "code"; start: number; end: number; fenceEnd: number }
  | { kind: "table"; rows: Line[]; headEnd: number }
  | { kind: "text"; lines: Line[] };

function blocksOf(md: string): Block[] {
  const lines = linesOf(md);
  const blocks: Block[] = [];
  const blank = (l: Line) => md.slice(l.start, l.end).trim() === "";
  let i = 0;
  while (i < lines.length) {
    const line = lines[i];
    const text = md.slice(line.start, Math.min(line.end, line.start + 400));
    if (blank(line)) {
      i++;
      continue;
    }
    const fence = FENCE.exec(text);
    if (fence) {
      const mark = fence[1];
      const close = new RegExp(`^ {0,3}${mark[0] === "`" ? "`" : "~"}{${mark.length},}\\s*$`);
      let j = i + 1;
      while (j < lines.length && !close.test(md.slice(lines[j].start, lines[j].end))) j++;
      const last = lines[Math.min(j, lines.length - 1)];
      blocks.push({ kind: "code", start: line.start, end: last.end, fenceEnd: line.end });
      i = j + 1;
      continue;
    }
    const heading = HEADING.exec(text);
    if (heading && line.end - line.start <= 400) {
      blocks.push({
        kind: "heading",
        level: heading[1].length,
        title: (heading[2] ?? "").trim(),
        start: line.start,
        end: line.end,
      });
      i++;
      continue;
    }
    const next = lines[i + 1];
    if (
      next && text.includes("|") && next.end - next.start <= 2000 &&
      TABLE_DELIMITER.test(md.slice(next.start, next.end)) &&
      md.slice(next.start, next.end).includes("-")
    ) {
      const rows: Line[] = [];
      let j = i + 2;
      while (
        j < lines.length && !blank(lines[j]) &&
        md.slice(lines[j].start, lines[j].end).includes("|")
      ) rows.push(lines[j++]);
      blocks.push({ kind: "table", rows: [line, next, ...rows], headEnd: next.end });
      i = j;
      continue;
    }
    const para: Line[] = [];
    while (i < lines.length && !blank(lines[i])) {
      const t = md.slice(lines[i].start, Math.min(lines[i].end, lines[i].start + 400));
      if (para.length && (FENCE.test(t) || HEADING.test(t))) break;
      para.push(lines[i++]);
    }
    blocks.push({ kind: "text", lines: para });
  }
  return blocks;
}

/** The shallowest heading level used more than once (else the shallowest used at all). */
function topLevel(blocks: Block[]): number {
  const counts = [0, 0, 0, 0, 0, 0, 0];
  for (const b of blocks) if (b.kind === "heading") counts[b.level]++;
  for (let l = 1; l <= 6; l++) if (counts[l] > 1) return l;
  for (let l = 1; l <= 6; l++) if (counts[l] > 0) return l;
  return 1;
}

const SENTENCE_END = /[.!?:;](?=\s)/g;

/**
 * Pushes units for `[start, end)`: pieces of at most `maxTokens`, cut after a sentence end when
 * there is one in the window, else at whitespace, else hard.
 */
function pushPieces(
  md: string,
  start: number,
  end: number,
  maxTokens: number,
  push: (start: number, end: number, first: boolean) => void,
): void {
  const window = maxTokens * 3;
  let at = start, first = true;
  while (end - at > 0) {
    if (tokensOf(md, at, Math.min(end, at + window + 1)) <= maxTokens && end - at <= window) {
      push(at, end, first);
      return;
    }
    const limit = Math.min(end, at + window);
    const slice = md.slice(at, limit);
    let cut = -1;
    SENTENCE_END.lastIndex = 0;
    for (let m = SENTENCE_END.exec(slice); m; m = SENTENCE_END.exec(slice)) cut = m.index + 1;
    if (cut < window / 3) cut = Math.max(slice.lastIndexOf(" "), slice.lastIndexOf("\n")) + 1;
    if (cut <= 0) cut = slice.length;
    push(at, at + cut, first);
    first = false;
    at += cut;
    while (at < end && /\s/.test(md[at])) at++;
  }
}

/** Cuts Markdown into chunks (see the module comment). */
export function chunkMarkdown(markdown: string, opts: ChunkOptions = {}): ChunkDraft[] {
  const maxTokens = opts.maxTokens ?? 800;
  const targetTokens = Math.min(opts.targetTokens ?? 512, maxTokens);
  const overlap = opts.overlap ?? 0.12;
  const md = markdown;
  const blocks = blocksOf(md);
  const top = topLevel(blocks);

  // Units and sections, in one pass.
  const units: Unit[] = [];
  const sections: Section[] = [{ path: "", group: 0, tokens: 0 }];
  const stack: { level: number; title: string }[] = [];
  let group = 0;
  const add = (start: number, end: number, blockStart: boolean, heading = false, head?: string) => {
    while (end > start && /\s/.test(md[end - 1])) end--;
    if (end <= start) return;
    const section = sections.length - 1;
    const tokens = tokensOf(md, start, end);
    sections[section].tokens += tokens;
    units.push({ start, end, tokens, section, blockStart, heading, head });
  };
  for (const b of blocks) {
    if (b.kind === "heading") {
      while (stack.length && stack.at(-1)!.level >= b.level) stack.pop();
      stack.push({ level: b.level, title: b.title });
      if (b.level <= top) group++;
      sections.push({ path: stack.map((h) => h.title).join(" › "), group, tokens: 0 });
      add(b.start, b.end, true, true);
    } else if (b.kind === "code") {
      const fence = md.slice(b.start, b.fenceEnd);
      pushPieces(md, b.start, b.end, maxTokens, (s, e, first) => {
        add(s, e, first, false, first ? undefined : fence);
      });
    } else if (b.kind === "table") {
      const head = md.slice(b.rows[0].start, b.headEnd);
      const rows = b.rows.slice(2);
      // The header rows go with the first row, so a chunk never ends on a bare header.
      const firstEnd = rows.length ? rows[0].end : b.headEnd;
      pushPieces(md, b.rows[0].start, firstEnd, maxTokens, (s, e, first) => add(s, e, first));
      for (const row of rows.slice(1)) {
        pushPieces(md, row.start, row.end, maxTokens, (s, e) => add(s, e, false, false, head));
      }
    } else {
      let first = true;
      for (const line of b.lines) {
        pushPieces(md, line.start, line.end, maxTokens, (s, e) => {
          // Sentences of a long line become their own units, so overlap can be a sentence.
          SENTENCE_END.lastIndex = 0;
          const text = md.slice(s, e);
          let at = 0;
          for (let m = SENTENCE_END.exec(text); m; m = SENTENCE_END.exec(text)) {
            let next = m.index + 1;
            while (next < text.length && /\s/.test(text[next])) next++;
            if (next >= text.length) break;
            add(s + at, s + m.index + 1, first);
            first = false;
            at = next;
          }
          add(s + at, e, first);
          first = false;
        });
      }
    }
  }

  // Packing units into chunks.
  const drafts: ChunkDraft[] = [];
  let from = -1; // first unit of the current chunk
  let tokens = 0;
  let plain = 0; // units of the current chunk that are not headings
  const flush = (to: number) => {
    if (from < 0 || to <= from) return;
    const first = units[from];
    const last = units[to - 1];
    const head = first.head;
    // A chunk that starts with headings (a title, then a section's heading) is named after the
    // section its text is in.
    let named = from;
    while (named < to - 1 && units[named].heading) named++;
    const body = md.slice(first.start, last.end);
    const text = head ? `${head}\n${body}` : body;
    drafts.push({
      seq: drafts.length,
      heading: sections[units[named].section].path,
      text,
      start: first.start,
      end: last.end,
      tokens: estimateTokens(text),
    });
  };
  for (let i = 0; i < units.length; i++) {
    const u = units[i];
    if (from >= 0) {
      const prev = units[i - 1];
      const section = sections[u.section];
      const newGroup = section.group !== sections[prev.section].group;
      // Headings alone (a document's title) never make a chunk: they go with what follows.
      const newSection = u.heading && plain > 0 &&
        (newGroup || tokens + section.tokens > maxTokens);
      const full = tokens + u.tokens > maxTokens ||
        (u.blockStart && tokens >= targetTokens);
      if (newSection || full) {
        flush(i);
        let start = i, kept = 0;
        if (!newSection) {
          // Overlap: the previous chunk's last units of this section, within the budget.
          const budget = Math.floor(tokens * overlap);
          while (
            start - 1 > from && !units[start - 1].heading &&
            units[start - 1].section === u.section &&
            kept + units[start - 1].tokens <= budget &&
            kept + units[start - 1].tokens + u.tokens <= maxTokens
          ) kept += units[--start].tokens;
        }
        from = start;
        tokens = kept;
        plain = i - start;
      }
    } else {
      from = i;
      tokens = 0;
    }
    tokens += u.tokens;
    if (!u.heading) plain++;
  }
  flush(units.length);
  return drafts;
}
