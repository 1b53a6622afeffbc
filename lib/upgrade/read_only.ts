/**
 * Read-only mode after a failed upgrade (`services.readOnly`, set by `openDatabase` when a
 * migration failed and the data was restored from its snapshot): Hearth still serves the old
 * data, but every request that could write (anything but GET, HEAD and OPTIONS, pages' forms and
 * APIs alike) gets 503 `read_only` saying what happened and what to do. The database itself is
 * `query_only`, so a GET that would write fails rather than change the restored data.
 */
import type { Context, MiddlewareHandler } from "hono";
import type { UpgradeFailure } from "../db/mod.ts";
import { HttpError } from "../http/errors.ts";
import { type Translate, translator } from "../i18n/mod.ts";

/** Requests that only read. */
const READS = new Set(["GET", "HEAD", "OPTIONS"]);
/** Writes that touch no data: the language form only sets a cookie. */
const HARMLESS = new Set(["/locale"]);

/**
 * The 503 a write gets while Hearth is read-only, said in the reader's language (`errors.read_only`
 * is the config's "set by an environment variable", so the message comes translated).
 */
export function readOnlyError(failure: UpgradeFailure, t: Translate): HttpError {
  return new HttpError(
    503,
    "read_only",
    t("upgrade.readOnly", { snapshot: failure.snapshot }),
    {},
    { snapshot: failure.snapshot },
  );
}

/** Options of `readOnlyGuard`. */
export interface ReadOnlyGuardOptions {
  /** Why Hearth is read-only, or null when it is not (read on every request). */
  failure: () => UpgradeFailure | null;
}

/** Refuses every write while `failure()` says Hearth is read-only. */
export function readOnlyGuard(options: ReadOnlyGuardOptions): MiddlewareHandler {
  return async function readOnlyGuard(c: Context, next) {
    const failure = options.failure();
    if (failure && !READS.has(c.req.method) && !HARMLESS.has(c.req.path)) {
      const t: Translate = c.get("state")?.t ?? translator("en");
      throw readOnlyError(failure, t);
    }
    await next();
  };
}

/** SQLite's words for a query of newer code that the older, restored schema cannot answer. */
const OLDER_SCHEMA = /no such (table|column)/i;

/**
 * While read-only, an error from a query the restored (older) schema cannot answer becomes a 503
 * `needs_upgrade` that says so, instead of a bare 500: the page needs the upgrade that failed.
 * Any other error, or any error when Hearth is not read-only, is returned as it is.
 */
export function olderSchemaError(err: unknown, failure: UpgradeFailure | null): unknown {
  if (!failure || !(err instanceof Error) || !OLDER_SCHEMA.test(err.message)) return err;
  return new HttpError(
    503,
    "needs_upgrade",
    `This part of Hearth needs the upgrade that failed, so it cannot open the restored data ` +
      `(from the snapshot ${failure.snapshot}). Your data is safe. Run the older Hearth to use ` +
      `it, or fix the upgrade.`,
    {},
    { snapshot: failure.snapshot },
  );
}
