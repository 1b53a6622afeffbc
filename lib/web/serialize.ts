/**
 * Island props across the wire, on the server and (bundled) in the browser: JSON that also
 * carries Date, URL, Map, Set, signals, undefined, bigint and non-finite numbers, and refuses
 * everything else (functions above all) with an error naming the prop. Tags are one-key objects
 * (`{"$D": iso}`, `$U` URL, `$M` Map, `$S` Set, `$s` signal, `$u` undefined, `$n` number, `$b`
 * bigint); a plain object with a `$` key is wrapped as `{"$o": {…}}`, so data never reads as a tag.
 */
import { type Signal, signal } from "@preact/signals";

/** Thrown when a prop cannot cross to the browser. */
export class SerializeError extends Error {
  constructor(readonly path: string, reason: string) {
    super(`${path} ${reason}`);
    this.name = "SerializeError";
  }
}

// Duck-typed, so the check works across bundles and copies of the signals library.
const isSignal = (v: object): v is Signal =>
  "peek" in v && "subscribe" in v && typeof (v as Signal).peek === "function";

/** Encodes `value` to a JSON-compatible tree; `path` names it in errors (`island "X" prop`). */
export function serialize(value: unknown, path = "value"): unknown {
  return encode(value, path, new Set());
}

function encode(value: unknown, path: string, seen: Set<object>): unknown {
  // deno-fmt-ignore
  const fail = (reason: string): never => { throw new SerializeError(path, reason); };
  switch (typeof value) {
    case "string":
    case "boolean":
      return value;
    case "number": {
      const minusZero = Object.is(value, -0); // like NaN and ±Infinity, lost in JSON
      return Number.isFinite(value) && !minusZero ? value : { $n: minusZero ? "-0" : `${value}` };
    }
    case "undefined":
      return { $u: 0 };
    case "bigint":
      return { $b: value.toString() };
    case "function":
      return fail(
        "is a function; islands only take serializable props (plain data, Date, URL, Map, Set, signals). Move the logic into the island.",
      );
    case "symbol":
      return fail("is a symbol, which cannot be serialized");
  }
  if (value === null) return null;
  const obj = value as object;
  if (seen.has(obj)) fail("is a circular reference");
  seen.add(obj);
  const at = (v: unknown, key: string) => encode(v, `${path}${key}`, seen);
  try {
    if (Array.isArray(obj)) return obj.map((v, i) => at(v, `[${i}]`));
    if (obj instanceof Date) return { $D: obj.toISOString() };
    if (obj instanceof URL) return { $U: obj.href };
    if (obj instanceof Map) {
      return { $M: [...obj].map(([k, v], i) => [at(k, `.key(${i})`), at(v, `.get(${i})`)]) };
    }
    if (obj instanceof Set) return { $S: [...obj].map((v, i) => at(v, `[${i}]`)) };
    if (isSignal(obj)) return { $s: at(obj.peek(), ".value") };
    if ("__k" in obj || "$$typeof" in obj || ("type" in obj && "props" in obj && "__e" in obj)) {
      fail("is JSX; pass it as the island's children instead");
    }
    const proto = Object.getPrototypeOf(obj);
    if (proto !== Object.prototype && proto !== null) {
      fail(`is an instance of ${proto?.constructor?.name ?? "an unknown class"}; pass plain data`);
    }
    const entries = Object.entries(obj).map(([k, v]): [string, unknown] => [k, at(v, `.${k}`)]);
    const out = Object.fromEntries(entries);
    return entries.some(([k]) => k.startsWith("$")) ? { $o: out } : out;
  } finally {
    seen.delete(obj);
  }
}

const TAGS: Record<string, (v: unknown) => unknown> = {
  $D: (v) => new Date(v as string),
  $U: (v) => new URL(v as string),
  $M: (v) => new Map((v as unknown[][]).map(([k, x]) => [deserialize(k), deserialize(x)])),
  $S: (v) => new Set((v as unknown[]).map(deserialize)),
  $s: (v) => signal(deserialize(v)),
  $u: () => undefined,
  $n: (v) => (v === "-0" ? -0 : Number(v)),
  $b: (v) => BigInt(v as string),
  $o: (v) => decodeObject(v as object),
};

/** Decodes what `serialize` produced (after JSON parsing). */
export function deserialize(value: unknown): unknown {
  if (value === null || typeof value !== "object") return value;
  if (Array.isArray(value)) return value.map(deserialize);
  const keys = Object.keys(value);
  const tag = keys.length === 1 && Object.hasOwn(TAGS, keys[0]) ? TAGS[keys[0]] : undefined;
  return tag ? tag((value as Record<string, unknown>)[keys[0]]) : decodeObject(value);
}

function decodeObject(obj: object): Record<string, unknown> {
  return Object.fromEntries(Object.entries(obj).map(([k, v]) => [k, deserialize(v)]));
}

/** JSON for inside a `<script type="application/json">`: `<` escaped so no `</script>` breaks out. */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value).replace(/</g, "\\u003c").replace(/\u2028/g, "\\u2028")
    .replace(/\u2029/g, "\\u2029");
}
