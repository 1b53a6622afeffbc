/**
 * A real Hearth process for streaming, CLI and browser tests: started with a temp `HEARTH_HOME`
 * on a free port, its URL read from what it prints.
 */

import { createAdmin } from "../../lib/auth/mod.ts";
import { resolvePaths } from "../../lib/config/paths.ts";
import { openDatabase } from "../../lib/db/mod.ts";
import { build } from "../../lib/web/build/build.ts";
import { BUNDLE_RUN_FLAGS, serverBundleIsCurrent } from "../../lib/web/build/server_bundle.ts";

let built: Promise<void> | undefined;

/** `hearth start` from the server bundle, run as `deno task start` runs it; `ROOT` is the cwd. */
export const BUNDLE_START = ["run", ...BUNDLE_RUN_FLAGS, "-A", "_build/hearth.js", "start"];
/** `BUNDLE_START` on a free port of the loopback address. */
export const BUNDLE_ARGS = [...BUNDLE_START, "--port", "0", "--host", "127.0.0.1"];

/**
 * Makes `_build/hearth.js` run the sources as they are (once per process): a test file run on
 * its own after a change, without `deno task build`, would otherwise test the last build.
 */
export function ensureBuilt(): Promise<void> {
  return built ??= (async () => {
    if (!await serverBundleIsCurrent(ROOT)) await build(ROOT);
  })();
}

/** A running Hearth child process. */
export interface ServerProcess extends AsyncDisposable {
  /** `http://localhost:PORT` or `http://127.0.0.1:PORT` (no trailing slash). */
  url: string;
  port: number;
  /** Everything the process printed so far. */
  output(): string;
  child: Deno.ChildProcess;
  /** Sends SIGTERM and waits for the exit status. */
  stop(signal?: Deno.Signal): Promise<Deno.CommandStatus>;
  home: string;
}

/** Headers of a client that picked a profile through the APIs: session token and device cookie. */
export async function memberHeaders(
  url: string,
  profileId: string,
): Promise<Record<string, string>> {
  const { token } = await (await fetch(`${url}/api/session`)).json();
  const res = await fetch(`${url}/api/profiles/${profileId}/select`, {
    method: "POST",
    headers: { "content-type": "application/json", "X-Hearth-Session": token },
    body: "{}",
  });
  if (res.status !== 200) throw new Error(`select failed: ${res.status} ${await res.text()}`);
  await res.body?.cancel();
  const cookie = res.headers.getSetCookie().map((c) => c.split(";")[0])
    .find((c) => c.startsWith("hearth_device="));
  if (!cookie) throw new Error("no device cookie");
  return { "X-Hearth-Session": token, cookie };
}

/** The password of the admin `startServer` creates (unless `setup: true`). */
export const SERVER_ADMIN_PASSWORD = "correct horse battery";

/** Root of the repository. */
export const ROOT = new URL("../..", import.meta.url).pathname.replace(/\/$/, "");

/**
 * Spawns `args` (default: `deno task start --port 0`) and waits until it prints its localhost
 * URL. `cwd` and `env` can be overridden (the compile test runs a bundle from elsewhere). The
 * home gets an admin first (password `SERVER_ADMIN_PASSWORD`), so Hearth starts in app mode;
 * `setup: true` leaves it without one, in setup mode. `home` starts it on a home the caller made
 * (and removes), as is, e.g. to start again where a killed server left off.
 */
export async function startServer(
  options: {
    args?: string[];
    cwd?: string;
    env?: Record<string, string>;
    timeoutMs?: number;
    setup?: boolean;
    /** Run under `prlimit --nofile=N:N` (soft and hard), so Hearth cannot raise it. */
    openFiles?: number;
    home?: string;
  } = {},
): Promise<ServerProcess> {
  const home = options.home ?? await Deno.makeTempDir({ prefix: "hearth-srv-" });
  const removeHome = () =>
    options.home === undefined ? Deno.remove(home, { recursive: true }) : Promise.resolve();
  const env = { HEARTH_HOME: home, NO_COLOR: "1", ...options.env };
  if (!options.setup && options.home === undefined) {
    const db = await openDatabase(resolvePaths(env).dbFile);
    try {
      await createAdmin(db, { name: "Admin", password: SERVER_ADMIN_PASSWORD });
    } finally {
      await db.close();
    }
  }
  const args = options.args ?? ["task", "--quiet", "start", "--port", "0"];
  if (args.some((a) => a.endsWith("hearth.js"))) await ensureBuilt();
  const limit = options.openFiles
    ? [`--nofile=${options.openFiles}:${options.openFiles}`, "--", Deno.execPath()]
    : [];
  const child = new Deno.Command(options.openFiles ? "prlimit" : Deno.execPath(), {
    args: [...limit, ...args],
    cwd: options.cwd ?? ROOT,
    env,
    stdout: "piped",
    stderr: "piped",
    stdin: "null",
  }).spawn();
  let text = "";
  const decoder = new TextDecoder();
  let resolveUrl: (url: string) => void;
  const found = new Promise<string>((r) => (resolveUrl = r));
  const pump = async (stream: ReadableStream<Uint8Array>) => {
    for await (const chunk of stream) {
      text += decoder.decode(chunk, { stream: true });
      const m = /(https?):\/\/(localhost|127\.0\.0\.1):(\d+)\//.exec(text);
      if (m) resolveUrl(`${m[1]}://${m[2]}:${m[3]}`);
    }
  };
  const pumps = Promise.all([pump(child.stdout), pump(child.stderr)]);
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) =>
    timer = setTimeout(
      () => reject(new Error(`server did not start:\n${text}`)),
      options.timeoutMs ?? 30_000,
    )
  );
  const exited = child.status.then((s) => {
    throw new Error(`server exited with ${s.code} before listening:\n${text}`);
  });
  let url: string;
  try {
    url = await Promise.race([found, timeout, exited]);
  } catch (err) {
    try {
      child.kill("SIGKILL");
    } catch { /* already gone */ }
    await child.status;
    await pumps;
    await removeHome();
    throw err;
  } finally {
    clearTimeout(timer);
  }
  exited.catch(() => {});
  let stopped: Promise<Deno.CommandStatus> | undefined;
  const stop = (signal: Deno.Signal = "SIGTERM") => {
    stopped ??= (async () => {
      try {
        child.kill(signal);
      } catch { /* already gone */ }
      const status = await child.status;
      await pumps;
      return status;
    })();
    return stopped;
  };
  return {
    url,
    port: Number(new URL(url).port),
    output: () => text,
    child,
    stop,
    home,
    async [Symbol.asyncDispose]() {
      // SIGTERM first: `deno task` passes it on to the server it started, while a SIGKILL would
      // kill only the wrapper and leave the server (and this helper's pipes) running.
      let timer: ReturnType<typeof setTimeout> | undefined;
      const killed = new Promise<void>((resolve) =>
        timer = setTimeout(() => {
          try {
            child.kill("SIGKILL");
          } catch { /* already gone */ }
          resolve();
        }, 5_000)
      );
      await Promise.race([stop("SIGTERM"), killed]);
      await stop();
      clearTimeout(timer);
      await removeHome();
    },
  };
}
