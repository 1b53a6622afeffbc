import { requireProfile } from "../../lib/auth/mod.ts";
import { transcribeRequest } from "../../lib/speech/mod.ts";
import { define } from "../../utils.ts";

/**
 * `POST /api/stt`: a recording as the raw body (`Content-Type` audio/webm, audio/ogg, audio/mp4,
 * audio/mpeg, audio/wav or audio/flac; 25 MB at most) → `{text}`, transcribed by the speech
 * server in the page's language. 503 `speech_not_configured` while there is none.
 */
export const handler = define.handlers({
  async POST(ctx) {
    requireProfile(ctx);
    const { services, locale } = ctx.state;
    return Response.json(await transcribeRequest(services.speech, ctx.req, locale));
  },
});
