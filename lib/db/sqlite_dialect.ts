/**
 * Kysely over Deno's built-in `node:sqlite`, which is synchronous: a statement that waits for a
 * lock held by another process (the `hearth` command, a backup) would freeze every request and
 * stream for as long as SQLite's busy timeout. So the connection's busy timeout is 0 and this
 * driver waits instead: a statement that finds the database locked (SQLITE_BUSY) is tried again
 * after a growing pause (1 ms up to 50 ms), with the event loop free in between, for at most
 * `busyTimeoutMs` (5 s), then fails with a 503 `database_busy`.
 *
 * Reads do not queue behind a waiting write: in WAL mode they never wait for the write lock, and
 * Kysely's own one-query-at-a-time lock is replaced by a narrower rule. A transaction takes the
 * write lock when it begins (`BEGIN IMMEDIATE`, so it never finds the database locked halfway
 * and has nothing to retry), this process runs one transaction at a time, and while one is open
 * on the connection, statements outside it wait for it to end rather than run inside it.
 */
import type { DatabaseSync, SQLInputValue, StatementSync } from "node:sqlite";
import {
  CompiledQuery,
  type DatabaseConnection,
  type Dialect,
  type Driver,
  Kysely,
  type QueryResult,
  SqliteAdapter,
  SqliteIntrospector,
  SqliteQueryCompiler,
} from "kysely";
import { HttpError } from "../http/errors.ts";

/** The database stayed locked by another program for longer than the driver waits. */
export class DatabaseBusy extends HttpError {
  constructor(waitedMs: number) {
    super(
      503,
      "database_busy",
      `The database is busy: another program (a backup, the hearth command) has held it for ${
        Math.round(waitedMs)
      } ms. Try again in a moment.`,
      { "Retry-After": "1" },
    );
    this.name = "DatabaseBusy";
  }
}

/** Options of `kyselyOver`. */
export interface SqliteOptions {
  /** How long a statement waits for a lock another process holds (default 5000 ms). */
  busyTimeoutMs?: number;
  /** Told after every write that changed rows and committed (in a transaction or outside one). */
  onWrite?: () => void;
}

function toParams(parameters: ReadonlyArray<unknown>): SQLInputValue[] {
  // node:sqlite cannot bind booleans or Dates; store them as 0/1 and ISO text.
  return parameters.map((p) =>
    typeof p === "boolean" ? (p ? 1 : 0) : p instanceof Date ? p.toISOString() : p as SQLInputValue
  );
}

/** SQLITE_BUSY and its extended codes (the low byte is 5): another connection holds the lock. */
export function isBusy(err: unknown): boolean {
  const e = err as { errcode?: unknown; message?: unknown } | null;
  return typeof e?.errcode === "number"
    ? (e.errcode & 0xff) === 5
    : e?.message === "database is locked";
}

// Statements are prepared once per SQL text and reused. Preparing one per query cost CPU and
// ~5 KB of native memory each until a GC finalized it, which V8 does not hurry since it cannot
// see that memory: +100 MB per 20,000 queries, e.g. 1,000 chats started at once
// (docs/BENCHMARKS.md). Kysely's SQL texts are few; the cap only bounds odd ones (IN lists).
const STATEMENT_CACHE = 256;

interface Statement {
  stmt: StatementSync;
  /** It returns rows (`all`, not `run`). */
  reader: boolean;
  /** A write that returns rows (`… RETURNING`). */
  returning: boolean;
}

/** One connection per Kysely request; all share the database and know whether they hold its transaction. */
class Connection implements DatabaseConnection {
  inTransaction = false;
  /** A statement of its open transaction changed rows. */
  changed = false;
  constructor(readonly driver: SqliteDriver) {}

  executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    return this.driver.run<R>(this, query);
  }

  async *streamQuery<R>(query: CompiledQuery): AsyncIterableIterator<QueryResult<R>> {
    const { rows } = await this.driver.run<R>(this, query);
    for (const row of rows) yield { rows: [row] };
  }
}

/** The driver: statement cache, transactions one at a time, and the asynchronous busy wait. */
class SqliteDriver implements Driver {
  readonly #db: DatabaseSync;
  readonly #busyTimeoutMs: number;
  readonly #onWrite: () => void;
  readonly #cache = new Map<string, Statement>();
  /** A transaction is open on the connection. */
  #open = false;
  #whenClosed: (() => void)[] = [];
  /** One of this process's transactions holds its turn (it may still wait to begin). */
  #turnTaken = false;
  #turns: (() => void)[] = [];

