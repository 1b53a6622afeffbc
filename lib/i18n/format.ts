/**
 * Words and numbers in the reader's language, the same in the browser, on the server and in the
 * terminal: the `{name}` fill of messages, a translator over a handed-over catalogue, and
 * counts, percents, byte sizes, durations and times through `Intl`. Browser-safe: imports
 * nothing.
 *
 * Bytes follow one convention. Memory (RAM, VRAM) is counted in binary units (KiB, MiB, GiB),
 * as the operating system reports it and as the model catalogue states memory needs; files,
 * downloads, disks and transfer rates in decimal units (kB, MB, GB), as Ollama, ollama.com and
 * disk makers print them. A figure keeps at least two significant digits and at most one
 * decimal: "2.0 GB", "4.7 GB", "16 GiB", "12.4 GiB", "118 GB"; plain bytes have none ("512 B").
 */

/** The values of a message's `{name}` placeholders. */
export type Params = Record<string, string | number>;

/** Translates a key, filling `{name}` placeholders. */
export type Translate = (key: string, params?: Params) => string;

/** Fills `{name}` placeholders. Unknown placeholders stay visible, so a mistake shows. */
export function fill(text: string, params?: Params): string {
  if (!params) return text;
  return text.replace(/\{(\w+)\}/g, (m, name) => (name in params ? String(params[name]) : m));
}

/**
 * A translator over messages handed to an island (key → text in one language). With `prefix`,
 * keys are looked up under it (`translatorOf(m, "chat.")("send")` reads `chat.send`). A missing
 * key shows as itself, so the mistake is visible.
 */
export function translatorOf(messages: Record<string, string>, prefix = ""): Translate {
  return (key, params) => fill(messages[prefix + key] ?? key, params);
}

/** Splits a text around one `{name}` placeholder, to put a link or element there. */
export function around(text: string, name: string): [string, string] {
  const at = text.indexOf(`{${name}}`);
  return at < 0 ? [text, ""] : [text.slice(0, at), text.slice(at + name.length + 2)];
}

/**
 * A number with the language's grouping and decimal sign: "131,072" / "131.072", "3.2" / "3,2".
 * At most `digits` decimals; exactly that many when `fixed` ("4.0 s").
 */
export function formatNumber(value: number, locale: string, digits = 0, fixed = false): string {
  return new Intl.NumberFormat(locale, {
    maximumFractionDigits: digits,
    minimumFractionDigits: fixed ? digits : 0,
  }).format(value);
}

/** `42.5` → "42.5%" (de: "42,5 %"), at most one decimal. */
export function formatPercent(percent: number, locale: string): string {
  return new Intl.NumberFormat(locale, { style: "percent", maximumFractionDigits: 1 })
    .format(percent / 100);
}

const DECIMAL_UNITS = ["B", "kB", "MB", "GB", "TB", "PB"];
const BINARY_UNITS = ["B", "KiB", "MiB", "GiB", "TiB", "PiB"];

/** How `formatBytes` says a size. */
export interface BytesOptions {
  /** Binary units (memory) instead of decimal ones (files, downloads, disks, rates). */
  binary?: boolean;
  /** Always exactly this many decimals (aligned columns in `hearth doctor`). */
  decimals?: number;
}

/** Decimals for a scaled value: two significant digits at least, one decimal at most. */
function decimalsFor(value: number, unit: number): number {
  if (unit === 0) return 0;
  const tenths = Math.round(value * 10) / 10;
  return tenths >= 100 ? 0 : tenths >= 10 && Number.isInteger(tenths) ? 0 : 1;
}

/**
 * A byte count in the module's convention (see above): `formatBytes(2_019_393_189, "en")` is
 * "2.0 GB", `formatBytes(16 * 2 ** 30, "de", { binary: true })` is "16 GiB". Negative or
 * non-finite counts read as 0 B.
 */
export function formatBytes(bytes: number, locale: string, options: BytesOptions = {}): string {
  const base = options.binary ? 1024 : 1000;
  const units = options.binary ? BINARY_UNITS : DECIMAL_UNITS;
  let value = Number.isFinite(bytes) ? Math.max(0, bytes) : 0;
  let unit = 0;
  const digits = () => unit === 0 ? 0 : options.decimals ?? decimalsFor(value, unit);
  const rounded = () => Math.round(value * 10 ** digits()) / 10 ** digits();
  // Move up before rounding would print "1000 MB" or "1024.0 MiB".
  while (rounded() >= base && unit < units.length - 1) {
    value /= base;
    unit++;
  }
  const d = digits();
  const number = new Intl.NumberFormat(locale, {
    minimumFractionDigits: d,
    maximumFractionDigits: d,
    useGrouping: false,
  }).format(value);
  return `${number} ${units[unit]}`;
}

/** A file, download or disk size, or a rate's bytes: decimal units ("4.7 GB"). */
export function formatSize(bytes: number, locale: string): string {
  return formatBytes(bytes, locale);
}

/** Memory: binary units, as the system reports it ("16 GiB", "6,5 GiB"). */
export function formatMemory(bytes: number, locale: string): string {
  return formatBytes(bytes, locale, { binary: true });
}

/** Seconds as a clock, the same in every language: "0:40", "4:07", "1:05:09". */
export function formatDuration(seconds: number, locale: string): string {
  const s = Math.max(0, Math.round(seconds));
  const parts = {
    hours: Math.floor(s / 3600),
    minutes: Math.floor((s % 3600) / 60),
    seconds: s % 60,
  };
  // Under an hour, "digital" would pad the minutes ("04:07"): minutes and seconds only.
  const format = parts.hours
    ? new Intl.DurationFormat(locale, { style: "digital" })
    : new Intl.DurationFormat(locale, { minutes: "numeric", seconds: "2-digit" });
  return format.format(parts);
}

/** A time of day, short: "9:30 AM", "09:30". */
export function formatTime(date: Date | string | number, locale: string): string {
  return new Date(date).toLocaleTimeString(locale, { timeStyle: "short" });
}

/** A date with its time: "Mar 12, 2025, 9:30 AM", "12.03.2025, 09:30". */
export function formatDateTime(date: Date | string | number, locale: string): string {
  return new Date(date).toLocaleString(locale, { dateStyle: "medium", timeStyle: "short" });
}
