/**
 * Backup and restore (SPEC §12): one zip of everything (`create.ts`, `zip64.ts`), restored by
 * replacing or adding (`restore.ts`, `add.ts`), on a schedule with retention (`schedule.ts`).
 */
export {
  backupFile,
  type BackupInfo,
  backupsDir,
  createBackup,
  deleteBackup,
  isBackupName,
  listBackups,
  pruneBackups,
} from "./create.ts";
export { restoreBackup, type RestoreMode, type RestoreResult, verifyAndStage } from "./restore.ts";
export { FORMAT, type Manifest } from "./manifest.ts";
