import type { Migration } from "../migrate.ts";

/**
 * Todos, events, memos and list items join the one full-text index (`search_docs` +
 * `search_fts`, migration 3), kept current by triggers as messages are, so every write, cascade
 * (a deleted list or parent todo, a deleted profile) and unshare updates the index in the same
 * transaction as the row. Rows that exist already are indexed here.
 *
 * What each kind indexes, as (title, body): a todo (title, notes and tags), an event (title,
 * location and notes), a memo (title, body and tags), a list item ('', its text; the page names
 * the hit after its list). `parent_id` is a list item's list.
 *
 * Who may find a row is `search_docs.profile_id`, read by `lib/search` as "mine or nobody's":
 * todos, events and memos are their owner's; a list item follows `lib/lists/access.ts` `decide`
 * for `read`: the list owner's while the list is private, nobody's (the household's) while it is
 * shared. Sharing or unsharing a list re-marks its items (through `search_docs_list_items`).
 */
const tags = (col: string) =>
  `CASE WHEN json_valid(${col}) THEN ` +
  `(SELECT coalesce(group_concat(value, ' '), '') FROM json_each(${col})) ELSE '' END`;

const todoBody = `NEW.notes || char(10) || ${tags("NEW.tags")}`;
const eventBody = `NEW.location || char(10) || NEW.notes`;
const memoBody = `NEW.body || char(10) || ${tags("NEW.tags")}`;
const itemOwner =
  `(SELECT CASE WHEN l.shared = 1 THEN NULL ELSE l.profile_id END FROM lists l WHERE l.id = NEW.list_id)`;

/** Insert, update and delete triggers keeping `kind` rows of `table` in the index. */
function triggers(
  table: string,
  kind: string,
  { title, body, owner, parent, columns }: {
    title: string;
    body: string;
    owner: string;
    parent: string;
    columns: string;
  },
): string {
  const row = `(SELECT id FROM search_docs WHERE kind = '${kind}' AND ref_id = NEW.id)`;
  return `
    CREATE TRIGGER ${table}_search_insert AFTER INSERT ON ${table} BEGIN
      INSERT INTO search_docs (kind, ref_id, profile_id, parent_id)
        VALUES ('${kind}', NEW.id, ${owner}, ${parent});
      INSERT INTO search_fts (rowid, title, body) VALUES (last_insert_rowid(), ${title}, ${body});
    END;
    CREATE TRIGGER ${table}_search_update AFTER UPDATE OF ${columns} ON ${table} BEGIN
      UPDATE search_fts SET title = ${title}, body = ${body} WHERE rowid = ${row};
    END;
    CREATE TRIGGER ${table}_search_delete AFTER DELETE ON ${table} BEGIN
      DELETE FROM search_fts WHERE rowid =
        (SELECT id FROM search_docs WHERE kind = '${kind}' AND ref_id = OLD.id);
      DELETE FROM search_docs WHERE kind = '${kind}' AND ref_id = OLD.id;
    END;`;
}

/** Indexes the rows `table` holds already, the way its insert trigger would. */
function backfill(
  table: string,
  kind: string,
  title: string,
  body: string,
  owner: string,
  parent: string,
) {
  // One row at a time through the same expressions: `NEW` is the row being indexed.
  return `
    INSERT INTO search_docs (kind, ref_id, profile_id, parent_id)
      SELECT '${kind}', NEW.id, ${owner}, ${parent} FROM ${table} NEW;
    INSERT INTO search_fts (rowid, title, body)
      SELECT d.id, ${title}, ${body} FROM ${table} NEW
      JOIN search_docs d ON d.kind = '${kind}' AND d.ref_id = NEW.id;`;
}

const kinds: [
  string,
  string,
  { title: string; body: string; owner: string; parent: string; columns: string },
][] = [
  ["todos", "todo", {
    title: "NEW.title",
    body: todoBody,
    owner: "NEW.profile_id",
    parent: "NULL",
    columns: "title, notes, tags",
  }],
  ["events", "event", {
    title: "NEW.title",
    body: eventBody,
    owner: "NEW.profile_id",
    parent: "NULL",
    columns: "title, location, notes",
  }],
  ["memos", "memo", {
    title: "NEW.title",
    body: memoBody,
    owner: "NEW.profile_id",
    parent: "NULL",
    columns: "title, body, tags",
  }],
  ["list_items", "list_item", {
    title: "''",
    body: "NEW.text",
    owner: itemOwner,
    parent: "NEW.list_id",
    columns: "text",
  }],
];

export default {
  version: 13,
  name: "search todos, events, memos, list items",
  up(db) {
    db.exec(`
      CREATE INDEX search_docs_list_items ON search_docs (parent_id) WHERE kind = 'list_item';
      ${kinds.map(([table, kind, k]) => triggers(table, kind, k)).join("\n")}
      CREATE TRIGGER lists_search_shared AFTER UPDATE OF shared, profile_id ON lists BEGIN
        UPDATE search_docs SET profile_id = CASE WHEN NEW.shared = 1 THEN NULL ELSE NEW.profile_id END
          WHERE kind = 'list_item' AND parent_id = NEW.id;
      END;
      ${
      kinds.map(([table, kind, k]) => backfill(table, kind, k.title, k.body, k.owner, k.parent))
        .join("\n")
    }
    `);
  },
} satisfies Migration;
