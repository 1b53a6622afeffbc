/**
 * The parts of Ollama management that touch this machine rather than an HTTP host: finding the
 * binary, running the official installer, and starting `ollama serve`. Everything goes through
 * a `CommandRunner`, so tests inject a fake one and never run an installer.
 */
import type { CommandRunner } from "../process/command.ts";
import type { BinaryStatus, InstallEvent } from "./types.ts";

/** The official Linux install command (https://ollama.com/download/linux). */
export const INSTALL_COMMAND = "curl -fsSL https://ollama.com/install.sh | sh";

/**
 * Starts `ollama serve` in the background and returns at once: the shell exits, the server
 * keeps running. `setsid` (when present) puts it in its own session, so stopping Hearth with
 * Ctrl-C does not stop Ollama with it; output goes nowhere, so no pipe keeps the shell open.
 */
export const SERVE_COMMAND = "if command -v setsid >/dev/null 2>&1; then " +
  "setsid nohup ollama serve >/dev/null 2>&1 & " +
  "else nohup ollama serve >/dev/null 2>&1 & fi";

const MANUAL: Record<string, { message: string; url: string }> = {
  darwin: {
    message:
      "On macOS, download Ollama from the link below, move Ollama.app to Applications and open it once; it then runs in the menu bar. Come back here and check again.",
    url: "https://ollama.com/download/mac",
  },
  windows: {
    message:
      "On Windows, download and run OllamaSetup.exe from the link below; Ollama then runs in the system tray. Come back here and check again.",
    url: "https://ollama.com/download/windows",
  },
};

/** Finds the `ollama` program and its version. Never throws. */
export async function findBinary(runner: CommandRunner): Promise<BinaryStatus> {
  const res = await runner.run("ollama", ["--version"], { timeoutMs: 5_000 });
  if (res.notFound) return { found: false };
  // "ollama version is 0.9.0", or "Warning: client version is 0.9.0" when no server runs.
  const version = `${res.stdout}\n${res.stderr}`.match(/(\d+\.\d+\.\d+[\w.+-]*)/)?.[1];
  const where = await runner.run("sh", ["-c", "command -v ollama"], { timeoutMs: 5_000 });
  const path = where.code === 0 ? where.stdout.trim() || undefined : undefined;
  return { found: true, path, version };
}

/**
 * What Hearth checks before the installer runs, one `key=value` per line: the user id, which of
 * the tools the script needs (curl; zstd, which unpacks its `.tar.zst` bundles) and which
 * package managers are there, and whether sudo works without a password (`sudo -n` never asks).
 */
export const PREFLIGHT_COMMAND = 'echo "uid=$(id -u)"; ' +
  "for t in curl zstd sudo apt-get dnf yum pacman zypper apk; do " +
  'command -v "$t" >/dev/null 2>&1 && echo "has=$t"; done; ' +
  "sudo -n true >/dev/null 2>&1 && echo sudo=ok; exit 0";

/** What the preflight found. */
export interface Preflight {
  root: boolean;
  /** Programs found (`curl`, `zstd`, `sudo`, package managers). */
  has: Set<string>;
  /** `sudo` runs without asking for a password. */
  sudo: boolean;
}

/** Reads the preflight's output; null when it printed no user id. */
export function parsePreflight(stdout: string): Preflight | null {
  const lines = stdout.split("\n").map((l) => l.trim());
  const uid = lines.find((l) => l.startsWith("uid="))?.slice(4);
  if (!uid || !/^\d+$/.test(uid)) return null;
  const has = new Set(lines.filter((l) => l.startsWith("has=")).map((l) => l.slice(4)));
  return { root: uid === "0", has, sudo: lines.includes("sudo=ok") };
}

/** The tools the official script cannot do without. */
const REQUIRED_TOOLS = ["curl", "zstd"];

/** How each package manager installs packages, in the order they are preferred. */
const PACKAGE_MANAGERS: [string, string][] = [
  ["apt-get", "apt-get install -y"],
  ["dnf", "dnf install -y"],
  ["yum", "yum install -y"],
  ["pacman", "pacman -S --noconfirm"],
  ["zypper", "zypper install -y"],
  ["apk", "apk add"],
];

/** The command that installs `tools` here, with `sudo` unless Hearth runs as root. */
export function toolsCommand(found: Preflight, tools: string[]): string {
  const sudo = found.root ? "" : "sudo ";
  const manager = PACKAGE_MANAGERS.find(([name]) => found.has.has(name)) ?? PACKAGE_MANAGERS[0];
  return `${sudo}${manager[1]} ${tools.join(" ")}`;
}

