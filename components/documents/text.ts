/**
 * A document's Markdown as its page shows it (server side): rendered through `renderMarkdown`
 * (the one sanitizer) in segments cut at its chunks' starts, so each passage is its own
 * `<section id="c-<chunk id>">` and the cited one (`?chunk=`) is marked. A cut is moved to the
 * start of its line, and past a fenced code block it would fall in, so no Markdown block is
 * split. A long document shows its first `cap` characters, and the cited passage when it lies
 * beyond them.
 */
import { renderMarkdown } from "../../lib/markdown/mod.ts";

/** A chunk's place in the Markdown (the text endpoint's shape). */
export interface ChunkPlace {
  id: number;
  seq: number;
  heading: string;
  start: number;
  end: number;
}

/** One rendered piece of the text. */
export interface TextSegment {
  /** Chunk ids whose passage starts here (their anchors, `c-<id>`). */
  anchors: number[];
  /** `renderMarkdown`'s HTML: safe to set as inner HTML. */
  html: string;
  /** Part of the cited passage. */
  hit: boolean;
  /** Text was left out before this segment (a long document). */
  gapBefore: boolean;
}

/** What the page renders: the segments, and whether text was left out at the end. */
export interface DocumentText {
  segments: TextSegment[];
  /** Characters not shown (0: all of it is). */
  omitted: number;
  /** The cited chunk, when it is one of this document's. */
  hit: ChunkPlace | null;
}

/** Characters of Markdown a page shows at most, before the cited passage. */
export const TEXT_CAP = 200_000;

/** Line starts outside fenced code blocks: where a segment may begin. */
function safeStarts(md: string): number[] {
  const out = [0];
  let fence: string | null = null;
  let at = 0;
  for (const line of md.split("\n")) {
    const next = at + line.length + 1;
    const m = /^ {0,3}(`{3,}|~{3,})/.exec(line);
    if (fence === null && m) fence = m[1][0].repeat(m[1].length);
    else if (fence !== null && m && m[1].startsWith(fence) && !line.trim().slice(m[1].length)) {
      fence = null;
      if (next <= md.length) out.push(next);
      at = next;
      continue;
    }
    if (fence === null && next <= md.length) out.push(next);
    at = next;
  }
  return out;
}

/** The first safe start at or before `pos`, else the next one after it. */
function snap(starts: number[], pos: number): number {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid] <= pos) lo = mid;
    else hi = mid - 1;
  }
  return starts[lo];
}

/** Splits and renders `markdown` (see the module doc); `chunk` is the cited chunk id. */
export function documentText(
  markdown: string,
  chunks: readonly ChunkPlace[],
  chunk: number | null,
  cap = TEXT_CAP,
): DocumentText {
  const len = markdown.length;
  const starts = safeStarts(markdown);
  const hit = chunks.find((c) => c.id === chunk) ?? null;
  // Cut points → the chunks whose passage begins there.
  const cuts = new Map<number, number[]>([[0, []]]);
  for (const c of [...chunks].sort((a, b) => a.start - b.start || a.seq - b.seq)) {
    const at = snap(starts, Math.min(Math.max(0, c.start), len));
    cuts.set(at, [...cuts.get(at) ?? [], c.id]);
  }
  const points = [...cuts.keys()].sort((a, b) => a - b);
  const hitFrom = hit ? snap(starts, Math.min(Math.max(0, hit.start), len)) : -1;
  const hitTo = hit ? Math.max(hitFrom + 1, Math.min(hit.end, len)) : -1;
  const segments: TextSegment[] = [];
  let shownTo = 0;
  let gap = false;
  for (let i = 0; i < points.length; i++) {
    const from = points[i];
    const to = points[i + 1] ?? len;
    if (to <= from && !(cuts.get(from) ?? []).length) continue;
    const inHit = hit !== null && from >= hitFrom && from < hitTo;
    if (from >= cap && !inHit) {
      gap = true;
      continue;
    }
    // The first segment past the cap is cut at a safe line start within it.
    const end = to > cap && !inHit ? Math.max(from, snap(starts, cap)) : to;
    segments.push({
      anchors: cuts.get(from) ?? [],
      html: end > from ? renderMarkdown(markdown.slice(from, end)) : "",
      hit: inHit,
      gapBefore: gap,
    });
    gap = end < to;
    shownTo += end - from;
  }
  return { segments, omitted: Math.max(0, len - shownTo), hit };
}
