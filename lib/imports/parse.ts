/**
 * An import file's text to conversations: which format it is, each conversation parsed and
 * checked on its own. A top-level array is cut into its elements by one scan (strings and their
 * escapes respected, nesting counted and capped) and each element is `JSON.parse`d alone, so a
 * large export never becomes one huge object graph, and a file past the conversation cap stops
 * being read there. Errors: 422 `import_not_json`, `import_unknown_format` (naming the known
 * ones), `import_malformed` (what and where), `import_too_many_conversations`.
 */
import type { z } from "zod";
import { HttpError } from "../http/errors.ts";
import { JSON_MAX_DEPTH } from "../http/validate.ts";
import { chatgptConversation, fromChatgpt, isChatgptConversation } from "./chatgpt.ts";
import { fromHearth, hearthExport, isHearthExport } from "./hearth.ts";
import { fromOpenwebui, isOpenwebuiChat, openwebuiChat } from "./openwebui.ts";
import { malformed } from "./tree.ts";
import {
  type ImportedConversation,
  type ImportFormat,
  KNOWN_FORMATS,
  MAX_IMPORT_CONVERSATIONS,
  type ParsedImport,
} from "./types.ts";

/** 422 `import_not_json`. */
function notJson(detail: string): HttpError {
  return new HttpError(422, "import_not_json", `The file is not JSON: ${detail}`, {}, { detail });
}

/** 422 `import_unknown_format`, naming the formats Hearth reads. */
function unknownFormat(): HttpError {
  const known = KNOWN_FORMATS.join(", ");
  return new HttpError(
    422,
    "import_unknown_format",
    `The file is JSON but not a chat export Hearth knows. Known formats: ${known}.`,
    {},
    { known },
  );
}

function tooMany(): HttpError {
  return new HttpError(
    422,
    "import_too_many_conversations",
    `The file holds more than ${MAX_IMPORT_CONVERSATIONS} conversations; split it or export less.`,
    {},
    { max: MAX_IMPORT_CONVERSATIONS },
  );
}

const isSpace = (c: number) => c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;

/** Where the value starting at `start` ends (exclusive); counts nesting against the cap. */
function valueEnd(text: string, start: number): number {
  const first = text.charCodeAt(start);
  if (first !== 0x7b && first !== 0x5b && first !== 0x22) {
    let i = start;
    while (i < text.length && !isSpace(text.charCodeAt(i)) && text[i] !== "," && text[i] !== "]") {
      i++;
    }
    return i;
  }
  let depth = 0;
  let inString = false;
  for (let i = start; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++;
      else if (c === 0x22) {
        inString = false;
        if (depth === 0) return i + 1;
      }
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      // One more level for the array around it.
      if (++depth + 1 > JSON_MAX_DEPTH) {
        throw notJson(`it is nested more than ${JSON_MAX_DEPTH} levels deep`);
      }
    } else if (c === 0x7d || c === 0x5d) {
      if (--depth === 0) return i + 1;
    }
  }
  throw notJson("it ends in the middle of a value");
}

/** The elements of a top-level JSON array, each parsed alone; stops past `max` elements. */
function* arrayElements(text: string, from: number, max: number): Generator<unknown> {
  let i = from + 1;
  const skip = () => {
    while (i < text.length && isSpace(text.charCodeAt(i))) i++;
  };
  skip();
  if (text[i] === "]") return checkTail(text, i + 1);
  let count = 0;
  for (;;) {
    skip();
    if (++count > max) throw tooMany();
    const end = valueEnd(text, i);
    let value: unknown;
    try {
      value = JSON.parse(text.slice(i, end));
    } catch (err) {
      throw notJson(`element ${count}: ${(err as Error).message}`);
    }
    yield value;
    i = end;
    skip();
    if (text[i] === ",") {
      i++;
      continue;
    }
    if (text[i] === "]") return checkTail(text, i + 1);
    throw notJson(`a "," or "]" is missing after element ${count}`);
  }
}

function checkTail(text: string, at: number): void {
  for (let i = at; i < text.length; i++) {
    if (!isSpace(text.charCodeAt(i))) throw notJson("there is more text after the end");
  }
}

/** Parses `value` with `schema`, or `import_malformed` naming the field under `where`. */
function shape<S extends z.ZodType>(schema: S, value: unknown, where: string): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const path = issue.path.map(String).join(".");
  throw malformed(path ? `${where}, field ${path}` : where, issue.message);
}

function nameOf(value: unknown, index: number): string {
  const v = (typeof value === "object" && value !== null ? value : {}) as Record<string, unknown>;
  const chat = (typeof v.chat === "object" && v.chat !== null ? v.chat : {}) as Record<
    string,
    unknown
  >;
  const conv =
    (typeof v.conversation === "object" && v.conversation !== null ? v.conversation : {}) as Record<
      string,
      unknown
    >;
  const title = [v.title, chat.title, conv.title].find((t) => typeof t === "string" && t.trim());
  return title
    ? `conversation ${index + 1} (“${String(title).trim().slice(0, 60)}”)`
    : `conversation ${index + 1}`;
}

/** The format of one element, or null when it is none Hearth reads. */
function kindOf(value: unknown): "chatgpt" | "openwebui" | "hearth" | null {
  if (isHearthExport(value)) return "hearth";
  if (isChatgptConversation(value)) return "chatgpt";
  if (isOpenwebuiChat(value)) return "openwebui";
  return null;
}

/** One element of any format as a conversation, checked. */
function convert(
  value: unknown,
  index: number,
): { format: ImportFormat; conversation: ImportedConversation } {
  const where = nameOf(value, index);
  switch (kindOf(value)) {
    case "chatgpt":
      return {
        format: "chatgpt",
        conversation: fromChatgpt(shape(chatgptConversation, value, where), where),
      };
    case "openwebui":
      return {
        format: "openwebui",
        conversation: fromOpenwebui(shape(openwebuiChat, value, where), where),
      };
    case "hearth":
      if (!hearthExport.shape.format.safeParse((value as { format: unknown }).format).success) {
        throw unknownFormat();
      }
      return fromHearth(shape(hearthExport, value, where), where);
    default:
      throw malformed(where, "it is not a conversation of the file's format");
  }
}

/**
 * Reads an import file's text. `max` caps the conversations (default
 * `MAX_IMPORT_CONVERSATIONS`).
 */
export function parseImportText(text: string, max = MAX_IMPORT_CONVERSATIONS): ParsedImport {
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  while (i < text.length && isSpace(text.charCodeAt(i))) i++;
  if (i >= text.length) throw notJson("the file is empty");
  if (text[i] === "[") {
    const conversations: ImportedConversation[] = [];
    let format: ImportFormat | null = null;
    let kind: ReturnType<typeof kindOf> = null;
    for (const value of arrayElements(text, i, max)) {
      const index = conversations.length;
      if (index === 0) {
        kind = kindOf(value);
        if (!kind) throw unknownFormat();
      } else if (kindOf(value) !== kind) {
        throw malformed(nameOf(value, index), `it is not a conversation of the file's format`);
      }
      const done = convert(value, index);
      format ??= done.format;
      conversations.push(done.conversation);
    }
    if (!format) throw malformed("the file", "it holds no conversations");
    return { format, conversations };
  }
  valueEnd(text, i); // the nesting cap, before parsing
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw notJson((err as Error).message);
  }
  if (!kindOf(value)) throw unknownFormat();
  const done = convert(value, 0);
  return { format: done.format, conversations: [done.conversation] };
}
