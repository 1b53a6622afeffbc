/**
 * `hearth setup`: the setup wizard in the terminal, with the same steps as the web wizard
 * (lib/setup): language, system check, Ollama (install, start), model (download with
 * progress), admin password and PIN. Flags answer the questions for unattended installs:
 * `--locale`, `--model` (`none` to choose later), `--admin-password-file`, `--name`, and
 * `--yes` to take the defaults for everything else.
 */
import { checkPassword, pinSchema } from "../auth/mod.ts";
import { hearthCommand } from "./command.ts";
import { HttpError } from "../http/errors.ts";
import { localizedMessage } from "../i18n/errors.ts";
import { isLocale, type Locale, LOCALES, translator } from "../i18n/mod.ts";
import { Logger } from "../log/logger.ts";
import { sameModel } from "../ollama/mod.ts";
import { closeServices, createServices } from "../services.ts";
import type { AppServices } from "../services.ts";
import { chooseSetupLocale, chooseSetupModel, finishSetup, setupStateOf } from "../setup/mod.ts";
import { denoTerminal, InputClosed, type Terminal } from "../setup/terminal.ts";
import {
  printModels,
  printSystem,
  type Run,
  runOllamaStep,
  runPull,
  SetupStop,
} from "./setup_steps.ts";

/** Options of `setupCli` (the command line flags). */
export interface SetupCliOptions {
  locale?: string;
  /** A model name, or "none" to leave the choice for later. */
  model?: string;
  /** A file whose first line is the admin password. */
  adminPasswordFile?: string;
  /** The admin profile's name. */
  name?: string;
  /** Take the defaults instead of asking. */
  yes?: boolean;
  env?: Record<string, string | undefined>;
  terminal?: Terminal;
}

async function chooseLocale(term: Terminal, options: SetupCliOptions, fallback: Locale) {
  if (options.locale !== undefined) {
    if (!isLocale(options.locale)) {
      throw new SetupStop(`--locale must be ${LOCALES.join(" or ")}, not "${options.locale}"`);
    }
    return options.locale;
  }
  if (options.yes) return fallback;
  while (true) {
    const t = translator(fallback);
    const answer = await term.ask(
      `${t("setup.cli.language")} [${LOCALES.join(", ")}] (${fallback}):`,
    );
    if (answer === null) throw new InputClosed("end of input");
    const value = answer.trim().toLowerCase() || fallback;
    if (isLocale(value)) return value;
  }
}

async function chooseModel(run: Run, installed: string[]): Promise<string | null> {
  const { options, term, t } = run;
  const models = await printModels(run, installed);
  const recommended = models.find((m) => m.recommended)?.name ?? models[0]?.name ?? null;
  if (options.model !== undefined) return options.model === "none" ? null : options.model;
  if (options.yes) return recommended;
  while (true) {
    const answer = await term.ask(`${t("setup.cli.pickModel", { model: recommended ?? "-" })}:`);
    if (answer === null) throw new InputClosed("end of input");
    const value = answer.trim();
    if (!value) return recommended;
    if (value.toLowerCase() === "s") return null;
    if (/^\d+$/.test(value) && models[Number(value) - 1]) return models[Number(value) - 1].name;
    if (!/^\d+$/.test(value)) return value;
    term.print(t("setup.cli.invalidChoice", { answer: value }));
  }
}

async function readPassword(run: Run): Promise<string> {
  const { options, term, t } = run;
  if (options.adminPasswordFile !== undefined) {
    try {
      return (await Deno.readTextFile(options.adminPasswordFile)).split(/\r?\n/, 1)[0];
    } catch (err) {
      throw new SetupStop(
        t("setup.cli.passwordFile", {
          path: options.adminPasswordFile,
          error: (err as Error).message,
        }),
      );
    }
  }
  if (options.yes) throw new SetupStop(t("setup.cli.passwordNeeded"));
  while (true) {
    const first = await term.askSecret(`${t("setup.admin.password")}:`);
    if (first === null) throw new InputClosed("end of input");
    try {
      checkPassword(first);
    } catch (err) {
      if (!(err instanceof HttpError)) throw err;
      term.print(t("setup.admin.passwordHint"));
      continue;
    }
    const second = await term.askSecret(`${t("setup.admin.confirm")}:`);
    if (second === first) return first;
    term.print(t("setup.admin.mismatch"));
  }
}

