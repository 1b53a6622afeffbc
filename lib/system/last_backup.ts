/** The newest backup bundle, for the health page: the first of `listBackups` (lib/backup/). */
import { listBackups } from "../backup/mod.ts";
import type { BackupInfo } from "../health/types.ts";

/** The newest bundle and how many there are; `last` null when there is none (or no folder). */
export async function lastBackup(
  dataDir: string,
): Promise<{ last: BackupInfo | null; count: number }> {
  const all = await listBackups(dataDir);
  return { last: all[0] ?? null, count: all.length };
}
