/**
 * How the voice API fails. A `SpeechError` is an `HttpError` whose `message` is the code's
 * sentence for anyone (no address, nothing the speech server said), while its `detail` names the
 * server and what it answered, for the admin's log (as `ProviderError` does for model servers).
 */
import { HttpError } from "../http/errors.ts";

/** Stable codes of the speech server's failures, with the HTTP status each maps to. */
export const SPEECH_ERROR_STATUS = {
  /** No speech server is configured (`speech.baseUrl` is empty). */
  speech_not_configured: 503,
  /** Nothing answered at the configured address. */
  speech_unreachable: 503,
  /** No answer (or no more audio) within the time limit. */
  speech_timeout: 504,
  /** The speech server refused Hearth's API key. */
  speech_auth_failed: 502,
  /** It answered with an error, a redirect, or something that is not what the API promises. */
  speech_error: 502,
} as const;

/** One of `SPEECH_ERROR_STATUS`'s codes. */
export type SpeechErrorCode = keyof typeof SPEECH_ERROR_STATUS;

/** The English of the `errors.<code>` messages (`lib/i18n/messages/voice.ts`). */
const MESSAGE: Record<SpeechErrorCode, string> = {
  speech_not_configured: "No speech server is set up. The admin can add one in Settings.",
  speech_unreachable: "The speech server cannot be reached.",
  speech_timeout: "The speech server did not answer in time.",
  speech_auth_failed: "The speech server refused Hearth's API key.",
  speech_error: "The speech server answered with an error.",
};

/** A failure of the speech server, already mapped to a status and a code. */
export class SpeechError extends HttpError {
  /**
   * @param code Stable code; the status follows from it.
   * @param detail The whole sentence naming the server and what it said: for the admin's log.
   */
  constructor(override readonly code: SpeechErrorCode, readonly detail: string) {
    super(SPEECH_ERROR_STATUS[code], code, MESSAGE[code]);
    this.name = "SpeechError";
  }
}
