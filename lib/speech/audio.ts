/**
 * The type of a recording, read from its first bytes: the server never trusts a `Content-Type`
 * alone, and forwards only audio its speech server can decode.
 */
import type { AudioType } from "./types.ts";

/** Other names browsers and tools give the same containers. */
const ALIASES: Record<string, AudioType> = {
  "audio/webm": "audio/webm",
  "video/webm": "audio/webm",
  "audio/ogg": "audio/ogg",
  "audio/opus": "audio/ogg",
  "audio/mp4": "audio/mp4",
  "audio/m4a": "audio/mp4",
  "audio/x-m4a": "audio/mp4",
  "video/mp4": "audio/mp4",
  "audio/mpeg": "audio/mpeg",
  "audio/mp3": "audio/mpeg",
  "audio/wav": "audio/wav",
  "audio/wave": "audio/wav",
  "audio/x-wav": "audio/wav",
  "audio/vnd.wave": "audio/wav",
  "audio/flac": "audio/flac",
  "audio/x-flac": "audio/flac",
};

/** The declared type of a `Content-Type` header (`audio/webm;codecs=opus` → audio/webm). */
export function declaredAudioType(header: string | null): AudioType | undefined {
  const mime = (header ?? "").split(";")[0].trim().toLowerCase();
  return ALIASES[mime];
}

const ascii = (bytes: Uint8Array, at: number, text: string) =>
  bytes.length >= at + text.length &&
  [...text].every((c, i) => bytes[at + i] === c.charCodeAt(0));

/** The container the bytes are, from their magic numbers; undefined when none of ours. */
export function sniffAudio(bytes: Uint8Array): AudioType | undefined {
  if (bytes.length < 4) return undefined;
  if (bytes[0] === 0x1a && bytes[1] === 0x45 && bytes[2] === 0xdf && bytes[3] === 0xa3) {
    return "audio/webm"; // EBML: WebM and Matroska
  }
  if (ascii(bytes, 0, "OggS")) return "audio/ogg";
  if (ascii(bytes, 4, "ftyp")) return "audio/mp4";
  if (ascii(bytes, 0, "RIFF") && ascii(bytes, 8, "WAVE")) return "audio/wav";
  if (ascii(bytes, 0, "fLaC")) return "audio/flac";
  if (ascii(bytes, 0, "ID3")) return "audio/mpeg";
  // An MPEG audio frame header: 11 sync bits, a version other than "reserved", a layer.
  if (bytes[0] === 0xff && (bytes[1] & 0xe0) === 0xe0 && (bytes[1] & 0x18) !== 0x08) {
    return (bytes[1] & 0x06) !== 0 ? "audio/mpeg" : undefined;
  }
  return undefined;
}

/** The file name extension a speech server expects for each type (it may go by the name). */
export const EXTENSION: Record<AudioType, string> = {
  "audio/webm": "webm",
  "audio/ogg": "ogg",
  "audio/mp4": "m4a",
  "audio/mpeg": "mp3",
  "audio/wav": "wav",
  "audio/flac": "flac",
};
