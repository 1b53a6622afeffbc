/**
 * What the voice API accepts and answers. Browser-safe (no imports): the chat island checks the
 * same limits before it sends.
 */

/** Largest recording `POST /api/stt` takes (OpenAI's transcription limit), counted while read. */
export const MAX_AUDIO_BYTES = 25 * 1000 * 1000;

/** Most characters (code points) `POST /api/tts` reads aloud at once (OpenAI's speech limit). */
export const MAX_SPEECH_CHARS = 4096;

/** The recording types `POST /api/stt` takes (a `Content-Type` without its parameters). */
export const AUDIO_TYPES = [
  "audio/webm",
  "audio/ogg",
  "audio/mp4",
  "audio/mpeg",
  "audio/wav",
  "audio/flac",
] as const;

/** One of `AUDIO_TYPES`. */
export type AudioType = typeof AUDIO_TYPES[number];

/** What `POST /api/stt` answers. */
export interface Transcript {
  text: string;
}

/** What `POST /api/tts` takes. */
export interface SpeechRequest {
  /** 1 to `MAX_SPEECH_CHARS` characters. */
  text: string;
  /** A voice of the speech server; default: the admin's (`speech.ttsVoice`). */
  voice?: string;
}
