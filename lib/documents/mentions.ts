/**
 * `#name` mentions: a person names a document of the library in a chat message ("what does
 * #lease-2026 say about pets?") and the reply draws on it without attaching it first.
 *
 * A mention is a `#` at the start of the text or after a space or an opening bracket or quote,
 * followed by letters, digits, `_`, `-` and `.` (trailing dots and dashes are punctuation). Names
 * and mentions compare **normalised**: lowercase, the file extension dropped, everything but
 * letters and digits removed, so "Lease 2026.pdf" is `#lease-2026`, `#Lease_2026` or `#lease2026`.
 * A mention matches the documents whose normalised name equals it; failing that, the one document
 * whose normalised name starts with it, when it has at least 3 characters (`#leas`). Several
 * documents starting with it match none: a guess could bring the wrong document into a reply.
 *
 * Only documents the profile may read are candidates: its own and the household's shared ones
 * (`readableDocuments` of `access.ts`, the rule the search index mirrors in migration 18); another profile's
 * private document is never matched, whatever its name.
 */
import type { Kysely, Transaction } from "kysely";
import type { Database } from "../db/schema.ts";
import { readableDocuments } from "./access.ts";

type Reader = Kysely<Database> | Transaction<Database>;

/** Mentions read from one message at most (the rest are ignored). */
export const MAX_MENTIONS = 5;
/** The shortest mention that may match a name by its start. */
export const MIN_PREFIX = 3;
/** Names compared at most per mention: the newest documents first. */
const MAX_CANDIDATES = 10_000;

const MENTION = /(?:^|[\s([{"'“„«])#([\p{L}\p{N}_.-]+)/gu;

/** A name as mentions compare it: lowercase, no extension, letters and digits only. */
export function normalizeName(name: string): string {
  const base = name.replace(/\.[\p{L}\p{N}]{1,5}$/u, "");
  return base.toLocaleLowerCase("en").replace(/[^\p{L}\p{N}]/gu, "");
}

/** The normalised `#tokens` of a text, in order, without repeats, at most `MAX_MENTIONS`. */
export function mentionTokens(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(MENTION)) {
    const token = normalizeName(m[1].replace(/[.-]+$/, ""));
    if (token && !out.includes(token)) out.push(token);
    if (out.length >= MAX_MENTIONS) break;
  }
  return out;
}

/**
 * The documents the `#mentions` of `text` name among those `profileId` may read (see the module
 * comment), in the order mentioned, each once. No `#` in the text: no query.
 */
export async function findMentions(
  db: { kysely: Kysely<Database> },
  profileId: string,
  text: string,
): Promise<{ id: string; name: string }[]> {
  const tokens = mentionTokens(text);
  const found: { id: string; name: string }[] = [];
  for (const token of tokens) {
    // Only names holding the mention's ASCII letters and digits in order can match (LIKE ignores
    // ASCII case), so the database leaves most of a large library out.
    const ascii = [...token].filter((c) => /[a-z0-9]/.test(c));
    const rows = await readableDocuments(db.kysely, profileId).select(["id", "name"])
      .where("name", "like", `%${ascii.join("%")}%`)
      .orderBy("updated_at", "desc").orderBy("id").limit(MAX_CANDIDATES).execute();
    const names = rows.map((r) => ({ ...r, key: normalizeName(r.name) }));
    let hits = names.filter((n) => n.key === token);
    if (!hits.length && token.length >= MIN_PREFIX) {
      const starts = names.filter((n) => n.key.startsWith(token));
      if (starts.length === 1) hits = starts;
    }
    for (const { id, name } of hits) {
      if (!found.some((f) => f.id === id)) found.push({ id, name });
    }
  }
  return found.slice(0, MAX_MENTIONS);
}
