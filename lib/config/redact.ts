/**
 * One redaction rule for every place that shows or logs config or request data: values under
 * secret-looking keys never leave the process.
 */

/** What a redacted secret reads as. A client that sends it back means "keep the stored one". */
export const REDACTED = "********";

/** True for keys that hold secrets (API keys, passwords, tokens, private keys, PINs). */
export function isSecretKey(key: string): boolean {
  const lower = key.toLowerCase();
  return /(apikey|api_key|api-key|secret|password|passwd|token|privatekey|private_key|authorization|cookie)$/
    .test(lower) || lower === "pin" || lower.endsWith("_pin") || /[a-z]Pin$/.test(key);
}

/** A deep copy of `value` with every non-empty secret replaced by `REDACTED`. */
export function redactSecrets(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redactSecrets);
  if (value === null || typeof value !== "object" || value instanceof Date) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    out[k] = isSecretKey(k) && v !== null && v !== undefined && v !== ""
      ? REDACTED
      : redactSecrets(v);
  }
  return out;
}
