/**
 * Number formatting for the admin islands, in the page's language: sizes in decimal units as
 * Ollama prints them (2.0 GB), rates, and the time left of a download.
 */

const UNITS = ["B", "KB", "MB", "GB", "TB"];

/** `2019393189` → "2.0 GB" (de: "2,0 GB"). */
export function formatSize(bytes: number, locale: string): string {
  let value = Math.max(0, bytes);
  let unit = 0;
  while (value >= 1000 && unit < UNITS.length - 1) {
    value /= 1000;
    unit++;
  }
  const digits = unit === 0 || value >= 100 ? 0 : 1;
  const text = new Intl.NumberFormat(locale, {
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  }).format(value);
  return `${text} ${UNITS[unit]}`;
}

/** Seconds → "1:05:09" or "4:07" (minutes and seconds read the same in every language). */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const rest = String(s % 60).padStart(2, "0");
  return h ? `${h}:${String(m).padStart(2, "0")}:${rest}` : `${m}:${rest}`;
}

/** A whole number with the language's grouping (`131072` → "131,072" / "131.072"). */
export function formatCount(n: number, locale: string): string {
  return new Intl.NumberFormat(locale).format(n);
}

/** Fills `{name}` placeholders of a message. */
export function fill(text: string, params: Record<string, string | number>): string {
  return text.replace(/\{(\w+)\}/g, (m, k) => (k in params ? String(params[k]) : m));
}

/** `42.5` → "42.5%" (de: "42,5 %"). */
export function formatPercent(percent: number, locale: string): string {
  return new Intl.NumberFormat(locale, { style: "percent", maximumFractionDigits: 1 })
    .format(percent / 100);
}
