/**
 * The config as the running app sees it: the file (validated) with environment overrides on
 * top. Updates are validated, keep secrets the caller left out, refuse env-set keys, are written
 * atomically, and take effect at once for every reader (`onChange`).
 *
 * Updates run one at a time, each on the result of the one before, so parallel updates of
 * different keys all apply. The file is written first and memory follows only once it is on
 * disk: what runs is always what `config.json` says, and a failed write changes nothing.
 */
import { HttpError, ValidationError } from "../http/errors.ts";
import { validationError } from "../http/validate.ts";
import { writeFileAtomic } from "./atomic.ts";
import { privateDir, privateFile } from "./private.ts";
import { getPath, readEnvDefaults, readEnvOverrides, setPath } from "./env.ts";
import { isSecretKey, REDACTED, redactSecrets } from "./redact.ts";
import { type Config, configSchema, defaultConfig } from "./schema.ts";
import type { ConfigShown, ConfigView } from "./types.ts";
import type { z } from "zod";

function formatIssues(error: z.ZodError): { field: string; message: string } {
  const { field, message } = validationError(error);
  return { field, message };
}

function deepMerge(base: unknown, patch: unknown): unknown {
  if (
    patch === null || typeof patch !== "object" || Array.isArray(patch) ||
    base === null || typeof base !== "object" || Array.isArray(base)
  ) return patch;
  const out: Record<string, unknown> = { ...(base as Record<string, unknown>) };
  for (const [k, v] of Object.entries(patch)) out[k] = deepMerge(out[k], v);
  return out;
}

/** Removes secrets the patch left as the placeholder, so the merge keeps the stored value. */
function dropKeptSecrets(patch: unknown): unknown {
  if (patch === null || typeof patch !== "object" || Array.isArray(patch)) return patch;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(patch)) {
    if (isSecretKey(k) && v === REDACTED) continue;
    out[k] = dropKeptSecrets(v);
  }
  return out;
}

/** Paths of every leaf in a patch. */
function leafPaths(obj: unknown, prefix = ""): string[] {
  if (obj === null || typeof obj !== "object" || Array.isArray(obj)) return [prefix];
  return Object.entries(obj).flatMap(([k, v]) => leafPaths(v, prefix ? `${prefix}.${k}` : k));
}

/** Loads, holds and saves the config. */
export class ConfigStore {
  #file: Config;
  #effective: Config;
  #overrides: Map<string, { variable: string; value: unknown }>;
  #defaults: Map<string, { variable: string; value: unknown }>;
  #listeners = new Set<(config: Config) => void>();
  #flags: Record<string, string> = {};
  #exists: boolean;
  /** The update in progress (or the last one); the next waits for it. */
  #queue: Promise<unknown> = Promise.resolve();

  private constructor(
    readonly path: string,
    file: Config,
    exists: boolean,
    env: Record<string, string | undefined>,
  ) {
    this.#file = file;
    this.#exists = exists;
    this.#overrides = readEnvOverrides(env);
    this.#defaults = readEnvDefaults(env);
    this.#effective = this.#withOverrides(file);
  }

  /**
   * Reads the config file (a missing file means defaults). A file that is not valid JSON or not
   * a valid config is an error with the reason: Hearth never overwrites a file it cannot read.
   */
  static async load(
    path: string,
    env: Record<string, string | undefined> = Deno.env.toObject(),
  ): Promise<ConfigStore> {
    let raw: unknown = {};
    let exists = true;
    try {
      raw = JSON.parse(await Deno.readTextFile(path));
    } catch (err) {
      if (err instanceof Deno.errors.NotFound) exists = false;
      else if (err instanceof SyntaxError) {
        throw new Error(`${path} is not valid JSON (${err.message}); fix or move it.`);
      } else throw err;
    }
    const parsed = configSchema.safeParse(raw);
    if (!parsed.success) {
      throw new Error(
        `${path} is not a valid Hearth config: ${formatIssues(parsed.error).message}`,
      );
    }
    if (exists) {
      // It may hold an API key: the owner's alone, also when an older Hearth left it looser.
      await privateFile(path);
      await privateDir(path.slice(0, Math.max(path.lastIndexOf("/"), 0)) || ".");
    }
    return new ConfigStore(path, parsed.data, exists, env);
  }