/** A printed line as a person sees it: colours dropped, a progress bar at its last state. */
export function cleanLine(line: string): string {
  // deno-lint-ignore no-control-regex
  const plain = line.replace(/\x1b\[[0-9;?]*[A-Za-z]|\x1b[()][0-9A-B]/g, "");
  const parts = plain.split("\r").filter((p) => p.trim());
  return parts.at(-1) ?? "";
}

/** Lines of output a failure names (the script's errors are its last lines). */
const TAIL_LINES = 5;

/**
 * Installs Ollama. On Linux it first checks for curl, zstd and the rights to install; what is
 * missing ends it with one `blocked` event that says what to run instead. Then the official
 * script runs without a terminal: directly as root, through `sudo -n` for a user with
 * passwordless sudo, so nothing ever waits for a password on Hearth's terminal. Its output
 * (most of it on stderr) streams as `log` events, then one `done`; aborting the signal kills it.
 * Elsewhere it yields one `manual` event with a link.
 */
export async function* installOllama(
  runner: CommandRunner,
  os: string,
  signal?: AbortSignal,
): AsyncGenerator<InstallEvent> {
  if (os !== "linux") {
    const manual = MANUAL[os] ?? {
      message:
        `Hearth cannot install Ollama automatically on ${os}. Follow the instructions on the download page.`,
      url: "https://ollama.com/download",
    };
    yield { type: "manual", os, ...manual };
    return;
  }
  const check = await runner.run("sh", ["-c", PREFLIGHT_COMMAND], { timeoutMs: 10_000, signal });
  if (check.notFound) {
    yield { type: "done", ok: false, code: -1, message: NO_SHELL };
    return;
  }
  const found = parsePreflight(check.stdout);
  if (!found) {
    const why = cleanLine(check.stderr.trim().split("\n").at(-1) ?? "");
    yield {
      type: "done",
      ok: false,
      code: check.code,
      message: `Hearth could not check this machine before installing${why ? `: ${why}` : "."}`,
    };
    return;
  }
  const missing = REQUIRED_TOOLS.filter((t) => !found.has.has(t));
  if (missing.length) {
    const command = toolsCommand(found, missing);
    yield {
      type: "blocked",
      reason: "tools",
      missing,
      command,
      message: `The Ollama installer needs ${
        missing.join(" and ")
      }, which this machine does not have. Install ${
        missing.length > 1 ? "them" : "it"
      } (${command}), then try again.`,
    };
    return;
  }
  if (!found.root && !found.sudo) {
    yield {
      type: "blocked",
      reason: "sudo",
      command: INSTALL_COMMAND,
      message: found.has.has("sudo")
        ? "Installing Ollama needs administrator rights, and Hearth's user cannot use sudo without a password, which Hearth never asks for. Run this in a terminal on this machine (it asks for your password there), then check again."
        : "Installing Ollama needs administrator rights, and this machine has no sudo. Run this as root in a terminal on this machine, then check again.",
    };
    return;
  }
  // As root the script runs as it is; otherwise all of it runs as root through sudo -n, which
  // fails rather than prompts. No standard input: nothing can wait for an answer.
  const [cmd, args] = found.root
    ? ["sh", ["-c", INSTALL_COMMAND]]
    : ["sudo", ["-n", "sh", "-c", INSTALL_COMMAND]];
  yield {
    type: "log",
    stream: "stdout",
    line: `$ ${found.root ? "" : "sudo -n "}${INSTALL_COMMAND}`,
  };
  const tail: string[] = [];
  try {
    for await (const item of runner.stream(cmd, args as string[], { signal })) {
      if (item.type !== "exit") {
        const line = cleanLine(item.line);
        if (!line) continue;
        tail.push(line);
        if (tail.length > TAIL_LINES) tail.shift();
        yield { type: "log", stream: item.type, line };
        continue;
      }
      yield await finished(runner, item, tail, signal);
      return;
    }
  } catch (err) {
    if (!(err instanceof Deno.errors.NotFound)) throw err;
    yield { type: "done", ok: false, code: -1, message: NO_SHELL };
    return;
  }
  // The runner ended without an exit item: treat it as a failure rather than success.
  yield { type: "done", ok: false, code: -1, message: "The installer stopped unexpectedly." };
}

const NO_SHELL = "No shell (sh) was found to run the installer.";

/** The `done` event for the installer's exit: only a found `ollama` after exit 0 is success. */
async function finished(
  runner: CommandRunner,
  exit: { code: number; timedOut: boolean },
  tail: string[],
  signal?: AbortSignal,
): Promise<InstallEvent> {
  const last = tail.at(-1);
  const output = tail.length ? { output: [...tail] } : {};
  if (signal?.aborted) {
    return { type: "done", ok: false, code: exit.code, message: "The installation was cancelled." };
  }
  if (exit.timedOut) {
    return {
      type: "done",
      ok: false,
      code: exit.code,
      message: "The installer ran too long and was stopped.",
      ...output,
    };
  }
  if (exit.code !== 0) {
    return {
      type: "done",
      ok: false,
      code: exit.code,
      message: `The installer failed with exit code ${exit.code}${last ? `: ${last}` : "."}`,
      ...output,
    };
  }
  // `curl … | sh` exits 0 when curl failed and sh ran nothing: believe the program, not the code.
  if (!(await findBinary(runner)).found) {
    return {
      type: "done",
      ok: false,
      code: 0,
      message: `The installer ended, but no ollama program is on this machine${
        last ? `. Its last line: ${last}` : "."
      }`,
      ...output,
    };
  }
  return { type: "done", ok: true, code: 0, message: "Ollama is installed." };
}

/** Starts `ollama serve` detached, listening where `hostUrl` points. */
export async function spawnServe(runner: CommandRunner, hostUrl: string): Promise<void> {
  const url = new URL(hostUrl);
  const port = url.port || (url.protocol === "https:" ? "443" : "11434");
  await runner.run("sh", ["-c", SERVE_COMMAND], {
    env: { OLLAMA_HOST: `${url.hostname}:${port}` },
    timeoutMs: 5_000,
  });
}

/** True for URLs that point at this machine, where Hearth may start Ollama itself. */
export function isLoopback(hostUrl: string): boolean {
  const host = new URL(hostUrl).hostname.replace(/^\[|\]$/g, "");
  return host === "localhost" || host === "::1" || /^127\./.test(host) || host === "0.0.0.0";
}
