/**
 * One file's bytes to Markdown, by kind. Runs inside the extraction worker (worker.ts); the
 * heavy libraries load only for the kind that needs them.
 */
import type { DocumentKind } from "../types.ts";
import { ExtractError } from "./errors.ts";
import type { ExtractLimits } from "./limits.ts";
import { decodeText, fenced, languageOf, normalise } from "./text.ts";

/** What a conversion gives: Markdown, and the page count where the format has pages. */
export interface Converted {
  markdown: string;
  pages: number | null;
}

/** Converts `bytes` of `kind` (named `name`, for a code file's language) to normalised Markdown. */
export async function convert(
  bytes: Uint8Array,
  kind: DocumentKind,
  name: string | undefined,
  limits: ExtractLimits,
): Promise<Converted> {
  let markdown: string;
  let pages: number | null = null;
  switch (kind) {
    case "pdf": {
      const { pdfToMarkdown } = await import("./pdf.ts");
      ({ markdown, pages } = await pdfToMarkdown(bytes, limits));
      break;
    }
    case "docx": {
      const { docxToMarkdown } = await import("./docx.ts");
      markdown = await docxToMarkdown(bytes, limits);
      break;
    }
    case "html": {
      if (bytes.length > limits.maxHtmlBytes) {
        throw new ExtractError(
          "extract_too_large",
          `The web page is larger than ${limits.maxHtmlBytes / 1024 / 1024} MB.`,
        );
      }
      const { declaredCharset, htmlToMarkdown } = await import("./html.ts");
      markdown = htmlToMarkdown(decodeText(bytes, declaredCharset(bytes)).text);
      break;
    }
    case "csv": {
      const { csvToMarkdown } = await import("./csv.ts");
      markdown = csvToMarkdown(normalise(decodeText(bytes).text), limits.maxChars);
      break;
    }
    case "json":
      markdown = jsonToMarkdown(normalise(decodeText(bytes).text));
      break;
    case "code": {
      const text = normalise(decodeText(bytes).text);
      markdown = text ? fenced(text, languageOf(name)) : "";
      break;
    }
    case "txt":
    case "md":
      markdown = decodeText(bytes).text;
      break;
    default:
      throw new ExtractError("extract_malformed", `Hearth cannot read files of kind ${kind}.`);
  }
  markdown = normalise(markdown);
  if (markdown.length > limits.maxChars) {
    throw new ExtractError(
      "extract_too_large",
      `The text passes ${limits.maxChars.toLocaleString("en")} characters.`,
    );
  }
  if (!/\S/.test(markdown.replace(/^`{3,}\w*$/gm, ""))) {
    throw new ExtractError(
      "extract_empty",
      kind === "pdf"
        ? "The PDF has no text to read (a scan? Hearth does not read text in images)."
        : "The file has no text to read.",
    );
  }
  return { markdown, pages };
}

/**
 * JSON as one pretty-printed fenced block: every key and value stays searchable word for word,
 * and the model reads JSON well; an outline would drop the structure a question may be about.
 * Text that does not parse is kept as it is, in the same fence.
 */
export function jsonToMarkdown(text: string): string {
  if (!text) return "";
  let pretty = text;
  try {
    pretty = JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    // Not JSON after all (or nested too deeply to parse): keep the text.
  }
  return fenced(pretty, "json");
}
