/**
 * Kysely over Deno's built-in `node:sqlite`. Kysely's SqliteDialect expects a better-sqlite3-like
 * database; this adapter gives it one over `DatabaseSync`.
 */
import type { DatabaseSync, SQLInputValue, StatementSync } from "node:sqlite";
import { Kysely, type SqliteDatabase, SqliteDialect, type SqliteStatement } from "kysely";

function toParams(parameters: ReadonlyArray<unknown>): SQLInputValue[] {
  // node:sqlite cannot bind booleans or Dates; store them as 0/1 and ISO text.
  return parameters.map((p) =>
    typeof p === "boolean" ? (p ? 1 : 0) : p instanceof Date ? p.toISOString() : p as SQLInputValue
  );
}

// Statements are prepared once per SQL text and reused. Preparing one per query cost CPU and
// ~5 KB of native memory each until a GC finalized it, which V8 does not hurry since it cannot
// see that memory: +100 MB per 20,000 queries, e.g. 1,000 chats started at once
// (docs/BENCHMARKS.md). Kysely's SQL texts are few; the cap only bounds odd ones (IN lists).
const STATEMENT_CACHE = 256;

function adapt(db: DatabaseSync): SqliteDatabase {
  const cache = new Map<string, { stmt: StatementSync; reader: boolean }>();
  const statement = (sql: string) => {
    let entry = cache.get(sql);
    if (entry) {
      cache.delete(sql); // re-inserted below: the Map's order is least recently used first
    } else {
      const stmt = db.prepare(sql);
      entry = { stmt, reader: stmt.columns().length > 0 };
      if (cache.size >= STATEMENT_CACHE) cache.delete(cache.keys().next().value!);
    }
    cache.set(sql, entry);
    return entry;
  };
  return {
    close: () => {
      cache.clear();
      db.close();
    },
    prepare(sql: string): SqliteStatement {
      const { stmt, reader } = statement(sql);
      return {
        reader,
        all: (parameters) => stmt.all(...toParams(parameters)) as unknown[],
        run: (parameters) => {
          const r = stmt.run(...toParams(parameters));
          return { changes: r.changes, lastInsertRowid: r.lastInsertRowid };
        },
        // An iterator holds its statement until it is done, so it gets one of its own.
        iterate: (parameters) =>
          db.prepare(sql).iterate(...toParams(parameters)) as IterableIterator<unknown>,
      };
    },
  };
}

/** A Kysely instance over an open `DatabaseSync`. */
export function kyselyOver<DB>(db: DatabaseSync): Kysely<DB> {
  return new Kysely<DB>({ dialect: new SqliteDialect({ database: adapt(db) }) });
}
