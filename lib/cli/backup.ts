/**
 * `hearth backup [--out FILE]` and `hearth restore FILE [--mode add|replace]` in the terminal.
 * Both work while a Hearth server runs on the same data (there is no lock file to check): the
 * backup reads the database through SQLite's online backup, and a restore changes the database
 * under SQLite's own lock (`lib/backup/restore.ts`). A running server keeps some things in memory
 * (the config, the document search index), so after a restore it should be restarted; the
 * command says so.
 */
import { createBackup, restoreBackup, type RestoreMode } from "../backup/mod.ts";
import { ConfigStore } from "../config/store.ts";
import { resolvePaths } from "../config/paths.ts";
import type { Db } from "../db/mod.ts";
import { openCliDatabase } from "./database.ts";
import { HttpError } from "../http/errors.ts";
import { formatSize } from "../i18n/format.ts";

/** Options of both commands. */
export interface BackupCliOptions {
  env?: Record<string, string | undefined>;
  print?: (line: string) => void;
  printError?: (line: string) => void;
}

async function withDb(
  o: BackupCliOptions,
  run: (
    db: Db,
    paths: ReturnType<typeof resolvePaths>,
  ) => Promise<void>,
): Promise<number> {
  const printError = o.printError ?? ((line: string) => console.error(line));
  const paths = resolvePaths(o.env ?? Deno.env.toObject());
  const db = await openCliDatabase(paths, printError);
  if (!db) return 1;
  try {
    await run(db, paths);
    return 0;
  } catch (err) {
    if (err instanceof HttpError || err instanceof Deno.errors.NotFound) {
      printError(`hearth: ${err.message}`);
      return 1;
    }
    throw err;
  } finally {
    await db.close();
  }
}

/** `hearth backup`; answers the exit code. */
export function backupCli(o: BackupCliOptions & { out?: string } = {}): Promise<number> {
  const print = o.print ?? ((line: string) => console.log(line));
  return withDb(o, async (db, paths) => {
    const made = await createBackup({ db, paths, out: o.out });
    print(`Backup written: ${made.path} (${formatSize(made.bytes, "en")})`);
  });
}

/** `hearth restore FILE`; answers the exit code. */
export function restoreCli(
  o: BackupCliOptions & { file?: string; mode?: string } = {},
): Promise<number> {
  const print = o.print ?? ((line: string) => console.log(line));
  const printError = o.printError ?? ((line: string) => console.error(line));
  if (!o.file) {
    printError("hearth: name the backup to restore: hearth restore FILE [--mode add|replace]");
    return Promise.resolve(1);
  }
  const mode = (o.mode ?? "replace") as RestoreMode;
  if (mode !== "replace" && mode !== "add") {
    printError(`hearth: --mode is add or replace, not "${o.mode}"`);
    return Promise.resolve(1);
  }
  const file = o.file;
  return withDb(o, async (db, paths) => {
    const config = await ConfigStore.load(paths.configFile, o.env ?? Deno.env.toObject());
    const r = await restoreBackup({ db, paths, config, file, mode });
    print(
      `Restored ${r.files} files from a backup of Hearth ${r.hearthVersion} (${mode}).`,
    );
    if (r.config && !r.config.restored) print(`The settings were kept: ${r.config.why}`);
    if (r.preRestoreBackup) {
      print(`The data as it was is in ${paths.dataDir}/backups/${r.preRestoreBackup}.`);
    }
    if (r.added) {
      const n = Object.values(r.added).reduce((a, b) => a + b, 0);
      print(`${n} rows were added.`);
    }
    print("If Hearth is running, restart it so it reads the restored data.");
  });
}
