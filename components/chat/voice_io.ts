/**
 * The recorder and the player of `voice.ts`, loaded at the first tap that needs them: recording
 * with `MediaRecorder` for `POST /api/stt`, and playing `POST /api/tts` piece by piece on the
 * audio element the tap unlocked.
 */
import { apiError, jsonInit } from "../../lib/client/api.ts";
import { apiFetch } from "../../lib/client/session.ts";
import { MAX_SPEECH_CHARS, type Transcript } from "../../lib/speech/types.ts";

/** What the player is doing, for the button that started it. */
export type PlayState = "loading" | "playing" | "idle";

/** A recording in progress; `stop()` gives the recorded audio. */
export interface Recording {
  stop(): Promise<Blob>;
  /** Ends it without a result (the page goes away). */
  cancel(): void;
}

/** Asks for the microphone and starts recording (the browser's own type: webm, mp4…). */
export async function record(): Promise<Recording> {
  const stream = await navigator.mediaDevices.getUserMedia({ audio: true });
  const release = () => stream.getTracks().forEach((track) => track.stop());
  let recorder: MediaRecorder;
  try {
    recorder = new MediaRecorder(stream);
  } catch (err) {
    release();
    throw err;
  }
  const parts: Blob[] = [];
  recorder.ondataavailable = (e) => e.data.size && parts.push(e.data);
  recorder.start();
  return {
    stop: () =>
      new Promise<Blob>((resolve) => {
        recorder.onstop = () => {
          release();
          resolve(new Blob(parts, { type: recorder.mimeType || parts[0]?.type }));
        };
        recorder.stop();
      }),
    cancel() {
      recorder.onstop = release;
      if (recorder.state !== "inactive") recorder.stop();
    },
  };
}

/** Sends a recording to the speech server; its text. */
export async function transcribe(audio: Blob): Promise<string> {
  const res = await apiFetch("/api/stt", {
    method: "POST",
    headers: { "content-type": audio.type || "audio/webm" },
    body: audio,
  });
  if (!res.ok) throw await apiError(res);
  return (await res.json() as Transcript).text;
}

/**
 * `text` in pieces the speech server takes, cut after a sentence where one ends: a short first
 * piece (so speech starts soon), then up to `MAX_SPEECH_CHARS` characters each.
 */
export function pieces(text: string, first = 300): string[] {
  const chars = [...text];
  const out: string[] = [];
  let at = 0;
  while (at < chars.length) {
    const max = out.length ? MAX_SPEECH_CHARS : first;
    let end = Math.min(chars.length, at + max);
    if (end < chars.length) {
      const slice = chars.slice(at, end).join("");
      const stop = Math.max(
        slice.lastIndexOf(". "),
        slice.lastIndexOf("! "),
        slice.lastIndexOf("? "),
      );
      const space = slice.lastIndexOf(" ");
      const cut = stop > max / 3 ? stop + 1 : space > max / 3 ? space : -1;
      if (cut > 0) end = at + [...slice.slice(0, cut)].length;
    }
    const piece = chars.slice(at, end).join("").trim();
    if (piece) out.push(piece);
    at = end;
  }
  return out;
}

/**
 * Plays `text` on `el` (unlocked by the tap): each piece is fetched while the one before plays.
 * `onState` hears playing and idle (at the end, on stop, on failure), `onError` what went wrong,
 * `onEnd` that it is over. The handle stops it.
 */
export function play(
  el: HTMLAudioElement,
  text: string,
  onState: (state: PlayState) => void,
  onError: (err: unknown) => void,
  onEnd: () => void,
): { stop(): void } {
  const abort = new AbortController();
  const urls: string[] = [];
  let ended = false;
  const end = () => {
    if (ended) return;
    ended = true;
    abort.abort();
    el.pause();
    el.onended = el.onplaying = el.onerror = null;
    urls.forEach((u) => URL.revokeObjectURL(u));
    onEnd();
    onState("idle");
  };
  const fetchPiece = async (input: string) => {
    const res = await apiFetch("/api/tts", jsonInit("POST", { text: input }, abort.signal));
    if (!res.ok) throw await apiError(res);
    const url = URL.createObjectURL(await res.blob());
    urls.push(url);
    return url;
  };
  const queue = pieces(text).map((p) => () => fetchPiece(p));
  let next = queue.shift()?.();
  const playNext = async () => {
    if (!next) return end();
    const url = await next;
    if (ended) return;
    next = queue.shift()?.();
    next?.catch(() => {}); // its failure is reported when its turn comes
    el.onplaying = () => onState("playing");
    el.onended = () => playNext().catch(fail);
    el.onerror = () => fail(el.error);
    el.src = url;
    await el.play();
  };
  const fail = (err: unknown) => {
    if (ended) return;
    end();
    onError(err);
  };
  playNext().catch(fail);
  return { stop: end };
}
