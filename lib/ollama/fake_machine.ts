/**
 * The Fake Ollama of demo mode and the app's tests: the fake server (`fake_server.ts`) and the
 * machine it runs on, as a `CommandRunner` for the Real service. The runner answers whether the
 * `ollama` program is installed (`ollama --version`, `command -v ollama`), prints what the
 * official installer prints, and runs `ollama serve` by making the server answer. So demo mode
 * runs `RealOllamaService` and `OllamaProvider`, the code users run.
 */
import { sleep } from "../async.ts";
import {
  type CommandLine,
  commandResult as result,
  type CommandRunner,
} from "../process/command.ts";
import { demoReply } from "./fake_demo.ts";
import { type FakeOllama, type FakeOllamaOptions, startFakeOllama } from "./fake_server.ts";
import { INSTALL_COMMAND, PREFLIGHT_COMMAND, SERVE_COMMAND } from "./local.ts";

/**
 * Where the fake Ollama stands at the start: `running` (installed and answering), `stopped`
 * (installed, answering once `ollama serve` runs) or `missing` (not installed until the
 * installer ran, which also starts it, as the official script does).
 */
export type FakeMachineState = "running" | "stopped" | "missing";

/** Options of `startFakeMachine`: the server's, and the machine's. */
export interface FakeMachineOptions extends FakeOllamaOptions {
  /** Default `running`. */
  state?: FakeMachineState;
  /** Pause before each line of a pull, a build or the installer (default 0). */
  delayMs?: number;
  /**
   * Who Hearth runs as, for the installer: `root` (default), a user with passwordless `sudo`,
   * or a user whose sudo asks for a `password`.
   */
  user?: "root" | "sudo" | "password";
  /** Tools the installer needs that the machine lacks (`zstd`, `curl`). */
  missingTools?: string[];
}

/** A running fake Ollama and the machine it runs on. */
export interface FakeMachine {
  readonly server: FakeOllama;
  /** Runs `ollama`, the installer and `ollama serve` on the fake machine. */
  readonly runner: CommandRunner;
  /** The operating system the machine reports: Linux, where Hearth runs the installer. */
  readonly os: string;
  /** Whether the `ollama` program is installed. */
  readonly installed: boolean;
  /** Stops the server. */
  close(): Promise<void>;
}

/** What demo mode runs on: the demo's script at 30 tokens/s, so a reply looks alive. */
export const DEMO_OPTIONS: Readonly<FakeMachineOptions> = {
  reply: demoReply,
  titles: true,
  tokensPerSecond: 30,
};

const VERSION = "0.13.0";

/** What the official script prints on a machine without Ollama, for a server at `port`. */
function installLines(port: number): string[] {
  return [
    ">>> Installing ollama to /usr/local",
    ">>> Downloading Linux amd64 bundle",
    "######################################################################## 100.0%",
    ">>> Creating ollama user...",
    ">>> Enabling and starting ollama service...",
    `>>> The Ollama API is now available at 127.0.0.1:${port}.`,
    '>>> Install complete. Run "ollama" from the command line.',
  ];
}

/** Starts the fake server and its machine in `opts.state`. */
export async function startFakeMachine(opts: FakeMachineOptions = {}): Promise<FakeMachine> {
  const {
    state = "running",
    delayMs = 0,
    user = "root",
    missingTools = [],
    ...serverOpts
  } = opts;
  const version = opts.version ?? VERSION;
  const server = await startFakeOllama({
    ...serverOpts,
    pullStepMs: opts.pullStepMs ?? delayMs,
    version,
    listening: state === "running",
  });
  let installed = state !== "missing";
  const runner: CommandRunner = {
    async run(cmd, args) {
      const script = cmd === "sh" && args[0] === "-c" ? args[1] : undefined;
      if (cmd === "ollama" && args.join(" ") === "--version") {
        if (!installed) return result({ code: -1, notFound: true });
        // Without a server the client says so, then its own version (as `ollama` does).
        return server.listening ? result({ stdout: `ollama version is ${version}\n` }) : result({
          stderr: "Warning: could not connect to a running Ollama instance\n" +
            `Warning: client version is ${version}\n`,
        });
      }
      if (script === "command -v ollama") {
        return installed ? result({ stdout: "/usr/local/bin/ollama\n" }) : result({ code: 1 });
      }
      if (script === PREFLIGHT_COMMAND) {
        const has = ["curl", "zstd", "sudo", "apt-get"].filter((t) => !missingTools.includes(t));
        const lines = [`uid=${user === "root" ? 0 : 1000}`, ...has.map((t) => `has=${t}`)];
        if (user === "sudo") lines.push("sudo=ok");
        return result({ stdout: lines.join("\n") + "\n" });
      }
      if (script === SERVE_COMMAND) {
        // The shell starts it in the background and exits 0 either way.
        if (installed) await server.start();
        return result();
      }
      if (script !== undefined) {
        return result({ code: 127, stderr: `sh: 1: ${script.split(" ")[0]}: not found\n` });
      }
      return result({ code: -1, notFound: true });
    },
    async *stream(cmd, args, streamOpts): AsyncGenerator<CommandLine> {
      const direct = cmd === "sh" && args[1] === INSTALL_COMMAND && user === "root";
      const viaSudo = cmd === "sudo" && args.join(" ") === `-n sh -c ${INSTALL_COMMAND}` &&
        user === "sudo";
      if (!direct && !viaSudo) {
        throw new Deno.errors.NotFound(`${cmd}: not found on the fake machine`);
      }
      for (const line of installLines(server.port)) {
        try {
          await sleep(delayMs, streamOpts?.signal);
        } catch {
          yield { type: "exit", code: -1, timedOut: false };
          return;
        }
        yield { type: "stdout", line };
      }
      installed = true;
      await server.start();
      yield { type: "exit", code: 0, timedOut: false };
    },
  };
  return {
    server,
    runner,
    os: "linux",
    get installed() {
      return installed;
    },
    close: () => server.close(),
  };
}

/**
 * Demo knobs, so a demo or a browser test can show every state without code:
 * `HEARTH_FAKE_OLLAMA_STATE` = `running` (default), `stopped` or `missing`,
 * `HEARTH_FAKE_OLLAMA_DELAY_MS` = pause between progress events, and
 * `HEARTH_FAKE_OLLAMA_LOAD_MS` = how long loading a model takes (0 when unset; `deno task demo`
 * sets 1500, so a new user sees the first reply wait for its model as it would on Ollama).
 */
export function fakeOptionsFromEnv(env: (name: string) => string | undefined): FakeMachineOptions {
  const out: FakeMachineOptions = {};
  const state = env("HEARTH_FAKE_OLLAMA_STATE")?.trim();
  if (state === "running" || state === "stopped" || state === "missing") out.state = state;
  else if (state) {
    throw new Error(`HEARTH_FAKE_OLLAMA_STATE must be running, stopped or missing, not "${state}"`);
  }
  const delay = env("HEARTH_FAKE_OLLAMA_DELAY_MS")?.trim();
  if (delay) {
    if (!/^\d{1,5}$/.test(delay)) {
      throw new Error(`HEARTH_FAKE_OLLAMA_DELAY_MS must be 0–99999 ms, not "${delay}"`);
    }
    out.delayMs = Number(delay);
  }
  const load = env("HEARTH_FAKE_OLLAMA_LOAD_MS")?.trim();
  if (load) {
    if (!/^\d{1,6}$/.test(load)) {
      throw new Error(`HEARTH_FAKE_OLLAMA_LOAD_MS must be 0–999999 ms, not "${load}"`);
    }
    out.loadMs = Number(load);
  }
  return out;
}
