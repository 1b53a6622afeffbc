/**
 * The pre-upgrade snapshots on the command line: `hearth doctor` lists them (`snapshotLines`),
 * `hearth restore-snapshot NAME` puts one back (`restoreSnapshot`), while Hearth is stopped,
 * after a snapshot of the current database (so a restore is itself undone by another).
 */
import { DatabaseSync } from "node:sqlite";
import { resolvePaths } from "../config/paths.ts";
import { MIGRATIONS, schemaVersion } from "../db/mod.ts";
import {
  checkFile,
  isSnapshotName,
  KEEP_SNAPSHOTS,
  listSnapshots,
  pruneSnapshots,
  restoreFile,
  snapshotDir,
  snapshotVersion,
  takeSnapshot,
} from "../db/snapshots.ts";
import { formatSize } from "../i18n/format.ts";
import { hearthCommand } from "./command.ts";

/** The doctor's lines about the snapshots next to the database at `dbPath`. */
export async function snapshotLines(dbPath: string): Promise<string[]> {
  const snaps = await listSnapshots(dbPath);
  if (!snaps.length) {
    return ["Snapshots:     none yet (one is taken before each upgrade of the database)"];
  }
  const lines = [
    `Snapshots:     ${snapshotDir(dbPath)} (taken before each upgrade; the newest ` +
    `${KEEP_SNAPSHOTS} are kept)`,
  ];
  for (const s of snaps) {
    const version = snapshotVersion(s.path);
    lines.push(
      `  ${s.name}  ${formatSize(s.bytes, "en")}  ${
        s.createdAt.toISOString().slice(0, 16).replace("T", " ")
      } UTC  ${version === null ? "unreadable" : `schema ${version}`}`,
    );
  }
  lines.push(
    `  To go back to one: stop Hearth, then run ${hearthCommand("restore-snapshot")} NAME ` +
      "(the current database is snapshotted first).",
  );
  return lines;
}

const exists = (path: string) => Deno.lstat(path).then(() => true, () => false);

/**
 * Whether another process has the database open: SQLite removes the WAL file when the last
 * connection closes, so one left after opening, reading and closing it is someone else's.
 */
async function heldElsewhere(dbPath: string): Promise<boolean> {
  const raw = new DatabaseSync(dbPath);
  try {
    raw.exec("PRAGMA busy_timeout = 2000");
    schemaVersion(raw);
  } finally {
    raw.close();
  }
  return await exists(`${dbPath}-wal`);
}

/** Options for `restoreSnapshot`. */
export interface RestoreSnapshotOptions {
  env?: Record<string, string | undefined>;
  print?: (line: string) => void;
}

/** `hearth restore-snapshot NAME`: returns the exit code. */
export async function restoreSnapshot(
  name: string | undefined,
  options: RestoreSnapshotOptions = {},
): Promise<number> {
  const print = options.print ?? ((line: string) => console.log(line));
  const dbPath = resolvePaths(options.env ?? Deno.env.toObject()).dbFile;
  const fail = (message: string) => {
    print(`hearth: ${message}`);
    return 1;
  };
  if (!name || !isSnapshotName(name)) {
    return fail(
      `name a snapshot, like pre-22-20261204T163600123Z.db; ${hearthCommand("doctor")} lists them.`,
    );
  }
  const snapshot = `${snapshotDir(dbPath)}/${name}`;
  if (!(await exists(snapshot))) return fail(`there is no snapshot ${snapshot}.`);
  const check = checkFile(snapshot);
  if (check !== "ok") return fail(`the snapshot ${name} is damaged (${check}); pick another.`);
  const version = snapshotVersion(snapshot) ?? 0;
  const known = MIGRATIONS.at(-1)!.version;
  if (version > known) {
    return fail(`the snapshot ${name} has schema ${version}, newer than this Hearth (${known}).`);
  }
  if (await exists(dbPath)) {
    if (await heldElsewhere(dbPath)) {
      return fail("the database is open in another program: stop Hearth first, then try again.");
    }
    // The data as it is now stays one command away.
    const raw = new DatabaseSync(dbPath);
    let safety: string;
    try {
      safety = await takeSnapshot(raw, dbPath, version);
    } catch (err) {
      return fail((err as Error).message);
    } finally {
      raw.close();
    }
    if (await exists(`${dbPath}-wal`)) {
      return fail("the database is open in another program: stop Hearth first, then try again.");
    }
    await restoreFile(snapshot, dbPath);
    await pruneSnapshots(dbPath, [safety, snapshot]);
    print(`Restored ${name} (schema ${version}) to ${dbPath}.`);
    print(`The database as it was before is in ${safety}.`);
  } else {
    await restoreFile(snapshot, dbPath);
    print(`Restored ${name} (schema ${version}) to ${dbPath}.`);
  }
  print(
    version < known
      ? `The next start upgrades it to schema ${known} (after a new snapshot).`
      : "Start Hearth again.",
  );
  return 0;
}
