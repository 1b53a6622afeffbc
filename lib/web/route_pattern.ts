/**
 * Fresh's file-name conventions as Hono URL patterns: pure functions shared by the manifest
 * generator and the router, pinned by a table test.
 */

/** What a file under `routes/` is. */
export type RouteFileKind =
  | "route"
  | "app"
  | "layout"
  | "middleware"
  | "error"
  | "notFound"
  | "island"
  | "ignored";

const SPECIAL: Record<string, RouteFileKind> = {
  _app: "app",
  _layout: "layout",
  _middleware: "middleware",
  _error: "error",
  _404: "notFound",
};

/**
 * Classifies a path relative to `routes/` (`blog/[slug].tsx`) and gives its URL pattern; for
 * special files, the folder's prefix (`/`, `/api`).
 */
export function classifyRouteFile(relPath: string): { kind: RouteFileKind; pattern: string } {
  const parts = relPath.split("/");
  const name = /^(.+)\.[jt]sx?$/.exec(parts.pop()!)?.[1];
  if (!name || name.endsWith("_test")) return { kind: "ignored", pattern: "" };
  // `(_islands)` / `(_components)` hold local pieces: islands are collected, the rest is not a route.
  const local = parts.find((p) => /^\(_.*\)$/.test(p));
  if (local) return { kind: local === "(_islands)" ? "island" : "ignored", pattern: "" };
  // `(group)` folders organise files without appearing in the URL.
  const dirs = parts.filter((p) => !/^\(.*\)$/.test(p)).map(segmentPattern);
  if (name in SPECIAL) return { kind: SPECIAL[name], pattern: "/" + dirs.join("/") };
  if (name.startsWith("_")) return { kind: "ignored", pattern: "" };
  const own = name === "index" ? [] : [segmentPattern(name)];
  return { kind: "route", pattern: "/" + [...dirs, ...own].join("/") };
}

// `[...rest]`, `[[optional]]` or `[name]`.
const SEGMENT = /^\[(?:\.\.\.([A-Za-z_$][\w$]*)|\[([A-Za-z_$][\w$]*)\]|([A-Za-z_$][\w$]*))\]$/;

function segmentPattern(segment: string): string {
  const m = SEGMENT.exec(segment);
  if (m) return m[1] ? `:${m[1]}{.+}` : m[2] ? `:${m[2]}?` : `:${m[3]}`;
  if (/[[\]]/.test(segment)) {
    throw new Error(`Unsupported route segment "${segment}": use [name], [[name]] or [...name]`);
  }
  return segment;
}

// Per segment: static before parameter, before optional, before catch-all.
const rank = (s: string) =>
  s.endsWith("{.+}") ? 3 : s.endsWith("?") ? 2 : s.startsWith(":") ? 1 : 0;

/** Orders patterns so the most specific wins; then longer before shorter. */
export function compareRoutePatterns(a: string, b: string): number {
  const as = a.split("/").filter(Boolean);
  const bs = b.split("/").filter(Boolean);
  for (let i = 0; i < Math.min(as.length, bs.length); i++) {
    const d = rank(as[i]) - rank(bs[i]);
    if (d) return d;
  }
  return bs.length - as.length || (a < b ? -1 : a > b ? 1 : 0);
}

/** The island name Fresh would give a file: its base name, PascalCase kept as written. */
export function islandName(relPath: string): string {
  return relPath.split("/").pop()!.replace(/\.[jt]sx?$/, "").replace(/[^\w$]/g, "_");
}
