/**
 * A streaming reply's row: its saves as it grows, its end in one update, and, at start, the
 * replies a crash left `streaming`. Written through `ReplyWriter` (`reply_writer.ts`), which
 * groups them with other replies' (`lib/db/group_commit.ts`). Scoped to the owner like the rest of
 * the chat store (`store.ts`).
 */
import { type Kysely, sql } from "kysely";
import type { Database } from "../db/schema.ts";
import { fixedQuery } from "../db/fixed.ts";
import { mine } from "./store.ts";
import type { Message } from "./types.ts";

type DB = Kysely<Database>;

const now = () => new Date().toISOString();

/**
 * Ends a streaming reply in one update: appends its last text (and reasoning), sets its status
 * and merges `meta` into the stored meta (top-level keys replace). Nothing is read back, so a
 * long reply's text never passes through JavaScript again. A missing (or foreign) message is
 * left alone.
 */
export async function finishMessage(
  db: DB,
  profileId: string,
  id: string,
  end: {
    append: string;
    appendThinking?: string;
    status: Message["status"];
    meta: Record<string, unknown>;
  },
): Promise<void> {
  const patch = JSON.stringify(end.meta);
  await finishRow(
    db,
    profileId,
    id,
    end.append,
    end.appendThinking ?? "",
    end.status,
    patch,
    now(),
  );
}

const finishRow = fixedQuery((
  db: DB,
  profileId: string,
  id: string,
  text: string,
  thinking: string,
  status: Message["status"],
  patch: string,
  at: string,
) =>
  mine(db, profileId).updateTable("messages", { status, updated_at: at })
    .set({
      content: appended(text),
      thinking: appended(thinking, "thinking"),
      // json_patch merges the top level like `{ ...meta, ...patch }` for the flat values a
      // reply's meta holds; a damaged stored meta is replaced.
      meta: sql<string>`CASE WHEN json_valid(meta) AND json_type(meta) = 'object'
        THEN json_patch(meta, ${patch}) ELSE ${patch} END`,
    }).where("id", "=", id)
);

/** `column || text`: SQLite appends, so the stored text never passes through JavaScript. */
function appended(text: string, column: "content" | "thinking" = "content") {
  return sql<string>`${sql.ref(column)} || ${text}`;
}

/**
 * Appends `text` (and `thinking`, a reply's reasoning) to a message without reading it back: a
 * streaming reply's periodic save. A missing (or foreign) message is left alone; the reply's end
 * reports that.
 */
export async function appendMessageText(
  db: DB,
  profileId: string,
  id: string,
  text: string,
  thinking = "",
): Promise<void> {
  await appendRow(db, profileId, id, text, thinking, now());
}

// Both columns every time, so it is one statement: a streaming row is not indexed (0005), and
// SQLite rewrites the row whichever of its columns grew.
const appendRow = fixedQuery((
  db: DB,
  profileId: string,
  id: string,
  text: string,
  thinking: string,
  at: string,
) =>
  mine(db, profileId).updateTable("messages", { updated_at: at })
    .set({ content: appended(text), thinking: appended(thinking, "thinking") })
    .where("id", "=", id)
);

/** What a reply left `streaming` by a crash or a kill is marked with at the next start. */
export const INTERRUPTED_BY_RESTART = {
  code: "task_interrupted",
  message: "Hearth stopped before the reply finished; the text saved until then is kept.",
};

/**
 * Marks every reply still `streaming` as `interrupted`, keeping the text saved so far: at start,
 * no task of this process is writing them, so they were cut off by a crash or a kill. Not scoped
 * to a profile: it is the server's own housekeeping, run before any request. Returns how many.
 */
export async function interruptStreamingReplies(db: DB): Promise<number> {
  const error = JSON.stringify(INTERRUPTED_BY_RESTART);
  const meta = sql<string>`CASE WHEN json_valid(meta)
    THEN json_set(meta, '$.ended', 'interrupted', '$.error', json(${error}))
    ELSE json_object('ended', 'interrupted', 'error', json(${error})) END`;
  const result = await db.updateTable("messages")
    // `content = content` puts the kept text into the search index, which skips streaming rows.
    .set({ status: "interrupted", meta, content: sql<string>`content`, updated_at: now() })
    .where("status", "=", "streaming").executeTakeFirst();
  return Number(result.numUpdatedRows);
}
