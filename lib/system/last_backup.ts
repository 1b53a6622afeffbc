/**
 * The newest backup bundle, for the health page. Reads `<data>/backups/hearth-backup-*.zip`
 * itself; once `listBackups` of lib/backup/mod.ts is on the same branch, this is its first entry.
 */

import type { BackupInfo } from "../health/types.ts";

const BUNDLE = /^hearth-backup-.+\.zip$/;
/** Entries of the folder looked at, at most (a stray folder full of files cannot stall it). */
const MAX_ENTRIES = 10_000;

/** The newest bundle and how many there are; `last` null when there is none (or no folder). */
export async function lastBackup(
  dataDir: string,
): Promise<{ last: BackupInfo | null; count: number }> {
  const dir = `${dataDir}/backups`;
  let last: BackupInfo | null = null;
  let count = 0;
  let seen = 0;
  try {
    for await (const entry of Deno.readDir(dir)) {
      if (++seen > MAX_ENTRIES) break;
      if (!entry.isFile || !BUNDLE.test(entry.name)) continue;
      const info = await Deno.stat(`${dir}/${entry.name}`).catch(() => null);
      if (!info) continue;
      count++;
      const createdAt = (info.mtime ?? new Date(0)).toISOString();
      if (!last || createdAt > last.createdAt) {
        last = { name: entry.name, bytes: info.size, createdAt };
      }
    }
  } catch (err) {
    if (!(err instanceof Deno.errors.NotFound)) throw err;
  }
  return { last, count };
}