  constructor(db: DatabaseSync, options: SqliteOptions) {
    this.#db = db;
    this.#busyTimeoutMs = options.busyTimeoutMs ?? 5000;
    this.#onWrite = options.onWrite ?? (() => {});
  }

  async init(): Promise<void> {}

  acquireConnection(): Promise<DatabaseConnection> {
    return Promise.resolve(new Connection(this));
  }

  async releaseConnection(): Promise<void> {}

  async beginTransaction(connection: DatabaseConnection): Promise<void> {
    while (this.#turnTaken) await new Promise<void>((resolve) => this.#turns.push(resolve));
    this.#turnTaken = true;
    try {
      await this.#soon(() => {
        this.#statement("begin immediate").stmt.run();
        // Marked open at once, before any other statement can run outside it.
        this.#open = true;
        (connection as Connection).inTransaction = true;
      });
    } catch (err) {
      this.#giveTurn();
      throw err;
    }
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    // A failed commit leaves the transaction open: Kysely rolls it back next.
    const changed = (connection as Connection).changed;
    await this.#soon(() => {
      this.#statement("commit").stmt.run();
      this.#end(connection as Connection);
    });
    if (changed) this.#onWrite();
  }

  rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    try {
      // SQLite may have rolled back already (after some errors); then there is nothing to do.
      if (this.#db.isTransaction) this.#statement("rollback").stmt.run();
    } finally {
      this.#end(connection as Connection);
    }
    return Promise.resolve();
  }

  async savepoint(connection: DatabaseConnection, name: string): Promise<void> {
    await this.run(connection as Connection, CompiledQuery.raw(`savepoint ${quote(name)}`));
  }

  async rollbackToSavepoint(connection: DatabaseConnection, name: string): Promise<void> {
    await this.run(connection as Connection, CompiledQuery.raw(`rollback to ${quote(name)}`));
  }

  async releaseSavepoint(connection: DatabaseConnection, name: string): Promise<void> {
    await this.run(connection as Connection, CompiledQuery.raw(`release ${quote(name)}`));
  }

  destroy(): Promise<void> {
    this.#cache.clear();
    this.#db.close();
    return Promise.resolve();
  }

  /** Runs one statement: inside its transaction, or when none is open; waits out SQLITE_BUSY. */
  run<R>(connection: Connection, query: CompiledQuery): Promise<QueryResult<R>> {
    const learner = learning.get(query);
    if (learner) connections.set(learner, connection);
    // Nothing to wait for (the usual case): the statement runs now, without the retry loop's
    // closure and promises.
    if (connection.inTransaction || !this.#open) {
      try {
        return Promise.resolve(this.#execute<R>(connection, query));
      } catch (err) {
        // Locked by another program: tried again below, each time after the same check.
        if (!isBusy(err)) return Promise.reject(err);
      }
    }
    return this.#retrying(async () => {
      // The last check and the statement run in one go: no transaction can begin in between.
      while (!connection.inTransaction && this.#open) {
        await new Promise<void>((resolve) => this.#whenClosed.push(resolve));
      }
      return this.#execute<R>(connection, query);
    });
  }

  #execute<R>(connection: Connection, query: CompiledQuery): QueryResult<R> {
    // SQLite ends a transaction itself after some errors (a full disk, out of memory): a
    // statement after one that was caught must fail too, not commit on its own.
    if (connection.inTransaction && !this.#db.isTransaction) {
      throw new Error("The transaction was rolled back by an earlier error.");
    }
    const { stmt, reader, returning } = this.#statement(query.sql);
    const params = toParams(query.parameters);
    if (reader) {
      const rows = stmt.all(...params) as R[];
      if (returning && rows.length) this.#changed(connection);
      return { rows };
    }
    const { changes, lastInsertRowid } = stmt.run(...params);
    if (changes > 0) this.#changed(connection);
    return {
      rows: [],
      numAffectedRows: BigInt(changes),
      insertId: lastInsertRowid == null ? undefined : BigInt(lastInsertRowid),
    };
  }

  #changed(connection: Connection) {
    if (connection.inTransaction) connection.changed = true;
    else this.#onWrite();
  }

  #statement(sql: string): Statement {
    let entry = this.#cache.get(sql);
    if (entry) {
      this.#cache.delete(sql); // re-inserted below: the Map's order is least recently used first
    } else {
      const stmt = this.#db.prepare(sql);
      const reader = stmt.columns().length > 0;
      // A write with RETURNING reads too: its rows say it changed some.
      entry = { stmt, reader, returning: reader && !/^\s*select\b/i.test(sql) };
      if (this.#cache.size >= STATEMENT_CACHE) this.#cache.delete(this.#cache.keys().next().value!);
    }
    this.#cache.set(sql, entry);
    return entry;
  }

  #end(connection: Connection) {
    connection.inTransaction = false;
    connection.changed = false;
    this.#open = false;
    const waiting = this.#whenClosed;
    this.#whenClosed = [];
    for (const resolve of waiting) resolve();
    this.#giveTurn();
  }

  #giveTurn() {
    this.#turnTaken = false;
    this.#turns.shift()?.();
  }

  /** `attempt` now, or, when it finds the database locked, again until it does not (`#retrying`). */
  #soon<T>(attempt: () => T): T | Promise<T> {
    try {
      return attempt();
    } catch (err) {
      if (!isBusy(err)) throw err;
      return this.#retrying(attempt);
    }
  }

  /** Tries `attempt` until it does not find the database locked, for at most the busy timeout. */
  async #retrying<T>(attempt: () => T | Promise<T>): Promise<T> {
    const start = performance.now();
    let pause = 1;
    while (true) {
      try {
        return await attempt();
      } catch (err) {
        if (!isBusy(err)) throw err;
        const waited = performance.now() - start;
        if (waited >= this.#busyTimeoutMs) throw new DatabaseBusy(waited);
        const wait = Math.min(pause, this.#busyTimeoutMs - waited);
        await new Promise((resolve) => setTimeout(resolve, wait));
        pause = Math.min(pause * 2, 50);
      }
    }
  }
}

