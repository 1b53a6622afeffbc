/**
 * The thread that checkpoints Hearth's WAL (`checkpointer.ts`): its own connection to the
 * database, so that copying the WAL's pages into the database file, and the two fsyncs that go
 * with it, happen beside the server's event loop instead of on it.
 */
import { DatabaseSync } from "node:sqlite";

/** What the server asks: a checkpoint of the database at `path`, or to close the connection. */
export type CheckpointRequest = { checkpoint: string } | { close: true };

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

scope.onmessage = ({ data }) => {
  try {
    if ("close" in data) {
      db?.close();
      db = null;
      scope.postMessage({ closed: true });
      return;
    }
    if (!db) {
      db = new DatabaseSync(data.checkpoint);
      // How long a FULL checkpoint waits for a write under way (the server's are short).
      db.exec("PRAGMA busy_timeout = 2000");
    }
    const start = performance.now();
    // PASSIVE: copies what no reader still needs and waits for nobody, so the server's writes
    // go on meanwhile. The server's next write starts the WAL over once all of it was copied.
    let result = checkpoint(db, "PASSIVE");
    for (let round = 0; round < CATCH_UP_ROUNDS && result.log >= FULL_AFTER_FRAMES; round++) {
      const before = result.log;
      result = checkpoint(db, "PASSIVE");
      if (result.log - before < FULL_AFTER_FRAMES / 4) break;
    }
    if (result.log >= FULL_AFTER_FRAMES) result = checkpoint(db, "FULL");
    scope.postMessage({ done: { ...result, ms: performance.now() - start } });
  } catch (err) {
    scope.postMessage({ error: err instanceof Error ? err.message : String(err) });
  }
};
