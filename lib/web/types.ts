/**
 * The shapes a route module may have, Fresh-style: `handler` (one function or an object keyed by
 * HTTP method) and/or a default page component.
 */
import type { Context } from "hono";
import type { ComponentType, VNode } from "preact";

/** What a handler or middleware receives. */
export interface RouteContext<State> {
  req: Request;
  url: URL;
  /** URL parameters from `[name]` segments. */
  params: Record<string, string>;
  /** Per-request state, filled by middleware (typed once in `define.ts`). */
  state: State;
  /** The underlying Hono context, for what Hono does best (SSE, cookies, WebSocket upgrade). */
  hono: Context;
  /** A redirect response (303 by default, so a POST form lands on a GET page). */
  redirect(location: string, status?: number): Response;
  /** Renders this route's page with `data` (what returning `{ data }` does). */
  render(data?: unknown, init?: ResponseInit): Promise<Response>;
}

/** What a handler returns: a response, or data for the page. */
export type HandlerResult = Response | PageResult | Promise<Response | PageResult>;

/** Data for the page, with optional status and headers. */
export interface PageResult {
  data?: unknown;
  status?: number;
  headers?: HeadersInit;
}

/** One handler function. */
export type HandlerFn<State> = (ctx: RouteContext<State>) => HandlerResult;

/** The methods a handler object may define. */
export type Method = "GET" | "HEAD" | "POST" | "PUT" | "PATCH" | "DELETE" | "OPTIONS";

/** `handler` as a route module exports it. */
export type Handlers<State> = HandlerFn<State> | Partial<Record<Method, HandlerFn<State>>>;

/** Props of a page component. */
export interface PageProps<Data = unknown, State = unknown> {
  data: Data;
  url: URL;
  params: Record<string, string>;
  state: State;
  /** The page (inside `_layout`) or the layouts and page (inside `_app`). */
  Component: ComponentType;
  /** The error being shown, on `_error` pages. */
  error?: unknown;
}

/** Middleware: call `next()` to go on; return a response either way. */
export type Middleware<State> = (
  ctx: RouteContext<State>,
  next: () => Promise<Response>,
) => Response | Promise<Response>;

/** A module under `routes/` as the manifest imports it. */
export interface RouteModule {
  // deno-lint-ignore no-explicit-any
  handler?: Handlers<any> | Middleware<any> | Middleware<any>[];
  // deno-lint-ignore no-explicit-any
  default?: ComponentType<PageProps<any, any>> | ((props: PageProps<any, any>) => VNode);
  /** Per-route options, as in Fresh. */
  config?: RouteConfig;
}

/** Options a route module may export as `config`. */
export interface RouteConfig {
  /** Render the page inside `_app` only, without the `_layout`s of its folders. */
  skipInheritedLayouts?: boolean;
  /**
   * Only the admin may use this route: the layer refuses everyone else before the handler runs
   * (see `MountOptions.guard`). A test fails when a route under an admin URL lacks it.
   */
  admin?: boolean;
}

/** A module under `islands/` or a `(_islands)` folder. */
export interface IslandModule {
  // deno-lint-ignore no-explicit-any
  default: ComponentType<any>;
}

/** What `routes.gen.ts` exports. Keys are paths from the project root (`./routes/index.tsx`). */
export interface Manifest {
  routes: Record<string, RouteModule>;
  islands: Record<string, IslandModule>;
}
