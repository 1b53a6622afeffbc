/**
 * `hearth reset-password`: sets a new admin password when the old one is lost, and signs out
 * every admin login. The password comes from `--password-file F` (for scripts), else is asked
 * twice on the terminal (not shown as it is typed), else is read from stdin when it is piped.
 */
import { resolvePaths } from "../config/paths.ts";
import { openCliDatabase } from "./database.ts";
import { HttpError } from "../http/errors.ts";
import { checkPassword, hasAdmin, setAdminPassword } from "../auth/mod.ts";
import { denoTerminal, InputClosed } from "../setup/terminal.ts";

/** Options for `resetPassword`. */
export interface ResetPasswordOptions {
  /** A file whose first line is the new password. */
  passwordFile?: string;
  env?: Record<string, string | undefined>;
  /** Where to print progress and errors (default: stdout / stderr). */
  print?: (line: string) => void;
  printError?: (line: string) => void;
}

/** The first line of `text`, without its line ending. */
function firstLine(text: string): string {
  return text.split(/\r?\n/, 1)[0];
}

class CliError extends Error {}

async function readPassword(passwordFile: string | undefined): Promise<string> {
  if (passwordFile !== undefined) {
    try {
      return firstLine(await Deno.readTextFile(passwordFile));
    } catch (err) {
      throw new CliError(`Cannot read ${passwordFile}: ${(err as Error).message}`);
    }
  }
  if (Deno.stdin.isTerminal()) {
    // The same prompt as `hearth setup`: nothing typed is shown.
    const term = denoTerminal();
    try {
      const first = await term.askSecret("New admin password:");
      if (!first) throw new CliError("No password entered; nothing changed.");
      checkPassword(first);
      const second = await term.askSecret("The same password again:");
      if (second !== first) throw new CliError("The two passwords differ; nothing changed.");
      return first;
    } catch (err) {
      if (err instanceof InputClosed) throw new CliError("Cancelled; nothing changed.");
      throw err;
    }
  }
  return firstLine(await new Response(Deno.stdin.readable).text());
}

/** Runs the command; returns the exit code (0 when the password was changed). */
export async function resetPassword(options: ResetPasswordOptions = {}): Promise<number> {
  const print = options.print ?? ((line: string) => console.log(line));
  const printError = options.printError ?? ((line: string) => console.error(line));
  const paths = resolvePaths(options.env ?? Deno.env.toObject());
  const db = await openCliDatabase(
    paths,
    printError,
    " Start Hearth and finish the setup first.",
  );
  if (!db) return 1;
  try {
    if (!await hasAdmin(db)) {
      printError("hearth: there is no admin yet. Finish the setup wizard to create one.");
      return 1;
    }
    const password = await readPassword(options.passwordFile);
    const { profile: admin, signedOut: revoked } = await setAdminPassword(db, password);
    print(`The admin password of ${admin.name} has been changed.`);
    print(
      revoked === 1 ? "1 admin login was signed out." : `${revoked} admin logins were signed out.`,
    );
    return 0;
  } catch (err) {
    if (err instanceof CliError || err instanceof HttpError) {
      printError(`hearth: ${err.message}`);
      return 1;
    }
    throw err;
  } finally {
    await db.close();
  }
}
