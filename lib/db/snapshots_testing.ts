/** Test helpers for upgrades: a migration that breaks midway, seed data, a full dump. */
import { DatabaseSync } from "node:sqlite";
import type { Migration } from "./migrate.ts";

/** A migration that changes things (a table with rows, a column) and then throws. */
export function failingMigration(version: number): Migration {
  return {
    version,
    name: "break midway",
    up(db) {
      db.exec("CREATE TABLE upgrade_scratch (id INTEGER PRIMARY KEY, note TEXT NOT NULL)");
      db.exec("INSERT INTO upgrade_scratch (note) VALUES ('one'), ('two')");
      db.exec("ALTER TABLE messages ADD COLUMN scratch TEXT");
      db.exec("UPDATE messages SET content = 'lost'");
      throw new Error("broke midway");
    },
  };
}

/**
 * A member profile with a conversation of three messages, written with plain SQL so it fits
 * any schema from 12 on (before the message tree). Returns the ids.
 */
export function seedChats(
  raw: DatabaseSync,
  names = { profile: "p-ana", conversation: "c-1" },
): { profileId: string; conversationId: string } {
  const at = "2026-12-01T09:00:00.000Z";
  raw.prepare(
    `INSERT INTO profiles (id, name, avatar, pin_hash, is_admin, password_hash, created_at,
       updated_at) VALUES (?, ?, '🙂', NULL, 0, NULL, ?, ?)`,
  ).run(names.profile, "Ana", at, at);
  raw.prepare(
    `INSERT INTO conversations (id, profile_id, title, model, created_at, updated_at)
     VALUES (?, ?, 'Soup recipes', 'llama3', ?, ?)`,
  ).run(names.conversation, names.profile, at, at);
  const texts = ["How do I make leek soup?", "Sweat the leeks, add stock…", "Thanks!"];
  texts.forEach((text, i) => {
    raw.prepare(
      `INSERT INTO messages (id, conversation_id, profile_id, seq, role, content, created_at,
         updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(
      `${names.conversation}-m${i}`,
      names.conversation,
      names.profile,
      i + 1,
      i % 2 ? "assistant" : "user",
      text,
      at,
      at,
    );
  });
  return { profileId: names.profile, conversationId: names.conversation };
}

/** Every table's rows (sorted), the schema and `user_version` of the database at `path`. */
export interface Dump {
  user_version: number;
  schema: string[];
  tables: Record<string, string[]>;
}

/** Reads the whole database at `path` (read-only) into a comparable value. */
export function dumpDatabase(path: string): Dump {
  const db = new DatabaseSync(path, { readOnly: true });
  try {
    const version = db.prepare("PRAGMA user_version").get() as { user_version: number };
    const schema = db.prepare(
      "SELECT type, name, sql FROM sqlite_master ORDER BY type, name",
    ).all() as { type: string; name: string; sql: string | null }[];
    const tables: Record<string, string[]> = {};
    for (const { name } of schema.filter((s) => s.type === "table")) {
      const rows = db.prepare(`SELECT * FROM "${name.replaceAll('"', '""')}"`).all();
      tables[name] = rows.map((r) =>
        JSON.stringify(r, (_k, v) => v instanceof Uint8Array ? [...v] : v)
      ).sort();
    }
    return {
      user_version: version.user_version,
      schema: schema.map((s) => `${s.type} ${s.name}: ${s.sql ?? ""}`),
      tables,
    };
  } finally {
    db.close();
  }
}
