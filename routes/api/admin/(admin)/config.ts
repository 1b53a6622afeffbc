import { z } from "zod";
import { ValidationError } from "../../../../lib/http/errors.ts";
import { readJson } from "../../../../lib/http/validate.ts";
import { define } from "../../../../utils.ts";

/**
 * `GET /api/admin/config`: the effective config with secrets redacted (`********` when set, "" when
 * not), the keys environment variables set (read-only, with the variable), and whether a config
 * file exists. `PUT`: a partial update; a secret left out or sent back as `********` is kept,
 * env-set keys cannot change, a bad value is a 422 naming the field. Takes effect at once.
 */
export const handler = define.handlers({
  GET(ctx) {
    return Response.json(ctx.state.services.config.view(), {
      headers: { "cache-control": "no-store" },
    });
  },
  async PUT(ctx) {
    const patch = await readJson(ctx.req, z.unknown());
    const store = ctx.state.services.config;
    try {
      await store.update(patch);
    } catch (err) {
      throw namedUnknownKey(err);
    }
    return Response.json(store.view(), { headers: { "cache-control": "no-store" } });
  },
});

/**
 * An unknown key (already named by its own path, `server.prot`) gets its own code, so the
 * settings page can say "unknown setting" rather than a generic validation message.
 */
function namedUnknownKey(err: unknown): unknown {
  if (!(err instanceof ValidationError)) return err;
  const issue = err.issue as { code?: string } | undefined;
  if (issue?.code !== "unrecognized_keys") return err;
  return new ValidationError(err.field, `${err.field}: unknown setting`, "unknown_setting");
}
