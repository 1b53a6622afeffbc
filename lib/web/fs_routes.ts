/**
 * Mounts a manifest on a Hono app as Fresh 2 serves it: each route behind the `_middleware`s of
 * its folders (the root one runs for every request; a folder's also for the unanswered URLs below
 * it), routes by specificity, handlers by method with 405 + `Allow`, pages inside their
 * `_layout`s and `_app`, and `_404` / `_error` pages.
 */
import type { Context as HonoContext, Hono } from "hono";
import type { ComponentType } from "preact";
import { HttpError } from "../http/errors.ts";
import type { ConnInfo } from "../http/network.ts";
import type { Context, HandlerFn, Manifest, Method, Middleware } from "./define.ts";
import type { PageProps, PageResponse, RouteModule } from "./define.ts";
import { registerIslands, renderPage } from "./render.ts";
import { classifyRouteFile, compareRoutePatterns, islandName } from "./route_pattern.ts";

type Page = ComponentType<PageProps>;
const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"];
type Props = Pick<PageProps, "data" | "params" | "error">;

/** Renders the error page for a request outside the API, or null when there is none. */
export type ErrorPages = (c: HonoContext, error: unknown, status: number) => Response | null;

const parent = (path: string) => path.replace(/\/?[^/]*$/, "");
const dirOf = (file: string) => parent(file.replace(/^\.\/routes\/?/, ""));

/** A folder and its ancestors, root ("") first: `a/b` → ["", "a", "a/b"]. */
function ancestors(dir: string): string[] {
  const parts = dir ? dir.split("/") : [];
  return ["", ...parts.map((_, i) => parts.slice(0, i + 1).join("/"))];
}

/** Mounts every route of `manifest` on `app`; `getState` reads what the app's middleware set. */
export function fsRoutes<State extends { nonce: string }>(
  // deno-lint-ignore no-explicit-any
  app: Hono<any>,
  manifest: Manifest,
  getState: (c: HonoContext) => State,
): ErrorPages {
  registerIslands(Object.entries(manifest.islands).map(([p, m]) => [islandName(p), m.default]));
  const pages = new Map<string, Page>(); // "kind:dir" → `_app`, `_404`, `_layout`, `_error`
  const middleware = new Map<string, Middleware<State>[]>();
  const routes: { file: string; pattern: string; mod: RouteModule }[] = [];
  for (const [file, mod] of Object.entries(manifest.routes)) {
    const { kind, pattern } = classifyRouteFile(file.replace(/^\.\/routes\//, ""));
    if (kind === "route") routes.push({ file, pattern, mod });
    else if (kind === "middleware") middleware.set(dirOf(file), [mod.handler as never].flat());
    else if (mod.default) pages.set(`${kind}:${dirOf(file)}`, mod.default);
  }
  const chainOf = (dir: string) => ancestors(dir).slice(1).flatMap((d) => middleware.get(d) ?? []);

  /** `page` inside the layouts of `dir` (none for null) and `_app`, as an HTML response. */
  const render = (c: HonoContext, page: Page, dir: string | null, props: Props, status = 200) => {
    const state = getState(c);
    const layouts = dir === null ? [] : ancestors(dir).map((d) => pages.get(`layout:${d}`));
    const wrappers = [...layouts.reverse(), pages.get("app:")].filter((l): l is Page => !!l);
    const html = renderPage(
      page,
      wrappers,
      { url: new URL(c.req.url), state, ...props },
      state.nonce,
    );

    const headers = { "content-type": "text/html; charset=utf-8" };
    return new Response(c.req.method === "HEAD" ? null : html, { status, headers });
  };

  /** A context whose `next()` runs `chain`, then `last`. */
  const contextFor = (
    c: HonoContext,
    chain: Middleware<State>[],
    last: (ctx: Context<State>) => Promise<Response>,
  ): Context<State> => {
    let i = 0;
    const ctx: Context<State> = {
      req: c.req.raw,
      url: new URL(c.req.url),
      params: c.req.param() as Record<string, string>,
      state: getState(c),
      info: (c.env ?? {}) as ConnInfo,
      error: null,
      next: () => (i < chain.length ? Promise.resolve(chain[i++](ctx)) : last(ctx)),
      redirect: (path, status = 302) =>
        // Collapsing leading slashes keeps `//evil.example` on this site.
        new Response(null, { status, headers: { location: path.replace(/^\/+/, "/") } }),
    };
    return ctx;
  };

  const root = middleware.get("") ?? [];
  if (root.length) {
    app.use("*", async (c, next) => {
      const res = await contextFor(c, root, async () => (await next(), c.res)).next();
      // Replace rather than merge: the middleware decided the whole response.
      if (res !== c.res) (c.res = undefined, c.res = res);
    });
  }

  routes.sort((a, b) => compareRoutePatterns(a.pattern, b.pattern));
  for (const { file, pattern, mod: { default: page, handler, config } } of routes) {
    const table: Partial<Record<Method, HandlerFn<unknown, State>>> = typeof handler === "function"
      ? Object.fromEntries(METHODS.map((m) => [m, handler]))
      : { ...(handler as Record<Method, HandlerFn<unknown, State>>) };
    if (page) table.GET ??= () => ({ data: undefined });
    table.HEAD ??= table.GET;
    const layoutDir = config?.skipInheritedLayouts ? null : dirOf(file);
    const chain = chainOf(dirOf(file));
    app.all(pattern, (c) =>
      contextFor(c, chain, async (ctx) => {
        const fn = table[c.req.method as Method];
        const allow = { Allow: Object.keys(table).join(", ") };
        const refusal = `${c.req.method} is not allowed on ${c.req.path}`;
        if (!fn) throw new HttpError(405, "method_not_allowed", refusal, allow);
        const result = await fn(ctx);
        if (result instanceof Response) return result;
        if (!page) throw new Error(`${file} returned page data but has no page component`);
        const { data, status, headers } = result as PageResponse<unknown>;
        const res = render(c, page as Page, layoutDir, { data, params: ctx.params }, status);
        new Headers(headers).forEach((value, name) => res.headers.append(name, value));
        return res;
      }).next());
  }

  // A `(group)` has no URL of its own, so its middleware stays with its routes.
  const folders = [...middleware.keys()].filter((d) => d && !d.includes("("));
  for (const dir of folders.sort((a, b) => b.length - a.length)) {
    app.all(`/${dir}/*`, (c) =>
      contextFor(c, chainOf(dir), () => {
        const path = c.req.path;
        throw new HttpError(404, "not_found", `Nothing at ${path}.`, {}, { path });
      }).next());
  }

  return (c, error, status) => {
    const notFound = status === 404 ? pages.get("notFound:") : undefined;
    if (notFound) return render(c, notFound, "", { data: undefined, params: {}, error }, status);
    const dirs = ancestors(parent(c.req.path.slice(1))).reverse();
    const dir = dirs.find((d) => pages.has(`error:${d}`));
    if (dir === undefined) return null;
    return render(
      c,
      pages.get(`error:${dir}`)!,
      dir,
      { data: undefined, params: {}, error },
      status,
    );
  };
}