  #withOverrides(file: Config): Config {
    const merged = structuredClone(file) as unknown as Record<string, unknown>;
    // An environment default stands in for the built-in one only: a chosen value wins.
    const builtIn = defaultConfig();
    for (const [path, { value }] of this.#defaults) {
      const own = JSON.stringify(getPath(file, path)) !== JSON.stringify(getPath(builtIn, path));
      if (!own) setPath(merged, path, value);
    }
    for (const [path, { value }] of this.#overrides) setPath(merged, path, value);
    const parsed = configSchema.safeParse(merged);
    if (!parsed.success) {
      const { field, message } = formatIssues(parsed.error);
      const variable = this.#overrides.get(field)?.variable;
      throw new Error(variable ? `${variable}: ${message}` : message);
    }
    return parsed.data;
  }

  /** The effective config (file + environment). Treat as read-only. */
  get current(): Config {
    return this.#effective;
  }

  /** Whether a config file exists. */
  get exists(): boolean {
    return this.#exists;
  }

  /** Dotted key → environment variable, for keys the environment sets. */
  get readOnly(): Record<string, string> {
    return Object.fromEntries([...this.#overrides].map(([path, { variable }]) => [path, variable]));
  }

  /**
   * Marks keys a command-line flag overrides for this run (`hearth start --port 8080`), so the
   * settings say which value the running server uses.
   */
  markFlags(flags: Record<string, string>): void {
    this.#flags = { ...flags };
  }

  /**
   * The config as an API shows it: secrets redacted, env-set keys marked read-only, keys a flag
   * overrides marked with the flag.
   */
  view(): ConfigView {
    return {
      // Redaction replaces values, never keys: the shape stays the config's.
      config: redactSecrets(this.#effective) as ConfigShown,
      readOnly: this.readOnly,
      flags: { ...this.#flags },
      exists: this.#exists,
    };
  }

  /**
   * Applies a partial update, after any update still in progress. Secrets left out or sent back
   * as `REDACTED` are kept; a key set by the environment cannot be changed here; a bad value is a
   * 422 naming the field; a file that cannot be written is a 500 `config_not_saved`, and then
   * nothing changed.
   */
  update(patch: unknown): Promise<Config> {
    const run = this.#queue.then(() => this.#apply(patch));
    this.#queue = run.catch(() => {});
    return run;
  }

  /** One update, on the config as the previous update left it. */
  async #apply(patch: unknown): Promise<Config> {
    if (patch === null || typeof patch !== "object" || Array.isArray(patch)) {
      throw new HttpError(422, "invalid_config", "The config must be a JSON object.");
    }
    const cleaned = dropKeptSecrets(patch);
    for (const path of leafPaths(cleaned)) {
      const hit = [...this.#overrides.keys()].find((p) => path === p || path.startsWith(p + "."));
      if (
        hit && JSON.stringify(getPath(cleaned, path)) !== JSON.stringify(getPath(this.#file, path))
      ) {
        throw new ValidationError(
          hit,
          `${hit} is set by ${this.#overrides.get(hit)!.variable} and cannot be changed here.`,
          "read_only",
        );
      }
    }
    const parsed = configSchema.safeParse(deepMerge(this.#file, cleaned));
    if (!parsed.success) {
      throw validationError(parsed.error, "", "invalid_config");
    }
    const effective = this.#withOverrides(parsed.data);
    try {
      await writeFileAtomic(this.path, JSON.stringify(parsed.data, null, 2) + "\n");
    } catch (err) {
      const reason = err instanceof Error ? err.message : String(err);
      throw new HttpError(
        500,
        "config_not_saved",
        `The settings could not be saved to ${this.path} (${reason}). Nothing was changed.`,
        {},
        { path: this.path, reason },
      );
    }
    this.#file = parsed.data;
    this.#effective = effective;
    this.#exists = true;
    for (const fn of this.#listeners) fn(effective);
    return effective;
  }

  /** Calls `fn` after every successful update; returns the unsubscribe function. */
  onChange(fn: (config: Config) => void): () => void {
    this.#listeners.add(fn);
    return () => this.#listeners.delete(fn);
  }
}
