/**
 * The `hearth` command.
 *
 *   hearth [start] [--port N] [--host ADDR]   serve Hearth (default)
 *   hearth doctor                             print version, paths and database status
 *   hearth help                               this text
 */
import { parseArgs } from "node:util";
import { doctor } from "./lib/cli/doctor.ts";
import { start } from "./lib/cli/start.ts";
import { VERSION } from "./lib/version.ts";

const HELP = `Hearth ${VERSION}: a private AI assistant for your home network.

Usage: hearth [command] [options]

Commands:
  start      Serve Hearth on the network (default)
  doctor     Print version, config and data paths, and database status
  help       Show this help

Options for start:
  --port N       Port to listen on (default 8420, or HEARTH_PORT)
  --host ADDR    Address to listen on (default 0.0.0.0: every network)

Environment:
  HEARTH_HOME          Keep config and data in this one folder
  HEARTH_PORT          Port (overrides the config file)
  HEARTH_OLLAMA_URL    Ollama server(s), comma-separated
  HEARTH_FAKE_OLLAMA   1 = run on built-in fakes (demo mode, no Ollama needed)
`;

function fail(message: string): never {
  console.error(`hearth: ${message}`);
  Deno.exit(1);
}

async function main(argv: string[]): Promise<void> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        port: { type: "string" },
        host: { type: "string" },
        help: { type: "boolean", short: "h" },
        version: { type: "boolean", short: "v" },
      },
    });
  } catch (err) {
    fail(`${(err as Error).message}. See 'hearth help'.`);
  }
  const { values, positionals } = parsed;
  const command = values.help ? "help" : values.version ? "version" : positionals[0] ?? "start";
  switch (command) {
    case "help":
      console.log(HELP);
      return;
    case "version":
      console.log(VERSION);
      return;
    case "doctor": {
      const report = await doctor();
      for (const line of report.lines) console.log(line);
      if (!report.ok) Deno.exit(1);
      return;
    }
    case "start": {
      let port: number | undefined;
      if (values.port !== undefined) {
        port = Number(values.port);
        if (!/^\d+$/.test(values.port) || port > 65535) {
          fail(`--port must be 0–65535, not "${values.port}"`);
        }
      }
      let server;
      try {
        server = await start({ port, hostname: values.host });
      } catch (err) {
        fail((err as Error).message);
      }
      const stop = () => server.shutdown();
      Deno.addSignalListener("SIGINT", stop);
      if (Deno.build.os !== "windows") Deno.addSignalListener("SIGTERM", stop);
      await server.finished;
      Deno.removeSignalListener("SIGINT", stop);
      if (Deno.build.os !== "windows") Deno.removeSignalListener("SIGTERM", stop);
      return;
    }
    default:
      fail(`unknown command "${command}". See 'hearth help'.`);
  }
}

if (import.meta.main) await main(Deno.args);
