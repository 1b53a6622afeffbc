/**
 * PDF to Markdown through unpdf, the serverless build of Mozilla's pdf.js (the reader Firefox
 * ships): fonts, encodings, compressed streams and broken cross-reference tables are its job.
 * Text comes page by page, line by line; pages are separated by a blank line.
 */
import { getDocumentProxy } from "unpdf";
import { ExtractError } from "./errors.ts";
import type { ExtractLimits } from "./limits.ts";

interface TextItem {
  str?: string;
  hasEOL?: boolean;
  height?: number;
}

/** Converts a PDF's bytes to Markdown; `pages` is how many it has. */
export async function pdfToMarkdown(
  bytes: Uint8Array,
  limits: ExtractLimits,
): Promise<{ markdown: string; pages: number }> {
  let pdf: Awaited<ReturnType<typeof getDocumentProxy>>;
  try {
    pdf = await getDocumentProxy(bytes, {
      disableFontFace: true,
      useSystemFonts: false,
      verbosity: 0,
    });
  } catch (e) {
    const name = (e as { name?: string })?.name;
    throw new ExtractError(
      "extract_malformed",
      name === "PasswordException"
        ? "The PDF is protected by a password."
        : "The file is not a valid PDF (its structure could not be read).",
    );
  }
  const pages = pdf.numPages;
  if (pages > limits.maxPages) {
    throw new ExtractError(
      "extract_too_large",
      `The PDF has ${pages.toLocaleString("en")} pages; at most ${
        limits.maxPages.toLocaleString("en")
      } are read.`,
    );
  }
  const pageLines: Line[][] = [];
  let size = 0;
  for (let n = 1; n <= pages; n++) {
    const lines: Line[] = [];
    try {
      const page = await pdf.getPage(n);
      const content = await page.getTextContent();
      let line: Line = { text: "", size: 0 };
      for (const item of content.items as TextItem[]) {
        const text = item.str ?? "";
        line.text += text;
        if (text.trim()) line.size = Math.max(line.size, Math.round((item.height ?? 0) * 2) / 2);
        if (item.hasEOL) {
          lines.push(line);
          line = { text: "", size: 0 };
        }
      }
      lines.push(line);
      page.cleanup();
    } catch {
      // One broken page does not lose the others.
    }
    for (const line of lines) size += line.text.length + 1;
    if (size > limits.maxChars) {
      throw new ExtractError(
        "extract_too_large",
        `The PDF's text passes ${limits.maxChars.toLocaleString("en")} characters.`,
      );
    }
    pageLines.push(lines);
  }
  const body = bodySize(pageLines.flat());
  const parts = pageLines.map((lines) => pageMarkdown(lines, body)).filter(Boolean);
  return { markdown: parts.join("\n\n"), pages };
}

interface Line {
  text: string;
  /** The largest font size on the line, to the half point (0 when unknown). */
  size: number;
}

/** The font size most of the text is set in. */
function bodySize(lines: Line[]): number {
  const chars = new Map<number, number>();
  for (const { text, size } of lines) {
    if (size) chars.set(size, (chars.get(size) ?? 0) + text.length);
  }
  let best = 0;
  let most = 0;
  for (const [size, count] of chars) if (count > most) [best, most] = [size, count];
  return best;
}

/**
 * A page's lines as Markdown: a short line set well above the body size becomes a heading (`#` at
 * 1.6 times, `##` at 1.25 times), so the chunker can split a PDF by its sections too.
 */
function pageMarkdown(lines: Line[], body: number): string {
  const out: string[] = [];
  for (const { text, size } of lines) {
    const line = text.replace(/\s+$/, "");
    if (!line.trim()) {
      out.push("");
      continue;
    }
    const heading = body > 0 && line.length <= 150 && /\p{L}/u.test(line)
      ? size >= body * 1.6 ? "# " : size >= body * 1.25 ? "## " : ""
      : "";
    if (heading) out.push("", heading + line.trim(), "");
    else out.push(line);
  }
  return out.join("\n").replace(/\n{3,}/g, "\n\n").trim();
}
