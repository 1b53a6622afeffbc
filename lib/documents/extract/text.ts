/**
 * Bytes to text, and text to tidy Markdown. A file that is not valid UTF-8 is still read when it
 * is text: a household's older files are mostly Windows-1252 ("Grüße" saved by an old editor), and
 * refusing them would lose a document to save a byte. Only binary data posing as text fails
 * (`extract_encoding`).
 */
import { ExtractError } from "./errors.ts";

/** How the bytes were read: `replaced` counts invalid UTF-8 sequences turned into U+FFFD. */
export interface Decoded {
  text: string;
  encoding: "utf-8" | "utf-16le" | "utf-16be" | "windows-1252" | string;
  replaced: number;
}

/**
 * Decodes a text file: a BOM decides; else strict UTF-8; else, when nearly every byte above 0x7F
 * sits in a valid UTF-8 sequence (a file cut mid-character, one stray byte), UTF-8 with U+FFFD for
 * the broken ones; else Windows-1252 (every byte is a character, nothing is lost). Many NULs or
 * control bytes mean it is not text at all.
 */
export function decodeText(bytes: Uint8Array, label?: string): Decoded {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    return utf8(bytes.subarray(3));
  }
  if (bytes[0] === 0xff && bytes[1] === 0xfe) {
    return {
      text: new TextDecoder("utf-16le").decode(bytes.subarray(2)),
      encoding: "utf-16le",
      replaced: 0,
    };
  }
  if (bytes[0] === 0xfe && bytes[1] === 0xff) {
    return {
      text: new TextDecoder("utf-16be").decode(bytes.subarray(2)),
      encoding: "utf-16be",
      replaced: 0,
    };
  }
  if (label && !/^utf-?8$/i.test(label)) {
    try {
      return {
        text: new TextDecoder(label).decode(bytes),
        encoding: label.toLowerCase(),
        replaced: 0,
      };
    } catch {
      // An unknown label: read it as if none was given.
    }
  }
  return utf8(bytes);
}

function utf8(bytes: Uint8Array): Decoded {
  try {
    return {
      text: new TextDecoder("utf-8", { fatal: true }).decode(bytes),
      encoding: "utf-8",
      replaced: 0,
    };
  } catch {
    // Not valid UTF-8: find out what it is below.
  }
  let controls = 0;
  for (const b of bytes) {
    if (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d && b !== 0x0c) controls++;
  }
  if (controls > bytes.length * 0.05) {
    throw new ExtractError(
      "extract_encoding",
      "The file does not look like text: it is full of control bytes (binary data, or UTF-16 without a byte-order mark).",
    );
  }
  const { valid, invalid } = countSequences(bytes);
  if (invalid <= Math.max(2, valid * 0.05)) {
    return { text: new TextDecoder("utf-8").decode(bytes), encoding: "utf-8", replaced: invalid };
  }
  return {
    text: new TextDecoder("windows-1252").decode(bytes),
    encoding: "windows-1252",
    replaced: 0,
  };
}

/** Counts valid multi-byte UTF-8 sequences and bytes above 0x7F that start none. */
function countSequences(bytes: Uint8Array): { valid: number; invalid: number } {
  let valid = 0;
  let invalid = 0;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i];
    if (b < 0x80) continue;
    const n = b >= 0xc2 && b <= 0xdf
      ? 1
      : b >= 0xe0 && b <= 0xef
      ? 2
      : b >= 0xf0 && b <= 0xf4
      ? 3
      : -1;
    let ok = n > 0;
    for (let k = 1; ok && k <= n; k++) ok = i + k < bytes.length && (bytes[i + k] & 0xc0) === 0x80;
    if (ok) {
      valid++;
      i += n;
    } else invalid++;
  }
  return { valid, invalid };
}

/**
 * Tidies text for Markdown: one kind of newline, no NULs or other control characters (tabs and
 * form feeds stay), no trailing spaces, at most one blank line in a row, no blank start or end.
 */
export function normalise(text: string): string {
  return text
    .replace(/^\uFEFF/, "")
    .replace(/\r\n?/g, "\n")
    // deno-lint-ignore no-control-regex
    .replace(/[\x00-\x08\x0B\x0E-\x1F\x7F]/g, "")
    .replace(/[ \t]+$/gm, "")
    .replace(/\n{3,}/g, "\n\n")
    .replace(/^\n+/, "")
    .trimEnd();
}

/** A fenced block that no run of backticks inside `text` can close early. */
export function fenced(text: string, language = ""): string {
  let longest = 0;
  for (const m of text.matchAll(/`{3,}/g)) longest = Math.max(longest, m[0].length);
  const fence = "`".repeat(Math.max(3, longest + 1));
  return `${fence}${language}\n${text}\n${fence}`;
}

const LANGUAGES: Record<string, string> = {
  ts: "typescript",
  tsx: "tsx",
  mts: "typescript",
  cts: "typescript",
  js: "javascript",
  mjs: "javascript",
  cjs: "javascript",
  jsx: "jsx",
  py: "python",
  pyw: "python",
  rb: "ruby",
  go: "go",
  rs: "rust",
  java: "java",
  kt: "kotlin",
  kts: "kotlin",
  scala: "scala",
  c: "c",
  h: "c",
  cc: "cpp",
  cpp: "cpp",
  cxx: "cpp",
  hpp: "cpp",
  hh: "cpp",
  cs: "csharp",
  php: "php",
  swift: "swift",
  m: "objectivec",
  sh: "bash",
  bash: "bash",
  zsh: "bash",
  fish: "fish",
  ps1: "powershell",
  bat: "bat",
  cmd: "bat",
  sql: "sql",
  yaml: "yaml",
  yml: "yaml",
  toml: "toml",
  ini: "ini",
  cfg: "ini",
  conf: "ini",
  xml: "xml",
  svg: "xml",
  css: "css",
  scss: "scss",
  less: "less",
  lua: "lua",
  pl: "perl",
  pm: "perl",
  r: "r",
  dart: "dart",
  hs: "haskell",
  ex: "elixir",
  exs: "elixir",
  erl: "erlang",
  clj: "clojure",
  vue: "vue",
  svelte: "svelte",
  json: "json",
  jsonc: "jsonc",
  md: "markdown",
  tex: "latex",
  nix: "nix",
  zig: "zig",
  proto: "protobuf",
  graphql: "graphql",
  gql: "graphql",
  diff: "diff",
  patch: "diff",
};

const FILE_NAMES: Record<string, string> = {
  dockerfile: "dockerfile",
  makefile: "makefile",
  gnumakefile: "makefile",
  cmakelists: "cmake",
  justfile: "just",
};

/** The fence language a file name suggests ("" when none). */
export function languageOf(name = ""): string {
  const base = name.split(/[\\/]/).pop()!.toLowerCase();
  const stem = base.replace(/\.txt$/, "");
  if (FILE_NAMES[stem]) return FILE_NAMES[stem];
  const dot = base.lastIndexOf(".");
  return dot > 0 ? LANGUAGES[base.slice(dot + 1)] ?? "" : "";
}
