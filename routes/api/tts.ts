import { requireProfile } from "../../lib/auth/mod.ts";
import { speakRequest, speechResponse } from "../../lib/speech/mod.ts";
import { define } from "../../utils.ts";

/**
 * `POST /api/tts`: `{text, voice?}` (1 to 4,096 characters) → the speech server's audio
 * (mp3), streamed on as it arrives. 503 `speech_not_configured` while there is none.
 */
export const handler = define.handlers({
  async POST(ctx) {
    requireProfile(ctx);
    return speechResponse(await speakRequest(ctx.state.services.speech, ctx.req));
  },
});
