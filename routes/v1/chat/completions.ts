import { requireProfile } from "../../../lib/auth/mod.ts";
import { localizedMessage } from "../../../lib/i18n/errors.ts";
import { readJson } from "../../../lib/http/validate.ts";
import { completion, completionStream, prepare } from "../../../lib/v1/completions.ts";
import { completionSchema } from "../../../lib/v1/schemas.ts";
import { define } from "../../../utils.ts";

/** Bytes of a request body at most (long histories fit; the JSON cap of /api is too small). */
const BODY_LIMIT = 8 * 1024 * 1024;

/**
 * `POST /v1/chat/completions`: OpenAI's chat completion, whole (`chat.completion`) or streamed
 * (`stream: true`: SSE `chat.completion.chunk`s and `[DONE]`), through Hearth's model queue.
 * Stateless: nothing is stored in conversations.
 */
export const handler = define.handlers({
  async POST(ctx) {
    const profile = requireProfile(ctx);
    const body = await readJson(ctx.req, completionSchema, { limit: BODY_LIMIT });
    const { services, locale } = ctx.state;
    // The client leaving (its connection closed) aborts the request's signal.
    const signal = ctx.req.signal;
    const prepared = await prepare(services, profile, body, signal);
    if (!body.stream) {
      return Response.json(await completion(services, profile.id, prepared, signal));
    }
    const stream = await completionStream(
      services,
      profile.id,
      prepared,
      body.stream_options?.include_usage === true,
      (err) => localizedMessage(err, locale),
      signal,
    );
    return new Response(stream, {
      headers: {
        "content-type": "text/event-stream; charset=utf-8",
        "cache-control": "no-cache",
        "x-accel-buffering": "no",
      },
    });
  },
});
