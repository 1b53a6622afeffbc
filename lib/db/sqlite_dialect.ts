/**
 * Kysely over Deno's built-in `node:sqlite`. Kysely's SqliteDialect expects a better-sqlite3-like
 * database; this adapter gives it one over `DatabaseSync`.
 */
import type { DatabaseSync, SQLInputValue } from "node:sqlite";
import { Kysely, type SqliteDatabase, SqliteDialect, type SqliteStatement } from "kysely";

function toParams(parameters: ReadonlyArray<unknown>): SQLInputValue[] {
  // node:sqlite cannot bind booleans or Dates; store them as 0/1 and ISO text.
  return parameters.map((p) =>
    typeof p === "boolean" ? (p ? 1 : 0) : p instanceof Date ? p.toISOString() : p as SQLInputValue
  );
}

function adapt(db: DatabaseSync): SqliteDatabase {
  return {
    close: () => db.close(),
    prepare(sql: string): SqliteStatement {
      const stmt = db.prepare(sql);
      return {
        reader: stmt.columns().length > 0,
        all: (parameters) => stmt.all(...toParams(parameters)) as unknown[],
        run: (parameters) => {
          const r = stmt.run(...toParams(parameters));
          return { changes: r.changes, lastInsertRowid: r.lastInsertRowid };
        },
        iterate: (parameters) => stmt.iterate(...toParams(parameters)) as IterableIterator<unknown>,
      };
    },
  };
}

/** A Kysely instance over an open `DatabaseSync`. */
export function kyselyOver<DB>(db: DatabaseSync): Kysely<DB> {
  return new Kysely<DB>({ dialect: new SqliteDialect({ database: adapt(db) }) });
}
