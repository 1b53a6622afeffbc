/**
 * Small browser-safe helpers of the chat island: stats lines, and copying text (the Clipboard
 * API needs a secure context, which a LAN box over plain HTTP is not, so there is a fallback).
 */
import { formatNumber, type Translate } from "../../lib/i18n/format.ts";

/** "120 tokens · 31.2 tokens/s · 3.9 s"; parts that are not known yet are left out. */
export function statsLine(
  t: Translate,
  locale: string,
  s: { tokens?: number; rate?: number | null; ms?: number },
): string {
  const n = (v: number, digits: number) => formatNumber(v, locale, digits, true);
  const parts: string[] = [];
  if (s.tokens !== undefined) parts.push(t("tokens", { n: s.tokens }));
  if (s.rate) parts.push(t("rate", { n: n(s.rate, 1) }));
  if (s.ms !== undefined) parts.push(t("seconds", { n: n(s.ms / 1000, 1) }));
  return parts.join(" · ");
}

/**
 * The label of a reply's reasoning: "Thinking…" while it streams, then "Thought for 12 s" when
 * the time is known, else "Reasoning".
 */
export function reasoningLabel(t: Translate, locale: string, thinking: boolean, ms?: number) {
  if (thinking) return t("thinking");
  if (ms === undefined) return t("reasoning");
  return t("thoughtFor", { n: formatNumber(Math.max(1, Math.round(ms / 1000)), locale, 0, true) });
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
