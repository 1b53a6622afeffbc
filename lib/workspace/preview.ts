/**
 * Previewing an HTML file the agent made (SPEC §10): `POST /api/workspaces/{id}/preview {path}`
 * answers `/preview/<token>`, a link good for 10 minutes that names the conversation, the
 * profile and the file, signed (HMAC-SHA256) with a secret this process made at start (a restart
 * ends every link). `GET /preview/<token>` serves the file without looking at cookies, under a
 * CSP `sandbox`: the page runs in an opaque origin, so its scripts cannot read Hearth's cookies,
 * storage or API, and `default-src 'none'` lets it load nothing from anywhere (inline styles,
 * scripts and data: images only). The panel frames it with
 * `<iframe sandbox="allow-scripts" referrerpolicy="no-referrer">`. `previewHeaders` (in
 * lib/server.ts, before the app's security headers) keeps these headers on `/preview/` answers.
 */
import type { MiddlewareHandler } from "hono";
import { equalBytes, hmacSha256 } from "../hash.ts";
import { HttpError } from "../http/errors.ts";

/** How long a preview link works. */
export const PREVIEW_TTL_MS = 10 * 60 * 1000;

/** Where previews are served. */
export const PREVIEW_PREFIX = "/preview/";

/** The preview's own security headers (see the module comment). */
export const PREVIEW_HEADERS: Readonly<Record<string, string>> = {
  "content-security-policy": "sandbox allow-scripts; default-src 'none'; " +
    "style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:; font-src data:; " +
    "media-src data:; frame-ancestors 'self'",
  "x-content-type-options": "nosniff",
  "referrer-policy": "no-referrer",
  "cache-control": "no-store",
  "x-frame-options": "SAMEORIGIN",
};

const SECRET = crypto.getRandomValues(new Uint8Array(32));

/** What a preview token names. */
export interface PreviewClaim {
  conversationId: string;
  profileId: string;
  path: string;
  /** Expiry, ms since the epoch. */
  expires: number;
}

const sign = (payload: string) => hmacSha256(SECRET, payload);
const base64url = (bytes: Uint8Array) =>
  bytes.toBase64({ alphabet: "base64url", omitPadding: true });

/** The bytes of base64url `text`, or null when it is not base64url. */
function fromBase64url(text: string): Uint8Array | null {
  try {
    return Uint8Array.fromBase64(text, { alphabet: "base64url" });
  } catch {
    return null;
  }
}

/** A signed token for `claim`. */
export function previewToken(claim: PreviewClaim): string {
  const payload = base64url(
    new TextEncoder().encode(
      JSON.stringify([claim.conversationId, claim.profileId, claim.path, claim.expires]),
    ),
  );
  return `${payload}.${base64url(sign(payload))}`;
}

/** 404: a preview link that is not (or no longer) valid. */
const previewGone = () =>
  new HttpError(
    404,
    "preview_not_found",
    "This preview link is not valid any more: open the preview again from the workspace.",
  );

/** The claim of a valid, unexpired token; 404 `preview_not_found` for anything else. */
export function readPreviewToken(token: string, now: number): PreviewClaim {
  const [payload, mac, extra] = token.split(".");
  if (!payload || !mac || extra !== undefined) throw previewGone();
  const got = fromBase64url(mac);
  if (!got || !equalBytes(got, sign(payload))) throw previewGone();
  // The payload was signed here, so it is base64url; its JSON is checked all the same.
  const json = fromBase64url(payload);
  if (!json) throw previewGone();
  let parts: unknown;
  try {
    parts = JSON.parse(new TextDecoder().decode(json));
  } catch {
    throw previewGone();
  }
  if (!Array.isArray(parts) || parts.length !== 4) throw previewGone();
  const [conversationId, profileId, path, expires] = parts;
  if (
    typeof conversationId !== "string" || typeof profileId !== "string" ||
    typeof path !== "string" || typeof expires !== "number"
  ) throw previewGone();
  if (now > expires) throw previewGone();
  return { conversationId, profileId, path, expires };
}

/** Raster images, which run nothing: a download of one says its type, so an `<img>` shows it. */
const IMAGE_TYPES: Record<string, string> = {
  png: "image/png",
  jpg: "image/jpeg",
  jpeg: "image/jpeg",
  gif: "image/gif",
  webp: "image/webp",
};

const PREVIEW_TYPES: Record<string, string> = {
  ...IMAGE_TYPES,
  html: "text/html; charset=utf-8",
  htm: "text/html; charset=utf-8",
  svg: "image/svg+xml",
};

const extension = (path: string) => path.slice(path.lastIndexOf(".") + 1).toLowerCase();

/** The type a preview is served as: by its extension, text/plain for anything else. */
export function previewType(path: string): string {
  return PREVIEW_TYPES[extension(path)] ?? "text/plain; charset=utf-8";
}

/** The type a download is served as: a raster image's own, else opaque bytes. */
export function downloadType(path: string): string {
  return IMAGE_TYPES[extension(path)] ?? "application/octet-stream";
}

/**
 * Middleware placed before the app's security headers: on `/preview/` answers it puts the
 * preview's headers back after those (which would otherwise replace the CSP, forbid framing and
 * send a referrer) and drops any cookie the answer would set.
 */
export const previewHeaders: MiddlewareHandler = async (c, next) => {
  await next();
  if (!c.req.path.startsWith(PREVIEW_PREFIX)) return;
  for (const [name, value] of Object.entries(PREVIEW_HEADERS)) c.res.headers.set(name, value);
  c.res.headers.delete("set-cookie");
};
