/**
 * The app's request state, typed once, and the `define` helper every route uses (Fresh 2's
 * `createDefine`). Route files get typed `ctx.state` without repeating the type.
 */
import type { AppServices } from "../services.ts";
import type { JSX } from "preact";
import type { Locale, Translate } from "../i18n/mod.ts";

/** A household member as routes see it (the auth domain owns the table). */
export interface Profile {
  id: string;
  name: string;
  /** An emoji or short text shown as the avatar. */
  avatar: string;
  isAdmin: boolean;
  hasPin: boolean;
}
import type { Handlers, Middleware, PageProps } from "./types.ts";

/** What middleware puts on every request. */
export interface State {
  /** Id of this request, also in the log and in error bodies. */
  requestId: string;
  /** Nonce for this response's Content-Security-Policy; the island boot script carries it. */
  nonce: string;
  /** The validated `X-Hearth-Session` token on `/api/*` requests (absent on pages). */
  session?: string;
  /** Everything long-lived: config, database, log, sessions. */
  services: AppServices;
  /** The language of this response (cookie choice, else Accept-Language, else config). */
  locale: Locale;
  /** Translates a message key into `locale`. */
  t: Translate;
  /** The profile this device picked (device cookie or API key); absent until one is picked. */
  profile?: Profile;
  /** Whether this request carries a valid admin login (the 8 h admin cookie). */
  admin: boolean;
}

/** Typed identity helpers for route modules. */
export const define = {
  /** A route's `handler`. */
  handlers<H extends Handlers<State>>(handlers: H): H {
    return handlers;
  },
  /** A page component; `Data` is what the handler returns as `data`. */
  page<Data = undefined>(
    page: (props: PageProps<Data, State>) => JSX.Element | null,
  ): (props: PageProps<Data, State>) => JSX.Element | null {
    return page;
  },
  /** A `_middleware` function. */
  middleware(mw: Middleware<State>): Middleware<State> {
    return mw;
  },
};
