/**
 * Voice: what `POST /api/stt` and `POST /api/tts` do with a request. The recording is checked
 * (declared type, its magic bytes, 25 MB counted while read) before it goes to the speech
 * server; the text is checked (1 to 4,096 characters) before it is spoken. The speech server is
 * `services.speech` (`lib/speech/real.ts`), null while none is configured.
 */
import { z } from "zod";
import { readBody } from "../http/body.ts";
import { HttpError } from "../http/errors.ts";
import { readJson } from "../http/validate.ts";
import { declaredAudioType, sniffAudio } from "./audio.ts";
import { SpeechError } from "./errors.ts";
import type { SpeechAudio, SpeechClient } from "./real.ts";
import { AUDIO_TYPES, MAX_AUDIO_BYTES, MAX_SPEECH_CHARS, type Transcript } from "./types.ts";

export { SpeechClient } from "./real.ts";
export { SpeechError } from "./errors.ts";

/** The speech server, or 503 `speech_not_configured`. */
export function requireSpeech(speech: SpeechClient | null): SpeechClient {
  if (speech) return speech;
  throw new SpeechError("speech_not_configured", "speech.baseUrl is not set");
}

/**
 * Transcribes the recording in `req`'s body: 415 for a type that is not audio, 413 past 25 MB
 * (nothing read beyond), 422 when the bytes are not the declared kind of audio.
 */
export async function transcribeRequest(
  speech: SpeechClient | null,
  req: Request,
  language?: string,
): Promise<Transcript> {
  const discard = () => req.body?.cancel().catch(() => {});
  if (!speech) discard();
  const client = requireSpeech(speech);
  const declared = declaredAudioType(req.headers.get("content-type"));
  if (!declared) {
    discard();
    const type = AUDIO_TYPES.join(", ");
    throw new HttpError(415, "unsupported_media_type", `Send the body as ${type}.`, {}, { type });
  }
  const audio = await readBody(req, MAX_AUDIO_BYTES);
  if (audio.byteLength === 0) {
    throw new HttpError(422, "audio_empty", "The recording is empty: nothing was recorded.");
  }
  const actual = sniffAudio(audio);
  if (actual !== declared) {
    throw new HttpError(
      422,
      "not_audio",
      `The body is not ${declared} audio.`,
      {},
      { type: declared },
    );
  }
  // Not `req.signal`: Deno aborts it even after a successful response (and warns). A client
  // that leaves waits out at most the transcription's time limit.
  const text = await client.transcribe(audio, declared, { language });
  return { text };
}

const speechSchema = z.strictObject({
  text: z.string(),
  voice: z.string().trim().min(1).max(100).regex(/^[\w.+-]+$/).optional(),
});

/**
 * Reads `{text, voice?}` and asks the speech server to say it: 422 `speech_text_empty` or
 * `speech_text_too_long` (over 4,096 characters) with a sentence a person can act on.
 */
export async function speakRequest(
  speech: SpeechClient | null,
  req: Request,
): Promise<SpeechAudio> {
  if (!speech) req.body?.cancel().catch(() => {});
  const client = requireSpeech(speech);
  // 4,096 characters of four UTF-8 bytes each, escaped: well under 64 kB.
  const { text, voice } = await readJson(req, speechSchema, { limit: 64 * 1000 });
  if (!text.trim()) {
    throw new HttpError(422, "speech_text_empty", "There is no text to read aloud.");
  }
  const length = [...text].length;
  if (length > MAX_SPEECH_CHARS) {
    throw new HttpError(
      422,
      "speech_text_too_long",
      `The text has ${length} characters; at most ${MAX_SPEECH_CHARS} can be read aloud at once.`,
      {},
      { length, max: MAX_SPEECH_CHARS },
    );
  }
  // A browser that goes away cancels the body, which ends the request to the speech server.
  return await client.speak(text, { voice });
}

/** The response that streams speech to the browser as it arrives. */
export function speechResponse(audio: SpeechAudio): Response {
  return new Response(audio.body, {
    headers: {
      "content-type": audio.type,
      "cache-control": "no-store",
      "x-content-type-options": "nosniff",
    },
  });
}
