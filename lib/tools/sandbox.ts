/**
 * The command tool's sandbox: Linux namespaces through `unshare` (util-linux), which need no
 * root where the kernel lets ordinary users make user namespaces (Debian and Raspberry Pi OS do;
 * Ubuntu 24.04's AppArmor may not: then commands run without it, see `sandboxAvailable`).
 *
 * Inside it a command has:
 * - no network (`--net`: a loopback that is down), so it cannot reach the LAN, the box's own
 *   services or the internet;
 * - its own PID namespace (`--pid --fork --kill-child --mount-proc`): it sees only its own
 *   processes (not Hearth's, whose /proc/<pid>/environ would show Hearth's secrets), and when its
 *   first process dies the kernel kills every process in it, even ones that left the group;
 * - its own mounts: every file system read-only, a private, empty `/tmp`, and an empty folder
 *   over each of the `hide` folders (Hearth's data folder with the database and every other
 *   workspace, Hearth's home with its configuration), with the workspace bound back, writable,
 *   at its own path;
 * - uid 0 inside, which is Hearth's own user outside: no more rights than Hearth has.
 *
 * What it does NOT confine: the rest of the file system stays readable as far as Hearth's user
 * may read it (`/etc`, programs, other users' world-readable files, Hearth's own code). CPU and
 * memory are only bounded by the timeout and `nice`, files by `prlimit --fsize`. That is why
 * commands are the admin's opt-in per profile.
 */

/**
 * Runs as `sh -c SCRIPT sandbox <command> <workspace> <hide…>` inside the namespaces. `cd` first
 * keeps the real workspace at hand while its path is covered; every mount is made read-only;
 * `mount --no-canonicalize --bind .` binds the real workspace back (mount would otherwise turn
 * `.` into the covered path) and that one mount is made writable again.
 */
const SCRIPT = `cmd=$1; ws=$2; shift 2
cd "$ws" || exit 125
for m in $(cut -d' ' -f5 /proc/self/mountinfo); do mount -o remount,bind,ro "$m" 2>/dev/null; done
mount -t tmpfs -o mode=1777,size=256m tmpfs /tmp || exit 125
for d; do if [ -d "$d" ]; then mount -t tmpfs -o mode=755,size=1m tmpfs "$d" || exit 125; fi; done
mkdir -p "$ws" && mount --no-canonicalize --bind . "$ws" || exit 125
mount -o remount,bind,rw "$ws" && cd "$ws" || exit 125
exec nice -n 10 sh -c "$cmd"`;

/** The exit code the sandbox answers when it could not be set up. */
export const SANDBOX_FAILED = 125;

const UNSHARE = [
  "unshare",
  "--user",
  "--map-root-user",
  "--net",
  "--mount",
  "--pid",
  "--fork",
  "--kill-child",
  "--mount-proc",
  "--",
];

/** The program and arguments that run `command` in `root`, sandboxed or not. */
export function shellArgv(
  command: string,
  root: string,
  opts: { sandbox: { hide: string[] } | null; fileBytes?: number },
): string[] {
  // setsid: the command leads its own process group, which the timeout kills whole.
  const limits = opts.fileBytes ? ["prlimit", `--fsize=${opts.fileBytes}`, "--"] : [];
  const run = opts.sandbox
    ? [...UNSHARE, "sh", "-c", SCRIPT, "sandbox", command, root, ...opts.sandbox.hide]
    : ["nice", "-n", "10", "sh", "-c", command];
  return ["setsid", ...limits, ...run];
}

let probe: Promise<boolean> | undefined;

/**
 * Whether the sandbox works on this machine, tried once per process: a command run in it in a
 * temporary folder must answer.
 */
export function sandboxAvailable(): Promise<boolean> {
  probe ??= (async () => {
    if (Deno.build.os !== "linux") return false;
    const dir = await Deno.makeTempDir({ prefix: "hearth-sandbox-" });
    try {
      const [cmd, ...args] = shellArgv("echo ok", dir, { sandbox: { hide: [] }, fileBytes: 1024 });
      const out = await new Deno.Command(cmd, {
        args,
        cwd: dir,
        clearEnv: true,
        env: { PATH: "/usr/local/bin:/usr/bin:/bin" },
        stdin: "null",
        stdout: "piped",
        stderr: "null",
        signal: AbortSignal.timeout(5_000),
      }).output();
      return out.code === 0 && new TextDecoder().decode(out.stdout).trim() === "ok";
    } catch {
      return false;
    } finally {
      await Deno.remove(dir, { recursive: true }).catch(() => {});
    }
  })();
  return probe;
}

/**
 * The folders a sandboxed command must not see: Hearth's data folder (the workspace's
 * grandparent, `<data>/workspaces/<id>`) and Hearth's home (configuration, keys), when set.
 */
export function hiddenFolders(root: string, home = Deno.env.get("HOME")): string[] {
  const parts = root.replace(/\/+$/, "").split("/");
  const hide: string[] = [];
  if (parts.at(-2) === "workspaces" && parts.length > 3) hide.push(parts.slice(0, -2).join("/"));
  if (home && home !== "/" && home.startsWith("/")) hide.push(home.replace(/\/+$/, ""));
  return hide;
}
