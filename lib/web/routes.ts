/**
 * Mounts a manifest on a Hono app: middleware per folder, routes ordered by specificity,
 * handlers with 405 + `Allow`, pages inside their layouts and `_app`, `_404` and `_error` pages.
 */
import type { Context, Hono } from "hono";
import type { ComponentType } from "preact";
import { HttpError } from "../http/errors.ts";
import { registerIslands } from "./islands.ts";
import { renderPage } from "./render.ts";
import { classifyRouteFile, compareRoutePatterns, islandName } from "./route_pattern.ts";
import type {
  HandlerFn,
  Manifest,
  Method,
  Middleware,
  PageProps,
  PageResult,
  RouteContext,
  RouteModule,
} from "./types.ts";

// deno-lint-ignore no-explicit-any
type AnyState = any;
type Page = ComponentType<PageProps>;

/** What the app needs to render an error page for a request outside the API. */
export interface PageRenderer {
  /** Renders the nearest `_error` page (or `_404` for 404s) for `c`, or null if there is none. */
  renderError(c: Context, error: unknown, status: number): Response | null;
}

/** Options for `mountManifest`. */
export interface MountOptions<State> {
  /** Reads the per-request state that the app's root middleware set. */
  getState(c: Context): State;
  /**
   * Runs before the handler of a route whose `config.admin` is true; throws (or returns a
   * response, e.g. a redirect to the login page) to refuse.
   */
  adminGuard?(ctx: RouteContext<State>): void | Response;
}

function dirOf(file: string): string {
  const rel = file.replace(/^\.\/routes\/?/, "");
  const i = rel.lastIndexOf("/");
  return i < 0 ? "" : rel.slice(0, i);
}

/** A folder and its ancestors, root ("") first: `a/b` → ["", "a", "a/b"]. */
function ancestors(dir: string): string[] {
  const out = [""];
  for (const part of dir ? dir.split("/") : []) {
    out.push(out.length > 1 ? `${out.at(-1)}/${part}` : part);
  }
  return out;
}

