/** The database a CLI command works on (`hearth backup`, `restore`, `reset-password`). */
import type { HearthPaths } from "../config/paths.ts";
import { type Db, openDatabase } from "../db/mod.ts";

/**
 * Opens the database at `paths.dbFile`, or prints why it cannot (none there: `missing` is said
 * after the path; it will not open: the reason) and answers null.
 */
export async function openCliDatabase(
  paths: HearthPaths,
  printError: (line: string) => void,
  missing = "",
): Promise<Db | null> {
  if (!(await Deno.stat(paths.dbFile).catch(() => null))) {
    printError(`hearth: there is no Hearth database at ${paths.dbFile}.${missing}`);
    return null;
  }
  try {
    return await openDatabase(paths.dbFile);
  } catch (err) {
    printError(`hearth: ${(err as Error).message}`);
    return null;
  }
}
