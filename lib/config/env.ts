/**
 * Environment overrides. A key set here wins over the file and is read-only for the config API.
 */
import { z } from "zod";

interface EnvOverride {
  /** Dotted config path. */
  path: string;
  parse(raw: string): unknown;
}

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
};

/** The overrides present in `env`: config path → { variable, value }. */
export function readEnvOverrides(
  env: Record<string, string | undefined>,
): Map<string, { variable: string; value: unknown }> {
  const out = new Map<string, { variable: string; value: unknown }>();
  for (const [variable, { path, parse }] of Object.entries(ENV_OVERRIDES)) {
    const raw = env[variable];
    if (raw === undefined || raw === "") continue;
    try {
      out.set(path, { variable, value: parse(raw) });
    } catch {
      throw new Error(`${variable}=${JSON.stringify(raw)} is not a valid value for ${path}`);
    }
  }
  return out;
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
