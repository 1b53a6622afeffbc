/**
 * The command a person types to run a Hearth command on this box, named the way this Hearth
 * runs: the compiled binary (by its name when its folder is on PATH, else by its path), or
 * `deno task <command>` in the source folder, where `deno.json` has a task for each command.
 * Help, CLI messages and the admin login's "forgot it?" all name commands through here.
 */
/** How this Hearth was started. */
export interface Invocation {
  /** A `deno compile`d binary (`Deno.build.standalone`). */
  standalone: boolean;
  /** The running executable: the binary, or `deno`. */
  execPath: string;
  /** The `PATH` variable, if readable. */
  path?: string;
}

/** This process's invocation. */
export function currentInvocation(): Invocation {
  const read = <T>(get: () => T, fallback: T): T => {
    try {
      return get();
    } catch {
      return fallback; // without the permission, the plainest answer
    }
  };
  return {
    standalone: Deno.build.standalone,
    execPath: read(() => Deno.execPath(), "hearth"),
    path: read(() => Deno.env.get("PATH"), undefined),
  };
}

/** `hearth <command>` as it works here: "deno task setup", "hearth setup", "/opt/x/hearth setup". */
export function hearthCommand(command: string, how: Invocation = currentInvocation()): string {
  if (!how.standalone) return `deno task ${command}`;
  const windows = Deno.build.os === "windows";
  // The last separator splits the folder from the name (node:path would load Deno's Node layer).
  const cut = Math.max(
    how.execPath.lastIndexOf("/"),
    windows ? how.execPath.lastIndexOf("\\") : -1,
  );
  const folder = cut > 0 ? how.execPath.slice(0, cut) : cut === 0 ? "/" : ".";
  const onPath = how.path?.split(windows ? ";" : ":").includes(folder) ?? false;
  return `${onPath ? how.execPath.slice(cut + 1) : how.execPath} ${command}`;
}
