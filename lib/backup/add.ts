/**
 * Restore mode `add`: the bundle's rows join the live ones. A row whose id exists already gets a
 * new id, and every reference to it is rewritten: the columns `PRAGMA foreign_key_list` names,
 * and the references SQLite does not know about (`NON_FK`). Integer ids (document chunks) are
 * all renumbered after the largest in use. The search index is not copied: the live triggers
 * index each added row as it is inserted (a message is noted, and indexed when the restore ends:
 * lib/db/search_later.ts). Rows that belong to this box rather than to the data
 * (logins, API keys, paired devices and their push endpoints, calendar feed tokens, the
 * scheduler's cursor and fired keys, usage counters) are not added. An added profile whose name
 * is taken is renamed ("Anna (2)"), and it is not an admin when the box has one. All of it is
 * one transaction with foreign keys checked at the commit: any inconsistency adds nothing.
 */
import { DatabaseSync, type SQLInputValue } from "node:sqlite";
import type { Db } from "../db/mod.ts";
import { newId } from "../db/ids.ts";
import { yieldToEventLoop } from "../async.ts";

/** Tables `add` leaves out (see above); the search tables are rebuilt by triggers. */
const SKIP = new Set([
  "admin_sessions",
  "app_meta",
  "api_keys",
  "devices",
  "push_subscriptions",
  "calendar_feeds",
  "scheduler_fired",
  "limit_usage",
  "search_docs",
  "search_pending",
]);

/** References that are not foreign keys: table → column → the table its ids belong to. */
const NON_FK: Record<string, Record<string, string>> = {
  conversations: { leaf_id: "conversations:messages" },
  messages: { parent_id: "messages", profile_id: "profiles" },
  workspace_snapshots: { message_id: "messages" },
  notifications: { ref_id: "*" },
};

type Value = SQLInputValue;
type Row = Record<string, Value>;

interface TableInfo {
  name: string;
  columns: string[];
  /** The table's own id column (a single primary key that is not a reference), if any. */
  idColumn: string | null;
  integerId: boolean;
  /** column → referenced table. */
  refs: Map<string, string>;
}

const q = (name: string) => `"${name.replaceAll('"', '""')}"`;

function tables(live: DatabaseSync): TableInfo[] {
  const names = (live.prepare(
    "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' " +
      "AND name NOT LIKE 'search_fts%' ORDER BY name",
  ).all() as { name: string }[]).map((r) => r.name).filter((n) => !SKIP.has(n));
  return names.map((name) => {
    const cols = live.prepare(`PRAGMA table_info(${q(name)})`).all() as {
      name: string;
      type: string;
      pk: number;
    }[];
    const refs = new Map<string, string>();
    for (
      const fk of live.prepare(`PRAGMA foreign_key_list(${q(name)})`).all() as {
        from: string;
        table: string;
      }[]
    ) refs.set(fk.from, fk.table);
    for (const [col, table] of Object.entries(NON_FK[name] ?? {})) {
      refs.set(col, table.includes(":") ? table.split(":")[1] : table);
    }
    const pk = cols.filter((c) => c.pk > 0);
    const own = pk.length === 1 && !refs.has(pk[0].name) ? pk[0] : null;
    return {
      name,
      columns: cols.map((c) => c.name),
      idColumn: own?.name ?? null,
      integerId: own?.type.toUpperCase() === "INTEGER",
      refs,
    };
  });
}

/**
 * `infos` with every table after the tables it references (insert triggers look up the parent
 * row: a document's chunk is indexed under its document).
 */
function parentsFirst(infos: TableInfo[]): TableInfo[] {
  const byName = new Map(infos.map((t) => [t.name, t]));
  const out: TableInfo[] = [];
  const seen = new Set<string>();
  const visit = (t: TableInfo) => {
    if (seen.has(t.name)) return;
    seen.add(t.name);
    for (const target of t.refs.values()) {
      const parent = byName.get(target);
      if (parent && parent !== t) visit(parent);
    }
    out.push(t);
  };
  infos.forEach(visit);
  return out;
}

/** Rows added per table, and each table's renamed ids (old → new). */
export interface AddResult {
  added: Record<string, number>;
  renamed: Map<string, Map<string, Value>>;
}

