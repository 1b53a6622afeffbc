/**
 * The command a person types to run a Hearth command on this box, named the way this Hearth
 * runs: the compiled binary (by its name when its folder is on PATH, else by its path), or
 * `deno task <command>` in the source folder, where `deno.json` has a task for each command.
 * Help, CLI messages and the admin login's "forgot it?" all name commands through here.
 */
import { basename, delimiter, dirname } from "node:path";

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
  const onPath = how.path?.split(delimiter).includes(dirname(how.execPath)) ?? false;
  return `${onPath ? basename(how.execPath) : how.execPath} ${command}`;
}
