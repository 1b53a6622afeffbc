/**
 * The thread that checkpoints Hearth's WAL (`checkpointer.ts`): its own connection to the
 * database, so that copying the WAL's pages into the database file, and the two fsyncs that go
 * with it, happen beside the server's event loop instead of on it.
 */
import { DatabaseSync } from "node:sqlite";

/**
 * What the server asks: a checkpoint of the database at `path`, or to close the connection; an
 * idle thread's close first cuts a WAL file longer than `truncateOver` bytes back to nothing.
 */
export type CheckpointRequest = { checkpoint: string } | { close: true; truncateOver?: number };

/** `PRAGMA wal_checkpoint(PASSIVE)`'s row: frames in the WAL, frames copied; and how long. */
export interface CheckpointResult {
  /** 1: another connection was checkpointing, nothing was done. */
  busy: number;
  log: number;
  checkpointed: number;
  ms: number;
}

export type CheckpointReply = { done: CheckpointResult } | { error: string } | { closed: true };

// A worker's global scope, typed here: deno.worker's types would clash with the server's.
const scope = self as unknown as {
  onmessage: ((event: MessageEvent<CheckpointRequest>) => void) | null;
  postMessage(reply: CheckpointReply): void;
};

/**
 * A WAL this long (frames of 4 KiB: 16 MiB) is not left to PASSIVE checkpoints alone. A WAL starts
 * over only when a write begins while all of it is copied; a PASSIVE checkpoint lets writes go
 * on meanwhile, so under steady writes it never is, and the WAL would grow for as long as they
 * last. Past this, PASSIVE rounds copy what came during the last while it shrinks, then a FULL
 * one copies the rest with the server's writes held back (they find the database busy and its
 * driver retries them, the event loop free), so the next write starts the WAL over.
 */
export const FULL_AFTER_FRAMES = 4096;

/** PASSIVE rounds before the FULL one, while each leaves less behind. */
const CATCH_UP_ROUNDS = 3;

let db: DatabaseSync | null = null;

function checkpoint(db: DatabaseSync, mode: "PASSIVE" | "FULL"): Omit<CheckpointResult, "ms"> {
  const row = db.prepare(`PRAGMA wal_checkpoint(${mode})`).get() as Omit<CheckpointResult, "ms">;
  return { busy: row.busy, log: row.log, checkpointed: row.checkpointed };
}

/**
 * A WAL file stays as long as its longest burst made it (a thousand replies at once: hundreds of
 * MB). Cutting it back when the server's connection starts it over (`journal_size_limit`) held
 * the event loop ~90 ms for 160 MB; a TRUNCATE checkpoint here, once writes have stopped, does it
 * beside the event loop.
 */
function truncateIfLong(db: DatabaseSync, over: number) {
  const wal = `${db.location()}-wal`;
  let size = 0;
  try {
    size = Deno.statSync(wal).size;
  } catch {
    return; // no WAL file
  }
  if (size > over) db.exec("PRAGMA wal_checkpoint(TRUNCATE)");
}

scope.onmessage = ({ data }) => {
  try {
    if ("close" in data) {
      if (db && data.truncateOver !== undefined) truncateIfLong(db, data.truncateOver);
      db?.close();
      db = null;
      scope.postMessage({ closed: true });
      return;
    }
    if (!db) {
      db = new DatabaseSync(data.checkpoint);
      // How long a FULL checkpoint waits for a write under way (the server's take milliseconds)
      // or a reader on old pages; the server's writes wait as long. Past it, FULL gives up
      // (busy) and the next look tries again.
      db.exec("PRAGMA busy_timeout = 100");
    }
    const start = performance.now();
    // PASSIVE: copies what no reader still needs and waits for nobody, so the server's writes
    // go on meanwhile. The server's next write starts the WAL over once all of it was copied.
    let result = checkpoint(db, "PASSIVE");
    let grew = false;
    for (let round = 0; round < CATCH_UP_ROUNDS && result.log >= FULL_AFTER_FRAMES; round++) {
      const before = result.log;
      result = checkpoint(db, "PASSIVE");
      // Nothing came meanwhile: all of it is copied, and the next write starts the WAL over.
      if (result.log === before) break;
      grew = true;
      if (result.log - before < FULL_AFTER_FRAMES / 4) break;
    }
    if (grew && result.log >= FULL_AFTER_FRAMES) result = checkpoint(db, "FULL");
    scope.postMessage({ done: { ...result, ms: performance.now() - start } });
  } catch (err) {
    scope.postMessage({ error: err instanceof Error ? err.message : String(err) });
  }
};
