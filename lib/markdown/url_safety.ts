/**
 * Escaping and link-safety rules shared by the block and inline parsers. Everything the
 * renderer emits passes through `escapeHtml`, and every href through `openLink`, so safety
 * does not depend on the parsers getting Markdown right.
 * @module
 */

const ESCAPES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

/**
 * Escapes `& < > " '` so the result is inert both as element text and inside a quoted
 * attribute value.
 */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ESCAPES[c]);
}

// Only the named references that can smuggle scheme syntax are decoded; any other name is
// dropped, which can only glue letters together and so makes the check stricter, never looser.
const NAMED: Record<string, string> = { colon: ":", tab: "\t", newline: "\n" };

function decodeOnce(s: string): string {
  return s.replace(
    /&#(?:x([0-9a-f]{1,8})|(\d{1,8}));?|&([a-z]+);?|%([0-9a-f]{2})/gi,
    (_, hex, dec, name, pct) => {
      if (pct) return String.fromCharCode(parseInt(pct, 16));
      if (name) return NAMED[name.toLowerCase()] ?? "";
      const cp = hex ? parseInt(hex, 16) : +dec;
      return cp < 0x110000 ? String.fromCodePoint(cp) : "";
    },
  );
}

/**
 * Classifies a link destination: "abs" for http:, https:, mailto: and protocol-relative URLs,
 * "rel" for paths, queries and #anchors, "" for anything that must never become an href.
 *
 * The browser will see the raw destination (we escape `&`), but the check is made on a copy
 * decoded as aggressively as any browser or intermediary might: entities and percent-escapes
 * (repeatedly, for double encoding), then every whitespace, control and invisible format
 * character removed, then lower-cased. So `JaVa\tScRiPt:`, `&#106;avascript:` and
 * `%6Aavascript:` are all seen as `javascript:`.
 */
export function urlKind(url: string): "abs" | "rel" | "" {
  let s = url;
  for (let d = decodeOnce(s), n = 0; d !== s && n < 4; d = decodeOnce(s), n++) s = d;
  s = s.replace(/[\s\p{Cc}\p{Cf}]/gu, "").replace(/\\/g, "/")
    .toLowerCase();
  const scheme = /^([^/?#]*?):/.exec(s);
  if (scheme) return /^(?:https?|mailto)$/.test(scheme[1]) ? "abs" : "";
  return s.startsWith("//") ? "abs" : s ? "rel" : "";
}

/**
 * The opening `<a …>` tag for a link to `url`, or "" when the URL is not safe. Absolute links
 * open in a new tab and carry no referrer or endorsement, since model output is untrusted.
 */
export function openLink(url: string, title = ""): string {
  const kind = urlKind(url);
  return kind &&
    `<a href="${escapeHtml(url)}"${title ? ` title="${escapeHtml(title)}"` : ""}${
      kind === "abs" ? ' rel="noopener noreferrer nofollow" target="_blank"' : ""
    }>`;
}
