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
  const parts: string[] = [];
  let size = 0;
  for (let n = 1; n <= pages; n++) {
    let text = "";
    try {
      const page = await pdf.getPage(n);
      const content = await page.getTextContent();
      for (const item of content.items as TextItem[]) {
        text += (item.str ?? "") + (item.hasEOL ? "\n" : "");
      }
      page.cleanup();
    } catch {
      // One broken page does not lose the others.
      continue;
    }
    text = text.replace(/[ \t]+\n/g, "\n").trim();
    if (!text) continue;
    size += text.length + 2;
    if (size > limits.maxChars) {
      throw new ExtractError(
        "extract_too_large",
        `The PDF's text passes ${limits.maxChars.toLocaleString("en")} characters.`,
      );
    }
    parts.push(text);
  }
  return { markdown: parts.join("\n\n"), pages };
}
