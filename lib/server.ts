/**
 * The Hono app: guards and headers every request passes, the embedded assets, the Fresh-style
 * routes from the manifest, and the one error handler that answers `{"error":{"code","message"}}`.
 */
import { type Context, Hono } from "hono";
import { getCookie } from "hono/cookie";
import { requestId } from "hono/request-id";
import { NONCE, secureHeaders } from "hono/secure-headers";
import manifest from "../routes.gen.ts";
import type { State } from "../utils.ts";
import { JSON_BODY_LIMIT, limitBodies, PAGE_BODY_LIMIT } from "./http/body.ts";
import { MAX_AUDIO_BYTES } from "./speech/types.ts";
import { MAX_DOCUMENT_BYTES } from "./documents/types.ts";
import { IMPORT_PATH, MAX_IMPORT_BYTES } from "./imports/types.ts";
import { WORKSPACE_LIMITS } from "./workspace/types.ts";
import { previewHeaders } from "./workspace/preview.ts";
import { errorBody, HttpError, TaskRunningError, ValidationError } from "./http/errors.ts";
import { isApiPath, loggedPath } from "./http/paths.ts";
import { hostGuard, originGuard } from "./http/security.ts";
import { localizedMessage } from "./i18n/errors.ts";
import { type Locale, LOCALE_COOKIE, negotiate, translator } from "./i18n/mod.ts";
import type { AppServices } from "./services.ts";
import { setupGate } from "./setup/gate.ts";
import { serveAsset } from "./web/build/assets.ts";
import type { Manifest } from "./web/define.ts";
import { fsRoutes } from "./web/fs_routes.ts";
import { olderSchemaError, readOnlyGuard } from "./upgrade/read_only.ts";
import { ZIP_UPLOAD_BYTES, ZIP_UPLOAD_PATH } from "./workspace/archive.ts";
import { BACKUP_UPLOAD_BYTES, BACKUP_UPLOAD_PATH } from "./backup/http.ts";

/** Hono's view of the app's per-request variables. */
export type AppEnv = {
  Variables: { state: State; requestId: string; secureHeadersNonce?: string };
};

/** A workspace upload's path (`PUT /api/workspaces/{id}/files`). */
const WORKSPACE_FILE_PATH = /^\/api\/workspaces\/[^/]+\/files$/;

function wantsHtml(c: Context): boolean {
  return !isApiPath(c.req.path) && (c.req.header("accept") ?? "").includes("text/html");
}

/** Options for `createApp`. */
export interface AppOptions {
  /** Routes and islands to mount (default: the app's own `routes.gen.ts`). */
  manifest?: Manifest;
}

