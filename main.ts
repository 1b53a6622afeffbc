/**
 * The `hearth` command (`deno task <command>` from the source folder; see `lib/cli/command.ts`).
 *
 *   hearth [start] [--port N] [--host ADDR] [--https]   serve Hearth (default)
 *   hearth setup [--locale L] [--model M] [--admin-password-file F] [--yes]
 *                                             the setup wizard in the terminal
 *   hearth doctor                             print version, paths and database status
 *   hearth reset-password [--password-file F] set a new admin password
 *   hearth restore-snapshot NAME              put back a pre-upgrade snapshot (Hearth stopped)
 *   hearth backup [--out FILE]                one zip of all data (`lib/backup/`)
 *   hearth restore FILE [--mode add|replace]  restore a backup
 *   hearth help                               this text
 */
import { parseArgs } from "./lib/cli/args.ts";
import { backupCli, restoreCli } from "./lib/cli/backup.ts";
import { currentInvocation, hearthCommand, type Invocation } from "./lib/cli/command.ts";
import { doctor } from "./lib/cli/doctor.ts";
import { resetPassword } from "./lib/cli/reset_password.ts";
import { restoreSnapshot } from "./lib/cli/snapshots.ts";
import { setupCli } from "./lib/cli/setup.ts";
import { start } from "./lib/cli/start.ts";
import { VERSION } from "./lib/version.ts";

/** The help, naming commands the way they run here (`deno task …` or the binary). */
function help(how: Invocation = currentInvocation()): string {
  const run = (command: string) => hearthCommand(command, how);
  return `Hearth ${VERSION}: a private AI assistant for your home network.

Usage: ${run("<command>")} [options]

Commands:
  start      Serve Hearth on the network${how.standalone ? " (the default)" : ""}
  setup      Set Hearth up in the terminal: language, Ollama, model, admin password
  doctor     Print version, config and data paths, database status and snapshots
  reset-password  New admin password: asked twice, or from --password-file F or piped stdin
  restore-snapshot NAME  Put back a snapshot taken before an upgrade (stop Hearth first)
  backup     Write one zip of all data (database, documents, workspaces, config without
             secrets) to the data folder's backups/, or to --out FILE
  restore    Restore a backup zip: restore FILE [--mode replace|add] (replace is the default
             and keeps a backup of the data it replaces; add keeps both)
  help       Show this help

For example: ${run("start")} --port 8080, ${run("reset-password")}

Options for start:
  --port N       Port to listen on (default 8420, or HEARTH_PORT)
  --host ADDR    Address to listen on (default 0.0.0.0: every network)
  --https        Serve HTTPS with the box's own CA, plain http redirected (or HEARTH_HTTPS=1,
                 or the setting); phones trust the CA at /trust

Options for setup (answers for unattended installs; without them it asks):
  --locale L                 Language: en or de
  --model M                  Chat model to download or use (none: choose later)
  --admin-password-file F    Read the admin password from the first line of F
  --name N                   Name of the admin profile
  --yes, -y                  Take the defaults for everything not given (needs the password file)

Environment:
  HEARTH_HOME          Keep config and data in this one folder
  HEARTH_PORT          Port (overrides the config file)
  HEARTH_HTTPS         1 = serve HTTPS (overrides the setting)
  HEARTH_OLLAMA_URL    Ollama server(s), comma-separated
  HEARTH_FAKE_OLLAMA   1 = run on built-in fakes (demo mode, no Ollama needed)
`;
}

function fail(message: string): never {
  console.error(`hearth: ${message}`);
  Deno.exit(1);
}

/** Runs the hearth command `argv` (the server bundle calls it from lib/cli/bin.ts). */
export async function main(argv: string[]): Promise<void> {
  let parsed;
  try {
    parsed = parseArgs(argv, {
      port: { type: "string" },
      host: { type: "string" },
      https: { type: "boolean" },
      "password-file": { type: "string" },
      locale: { type: "string" },
      model: { type: "string" },
      "admin-password-file": { type: "string" },
      name: { type: "string" },
      out: { type: "string" },
      mode: { type: "string" },
      yes: { type: "boolean", short: "y" },
      help: { type: "boolean", short: "h" },
      version: { type: "boolean", short: "v" },
    });
  } catch (err) {
    fail(`${(err as Error).message}. See '${hearthCommand("help")}'.`);
  }
  const { values, positionals } = parsed;
  const command = values.help ? "help" : values.version ? "version" : positionals[0] ?? "start";
  switch (command) {
    case "help":
      console.log(help());
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
    case "setup": {
      const code = await setupCli({
        locale: values.locale,
        model: values.model,
        adminPasswordFile: values["admin-password-file"],
        name: values.name,
        yes: values.yes,
      });
      if (code !== 0) Deno.exit(code);
      return;
    }
    case "reset-password": {
      const code = await resetPassword({ passwordFile: values["password-file"] });
      if (code !== 0) Deno.exit(code);
      return;
    }
    case "restore-snapshot": {
      const code = await restoreSnapshot(positionals[1]);
      if (code !== 0) Deno.exit(code);
      return;
    }
    case "backup": {
      const code = await backupCli({ out: values.out });
      if (code !== 0) Deno.exit(code);
      return;
    }
    case "restore": {
      const code = await restoreCli({ file: positionals[1], mode: values.mode });
      if (code !== 0) Deno.exit(code);
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
        server = await start({ port, hostname: values.host, https: values.https });
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
      fail(`unknown command "${command}". See '${hearthCommand("help")}'.`);
  }
}

if (import.meta.main) await main(Deno.args);
