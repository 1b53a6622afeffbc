import { keyRequired } from "../../lib/auth/key_scope.ts";
import { HttpError, ValidationError } from "../../lib/http/errors.ts";
import { localizedMessage } from "../../lib/i18n/errors.ts";
import { openAiError } from "../../lib/v1/completions.ts";
import { define } from "../../utils.ts";

/**
 * `/v1/*`, the OpenAI-compatible API: only for API keys (`Authorization: Bearer hth_…`; a
 * browser's cookie is not enough), and every refusal in OpenAI's error shape, which also holds
 * Hearth's `code` and `message`: `{"error":{"message","type","code","param"}}`.
 */
export const handler = define.middleware(async (ctx) => {
  try {
    if (!ctx.state.apiKey || !ctx.state.profile) throw keyRequired();
    return await ctx.next();
  } catch (err) {
    if (!(err instanceof HttpError)) throw err;
    const body = openAiError(err, localizedMessage(err, ctx.state.locale));
    if (err instanceof ValidationError) body.error.param = err.field;
    return Response.json(body, { status: err.status, headers: err.headers });
  }
});