/** Mounts every route of `manifest` on `app`; returns the error page renderer. */
export function mountManifest<State extends { nonce: string }>(
  // deno-lint-ignore no-explicit-any
  app: Hono<any>,
  manifest: Manifest,
  options: MountOptions<State>,
): PageRenderer {
  registerIslands(
    Object.fromEntries(
      Object.entries(manifest.islands).map(([path, mod]) => [islandName(path), mod.default]),
    ),
  );

  const layouts = new Map<string, Page>();
  const errors = new Map<string, Page>();
  const middlewares: { dir: string; pattern: string; fns: Middleware<AnyState>[] }[] = [];
  const routes: { file: string; pattern: string; mod: RouteModule }[] = [];
  let appShell: Page | undefined;
  let notFound: Page | undefined;

  for (const [file, mod] of Object.entries(manifest.routes)) {
    const { kind, pattern } = classifyRouteFile(file.replace(/^\.\/routes\//, ""));
    const dir = dirOf(file);
    const page = mod.default as Page | undefined;
    if (kind === "app") appShell = page;
    else if (kind === "notFound") notFound = page;
    else if (kind === "layout" && page) layouts.set(dir, page);
    else if (kind === "error" && page) errors.set(dir, page);
    else if (kind === "middleware") {
      const h = mod.handler;
      const fns = (Array.isArray(h) ? h : [h]).filter((f): f is Middleware<AnyState> =>
        typeof f === "function"
      );
      middlewares.push({ dir, pattern, fns });
    } else if (kind === "route") routes.push({ file, pattern, mod });
  }

  const layoutsFor = (dir: string) =>
    ancestors(dir).map((d) => layouts.get(d)).filter((l): l is Page => !!l).reverse();

  const render = (
    c: Context,
    page: Page,
    dir: string | null,
    params: Record<string, string>,
    extra: Partial<PageProps>,
    init: ResponseInit = {},
  ) => {
    const state = options.getState(c);
    const html = renderPage({
      page,
      layouts: dir === null ? [] : layoutsFor(dir),
      app: appShell,
      props: { data: undefined, url: new URL(c.req.url), params, state, ...extra },
      nonce: state.nonce,
    });
    const headers = new Headers(init.headers);
    headers.set("content-type", "text/html; charset=utf-8");
    return new Response(c.req.method === "HEAD" ? null : html, { ...init, headers });
  };

  const makeCtx = (c: Context, file: string, mod?: RouteModule): RouteContext<AnyState> => {
    const page = mod?.default as Page | undefined;
    const dir = mod?.config?.skipInheritedLayouts ? null : dirOf(file);
    const params = c.req.param() as Record<string, string>;
    return {
      req: c.req.raw,
      url: new URL(c.req.url),
      params,
      state: options.getState(c),
      hono: c,
      redirect: (location, status = 303) => new Response(null, { status, headers: { location } }),
      render: (data, init) => {
        if (!page) throw new Error(`${file} has no page component to render`);
        return Promise.resolve(render(c, page, dir, params, { data }, init));
      },
    };
  };

  // Parent folders' middleware runs first.
  middlewares.sort((a, b) =>
    a.dir.split("/").length - b.dir.split("/").length || (a.dir < b.dir ? -1 : 1)
  );
  for (const { pattern, fns } of middlewares) {
    for (const fn of fns) {
      const path = pattern === "/" ? "*" : `${pattern}/*`;
      app.use(path, async (c, next) => {
        const res = await fn(makeCtx(c, ""), async () => {
          await next();
          return c.res;
        });
        if (res !== c.res) {
          // Replace rather than merge: the middleware decided the whole response.
          c.res = undefined;
          c.res = res;
        }
        return res;
      });
    }
  }

  routes.sort((a, b) => compareRoutePatterns(a.pattern, b.pattern));
  for (const { file, pattern, mod } of routes) {
    const page = mod.default as Page | undefined;
    const handler = mod.handler;
    app.all(pattern, async (c) => {
      const ctx = makeCtx(c, file, mod);
      if (mod.config?.admin) {
        if (!options.adminGuard) throw new Error(`${file} is admin-only but no admin guard is set`);
        const refused = options.adminGuard(ctx);
        if (refused) return refused;
      }
      const method = c.req.method as Method;
      let fn: HandlerFn<AnyState> | undefined;
      let allowed: string[];
      if (typeof handler === "function") {
        fn = handler as HandlerFn<AnyState>;
        allowed = [];
      } else if (handler && typeof handler === "object" && !Array.isArray(handler)) {
        const table = handler as Partial<Record<Method, HandlerFn<AnyState>>>;
        fn = table[method] ?? (method === "HEAD" ? table.GET : undefined);
        allowed = Object.keys(table);
        if (table.GET && !table.HEAD) allowed.push("HEAD");
        if (!fn && page && (method === "GET" || method === "HEAD")) fn = () => ({});
        if (page && !table.GET) allowed.push("GET", "HEAD");
      } else {
        fn = page && (method === "GET" || method === "HEAD") ? () => ({}) : undefined;
        allowed = page ? ["GET", "HEAD"] : [];
      }
      if (!fn) {
        throw new HttpError(
          405,
          "method_not_allowed",
          `${method} is not allowed on ${c.req.path}`,
          {
            Allow: [...new Set(allowed)].join(", "),
          },
        );
      }
      const result = await fn(ctx);
      if (result instanceof Response) return result;
      const { data, status, headers } = (result ?? {}) as PageResult;
      if (!page) throw new Error(`${file} returned page data but has no page component`);
      return await ctx.render(data, { status, headers });
    });
  }

  return {
    renderError(c, error, status) {
      const path = c.req.path.replace(/^\//, "");
      const dirs = ancestors(path.includes("/") ? path.slice(0, path.lastIndexOf("/")) : "");
      let page: Page | undefined = status === 404 ? notFound : undefined;
      let dir = "";
      if (!page) {
        dir = dirs.reverse().find((d) => errors.has(d)) ?? "";
        page = errors.get(dir);
      }
      if (!page) return null;
      return render(c, page, dir, {}, { error }, { status });
    },
  };
}