/** Adds the rows of the database at `bundleDb` (already migrated to this schema) to `db`. */
export async function addRows(db: Db, bundleDb: string): Promise<AddResult> {
  const src = new DatabaseSync(bundleDb, { readOnly: true });
  try {
    const live = db.raw;
    const infos = parentsFirst(tables(live));
    const srcTables = new Set(
      (src.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as {
        name: string;
      }[]).map((r) => r.name),
    );
    const maps = new Map<string, Map<string, Value>>();
    // Pass 1: which ids clash, and what they become.
    for (const t of infos) {
      if (!t.idColumn || !srcTables.has(t.name)) continue;
      const map = new Map<string, Value>();
      maps.set(t.name, map);
      const ids = src.prepare(`SELECT ${q(t.idColumn)} AS id FROM ${q(t.name)}`);
      ids.setReadBigInts(true);
      if (t.integerId) {
        const max = (s: DatabaseSync) =>
          Number(
            (s.prepare(`SELECT max(${q(t.idColumn!)}) AS m FROM ${q(t.name)}`).get() as {
              m: number | null;
            }).m ?? 0,
          );
        let next = BigInt(Math.max(max(live), max(src)) + 1);
        for (const r of ids.iterate() as Iterable<{ id: Value }>) map.set(String(r.id), next++);
      } else {
        const exists = live.prepare(`SELECT 1 FROM ${q(t.name)} WHERE ${q(t.idColumn)} = ?`);
        for (const r of ids.iterate() as Iterable<{ id: Value }>) {
          if (exists.get(r.id)) map.set(String(r.id), newId());
        }
      }
    }
    const anyMap = (v: Value): Value | undefined => {
      for (const m of maps.values()) {
        const hit = m.get(String(v));
        if (hit !== undefined) return hit;
      }
    };
    const added: Record<string, number> = {};
    await db.kysely.transaction().execute(async () => {
      live.exec("PRAGMA defer_foreign_keys = ON");
      const hasAdmin = !!live.prepare("SELECT 1 FROM profiles WHERE is_admin = 1").get();
      const nameTaken = live.prepare("SELECT 1 FROM profiles WHERE name = ? COLLATE NOCASE");
      const starterTaken = live.prepare("SELECT 1 FROM gems WHERE starter = ?");
      let rows = 0;
      for (const t of infos) {
        if (!srcTables.has(t.name)) continue;
        const srcCols = new Set(
          (src.prepare(`PRAGMA table_info(${q(t.name)})`).all() as { name: string }[]).map((c) =>
            c.name
          ),
        );
        const cols = t.columns.filter((c) => srcCols.has(c));
        const select = src.prepare(`SELECT ${cols.map(q).join(", ")} FROM ${q(t.name)}`);
        select.setReadBigInts(true);
        const insert = live.prepare(
          `INSERT INTO ${q(t.name)} (${cols.map(q).join(", ")}) VALUES (${
            cols.map(() => "?").join(", ")
          })${t.idColumn ? "" : " ON CONFLICT DO NOTHING"}`,
        );
        let n = 0;
        for (const row of select.iterate() as Iterable<Row>) {
          if (t.idColumn) {
            const to = maps.get(t.name)?.get(String(row[t.idColumn]));
            if (to !== undefined) row[t.idColumn] = to;
          }
          for (const [col, target] of t.refs) {
            const v = row[col];
            if (v === null || v === undefined) continue;
            const to = target === "*" ? anyMap(v) : maps.get(target)?.get(String(v));
            if (to !== undefined) row[col] = to;
          }
          if (t.name === "profiles") {
            if (hasAdmin && Number(row.is_admin) === 1) row.is_admin = 0n;
            const base = String(row.name);
            for (let i = 2; nameTaken.get(row.name as string); i++) row.name = `${base} (${i})`;
          }
          if (t.name === "gems" && row.starter !== null && starterTaken.get(row.starter)) {
            row.starter = null;
          }
          try {
            n += Number(insert.run(...cols.map((c) => row[c])).changes);
          } catch (err) {
            throw new Error(`Adding a row to ${t.name} failed: ${(err as Error).message}`, {
              cause: err,
            });
          }
          if (++rows % 2000 === 0) await yieldToEventLoop();
        }
        added[t.name] = n;
      }
    });
    return { added, renamed: maps };
  } finally {
    src.close();
  }
}
