/**
 * The setup gate: while Hearth has no admin, the wizard is the only thing it serves. Pages go
 * to `/setup` (303), APIs answer 503 `setup_required`, except what the wizard itself needs
 * (`/api/session`, `/api/i18n/**`, `/api/setup/**`, its tasks under `/api/tasks/**`, assets,
 * `/offline`, the language form). From the LAN the wizard asks for the setup code first; a
 * request that may use the wizard has `state.setup` set, so it owns the wizard's tasks. After
 * setup, `/setup/**` goes home.
 */
import type { Context, MiddlewareHandler } from "hono";
import { HttpError } from "../http/errors.ts";
import { isApiPath, under } from "../http/paths.ts";
import type { AppServices } from "../services.ts";
import { assets } from "../web/build/assets.ts";
import { hasSetupAccess } from "./access.ts";
import { setupStateOf } from "./state.ts";

/** Options of `setupGate`. */
export interface SetupGateOptions {
  services: AppServices;
}

/** The page where a LAN browser types the setup code. */
export const SETUP_CODE_PATH = "/setup/code";

const isAsset = (path: string) => path in assets.scripts || path in assets.static;
/** APIs the wizard page uses besides its own. */
const OPEN_APIS = (path: string) => path === "/api/session" || under(path, "/api/i18n");

function setupRequired(): HttpError {
  return new HttpError(
    503,
    "setup_required",
    "Hearth is not set up yet. Open /setup on this box to finish the setup wizard.",
    { "Retry-After": "60" },
  );
}

/** Builds the gate; mount it right after the middleware that sets the request state. */
export function setupGate(options: SetupGateOptions): MiddlewareHandler {
  const state = setupStateOf(options.services);
  return async function setupGate(c: Context, next) {
    const path = c.req.path;
    const read = c.req.method === "GET" || c.req.method === "HEAD";
    if (read && isAsset(path)) return await next();
    const setupPage = under(path, "/setup");
    const setupApi = under(path, "/api/setup");

    if (!(await state.active())) {
      if (setupPage) return c.redirect("/", 303);
      if (setupApi && path !== "/api/setup/status") {
        throw new HttpError(409, "setup_finished", "Hearth is already set up.");
      }
      return await next();
    }

    const access = hasSetupAccess(c.req.raw, c.env ?? {}, state);
    (c.get("state") as { setup?: boolean }).setup = access;
    // The wizard's downloads and installs are tasks, read and cancelled at /api/tasks/**.
    if (setupPage || setupApi || under(path, "/api/tasks")) {
      if (path === SETUP_CODE_PATH || path === "/api/setup/status" || access) return await next();
      if (setupPage && read) return c.redirect(SETUP_CODE_PATH, 303);
      throw new HttpError(
        403,
        "setup_code_required",
        "Enter the setup code shown in the terminal where Hearth runs.",
      );
    }
    if (isApiPath(path)) {
      if (OPEN_APIS(path)) return await next();
      throw setupRequired();
    }
    // The trust page works before setup: a phone may trust the box's CA first.
    if (read) {
      return path === "/offline" || under(path, "/trust")
        ? await next()
        : c.redirect("/setup", 303);
    }
    // The language switch is a plain form; the wizard's first step may use it.
    if (path === "/locale") return await next();
    throw setupRequired();
  };
}
