/**
 * Island props across the wire: a JSON encoding that also carries Date, URL, Map, Set, signals,
 * undefined, bigint and non-finite numbers, and refuses everything else (functions above all)
 * with an error that names the prop. Runs on the server and, bundled, in the browser.
 *
 * Tagged values are one-key objects: `{"$D": iso}`, `{"$U": href}`, `{"$M": [[k, v]…]}`,
 * `{"$S": […]}`, `{"$s": value}` (signal), `{"$u": 0}` (undefined), `{"$n": "NaN"}`,
 * `{"$b": "12"}` (bigint). A plain object that has a key starting with `$` is wrapped as
 * `{"$o": {…}}`, so no real data is ever mistaken for a tag.
 */
import { type Signal, signal } from "@preact/signals";

/** Thrown when a prop cannot cross to the browser. */
export class SerializeError extends Error {
  constructor(readonly path: string, reason: string) {
    super(`${path} ${reason}`);
    this.name = "SerializeError";
  }
}

function isSignal(value: object): value is Signal {
  // Duck-typed so that the check works across bundles and signal copies.
  return "peek" in value && "subscribe" in value && "value" in value &&
    typeof (value as Signal).peek === "function";
}

/**
 * Encodes `value` to a JSON-compatible tree. `path` names the value in error messages
 * (e.g. `island "Chat" prop onSend`).
 */
export function serialize(value: unknown, path = "value"): unknown {
  return encode(value, path, new Set());
}

function encode(value: unknown, path: string, seen: Set<object>): unknown {
  switch (typeof value) {
    case "string":
    case "boolean":
      return value;
    case "number":
      if (Number.isFinite(value) && !Object.is(value, -0)) return value;
      return { $n: Object.is(value, -0) ? "-0" : String(value) };
    case "undefined":
      return { $u: 0 };
    case "bigint":
      return { $b: value.toString() };
    case "function":
      throw new SerializeError(
        path,
        "is a function; islands only take serializable props (plain data, Date, URL, Map, Set, signals). Move the logic into the island.",
      );
    case "symbol":
      throw new SerializeError(path, "is a symbol, which cannot be serialized");
  }
  if (value === null) return null;
  const obj = value as object;
  if (seen.has(obj)) throw new SerializeError(path, "is a circular reference");
  seen.add(obj);
  try {
    if (Array.isArray(obj)) return obj.map((v, i) => encode(v, `${path}[${i}]`, seen));
    if (obj instanceof Date) return { $D: obj.toISOString() };
    if (obj instanceof URL) return { $U: obj.href };
    if (obj instanceof Map) {
      return {
        $M: [...obj].map(([k, v], i) => [
          encode(k, `${path}.key(${i})`, seen),
          encode(v, `${path}.get(${i})`, seen),
        ]),
      };
    }
    if (obj instanceof Set) return { $S: [...obj].map((v, i) => encode(v, `${path}[${i}]`, seen)) };
    if (isSignal(obj)) return { $s: encode(obj.peek(), `${path}.value`, seen) };
    if ("__k" in obj || "$$typeof" in obj || ("type" in obj && "props" in obj && "__e" in obj)) {
      throw new SerializeError(path, "is JSX; islands take data props only");
    }
    const proto = Object.getPrototypeOf(obj);
    if (proto !== Object.prototype && proto !== null) {
      const name = proto?.constructor?.name ?? "an unknown class";
      throw new SerializeError(path, `is an instance of ${name}; pass plain data instead`);
    }
    const out: Record<string, unknown> = {};
    let needsWrap = false;
    for (const [k, v] of Object.entries(obj)) {
      if (k.startsWith("$")) needsWrap = true;
      out[k] = encode(v, `${path}.${k}`, seen);
    }
    return needsWrap ? { $o: out } : out;
  } finally {
    seen.delete(obj);
  }
}

/** Decodes what `serialize` produced (after JSON parsing). */
export function deserialize(value: unknown): unknown {
  if (value === null || typeof value !== "object") return value;
  if (Array.isArray(value)) return value.map(deserialize);
  const obj = value as Record<string, unknown>;
  const keys = Object.keys(obj);
  if (keys.length === 1) {
    const v = obj[keys[0]];
    switch (keys[0]) {
      case "$D":
        return new Date(v as string);
      case "$U":
        return new URL(v as string);
      case "$M":
        return new Map(
          (v as [unknown, unknown][]).map(([k, x]) => [deserialize(k), deserialize(x)]),
        );
      case "$S":
        return new Set((v as unknown[]).map(deserialize));
      case "$s":
        return signal(deserialize(v));
      case "$u":
        return undefined;
      case "$n":
        return v === "-0" ? -0 : Number(v);
      case "$b":
        return BigInt(v as string);
      case "$o":
        return decodeObject(v as Record<string, unknown>);
    }
  }
  return decodeObject(obj);
}

function decodeObject(obj: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(obj)) out[k] = deserialize(v);
  return out;
}

/** JSON for inside a `<script type="application/json">`: `<` escaped so no `</script>` breaks out. */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value).replace(/</g, "\\u003c").replace(/\u2028/g, "\\u2028")
    .replace(/\u2029/g, "\\u2029");
}