/** Builds the app over `services`. */
export function createApp(services: AppServices, options: AppOptions = {}): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.use(requestId());
  // Registered before the security headers, so a sandboxed preview keeps its own after them.
  app.use(previewHeaders);
  app.use(
    secureHeaders({
      contentSecurityPolicy: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'", NONCE],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", "data:", "blob:"],
        // Read-aloud plays fetched speech as a blob, after a data: clip of silence.
        mediaSrc: ["'self'", "data:", "blob:"],
        connectSrc: ["'self'"],
        fontSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        workerSrc: ["'self'"],
        manifestSrc: ["'self'"],
      },
      referrerPolicy: "same-origin",
      xFrameOptions: "DENY",
      crossOriginEmbedderPolicy: false,
      // Hearth serves plain HTTP on the LAN; HSTS would lock browsers out of it.
      strictTransportSecurity: false,
      removePoweredBy: true,
    }),
  );
  app.use(async function state(c, next) {
    const locale = negotiate(
      c.req.header("accept-language"),
      getCookie(c, LOCALE_COOKIE),
      services.config.current.locale,
    );
    c.set("state", {
      requestId: c.get("requestId"),
      nonce: c.get("secureHeadersNonce") ?? "",
      services,
      locale,
      t: translator(locale),
      admin: false,
    });
    const started = performance.now();
    await next();
    const status = c.res.status;
    const ms = Math.round(performance.now() - started);
    const fields = {
      method: c.req.method,
      path: loggedPath(c.req.path),
      status,
      ms,
      requestId: c.get("requestId"),
    };
    if (status >= 500) services.log.error("request failed", fields);
    else if (status >= 400) services.log.warn("request refused", fields);
    else services.log.debug("request", fields);
  });
  // A failed upgrade left the restored data read-only: every write gets 503 `read_only`.
  app.use(readOnlyGuard({ failure: () => services.readOnly }));
  // No admin yet: only the setup wizard answers (pages → /setup, APIs → 503 setup_required).
  app.use(setupGate({ services }));
  app.use(hostGuard({ allowedHosts: () => services.config.current.server.allowedHosts }));
  app.use(originGuard());
  // No body is read unbounded, whoever reads it (routes' own limits may be smaller).
  app.use(limitBodies({
    limit: (path) =>
      ZIP_UPLOAD_PATH.test(path)
        ? ZIP_UPLOAD_BYTES
        : path === BACKUP_UPLOAD_PATH
        ? BACKUP_UPLOAD_BYTES
        : path === "/api/stt"
        ? MAX_AUDIO_BYTES
        : path === "/api/documents"
        ? MAX_DOCUMENT_BYTES
        : IMPORT_PATH.test(path)
        ? MAX_IMPORT_BYTES + 64 * 1000
        : WORKSPACE_FILE_PATH.test(path)
        ? WORKSPACE_LIMITS.fileBytes
        : isApiPath(path)
        ? JSON_BODY_LIMIT
        : PAGE_BODY_LIMIT,
  }));
  app.on(["GET", "HEAD"], "*", async (c, next) => {
    const res = serveAsset(c);
    if (res) return res;
    await next();
  });

  const errorPages = fsRoutes<State>(app, options.manifest ?? manifest, (c) => c.get("state"));

  const errorPage = (c: Context, err: unknown, status: number): Response | null => {
    if (!wantsHtml(c)) return null;
    try {
      return errorPages(c, err, status);
    } catch (renderErr) {
      // A broken error page must not hide the original error: fall back to JSON.
      services.log.error("error page failed", { error: String(renderErr) });
      return null;
    }
  };

  const localeOf = (c: Context): Locale => c.get("state")?.locale ?? "en";

  app.notFound((c) => {
    const err = new HttpError(404, "not_found", `Nothing at ${c.req.path}.`, {}, {
      path: c.req.path,
    });
    const page = errorPage(c, err, 404);
    if (page) return page;
    return c.json(errorBody(err.code, localizedMessage(err, localeOf(c))), 404);
  });

  app.onError((thrown, c) => {
    const id = c.get("requestId");
    // After a failed upgrade, a query the restored (older) schema cannot answer says so.
    const err = olderSchemaError(thrown, services.readOnly);
    if (err instanceof HttpError) {
      const field = err instanceof ValidationError ? err.field : undefined;
      const task = err instanceof TaskRunningError ? err.task : undefined;
      const page = errorPage(c, err, err.status);
      if (page) return page;
      const message = localizedMessage(err, localeOf(c));
      return c.json(errorBody(err.code, message, { field, requestId: id, task }), {
        status: err.status as 400,
        headers: err.headers,
      });
    }
    services.log.error("unhandled error", {
      requestId: id,
      error: err instanceof Error ? (err.stack ?? err.message) : String(err),
    });
    const page = errorPage(c, err, 500);
    if (page) return page;
    const internal = new HttpError(
      500,
      "internal_error",
      "Something went wrong on the server. It has been logged.",
    );
    return c.json(
      errorBody(internal.code, localizedMessage(internal, localeOf(c)), { requestId: id }),
      500,
    );
  });

  return app;
}
