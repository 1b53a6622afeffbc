/**
 * The extraction subprocess (`deno run`, started by process.ts with read access to its one file
 * and nothing else): converts the file named by its arguments and writes one JSON header line to
 * stdout, `{"ok":true,"pages":…}` followed by the Markdown, or `{"ok":false,"code","message"}`.
 */
import type { DocumentKind } from "../types.ts";
import { convert } from "./convert.ts";
import { ExtractError } from "./errors.ts";
import type { ExtractLimits } from "./limits.ts";
import { writeAll } from "../../bytes.ts";

const [file, kind, name, limits] = Deno.args;
let header: Record<string, unknown>;
let markdown = "";
try {
  const result = await convert(
    await Deno.readFile(file),
    kind as DocumentKind,
    name || undefined,
    JSON.parse(limits) as ExtractLimits,
  );
  header = { ok: true, pages: result.pages };
  markdown = result.markdown;
} catch (e) {
  header = e instanceof ExtractError ? { ok: false, code: e.code, message: e.message } : {
    ok: false,
    code: e instanceof RangeError ? "extract_too_large" : "extract_malformed",
    message: `The file could not be read: ${e instanceof Error ? e.message : e}`.slice(0, 300),
  };
}
await writeAll(Deno.stdout, new TextEncoder().encode(JSON.stringify(header) + "\n" + markdown));
