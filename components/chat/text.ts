/**
 * Small browser-safe helpers of the chat island: message lookup with placeholders, stats lines,
 * and copying text (the Clipboard API needs a secure context, which a LAN box over plain HTTP is
 * not, so there is a fallback).
 */

/** Looks up `chat.<key>` and fills `{name}` placeholders. */
export type T = (key: string, params?: Record<string, string | number>) => string;

/** A `T` over the island's `chat.*` messages. */
export function translatorOf(messages: Record<string, string>): T {
  return (key, params) =>
    (messages[`chat.${key}`] ?? key).replace(
      /\{(\w+)\}/g,
      (m, name) => params && name in params ? String(params[name]) : m,
    );
}

/** "120 tokens · 31.2 tokens/s · 3.9 s"; parts that are not known yet are left out. */
export function statsLine(
  t: T,
  locale: string,
  s: { tokens?: number; rate?: number | null; ms?: number },
): string {
  const n = (v: number, digits: number) =>
    v.toLocaleString(locale, { maximumFractionDigits: digits, minimumFractionDigits: digits });
  const parts: string[] = [];
  if (s.tokens !== undefined) parts.push(t("tokens", { n: s.tokens }));
  if (s.rate) parts.push(t("rate", { n: n(s.rate, 1) }));
  if (s.ms !== undefined) parts.push(t("seconds", { n: n(s.ms / 1000, 1) }));
  return parts.join(" · ");
}

/** Copies `text`; true when it worked. */
export async function copyText(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    // No clipboard API here (plain HTTP on the LAN): select a hidden textarea and copy that.
  }
  const area = document.createElement("textarea");
  area.value = text;
  area.readOnly = true;
  area.className = "copy-buffer";
  document.body.append(area);
  area.select();
  let ok = false;
  try {
    ok = document.execCommand("copy");
  } catch {
    ok = false;
  }
  area.remove();
  return ok;
}

/** Adds a copy button to every code block under `root` that has none yet. */
export function addCopyButtons(root: Element | null, label: string): void {
  if (!root) return;
  for (const block of root.querySelectorAll(".code-block")) {
    if (block.querySelector(":scope > .code-copy")) continue;
    const button = document.createElement("button");
    button.type = "button";
    button.className = "code-copy";
    button.textContent = label;
    block.prepend(button);
  }
}
