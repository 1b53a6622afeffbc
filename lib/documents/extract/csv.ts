/**
 * CSV to Markdown tables. Our own RFC 4180 reader (quoted fields, doubled quotes, newlines inside
 * quotes; the delimiter , ; or tab guessed from the first lines outside quotes): ~80 lines against
 * a 20 KB dependency whose streaming, workers and type guessing we would not use.
 */
import { ExtractError } from "./errors.ts";

/** Rows per table: a long sheet becomes several tables, each with the header again. */
const ROWS_PER_TABLE = 200;

/** The delimiter that splits the first lines most evenly (ties go to the comma). */
export function guessDelimiter(text: string): string {
  const sample = text.slice(0, 64 * 1024);
  let best = ",";
  let bestScore = -1;
  for (const d of [",", ";", "\t"]) {
    const counts = parseCsv(sample, d, 20).filter((r) => r.length > 1 || r[0] !== "").map((r) =>
      r.length
    );
    if (counts.length === 0) continue;
    const first = counts[0];
    const same = counts.filter((c) => c === first).length;
    const score = first > 1 ? same * 1000 + first : 0;
    if (score > bestScore) [best, bestScore] = [d, score];
  }
  return best;
}

/**
 * Parses CSV into rows of fields; `maxRows` stops early. Fields are sliced, not built character by
 * character (a 100 MB sheet stays fast). A quote opens a quoted field only at a field's start;
 * text after its closing quote is kept; a quote left open runs to the end.
 */
export function parseCsv(text: string, delimiter: string, maxRows = Infinity): string[][] {
  const rows: string[][] = [];
  const end = new RegExp(`[${delimiter === "\t" ? "\\t" : delimiter}\\r\\n]`, "g");
  const n = text.length;
  let row: string[] = [];
  let i = 0;
  while (i < n && rows.length < maxRows) {
    let field = "";
    if (text[i] === '"') {
      let from = i + 1;
      for (;;) {
        const q = text.indexOf('"', from);
        if (q < 0) {
          field += text.slice(from);
          i = n;
          break;
        }
        field += text.slice(from, q);
        if (text[q + 1] === '"') {
          field += '"';
          from = q + 2;
        } else {
          i = q + 1;
          break;
        }
      }
    }
    end.lastIndex = i;
    const m = end.exec(text);
    const stop = m ? m.index : n;
    field += text.slice(i, stop);
    row.push(field);
    i = stop;
    if (i >= n) break;
    if (text[i] === delimiter) {
      i++;
      if (i === n) row.push("");
      continue;
    }
    rows.push(row);
    row = [];
    i += text[i] === "\r" && text[i + 1] === "\n" ? 2 : 1;
  }
  if (row.length > 0 && rows.length < maxRows) rows.push(row);
  return rows;
}

/** A cell's text made safe inside a Markdown table row. */
function cell(value: string): string {
  return value.trim().replace(/\\/g, "\\\\").replace(/\|/g, "\\|").replace(/\r?\n/g, "<br>");
}

/**
 * CSV text to Markdown: the first row is the header; rows are padded to the widest; every
 * ROWS_PER_TABLE rows a new table starts with the header repeated, so each chunk of a long sheet
 * still says what its columns are. Stops with `extract_too_large` past `maxChars`.
 */
export function csvToMarkdown(text: string, maxChars: number): string {
  const rows = parseCsv(text, guessDelimiter(text)).filter((r) => r.some((f) => f.trim() !== ""));
  if (rows.length === 0) return "";
  const width = rows.reduce((w, r) => Math.max(w, r.length), 0);
  const line = (r: string[]) =>
    `| ${Array.from({ length: width }, (_, k) => cell(r[k] ?? "")).join(" | ")} |`;
  const header = Array.from({ length: width }, (_, k) => rows[0][k]?.trim() || `Column ${k + 1}`);
  const head = `${line(header)}\n|${" --- |".repeat(width)}`;
  const parts: string[] = [];
  let size = 0;
  const body = rows.slice(1);
  if (body.length === 0) return head;
  for (let start = 0; start < body.length; start += ROWS_PER_TABLE) {
    const table = [head, ...body.slice(start, start + ROWS_PER_TABLE).map(line)].join("\n");
    size += table.length + 2;
    if (size > maxChars) {
      throw new ExtractError(
        "extract_too_large",
        `The table is too long: its text passes ${maxChars.toLocaleString("en")} characters.`,
      );
    }
    parts.push(table);
  }
  return parts.join("\n\n");
}
