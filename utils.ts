/**
 * The app's request state, typed once, and the `define` helper every route, page and middleware
 * uses (Fresh 2's `utils.ts`), so route files get a typed `ctx.state` without repeating it.
 */
import type { Profile } from "./lib/auth/types.ts";
import type { Locale, Translate } from "./lib/i18n/mod.ts";
import type { AppServices } from "./lib/services.ts";
import { createDefine } from "./lib/web/define.ts";

/** What middleware puts on every request. */
export interface State {
  /** Id of this request, also in the log and in error bodies. */
  requestId: string;
  /** Nonce for this response's Content-Security-Policy; the island boot script carries it. */
  nonce: string;
  /** The validated `X-Hearth-Session` token on `/api/*` requests (absent on pages). */
  session?: string;
  /** Everything long-lived: config, database, log, sessions, tasks. */
  services: AppServices;
  /** The language of this response (cookie choice, else Accept-Language, else config). */
  locale: Locale;
  /** Translates a message key into `locale`. */
  t: Translate;
  /** The profile this device picked (device cookie or API key); absent until one is picked. */
  profile?: Profile;
  /** The API key the profile came from (`Authorization: Bearer`), with what it may do. */
  apiKey?: { id: string; scope: "chat" | "read" };
  /** Whether this request carries a valid admin login (the 8 h admin cookie). */
  admin: boolean;
  /** The profile's unread notifications, counted for pages (the header's bell). */
  unread?: number;
  /** The page's own title (a conversation's), set by its handler; else the path names the page. */
  title?: string;
  /** Whether this request may act for the setup wizard (setup mode, from the box or with the code). */
  setup?: boolean;
}

/** Types handlers, pages, layouts and middleware for `State`. */
export const define = createDefine<State>();
