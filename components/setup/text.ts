/**
 * Words and numbers for the wizard island, without the server's i18n module: a translator over
 * the messages the page handed over, and sizes, rates and durations in the page's language.
 */

/** Message key → text, in one language. */
export type Messages = Record<string, string>;

/** Translates a key, filling `{name}` placeholders. */
export type T = (key: string, params?: Record<string, string | number>) => string;

/** A translator over `messages`; a missing key shows as itself, so the mistake is visible. */
export function translatorFor(messages: Messages): T {
  return (key, params) =>
    (messages[key] ?? key).replace(
      /\{(\w+)\}/g,
      (m, name) => (params && name in params ? String(params[name]) : m),
    );
}

const DECIMAL = ["B", "kB", "MB", "GB", "TB"];
const BINARY = ["B", "KiB", "MiB", "GiB", "TiB"];

function scaled(bytes: number, locale: string, base: number, units: string[]): string {
  let value = Math.max(0, bytes);
  let unit = 0;
  while (value >= base * 0.99995 && unit < units.length - 1) {
    value /= base;
    unit++;
  }
  const digits = unit === 0 || value >= 100 ? 0 : 1;
  const number = new Intl.NumberFormat(locale, { maximumFractionDigits: digits }).format(value);
  return `${number} ${units[unit]}`;
}

/** Download and disk sizes in decimal units, as ollama.com and disk makers count: "4.7 GB". */
export function formatSize(bytes: number, locale: string): string {
  return scaled(bytes, locale, 1000, DECIMAL);
}

/** Memory in binary units, as the system reports it: "16 GiB", "6,5 GiB". */
export function formatMemory(bytes: number, locale: string): string {
  return scaled(bytes, locale, 1024, BINARY);
}

/** A whole number with the page's grouping: "12,345", "12.345". */
export function formatNumber(value: number, locale: string, digits = 0): string {
  return new Intl.NumberFormat(locale, { maximumFractionDigits: digits }).format(value);
}

/** A rough time left: "40 s", "3 min", "1 h 5 min". */
export function formatDuration(seconds: number, t: T): string {
  const s = Math.max(1, Math.round(seconds));
  if (s < 60) return t("setup.time.seconds", { n: s });
  const minutes = Math.round(s / 60);
  if (minutes < 60) return t("setup.time.minutes", { n: minutes });
  return t("setup.time.hours", { h: Math.floor(minutes / 60), m: minutes % 60 });
}

/** Splits a text around one `{name}` placeholder, to put a link or element there. */
export function around(text: string, name: string): [string, string] {
  const at = text.indexOf(`{${name}}`);
  return at < 0 ? [text, ""] : [text.slice(0, at), text.slice(at + name.length + 2)];
}

/** A download's progress in words: done of total, the rate and the time left, as known. */
export function downloadText(
  view: {
    percent: number;
    completed: number;
    total: number;
    bytesPerSecond?: number;
    etaSeconds?: number;
  },
  t: T,
  locale: string,
): string {
  const parts = [t("setup.model.progress", {
    percent: view.percent,
    done: formatSize(view.completed, locale),
    total: formatSize(view.total, locale),
  })];
  if (view.bytesPerSecond) {
    parts.push(t("setup.model.rate", { rate: formatSize(view.bytesPerSecond, locale) }));
  }
  if (view.etaSeconds !== undefined) {
    parts.push(t("setup.model.eta", { time: formatDuration(view.etaSeconds, t) }));
  }
  return parts.join(" · ");
}
