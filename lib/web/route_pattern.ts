/**
 * Fresh's file-name conventions, turned into Hono URL patterns. Pure functions: the manifest
 * generator and the app builder both use them, and the table test pins every naming case.
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

/** One file under `routes/`, understood. */
export interface RouteFile {
  kind: RouteFileKind;
  /** URL pattern for routes; for the special files, the folder prefix they apply to ("/" or "/api"). */
  pattern: string;
}

const SPECIAL: Record<string, RouteFileKind> = {
  _app: "app",
  _layout: "layout",
  _middleware: "middleware",
  _error: "error",
  _404: "notFound",
};

/**
 * Classifies a path relative to `routes/` (always with `/` separators, e.g. `blog/[slug].tsx`)
 * and gives its URL pattern.
 */
export function classifyRouteFile(relPath: string): RouteFile {
  const parts = relPath.split("/");
  const file = parts.pop()!;
  const match = /^(.+)\.(tsx?|jsx?)$/.exec(file);
  if (!match || /_test$/.test(match[1])) return { kind: "ignored", pattern: "" };
  const name = match[1];
  // `(_islands)` and `(_components)` folders hold local pieces: islands are collected, the rest
  // is imported by the routes beside it and is never a route itself.
  const privateDir = parts.find((p) => /^\(_.*\)$/.test(p));
  if (privateDir) {
    return { kind: privateDir === "(_islands)" ? "island" : "ignored", pattern: "" };
  }
  const prefix = dirPattern(parts);
  if (name in SPECIAL) return { kind: SPECIAL[name], pattern: prefix };
  // Other underscore files are private helpers next to routes.
  if (name.startsWith("_")) return { kind: "ignored", pattern: "" };
  const segments = name === "index" ? [] : [segmentPattern(name)];
  return { kind: "route", pattern: join([...dirSegments(parts), ...segments]) };
}

function dirSegments(parts: string[]): string[] {
  // `(group)` folders organise files without appearing in the URL.
  return parts.filter((p) => !/^\(.*\)$/.test(p)).map(segmentPattern);
}

function dirPattern(parts: string[]): string {
  return join(dirSegments(parts));
}

function join(segments: string[]): string {
  return "/" + segments.join("/");
}

function segmentPattern(segment: string): string {
  let m = /^\[\.\.\.([A-Za-z_$][\w$]*)\]$/.exec(segment);
  if (m) return `:${m[1]}{.+}`;
  m = /^\[\[([A-Za-z_$][\w$]*)\]\]$/.exec(segment);
  if (m) return `:${m[1]}?`;
  m = /^\[([A-Za-z_$][\w$]*)\]$/.exec(segment);
  if (m) return `:${m[1]}`;
  if (/[[\]]/.test(segment)) {
    throw new Error(`Unsupported route segment "${segment}": use [name], [[name]] or [...name]`);
  }
  return segment;
}

/**
 * Orders patterns so that the most specific wins: per segment, static before parameter,
 * parameter before optional, optional before catch-all; then longer before shorter.
 */
export function compareRoutePatterns(a: string, b: string): number {
  const as = a.split("/").filter(Boolean);
  const bs = b.split("/").filter(Boolean);
  for (let i = 0; i < Math.min(as.length, bs.length); i++) {
    const d = segmentRank(as[i]) - segmentRank(bs[i]);
    if (d !== 0) return d;
  }
  if (as.length !== bs.length) {
    // A catch-all at the end of the shorter one still loses to any longer static path.
    return bs.length - as.length;
  }
  return a < b ? -1 : a > b ? 1 : 0;
}

function segmentRank(segment: string): number {
  if (segment.endsWith("{.+}")) return 3;
  if (segment.endsWith("?")) return 2;
  if (segment.startsWith(":")) return 1;
  return 0;
}

/** The island name Fresh would give a file: its base name, PascalCase kept as written. */
export function islandName(relPath: string): string {
  const file = relPath.split("/").pop()!;
  return file.replace(/\.(tsx?|jsx?)$/, "").replace(/[^A-Za-z0-9_$]/g, "_");
}
