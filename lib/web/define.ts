/**
 * The Fresh 2 shapes routes are written in: the per-request `Context`, handlers that return a
 * `Response` or `page(data)`, middleware that calls `ctx.next()`, page props, and
 * `createDefine<State>()`, whose `define.page<typeof handler>` infers a page's data.
 */
import type { AnyComponent, ComponentChildren, ComponentType } from "preact";
import type { ConnInfo } from "../http/network.ts";

/** What every middleware and handler receives, new for each request. */
export interface Context<State> {
  readonly req: Request;
  readonly url: URL;
  /** URL parameters from `[name]` segments. */
  readonly params: Record<string, string>;
  /** Per-request state, filled by middleware (typed once in the app's `utils.ts`). */
  readonly state: State;
  /** The connection: who sent the request. */
  readonly info: ConnInfo;
  /** The error an `_error` page shows. */
  error: unknown;
  /** Runs the next middleware, or the route itself, and returns its response. */
  next(): Promise<Response>;
  /** A redirect to a path on this site (302 unless told); `//host` cannot leave it. */
  redirect(path: string, status?: number): Response;
}

/** What a handler returns to render its page; see `page()`. */
export interface PageResponse<Data> {
  data: Data;
  status?: number;
  headers?: HeadersInit;
}

/** Renders the route's page with `data`, and the response's status and headers. */
export function page(): PageResponse<undefined>;
export function page<Data>(data: Data, init?: Omit<PageResponse<Data>, "data">): PageResponse<Data>;
export function page<Data>(data?: Data, init: Omit<PageResponse<Data>, "data"> = {}) {
  return { data, ...init };
}

/** The HTTP methods a handler object may answer; others get 405 with `Allow`. */
export type Method = "GET" | "HEAD" | "POST" | "PUT" | "PATCH" | "DELETE" | "OPTIONS";
/** One handler. */
export type HandlerFn<Data, State> = (
  ctx: Context<State>,
) => Response | PageResponse<Data> | Promise<Response | PageResponse<Data>>;
/** Handlers keyed by method. */
export type HandlerByMethod<Data, State> = { [M in Method]?: HandlerFn<Data, State> };
/** A route's `handler` export. */
export type RouteHandler<Data, State> = HandlerFn<Data, State> | HandlerByMethod<Data, State>;
/** A `_middleware` export: answer, or `return ctx.next()`. */
export type Middleware<State> = (ctx: Context<State>) => Response | Promise<Response>;

/** Props of pages, layouts, `_app`, `_error` and `_404`. */
export interface PageProps<Data = unknown, State = unknown> {
  data: Data;
  url: URL;
  params: Record<string, string>;
  state: State;
  /** What a layout or `_app` wraps. */
  Component: ComponentType;
  /** The error being shown, on `_error` pages. */
  error?: unknown;
  children?: ComponentChildren;
}

/** A module under `routes/`; `config.skipInheritedLayouts` renders inside `_app` only. */
export interface RouteModule {
  // deno-lint-ignore no-explicit-any
  handler?: RouteHandler<any, any> | Middleware<any> | Middleware<any>[];
  // deno-lint-ignore no-explicit-any
  default?: AnyComponent<any>;
  config?: { skipInheritedLayouts?: boolean };
}

/** What `routes.gen.ts` exports; keys are paths from the project root (`./routes/x.tsx`). */
export interface Manifest {
  routes: Record<string, RouteModule>;
  // deno-lint-ignore no-explicit-any
  islands: Record<string, { default: ComponentType<any> }>;
}

/** Identity helpers that type handlers, pages, layouts and middleware for one app `State`. */
export interface Define<State> {
  handlers<Data, H extends RouteHandler<Data, State> = RouteHandler<Data, State>>(handlers: H): H;
  page<
    // deno-lint-ignore no-explicit-any
    Handler extends RouteHandler<any, State> = never,
    Data = Handler extends HandlerFn<infer D, State> ? D
      : Handler extends HandlerByMethod<infer D, State> ? D
      : never,
  >(render: AnyComponent<PageProps<Data, State>>): typeof render;
  layout(render: AnyComponent<PageProps<unknown, State>>): typeof render;
  middleware<M extends Middleware<State> | Middleware<State>[]>(middleware: M): M;
}

/** The `define` object of an app whose middleware fills `State` (Fresh 2's `createDefine`). */
export function createDefine<State>(): Define<State> {
  const same = <T>(value: T) => value;
  return { handlers: same, page: same, layout: same, middleware: same };
}
