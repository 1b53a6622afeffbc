/**
 * Environment overrides and defaults. An override wins over the file and is read-only for the
 * config API. A default (`OLLAMA_HOST`, which `ollama` itself reads) only replaces Hearth's
 * built-in default: a value the admin chose in the file or the settings wins over it.
 */
import { z } from "zod";
import { parseOllamaHost } from "../ollama/host.ts";

interface EnvOverride {
  /** Dotted config path. */
  path: string;
  parse(raw: string): unknown;
}

const flag = (raw: string): boolean => {
  if (/^(1|true|yes|on)$/i.test(raw.trim())) return true;
  if (/^(0|false|no|off)$/i.test(raw.trim())) return false;
  throw new Error("use 1/true/yes/on or 0/false/no/off");
};

const list = (raw: string) => raw.split(",").map((s) => s.trim()).filter(Boolean);

/** Which variable sets which config key. */
export const ENV_OVERRIDES: Record<string, EnvOverride> = {
  HEARTH_PORT: { path: "server.port", parse: (raw) => z.coerce.number().int().parse(raw) },
  HEARTH_HOST: { path: "server.host", parse: (raw) => raw.trim() },
  HEARTH_ALLOWED_HOSTS: { path: "server.allowedHosts", parse: list },
  HEARTH_CONNECTIONS_PER_CLIENT: {
    path: "server.connectionsPerClient",
    parse: (raw) => z.coerce.number().int().parse(raw),
  },
  HEARTH_HTTPS: { path: "server.https", parse: (raw) => flag(raw) },
  HEARTH_OLLAMA_URL: { path: "ollama.hosts", parse: list },
  HEARTH_OLLAMA_PARALLEL: {
    path: "ollama.parallel",
    parse: (raw) => z.coerce.number().int().parse(raw),
  },
  HEARTH_FIRST_TOKEN_TIMEOUT_SECONDS: {
    path: "ollama.firstTokenTimeoutSeconds",
    parse: (raw) => z.coerce.number().int().parse(raw),
  },
  HEARTH_LOCALE: { path: "locale", parse: (raw) => raw.trim() },
  HEARTH_OPENAI_URL: { path: "providers.openai.baseUrl", parse: (raw) => raw.trim() },
  HEARTH_OPENAI_API_KEY: { path: "providers.openai.apiKey", parse: (raw) => raw },
  HEARTH_SPEECH_URL: { path: "speech.baseUrl", parse: (raw) => raw.trim() },
  HEARTH_SPEECH_API_KEY: { path: "speech.apiKey", parse: (raw) => raw },
  HEARTH_SPEECH_STT_MODEL: { path: "speech.sttModel", parse: (raw) => raw.trim() },
  HEARTH_SPEECH_TTS_MODEL: { path: "speech.ttsModel", parse: (raw) => raw.trim() },
  HEARTH_SPEECH_VOICE: { path: "speech.ttsVoice", parse: (raw) => raw.trim() },
};

/**
 * Variables that stand in for a built-in default. `OLLAMA_HOST` is read as Ollama reads it
 * (`localhost` is `http://localhost:11434`, `0.0.0.0` this machine), so a box whose `ollama`
 * talks to another server makes Hearth talk to it too. `HEARTH_OLLAMA_URL` wins over it, and so
 * does a host list in `config.json` other than the built-in `http://127.0.0.1:11434`.
 */
export const ENV_DEFAULTS: Record<string, EnvOverride> = {
  OLLAMA_HOST: { path: "ollama.hosts", parse: (raw) => [parseOllamaHost(raw)] },
};

/** The variables of `table` present in `env`: config path → { variable, value }. */
function readEnv(
  table: Record<string, EnvOverride>,
  env: Record<string, string | undefined>,
): Map<string, { variable: string; value: unknown }> {
  const out = new Map<string, { variable: string; value: unknown }>();
  for (const [variable, { path, parse }] of Object.entries(table)) {
    const raw = env[variable];
    if (raw === undefined || raw.trim() === "") continue;
    try {
      out.set(path, { variable, value: parse(raw) });
    } catch (err) {
      const why = err instanceof z.ZodError ? "" : ` (${(err as Error).message})`;
      throw new Error(`${variable}=${JSON.stringify(raw)} is not a valid value for ${path}${why}`);
    }
  }
  return out;
}

/** The overrides present in `env`: config path → { variable, value }. */
export function readEnvOverrides(
  env: Record<string, string | undefined>,
): Map<string, { variable: string; value: unknown }> {
  return readEnv(ENV_OVERRIDES, env);
}

/** The defaults present in `env` (`ENV_DEFAULTS`): config path → { variable, value }. */
export function readEnvDefaults(
  env: Record<string, string | undefined>,
): Map<string, { variable: string; value: unknown }> {
  return readEnv(ENV_DEFAULTS, env);
}

/** Reads a dotted path. */
export function getPath(obj: unknown, path: string): unknown {
  return path.split(".").reduce<unknown>(
    (o, k) => (o && typeof o === "object" ? (o as Record<string, unknown>)[k] : undefined),
    obj,
  );
}

/** Sets a dotted path, creating objects on the way. */
export function setPath(obj: Record<string, unknown>, path: string, value: unknown): void {
  const keys = path.split(".");
  let o = obj;
  for (const k of keys.slice(0, -1)) {
    if (!o[k] || typeof o[k] !== "object") o[k] = {};
    o = o[k] as Record<string, unknown>;
  }
  o[keys.at(-1)!] = value;
}
