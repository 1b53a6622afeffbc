/**
 * The build's embedded files (island bundles and `static/`), served from memory with the right
 * caching: bundles are content-addressed and immutable; static files revalidate by ETag unless
 * asked for with their `?v=` hash.
 */
import type { Context } from "hono";
import generated from "../../../_build/assets.gen.ts";

/** One file of `static/`. */
export interface StaticAsset {
  type: string;
  hash: string;
  text?: string;
  base64?: string;
}

/** The shape of `_build/assets.gen.ts`. */
export interface BuildAssets {
  buildId: string;
  /** URL of the island boot module. */
  boot: string;
  /** Island name → URL of its bundle. */
  islands: Record<string, string>;
  /** URL → JavaScript text of every bundle and shared chunk. */
  scripts: Record<string, string>;
  /** URL path (`/styles.css`) → file. */
  static: Record<string, StaticAsset>;
}

/** The embedded build, typed. */
export const assets: BuildAssets = generated;

const IMMUTABLE = "public, max-age=31536000, immutable";
const decoded = new Map<string, Uint8Array>();

function bodyOf(path: string, file: StaticAsset): string | Uint8Array<ArrayBuffer> {
  if (file.text !== undefined) return file.text;
  let bytes = decoded.get(path);
  if (!bytes) {
    bytes = Uint8Array.fromBase64(file.base64 ?? "");
    decoded.set(path, bytes);
  }
  return bytes as Uint8Array<ArrayBuffer>;
}

/** A static file's URL with its content hash, for immutable caching: `asset("/styles.css")`. */
export function asset(path: string): string {
  const file = assets.static[path];
  return file ? `${path}?v=${file.hash}` : path;
}

/** Answers a GET for a bundle or a static file, or returns null when there is none. */
export function serveAsset(c: Context): Response | null {
  const path = c.req.path;
  const script = assets.scripts[path];
  if (script !== undefined) {
    return new Response(script, {
      headers: { "content-type": "text/javascript; charset=utf-8", "cache-control": IMMUTABLE },
    });
  }
  const file = assets.static[path];
  if (!file) return null;
  const etag = `"${file.hash}"`;
  const cache = c.req.query("v") === file.hash ? IMMUTABLE : "no-cache";
  if (c.req.header("if-none-match") === etag) {
    return new Response(null, { status: 304, headers: { etag, "cache-control": cache } });
  }
  return new Response(bodyOf(path, file), {
    headers: { "content-type": file.type, etag, "cache-control": cache },
  });
}