function quote(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/** SQLite's adapter, except that the driver orders statements itself (see the file's comment). */
class Adapter extends SqliteAdapter {
  /** The driver, for `runCompiled`. */
  constructor(readonly driver: SqliteDriver) {
    super();
  }

  override get supportsMultipleConnections(): boolean {
    return true;
  }
}

/** A transaction's executor (`Kysely.getExecutor()`, one per transaction) to its connection. */
const connections = new WeakMap<object, Connection>();
/** Queries that tell `run` their transaction's connection, for `connections`. */
const learning = new WeakMap<CompiledQuery, object>();

/**
 * Runs a compiled query on `db` (a Kysely of `kyselyOver`, or a transaction of one) straight on
 * the driver: the same statement, order and waiting as `db.executeQuery`, without Kysely's
 * wrappers of every query (in a transaction a new executor, a connection provider and its lock,
 * the result's transform: ~2.5 KiB of garbage a statement). With the driver's statements that
 * run at once (`run`), a reply's start took ~40 µs less CPU (docs/BENCHMARKS.md, thirteenth
 * pass). For `fixedQuery` (`fixed.ts`), whose queries take no plugins. A transaction's first
 * query runs through Kysely, which hands the driver its connection; once the transaction has
 * ended, its queries go through Kysely again, which refuses them as it always does.
 */
export function runCompiled<R, DB = unknown>(
  db: Kysely<DB>,
  query: CompiledQuery,
): Promise<QueryResult<R>> {
  const executor = db.getExecutor();
  const adapter = executor.adapter;
  if (!(adapter instanceof Adapter)) return db.executeQuery(query as CompiledQuery<R>);
  if (!db.isTransaction) return adapter.driver.run<R>(new Connection(adapter.driver), query);
  const connection = connections.get(executor);
  if (connection?.inTransaction) return adapter.driver.run<R>(connection, query);
  learning.set(query, executor);
  return db.executeQuery(query as CompiledQuery<R>);
}

/**
 * A Kysely instance over an open `DatabaseSync` whose busy timeout is 0 (`openDatabase` sets
 * it): the driver does the waiting, asynchronously.
 */
export function kyselyOver<DB>(db: DatabaseSync, options: SqliteOptions = {}): Kysely<DB> {
  const driver = new SqliteDriver(db, options);
  const dialect: Dialect = {
    createAdapter: () => new Adapter(driver),
    createDriver: () => driver,
    createIntrospector: (kysely) => new SqliteIntrospector(kysely),
    createQueryCompiler: () => new SqliteQueryCompiler(),
  };
  return new Kysely<DB>({ dialect });
}