async function readPin(run: Run): Promise<string | undefined> {
  const { options, term, t } = run;
  if (options.yes || options.adminPasswordFile !== undefined) return undefined;
  while (true) {
    const pin = (await term.askSecret(`${t("setup.admin.pin")}:`))?.trim() ?? "";
    if (!pin) return undefined;
    if (pinSchema.safeParse(pin).success) return pin;
    term.print(t("setup.admin.pinInvalid"));
  }
}

async function steps(run: Run): Promise<void> {
  const { services, term, options } = run;
  // Unattended: a missing or unusable password stops the run before any download starts.
  let password: string | undefined;
  if (options.yes || options.adminPasswordFile !== undefined) {
    password = await readPassword(run);
    checkPassword(password);
  }
  const heading = (key: string) => term.print(`\n== ${run.t(key)} ==`);
  heading("setup.step.system");
  await printSystem(run);
  const wantModel = options.model !== "none";
  heading("setup.step.ollama");
  const ollama = await runOllamaStep(run, wantModel);
  heading("setup.step.model");
  let model: string | null = null;
  if (ollama.state !== "running") {
    // Asked for a model but there is no Ollama to get it from: unattended runs stop here.
    if (wantModel && (options.yes || options.model !== undefined)) {
      throw new SetupStop(run.t("setup.cli.needOllama", { command: hearthCommand("setup") }));
    }
    term.print(run.t("setup.done.noModel"));
  } else model = await chooseModel(run, ollama.models);
  if (model) {
    const have = ollama.models.some((m) => sameModel(m, model!));
    if (have) await chooseSetupModel(services, model);
    else await runPull(run, model);
  }
  heading("setup.step.admin");
  const fallbackName = run.t("setup.admin.defaultName");
  let name = options.name;
  if (name === undefined && !options.yes && options.adminPasswordFile === undefined) {
    name = (await term.ask(`${run.t("setup.admin.name")} (${fallbackName}):`))?.trim();
  }
  password ??= await readPassword(run);
  const pin = await readPin(run);
  const admin = await finishSetup(
    services,
    { password, pin, name: name || undefined },
    fallbackName,
  );
  term.print("");
  term.print(model ? run.t("setup.done.model", { model }) : run.t("setup.done.noModel"));
  term.print(run.t("setup.cli.done", { command: hearthCommand("start") }));
  // Unattended runs never ask for a PIN: say what that leaves open, last, where it is seen.
  if (!admin.hasPin) term.print(run.t("setup.cli.noPin", { name: admin.name }));
}

/** Runs `hearth setup`; returns the exit code (0 when Hearth is set up). */
export async function setupCli(options: SetupCliOptions = {}): Promise<number> {
  const term = options.terminal ?? denoTerminal();
  let services: AppServices;
  try {
    services = await createServices({
      env: options.env,
      log: new Logger({ level: "error" }),
      recoverReplies: false,
    });
  } catch (err) {
    term.print(`hearth: ${(err as Error).message}`);
    return 1;
  }
  let locale: Locale = services.config.current.locale;
  try {
    if (!(await setupStateOf(services).active())) {
      term.print(
        translator(locale)("setup.cli.already", { command: hearthCommand("reset-password") }),
      );
      return 1;
    }
    locale = await chooseLocale(term, options, locale);
    chooseSetupLocale(services, locale);
    await steps({ services, term, t: translator(locale), locale, options });
    return 0;
  } catch (err) {
    const t = translator(locale);
    if (err instanceof HttpError) {
      term.print(t("setup.cli.failed", { message: localizedMessage(err, locale) }));
    } else if (err instanceof SetupStop) term.print(err.message);
    else if (err instanceof InputClosed) term.print("");
    else throw err;
    return 1;
  } finally {
    await closeServices(services);
  }
}
