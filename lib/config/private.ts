/**
 * Hearth's files hold conversations, password hashes and API keys: they are the owner's alone.
 * Folders are 0700 and files 0600, whether Hearth creates them or finds them looser (an older
 * Hearth, a copy from a backup). Deno's umask setter is not stable, and a process-wide umask
 * would also reach files that are not Hearth's data, so each place that creates data says so
 * itself: `writeFileAtomic` for the config, `openDatabase` for the database and its WAL and SHM
 * files. Windows has no such modes; there this does nothing.
 */

const POSIX = Deno.build.os !== "windows";

/** Tightens `path` to `mode` when it allows more; a missing path or a foreign owner is left. */
async function tighten(path: string, mode: number): Promise<void> {
  if (!POSIX) return;
  try {
    const { mode: now } = await Deno.stat(path);
    if (now !== null && (now & 0o777 & ~mode) !== 0) await Deno.chmod(path, mode);
  } catch (err) {
    // Not there (yet), or not ours to change (a HEARTH_HOME another user made).
    if (!(err instanceof Deno.errors.NotFound || err instanceof Deno.errors.PermissionDenied)) {
      throw err;
    }
  }
}

/** Creates `dir` (and missing parents) as 0700, or tightens it to 0700. */
export async function privateDir(dir: string): Promise<void> {
  await Deno.mkdir(dir, { recursive: true, mode: 0o700 });
  await tighten(dir, 0o700);
}

/** Tightens an existing file to 0600 (a missing one is fine). */
export async function privateFile(path: string): Promise<void> {
  await tighten(path, 0o600);
}

/** Creates `path` empty as 0600 unless it exists; an existing one is tightened to 0600. */
export async function createPrivateFile(path: string): Promise<void> {
  try {
    (await Deno.open(path, { write: true, createNew: true, mode: 0o600 })).close();
  } catch (err) {
    if (!(err instanceof Deno.errors.AlreadyExists)) throw err;
  }
  await privateFile(path);
}
