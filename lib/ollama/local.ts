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
 * Installs Ollama. On Linux it streams the official script's output, then one `done` event;
 * aborting the signal kills the script. Elsewhere it yields one `manual` event with a link.
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
  yield { type: "log", stream: "stdout", line: `$ ${INSTALL_COMMAND}` };
  try {
    for await (const item of runner.stream("sh", ["-c", INSTALL_COMMAND], { signal })) {
      if (item.type !== "exit") {
        yield { type: "log", stream: item.type, line: item.line };
        continue;
      }
      const ok = item.code === 0 && !signal?.aborted;
      const message = ok
        ? "Ollama is installed."
        : signal?.aborted
        ? "The installation was cancelled."
        : item.timedOut
        ? "The installer ran too long and was stopped."
        : `The installer failed with exit code ${item.code}. The lines above say why; it may need root (sudo) or curl.`;
      yield { type: "done", ok, code: item.code, message };
      return;
    }
  } catch (err) {
    if (!(err instanceof Deno.errors.NotFound)) throw err;
    yield {
      type: "done",
      ok: false,
      code: -1,
      message: "No shell (sh) was found to run the installer.",
    };
    return;
  }
  // The runner ended without an exit item: treat it as a failure rather than success.
  yield { type: "done", ok: false, code: -1, message: "The installer stopped unexpectedly." };
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
