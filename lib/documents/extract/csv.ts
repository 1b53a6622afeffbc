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

/** Parses CSV into rows of fields; `maxRows` stops early. A quote left open runs to the end. */
export function parseCsv(text: string, delimiter: string, maxRows = Infinity): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  let i = 0;
  const n = text.length;
  while (i < n && rows.length < maxRows) {
    const c = text[i];
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        quoted = false;
      } else field += c;
      i++;
      continue;
    }
    if (c === '"' && field === "") quoted = true;
    else if (c === delimiter) {
      row.push(field);
      field = "";
    } else if (c === "\n" || c === "\r") {
      row.push(field);
      rows.push(row);
      row = [];
      field = "";
      if (c === "\r" && text[i + 1] === "\n") i++;
    } else field += c;
    i++;
  }
  if ((field !== "" || row.length > 0) && rows.length < maxRows) {
    row.push(field);
    rows.push(row);
  }
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
  const header = rows[0];
  const head = `${line(header.map((h, k) => h.trim() || `Column ${k + 1}`))}\n|${
    " --- |".repeat(width)
  }`;
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
