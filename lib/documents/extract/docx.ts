/**
 * DOCX to Markdown: the zip is checked first (zip.ts), then mammoth turns Word's styles into
 * semantic HTML (headings, lists, tables, bold), which Turndown writes as Markdown. Mammoth knows
 * Word's numbering, style inheritance and tables; a reader of our own would relearn all that.
 */
import "./proto.ts";
import mammoth from "mammoth";
import { Buffer } from "node:buffer";
import { ExtractError } from "./errors.ts";
import { htmlFragmentToMarkdown } from "./html.ts";
import type { ExtractLimits } from "./limits.ts";
import { inflateEntry, zipEntries } from "./zip.ts";

/** Converts a DOCX file's bytes to Markdown. */
export async function docxToMarkdown(bytes: Uint8Array, limits: ExtractLimits): Promise<string> {
  const entries = zipEntries(bytes, limits);
  if (!entries.some((e) => e.name === "word/document.xml")) {
    throw new ExtractError(
      "extract_malformed",
      "The file is not a valid Word document: it has no word/document.xml.",
    );
  }
  // Every part mammoth parses is inflated here first, under the declared-size check; media is
  // never read (images become their alt text).
  for (const entry of entries) {
    if (/\.(xml|rels)$/i.test(entry.name)) inflateEntry(bytes, entry);
  }
  let html: string;
  try {
    const result = await mammoth.convertToHtml(
      { buffer: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) },
      {
        // Mammoth adds the image's alt text itself; the picture is never read.
        convertImage: mammoth.images.imgElement(() => Promise.resolve({ src: "" })),
      },
    );
    html = result.value;
  } catch (e) {
    throw new ExtractError(
      "extract_malformed",
      `The file is not a valid Word document: ${e instanceof Error ? e.message : String(e)}`
        .slice(0, 300),
    );
  }
  return htmlFragmentToMarkdown(html);
}
